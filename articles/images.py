"""Article images: what an upload must be, how it is stored, and its renditions.

- ``validate_image_file``: a model field validator (so the admin's forms, the services'
  ``full_clean`` and the gallery all refuse the same files): JPEG, PNG or WebP judged by
  the content (Pillow's decoders for those three only), no larger than
  ``IMAGE_MAX_UPLOAD_BYTES``, no more than ``IMAGE_MAX_PIXELS`` (a decompression bomb),
  and decodable to the last pixel (a truncated file is refused).
- ``strip_upload``: called by the services before a new upload is saved: applies the
  EXIF orientation and re-encodes the pixels without EXIF (GPS included), XMP or text
  chunks, under the suffix of the real type (the media view sends the type by suffix).
- ``make_renditions``: the renditions of a stored image (django-imagekit names them,
  under MEDIA_ROOT/CACHE/images/): each width in ``RENDITION_WIDTHS`` smaller than the
  image, and the image's own width, as WebP and as JPEG (the fallback). The services
  make them once a save commits, ``manage.py make_renditions`` those still missing.
- ``picture``: what a page shows: the renditions, or the original while one is
  missing. A page never makes one (it could take longer than a request may).
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from imagekit import ImageSpec
from imagekit.cachefiles import ImageCacheFile
from imagekit.cachefiles.backends import CacheFileState, get_default_cachefile_backend
from PIL import ExifTags, Image, ImageOps
from pilkit.processors import ResizeToFit, Transpose
from pilkit.utils import save_image

from exhibition.media import IMAGE_TYPES

logger = logging.getLogger(__name__)

# Pillow format → the suffix a stored file gets.
SUFFIXES = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# The widths offered to the browser (srcset): phones, the article column, wide screens.
RENDITION_WIDTHS = (480, 800, 1200, 1600)
# The rendition shared pages point at (Open Graph, JSON-LD): wide enough for a card.
SHARE_WIDTH = 1200
RENDITION_QUALITY = {"WEBP": 80, "JPEG": 82}

NOT_AN_IMAGE = _("Upload a JPEG, PNG or WebP image; this file is none of them.")
DAMAGED = _("This image cannot be read: the file is damaged or incomplete.")


def validate_image_file(value) -> None:
    """Refuse an upload that is not a whole JPEG, PNG or WebP image of a sane size.

    A file already stored (an image kept from an earlier save, or one the importer
    names) was checked when it came in and is not opened again on every save; nor is
    an upload checked already (the admin's form, then the service's ``full_clean``).
    A JPEG is decoded at an eighth of its size: every byte is still read (a cut-off
    file fails), in a sixty-fourth of the memory."""
    if not value or getattr(value, "_committed", False):
        return
    file = getattr(value, "file", value)
    if getattr(file, "_checked_image", False):
        return
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    size = getattr(value, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns about a big image below twice its own limit: refuse it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=tuple(SUFFIXES)) as image:
                if image.width * image.height > settings.IMAGE_MAX_PIXELS:
                    raise Image.DecompressionBombError
                if image.format == "JPEG":
                    image.draft(None, (1, 1))  # the smallest scale libjpeg decodes to
                image.load()  # every pixel: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("This image has too many pixels; the largest allowed is %(limit)s megapixels."),
            code="too_many_pixels",
            params={"limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
        ) from exc
    except Image.UnidentifiedImageError as exc:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(DAMAGED, code="damaged_image") from exc
    finally:
        file.seek(0)
    # (A file object that takes no attributes is checked again next time.)
    with contextlib.suppress(AttributeError):
        file._checked_image = True


class CheckedImageField(models.ImageField):
    """An ImageField whose reading of the size, when a file is assigned, cannot fail:
    Django's raises on a decompression bomb before any validator has run. A file whose
    size cannot be read gets none, and ``validate_image_file`` says what is wrong."""

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        try:
            super().update_dimension_fields(instance, force, *args, **kwargs)
        except (Image.DecompressionBombError, OSError, ValueError, SyntaxError):
            for name in (self.width_field, self.height_field):
                if name:
                    setattr(instance, name, None)


def stripped(file, name: str) -> ContentFile:
    """``file``'s pixels, turned upright, re-encoded in its own format without metadata
    (the colour profile is kept), named ``<stem>.<suffix of the real type>``."""
    file.seek(0)
    with Image.open(file, formats=tuple(SUFFIXES)) as original:
        kind = original.format
        icc_profile = original.info.get("icc_profile")
        # Turned by the EXIF orientation in place (no copy of an upright image: one
        # 50-megapixel image in memory, not two); its info is not written out below
        # (Pillow writes EXIF, XMP and PNG text only when given them to save).
        original.load()
        ImageOps.exif_transpose(original, in_place=True)
        image = original
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if kind == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        # Pillow would copy a JPEG comment (COM) over from the original: not that.
        options.update(quality=90, optimize=True, comment=b"")
    elif kind == "WEBP":
        options.update(quality=90)
    out = BytesIO()
    image.save(out, kind, **options)
    stem = PurePosixPath(name).stem[:80] or "image"
    copy = ContentFile(out.getvalue(), name=f"{stem}.{SUFFIXES[kind]}")
    copy.stripped = True  # strip_upload leaves it as it is
    return copy


def strip_upload(instance, field_name: str = "image") -> None:
    """Replace a new upload in ``instance.<field_name>`` with its stripped copy; a file
    already stored, or stripped already, is left alone."""
    value = getattr(instance, field_name)
    if not value or getattr(value, "_committed", True):
        return
    if getattr(value.file, "stripped", False):
        return
    setattr(instance, field_name, stripped(value.file, value.name))


# What stripped() leaves out besides EXIF: Pillow's names for XMP, comments, IPTC.
_METADATA = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop")


def _carries_metadata(image) -> bool:
    return (
        bool(image.getexif())
        or any(key in image.info for key in _METADATA)
        or bool(getattr(image, "text", None))  # PNG text chunks
    )


def imported_image(name: str, *, stored: str = "", storage=None):
    """What an imported record's image (``name``, a file in the media folder the
    importer checked) becomes on the article, as an upload would: the file itself when
    it carries no metadata (no EXIF, GPS or orientation, XMP, comments); else its
    stripped copy, a new file, unless ``stored`` (the article's image now) already
    holds exactly that copy (a re-import changes nothing). The named file is never
    rewritten: another article may show it. Raises ValidationError when it cannot be
    read (the importer reports the file and goes on with the next)."""
    from django.core.files.storage import default_storage

    storage = storage or default_storage
    try:
        with storage.open(name, "rb") as file:
            with Image.open(file, formats=tuple(SUFFIXES)) as image:
                clean = not _carries_metadata(image)
            if clean:
                return name
            copy = stripped(file, name)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError({"image": DAMAGED}, code="damaged_image") from exc
    if stored and stored != name:
        try:
            with storage.open(stored, "rb") as current:
                if current.read() == copy.read():
                    return stored
        except OSError:
            pass
        copy.seek(0)
    return copy


class Rendition(ImageSpec):
    """One width and format of a stored image (never wider than the image itself),
    turned upright first: images stored before uploads were stripped may still carry
    an EXIF orientation. Its name is a hash of all this and the image's name."""

    def __init__(self, source, *, width: int, format: str):
        super().__init__(source=source)
        self.processors = [Transpose(Transpose.AUTO), ResizeToFit(width=width, upscale=False)]
        self.format = format
        self.options = {"quality": RENDITION_QUALITY[format]}


RENDITION_FORMATS = ("WEBP", "JPEG")


@dataclass(frozen=True)
class Picture:
    webp_srcset: str  # empty when the page shows the original (see picture())
    jpeg_srcset: str
    src: str  # the widest JPEG: <img src>, Open Graph and JSON-LD
    width: int  # src's size; the same proportions as every rendition
    height: int
    share_url: str  # the JPEG at SHARE_WIDTH (or narrower, as the image is)
    share_width: int
    share_height: int
    share_type: str = "image/jpeg"


def rendition_widths(width: int) -> list[int]:
    """The widths to offer for an image ``width`` pixels wide: each standard width
    below it, then its own (capped at the widest standard one)."""
    below = [w for w in RENDITION_WIDTHS if w < width]
    own = min(width, RENDITION_WIDTHS[-1])
    return [*below, own] if own not in below else below


def _height(width: int, height: int, target: int) -> int:
    # As pilkit's ResizeToFit rounds.
    return max(1, round(height * target / width))


def rendition_files(file, width: int) -> dict[tuple[int, str], ImageCacheFile]:
    """The renditions of a stored image ``width`` pixels wide, by (width, format).
    Naming them reads nothing: the strategy (IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY,
    Optimistic) never makes a file when its URL is asked for."""
    return {
        (w, kind): ImageCacheFile(Rendition(file, width=w, format=kind))
        for w in rendition_widths(width)
        for kind in RENDITION_FORMATS
    }


def _missing(cachefiles: dict, *, remembered: bool = True) -> set:
    """The keys of the renditions not on storage. ``remembered``: trust what the cache
    remembers (one round trip for all; a stat only for those it does not know)."""
    if not remembered:
        return {key for key, f in cachefiles.items() if not f.storage.exists(f.name)}
    backend = get_default_cachefile_backend()
    names = {backend.get_key(f): key for key, f in cachefiles.items()}
    states = backend.cache.get_many(list(names))
    return {
        key
        for name, key in names.items()
        if (
            states[name] != CacheFileState.EXISTS
            if name in states
            else not backend.exists(cachefiles[key])
        )
    }


def missing_renditions(file, width: int) -> int:
    """How many renditions of a stored image ``width`` pixels wide are not on storage."""
    return len(_missing(rendition_files(file, width), remembered=False))


def make_renditions(
    file, width: int | None, height: int | None, *, force: bool = False, remembered: bool = True
) -> int:
    """Write the missing renditions of a stored image ``width`` × ``height`` pixels
    (upright), or all of them with ``force``; returns how many were written.
    ``remembered=False`` looks at the storage rather than trusting the cache. The image
    is decoded once for all of them (a JPEG at the smallest scale its decoder offers
    that is still wide enough). An image that cannot be read is logged and skipped:
    its pages show the original."""
    if not file or not width or not height:
        return 0
    backend = get_default_cachefile_backend()
    cachefiles = rendition_files(file, width)
    missing = set(cachefiles) if force else _missing(cachefiles, remembered=remembered)
    if not missing:
        return 0
    written = 0
    try:
        with file.open("rb"), Image.open(file, formats=tuple(SUFFIXES)) as image:
            if image.format == "JPEG":
                widest = max(w for w, _kind in missing)
                size = (widest, _height(width, height, widest))
                turned = image.getexif().get(ExifTags.Base.Orientation) in (5, 6, 7, 8)
                image.draft(None, size[::-1] if turned else size)
            upright = ImageOps.exif_transpose(image)
        for w in sorted({w for w, _kind in missing}, reverse=True):
            resized = None
            for kind in RENDITION_FORMATS:
                if (w, kind) not in missing:
                    continue
                cachefile = cachefiles[w, kind]
                if resized is None:
                    resized = ResizeToFit(width=w, upscale=False).process(upright)
                out = BytesIO()
                save_image(resized, out, kind, {"quality": RENDITION_QUALITY[kind]})
                if cachefile.storage.exists(cachefile.name):
                    cachefile.storage.delete(cachefile.name)  # force: the same name again
                cachefile.storage.save(cachefile.name, ContentFile(out.getvalue()))
                backend.set_state(cachefile, CacheFileState.EXISTS)
                written += 1
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        logger.warning("No renditions of %s: the stored image cannot be read", file.name)
    return written


def picture(file, width: int | None, height: int | None) -> Picture | None:
    """What a page shows of a stored image ``width`` × ``height`` pixels: its
    renditions, or while one of them is missing (not made yet, or lost) the original
    at its own size. None when there is no image, its size is unknown, or it is gone
    altogether (a page shows no picture rather than fail). Nothing is made here:
    renditions are made when an image is saved (the services) and by
    ``manage.py make_renditions``."""
    if not file or not width or not height:
        return None
    cachefiles = rendition_files(file, width)
    if _missing(cachefiles):
        logger.info("Renditions of %s missing: the page shows the original", file.name)
        try:
            if not file.storage.exists(file.name):
                return None
        except (OSError, ValueError):
            return None
        url = file.url
        kind = IMAGE_TYPES.get(PurePosixPath(file.name).suffix.lower(), "image/jpeg")
        return Picture("", "", url, width, height, url, width, height, kind)
    urls = {key: f.url for key, f in cachefiles.items()}
    widths = sorted({w for w, _kind in cachefiles})
    share = max(w for w in widths if w <= SHARE_WIDTH)  # widths[0] is at most 480
    widest = widths[-1]
    return Picture(
        webp_srcset=", ".join(f"{urls[w, 'WEBP']} {w}w" for w in widths),
        jpeg_srcset=", ".join(f"{urls[w, 'JPEG']} {w}w" for w in widths),
        src=urls[widest, "JPEG"],
        width=widest,
        height=_height(width, height, widest),
        share_url=urls[share, "JPEG"],
        share_width=share,
        share_height=_height(width, height, share),
    )
