"""The fields a page kind adds to the import line format, declared on its class as ``import_line_fields``."""

from __future__ import annotations

from dataclasses import dataclass

SIMPLE_SHAPES = ("text", "rich", "year", "choice")  # the writer sets these on the page as they are


@dataclass(frozen=True)
class LineField:
    """One field a kind reads from an import line, and its shape.

    Shapes: "text" (plain, up to max_length), "rich" (plain text or simple HTML, sanitized like body), "year",
    "choice" (one of choices), "slugs" (a list of slugs of model, "app_label.Model"), "steps" (a list of
    {"title", "detail"}) and "country_texts" (a list of {"country": ISO code, "text"}).
    """

    shape: str
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    model: str = ""
