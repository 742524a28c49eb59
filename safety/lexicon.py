"""Word lists of the detector, read once per process from plain UTF-8 files under safety/lexicons/<lang>/.

Each file starts with a header of '#' lines naming what it holds, how the detector uses it, its source, whether a
native speaker has reviewed it and its format; ``any/`` holds the lists that belong to no one language. A list
is one entry a line; a table has tab-separated columns, named in its '# Columns:' header line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = [
    "HEADER_FIELDS",
    "LEXICON_DIR",
    "entries",
    "header",
    "lexicon",
    "lexicon_files",
    "merged",
    "merged_table",
    "table",
]

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
HEADER_FIELDS = ("Holds", "Use", "Source", "Reviewed", "Format")


def lexicon_files() -> list[Path]:
    """Return every lexicon file, by language then name."""
    return sorted(LEXICON_DIR.glob("*/*.txt"))


@cache
def _lines(lang: str, name: str) -> tuple[str, ...]:
    """Return the lines of safety/lexicons/<lang>/<name>.txt."""
    return tuple((LEXICON_DIR / lang / f"{name}.txt").read_text(encoding="utf-8").splitlines())


@cache
def entries(lang: str, name: str) -> tuple[str, ...]:
    """Return the entries of a list in file order: every line that is neither blank nor a '#' comment."""
    return tuple(line.strip() for line in _lines(lang, name) if line.strip() and not line.startswith("#"))


@cache
def lexicon(lang: str, name: str) -> frozenset[str]:
    """Return the entries of a list as a set."""
    return frozenset(entries(lang, name))


@cache
def header(lang: str, name: str) -> dict[str, str]:
    """Return the header fields of a file ('# Field: text', continued on '#   ' lines), by field name."""
    fields: dict[str, str] = {}
    current = None
    for line in _lines(lang, name):
        if not line.startswith("#"):
            break
        text = line[1:].strip()
        field, colon, value = text.partition(": ")
        if colon and not line.startswith("#  ") and field.isalpha():
            current = field
            fields[field] = value
        elif current and text:
            fields[current] += " " + text
    return fields


@cache
def table(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """Return the rows of a tab-separated table, each with as many columns as its '# Columns:' header names."""
    columns = header(lang, name).get("Columns", "")
    width = len(split_columns(columns))
    rows = tuple(tuple(entry.split("\t")) for entry in entries(lang, name))
    for row in rows:
        if not width or len(row) != width:
            raise ValueError(f"safety/lexicons/{lang}/{name}.txt: {row!r} does not have the columns {columns!r}")
    return rows


@cache
def languages_of(name: str) -> tuple[str, ...]:
    """Return the folders (languages, and 'any') that hold a file called name, in alphabetical order."""
    return tuple(sorted(path.parent.name for path in LEXICON_DIR.glob(f"*/{name}.txt")))


@cache
def merged(name: str) -> tuple[str, ...]:
    """Return the entries of every language's list called name, language by language in alphabetical order."""
    return tuple(entry for lang in languages_of(name) for entry in entries(lang, name))


@cache
def merged_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the rows of every language's table called name, language by language in alphabetical order."""
    return tuple(row for lang in languages_of(name) for row in table(lang, name))


def split_columns(columns: str) -> list[str]:
    """Return the column names of a '# Columns:' header: separated by commas outside brackets."""
    names, depth, current = [], 0, ""
    for char in columns:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            names.append(current.strip())
            current = ""
        else:
            current += char
    return [*names, current.strip()] if current.strip() else names
