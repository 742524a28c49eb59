"""Text of uploaded PDF and DOCX documents, extracted for search."""

import io
import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from safety.uploads import document_kind

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 2000
MAX_TEXT_CHARS = 2_000_000


class DocumentUnreadable(ValidationError):
    """The document's text cannot be read; the message says why, for the uploader."""


def _clean(text):
    """Return text without NUL characters (which PostgreSQL refuses), cut to the stored maximum."""
    return text.replace("\x00", "")[:MAX_TEXT_CHARS].strip()


def _pdf_text(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise DocumentUnreadable(
            _("This PDF is protected by a password. Upload a copy without a password so its text can be searched."),
            code="encrypted",
        )
    parts, length = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or length >= MAX_TEXT_CHARS:
            break
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
    return "\n".join(parts)


def _docx_text(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(part for part in parts if part)


def extract_text(data):
    """Return the text of a PDF or DOCX file's bytes; raise DocumentUnreadable with a clear message if it can't be read."""
    kind = document_kind(data)
    if kind is None:
        raise DocumentUnreadable(_("This file is not a PDF or Word (DOCX) document."), code="not_a_document")
    try:
        text = _pdf_text(data) if kind == "pdf" else _docx_text(data)
    except DocumentUnreadable:
        raise
    except Exception as error:  # pypdf and python-docx raise many kinds of error on damaged files
        logger.info("Could not read a %s document: %r", kind, error)
        raise DocumentUnreadable(
            _(
                "This %(kind)s file is damaged and its text cannot be read. Save or export it again and upload the new file."
            )
            % {"kind": kind.upper()},
            code="corrupt",
        ) from error
    return _clean(text)
