"""The fields a page kind adds to the import line format, declared on its class as ``import_line_fields``."""

from __future__ import annotations

from dataclasses import dataclass

SIMPLE_SHAPES = ("text", "rich", "year", "choice")  # the writer sets these on the page as they are


@dataclass(frozen=True)
class LineField:
    """One field a kind reads from an import line, and its shape.

    Shapes: "text" (plain, up to max_length), "rich" (plain text or simple HTML, sanitized like body), "year",
    "choice" (one of choices), "slugs" (a list of slugs of model, "app_label.Model"), "steps" (a list of
    {"title", "detail"}), "country_texts" (a list of {"country": ISO code, "text"}), "sources" (a list of
    {"title", "publisher", "year", "url"}), "pages" (a list of the ids of pages of the kind ``kind``, given by
    earlier lines of the file or by earlier imports) and "document" ({"file": a PDF or DOCX path relative to the
    import file, "title"}).

    A field of a simple shape whose name is a field of the page is written by the importer as it is; the others
    are set by the kind's ``fill_from_import`` (or, for "pages", by the importer on the many-to-many field of
    that name, when the kind lists it in ``imported_relations``; or, when the name is the other side of a
    many-to-many field, such as a method's ``related_case_studies``, by making the named pages link to this one).
    """

    shape: str
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    model: str = ""
    kind: str = ""
