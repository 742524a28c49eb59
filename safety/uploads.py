"""Uploaded files, checked by their content: images re-encoded without metadata, documents only real PDF or DOCX.

An image is rebuilt from its pixels alone, so EXIF (with GPS), XMP, IPTC, ICC profiles, comments and any other
metadata are dropped; the EXIF orientation is applied first so the picture still stands the right way up. Pixel
and size limits are checked from the header, before any pixel is decoded, so a decompression bomb is refused
without using memory.
"""

import io
import os
import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

# Pillow format name -> (file extension, save options).
IMAGE_FORMATS = {
    "JPEG": ("jpg", {"quality": 90, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 90}),
    "GIF": ("gif", {}),
}
# Frame information that is part of the picture rather than metadata about it.
KEPT_FRAME_INFO = ("transparency", "duration", "loop", "disposal", "background")
DOCUMENT_KINDS = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml"}
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCX_MEMBERS = 5000


class SanitizedImageFile(ContentFile):
    """Image bytes re-encoded from pixels alone; its presence means the file needs no further cleaning."""

    sanitized = True

    def __init__(self, content, name, image_format, width, height):
        super().__init__(content, name=name)
        self.image_format = image_format
        self.width = width
        self.height = height


def max_image_bytes():
    """Return the largest image upload accepted, in bytes."""
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)


def max_image_pixels():
    """Return the largest number of pixels (width × height × frames) accepted."""
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000)


def max_document_bytes():
    """Return the largest document upload accepted, in bytes."""
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)


def _read_all(uploaded_file, limit, too_big_message):
    """Return the file's bytes, refusing before reading more than the limit."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(too_big_message, code="file_too_large")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(too_big_message, code="file_too_large")
    if not data:
        raise ValidationError(_("This file is empty."), code="empty")
    return data


def _clean_name(uploaded_file, extension):
    """Return a safe file name with the extension of the format actually found."""
    base = os.path.splitext(os.path.basename(getattr(uploaded_file, "name", "") or ""))[0]
    base = get_valid_filename(base)[:80] or "image"
    return f"{base}.{extension}"


def _open_image(data):
    """Return the opened image, refusing non-images, unsupported formats and images with too many pixels."""
    not_an_image = _("This file is not an image. Upload a JPEG, PNG, WebP or GIF picture.")
    too_many = _("This image is too large: at most %(max)s million pixels are accepted.") % {
        "max": f"{max_image_pixels() / 1_000_000:g}"
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(too_many, code="too_many_pixels") from None
    except UnidentifiedImageError:
        raise ValidationError(not_an_image, code="not_an_image") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("This image is damaged and cannot be read. Export it again and upload the new file."), code="corrupt"
        ) from None
    frames = getattr(image, "n_frames", 1)
    if image.width * image.height * frames > max_image_pixels():
        raise ValidationError(too_many, code="too_many_pixels")
    return image


def _frame_pixels(frame, image_format):
    """Return a copy of one frame's pixels in a mode the format can store, carrying no metadata."""
    frame = ImageOps.exif_transpose(frame) or frame
    if image_format == "JPEG" and frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGB")
    elif image_format == "WEBP" and frame.mode not in ("RGB", "RGBA"):
        frame = frame.convert("RGBA" if frame.has_transparency_data else "RGB")
    elif image_format == "PNG" and frame.mode in ("CMYK", "YCbCr", "LAB", "HSV"):
        frame = frame.convert("RGB")
    clean = frame.copy()
    clean.info = {key: frame.info[key] for key in KEPT_FRAME_INFO if key in frame.info}
    return clean


def sanitize_image(uploaded_file):
    """Return the upload re-encoded from its pixels in its own format (JPEG, PNG, WebP or GIF), without metadata.

    Raises ValidationError with a message for the uploader when the file is not an image, is damaged, or is too
    big in bytes or pixels.
    """
    limit = max_image_bytes()
    data = _read_all(
        uploaded_file,
        limit,
        _("This image is too big (at most %(max)s).") % {"max": filesizeformat(limit)},
    )
    image = _open_image(data)
    image_format = image.format
    extension, options = IMAGE_FORMATS[image_format]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            frames = [_frame_pixels(frame, image_format) for frame in ImageSequence.Iterator(image)]
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image is damaged and cannot be read. Export it again and upload the new file."), code="corrupt"
        ) from None
    finally:
        image.close()
    first, rest = frames[0], frames[1:]
    save_options = dict(options)
    save_options.update(first.info)
    if rest and image_format in ("GIF", "WEBP", "PNG"):
        save_options.update(save_all=True, append_images=rest)
    output = io.BytesIO()
    first.save(output, format=image_format, **save_options)
    return SanitizedImageFile(
        output.getvalue(), _clean_name(uploaded_file, extension), image_format, first.width, first.height
    )


def document_kind(data):
    """Return "pdf" or "docx" for the file's content, or None when it is neither."""
    if data[:1024].lstrip(b"\x00\t\n\r\x0c ").startswith(b"%PDF-"):
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def validate_document(uploaded_file):
    """Return the kind ("pdf" or "docx") of an uploaded document after checking its size and its content.

    Raises ValidationError with a message for the uploader for anything that is not a real PDF or DOCX file.
    """
    limit = max_document_bytes()
    data = _read_all(
        uploaded_file,
        limit,
        _("This document is too big (at most %(max)s).") % {"max": filesizeformat(limit)},
    )
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    kind = document_kind(data)
    if kind is None:
        raise ValidationError(
            _("This file is not a PDF or Word (DOCX) document, whatever its name says. Upload a real PDF or DOCX."),
            code="not_a_document",
        )
    extension = os.path.splitext(getattr(uploaded_file, "name", "") or "")[1].lower().lstrip(".")
    if extension and extension != kind:
        raise ValidationError(
            _("This file is a %(kind)s document but its name ends in .%(extension)s. Rename it and upload it again.")
            % {"kind": kind.upper(), "extension": extension},
            code="extension_mismatch",
        )
    if kind == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
        if len(members) > MAX_DOCX_MEMBERS or sum(m.file_size for m in members) > MAX_DOCX_UNCOMPRESSED:
            raise ValidationError(
                _("This Word document expands to too much data to be read safely."), code="too_large_unpacked"
            )
    return kind
