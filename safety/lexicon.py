"""Word lists of the name detector per language, read once from plain UTF-8 files under safety/lexicons/<lang>/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["LEXICON_DIR", "lexicon"]

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"


@cache
def lexicon(lang: str, name: str) -> frozenset[str]:
    """Return the words of safety/lexicons/<lang>/<name>.txt: one a line, '#' lines are comments."""
    path = LEXICON_DIR / lang / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
