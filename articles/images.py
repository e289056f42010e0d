"""Article images: what an upload must be, how it is stored, and its renditions.

- ``validate_image_file``: a model field validator (so the admin's forms, the services'
  ``full_clean`` and the gallery all refuse the same files): JPEG, PNG or WebP judged by
  the content (Pillow's decoders for those three only), no larger than
  ``IMAGE_MAX_UPLOAD_BYTES``, no more than ``IMAGE_MAX_PIXELS`` (a decompression bomb),
  and decodable to the last pixel (a truncated file is refused).
- ``strip_upload``: called by the services before a new upload is saved: applies the
  EXIF orientation and re-encodes the pixels without EXIF (GPS included), XMP or text
  chunks, under the suffix of the real type (the media view sends the type by suffix).
- ``picture``: the renditions a page shows (django-imagekit, cached under MEDIA_ROOT on
  first use): each width in ``RENDITION_WIDTHS`` smaller than the image, and the image's
  own width, as WebP and as JPEG (the fallback).
"""

from __future__ import annotations

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
from imagekit import ImageSpec, register
from imagekit.cachefiles import ImageCacheFile
from PIL import Image, ImageOps
from pilkit.processors import ResizeToFit

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
    names) was checked when it came in and is not opened again on every save."""
    if not value or getattr(value, "_committed", False):
        return
    file = getattr(value, "file", value)
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
        # A copy, turned by the EXIF orientation; its info is not written out below
        # (Pillow writes EXIF, XMP and PNG text only when given them to save).
        image = ImageOps.exif_transpose(original)
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
    return ContentFile(out.getvalue(), name=f"{stem}.{SUFFIXES[kind]}")


def strip_upload(instance, field_name: str = "image") -> None:
    """Replace a new upload in ``instance.<field_name>`` with its stripped copy; a file
    already stored is left alone."""
    value = getattr(instance, field_name)
    if not value or getattr(value, "_committed", True):
        return
    setattr(instance, field_name, stripped(value.file, value.name))


class Rendition(ImageSpec):
    """One width and format of a stored image (never wider than the image itself)."""

    def __init__(self, source, *, width: int, format: str):
        super().__init__(source=source)
        self.processors = [ResizeToFit(width=width, upscale=False)]
        self.format = format
        self.options = {"quality": RENDITION_QUALITY[format]}


# imagekit makes a missing rendition on first use only for a registered generator.
register.generator("articles:rendition", Rendition)


@dataclass(frozen=True)
class Picture:
    webp_srcset: str
    jpeg_srcset: str
    src: str  # the widest JPEG: <img src>, Open Graph and JSON-LD
    width: int  # src's size; the same proportions as every rendition
    height: int
    share_url: str  # the JPEG at SHARE_WIDTH (or narrower, as the image is)
    share_width: int
    share_height: int


def rendition_widths(width: int) -> list[int]:
    """The widths to offer for an image ``width`` pixels wide: each standard width
    below it, then its own (capped at the widest standard one)."""
    below = [w for w in RENDITION_WIDTHS if w < width]
    own = min(width, RENDITION_WIDTHS[-1])
    return [*below, own] if own not in below else below


def _height(width: int, height: int, target: int) -> int:
    # As pilkit's ResizeToFit rounds.
    return max(1, round(height * target / width))


def picture(file, width: int | None, height: int | None) -> Picture | None:
    """The renditions of a stored image ``width`` × ``height`` pixels, or None when
    there is no image, its size is unknown, or it cannot be read (a page shows no
    picture rather than fail)."""
    if not file or not width or not height:
        return None
    widths = rendition_widths(width)
    try:
        urls = {
            (w, kind): ImageCacheFile(Rendition(file, width=w, format=kind)).url
            for w in widths
            for kind in ("WEBP", "JPEG")
        }
    except (OSError, ValueError, SyntaxError):
        logger.warning("No renditions of %s: the stored image cannot be read", file.name)
        return None
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
