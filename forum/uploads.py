"""Attachments: images re-encoded without metadata, PDFs checked by content, sizes bounded."""

import io
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_ATTACHMENT_BYTES = getattr(settings, "FORUM_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024)
MAX_ATTACHMENTS = 4
MAX_IMAGE_PIXELS = 25_000_000


@dataclass
class CleanUpload:
    """An upload that passed the checks, ready to store."""

    content: ContentFile
    name: str
    kind: str


def clean_upload(uploaded):
    """Return a CleanUpload for an image or PDF, or raise ValidationError with a message for the member."""
    name = PurePath(uploaded.name or "file").name[:150]
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is too large (limit %(limit)s).")
            % {"name": name, "limit": filesizeformat(MAX_ATTACHMENT_BYTES)}
        )
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(0)
    if b"%PDF-" in head:
        return CleanUpload(_clean_pdf(uploaded, name), _with_suffix(name, ".pdf"), "pdf")
    return _clean_image(uploaded, name)


def _with_suffix(name, suffix):
    return str(PurePath(name).with_suffix(suffix))


def _clean_pdf(uploaded, name):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    data = uploaded.read()
    try:
        reader = PdfReader(io.BytesIO(data))
        if not len(reader.pages):
            raise ValueError("no pages")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(_("%(name)s is not a readable PDF.") % {"name": name}) from error
    return ContentFile(data)


def _clean_image(uploaded, name):
    try:
        from safety.uploads import sanitize_image
    except ImportError:
        sanitize_image = None
    if sanitize_image is not None:
        try:
            cleaned = sanitize_image(uploaded)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - any decoder failure means "not an image we accept"
            raise ValidationError(_("%(name)s is not an image or a PDF.") % {"name": name}) from error
        cleaned_name = getattr(cleaned, "name", None) or name
        return CleanUpload(ContentFile(cleaned.read()), PurePath(cleaned_name).name, "image")
    return CleanUpload(*_reencode(uploaded, name), "image")


def _reencode(uploaded, name):
    """Return the image re-encoded from its pixels alone (no EXIF, GPS or other metadata) and its new name."""
    try:
        with Image.open(uploaded) as probe:
            probe.verify()
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("%(name)s has too many pixels.") % {"name": name})
            image.seek(0)
            image.load()
            has_alpha = image.mode in ("RGBA", "LA", "P") and (image.mode != "P" or "transparency" in image.info)
            pixels = image.convert("RGBA" if has_alpha else "RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("%(name)s is not an image or a PDF.") % {"name": name}) from error
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    buffer = io.BytesIO()
    if has_alpha:
        clean.save(buffer, format="PNG", optimize=True)
        suffix = ".png"
    else:
        clean.save(buffer, format="JPEG", quality=85, optimize=True)
        suffix = ".jpg"
    return ContentFile(buffer.getvalue()), _with_suffix(name, suffix)


def save_attachments(post, uploads):
    """Store cleaned uploads as the post's attachments."""
    from forum.models import Attachment

    for upload in uploads:
        attachment = Attachment(post=post, kind=upload.kind, name=upload.name, size=upload.content.size)
        attachment.file.save(upload.name, upload.content, save=False)
        attachment.save()
