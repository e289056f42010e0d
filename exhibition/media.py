"""Uploaded images, served by the site itself on a single machine.

Only images of the kinds the upload fields accept (no SVG: it can carry script) under
MEDIA_ROOT are answered; anything else is a 404. A view rather than whitenoise: whitenoise
indexes files once at start-up and would not see an upload made after it, and its
extension rules are for static files we build, not for files visitors send us. With
media on object storage (docs/deployment.md) MEDIA_URL is absolute and this view is
not routed at all.
"""

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

# Suffix → the one Content-Type it is sent with (never guessed from the file itself).
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".avif": "image/avif",
}
# Uploads keep their name (the storage never overwrites one), so a long lifetime is safe.
CACHE_CONTROL = "public, max-age=2592000"


@require_safe
def serve_media(request, path: str):
    content_type = IMAGE_TYPES.get(PurePosixPath(path).suffix.lower())
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        # resolve() follows "..", and symbolic links too: the file itself must be inside.
        target = (root / path).resolve()
        found = content_type and target.is_relative_to(root) and target.is_file()
    except (OSError, ValueError):  # a name too long for the file system, say
        found = False
    if not found:
        raise Http404
    response = serve(request, str(target.relative_to(root)), document_root=str(root))
    response["Content-Type"] = content_type
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = CACHE_CONTROL
    return response
