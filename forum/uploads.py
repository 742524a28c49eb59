"""Attachments: images re-encoded without metadata (safety.uploads), PDFs checked by content, sizes bounded."""

import io
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from safety.uploads import document_kind, sanitize_image

MAX_ATTACHMENT_BYTES = getattr(settings, "FORUM_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024)
MAX_ATTACHMENTS = 4


@dataclass
class CleanUpload:
    """An upload that passed the checks, ready to store."""

    content: ContentFile
    name: str
    kind: str


def clean_upload(uploaded):
    """Return a CleanUpload for an image or PDF, or raise ValidationError with a message naming the file."""
    name = PurePath(uploaded.name or "file").name[:150]
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is too large (limit %(limit)s).")
            % {"name": name, "limit": filesizeformat(MAX_ATTACHMENT_BYTES)}
        )
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if document_kind(data) == "pdf":
        return CleanUpload(_clean_pdf(data, name), str(PurePath(name).with_suffix(".pdf")), "pdf")
    if data[:4] == b"PK\x03\x04" or document_kind(data):
        raise ValidationError(_("%(name)s is not an image or a PDF.") % {"name": name})
    try:
        cleaned = sanitize_image(uploaded)
    except ValidationError as error:
        if getattr(error, "code", None) == "not_an_image":
            raise ValidationError(_("%(name)s is not an image or a PDF.") % {"name": name}) from error
        raise ValidationError([f"{name}: {message}" for message in error.messages]) from error
    return CleanUpload(ContentFile(cleaned.read()), PurePath(cleaned.name).name, "image")


def _clean_pdf(data, name):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if not len(reader.pages):
            raise ValueError("no pages")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(_("%(name)s is not a readable PDF.") % {"name": name}) from error
    return ContentFile(data)


def save_attachments(post, uploads):
    """Store cleaned uploads as the post's attachments."""
    from forum.models import Attachment

    for upload in uploads:
        attachment = Attachment(post=post, kind=upload.kind, name=upload.name, size=upload.content.size)
        attachment.file.save(upload.name, upload.content, save=False)
        attachment.save()
