"""Small PDF and DOCX files generated at load time, so the demo needs no downloads."""

import io
import textwrap
import zipfile

from docx import Document as DocxDocument
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN, LEADING, WRAP = 56, 15, 88


def _pdf_escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_lines(title, paragraphs):
    """Yield (font, size, text) lines: the title, then each paragraph wrapped, with a blank line between."""
    yield "/F2", 15, title
    yield "/F1", 11, ""
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, WRAP) or [""]:
            yield "/F1", 11, line
        yield "/F1", 11, ""


def make_pdf(title, paragraphs):
    """Return the bytes of an A4 PDF (Latin text, standard Helvetica) with a title and wrapped paragraphs."""
    writer = PdfWriter()
    fonts = DictionaryObject(
        {
            NameObject(name): DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject(base),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
            for name, base in (("/F1", "/Helvetica"), ("/F2", "/Helvetica-Bold"))
        }
    )
    pages, current, y = [], [], PAGE_HEIGHT - MARGIN
    for font, size, text in _pdf_lines(title, paragraphs):
        if y < MARGIN:
            pages.append(current)
            current, y = [], PAGE_HEIGHT - MARGIN
        if text:
            current.append(f"BT {font} {size} Tf {MARGIN} {y} Td ({_pdf_escape(text)}) Tj ET")
        y -= LEADING
    pages.append(current)
    for commands in pages:
        page = writer.add_blank_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        stream = DecodedStreamObject()
        stream.set_data("\n".join(commands).encode("cp1252"))
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        page.replace_contents(stream)
    writer.add_metadata({"/Title": title, "/Producer": "Frontline Exchange demo content"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(title, paragraphs, language="en"):
    """Return the bytes of a DOCX file with a heading and paragraphs, its language recorded in the core properties."""
    document = DocxDocument()
    document.core_properties.title = title
    document.core_properties.language = language
    document.core_properties.author = "Frontline Exchange (illustrative)"
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        if paragraph.startswith("- "):
            document.add_paragraph(paragraph[2:], style="List Bullet")
        else:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_dates(buffer.getvalue())


def _fixed_dates(data):
    """Return a ZIP archive's bytes with every member dated 1 January 1980, so the same content gives the same file.

    An import keeps a resource's document when the file is unchanged (the same SHA-1): a second demo load then
    attaches nothing new.
    """
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = member.compress_type, member.external_attr
            target.writestr(info, source.read(member.filename))
    return output.getvalue()
