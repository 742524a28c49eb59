"""Fast result snippets: the best window of a long text with the query's matches in <mark>, the rest escaped.

Matching rules as in the search index (diacritic-insensitive Latin at word starts, substrings in
Thai, Lao, Khmer and Myanmar) with a per-character fold table, so a 20 kB case study costs about a millisecond.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from textproc import pipeline as textproc
from textproc.scripts import UNSPACED_RUN

_LATIN_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_EXTRA = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """Return one character normalized, case-folded, digits as ASCII, Latin diacritics removed."""
    if char in _ZERO_WIDTH:
        return ""
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.digit(char))
    if UNSPACED_RUN.match(char):
        return char
    folded = unicodedata.normalize("NFKC", char).casefold()
    if folded.isascii():
        return folded
    return _LATIN_MARKS.sub("", unicodedata.normalize("NFD", folded)).translate(_EXTRA)


_TABLE: dict[int, str] = {}
_NOT_ONE_TO_ONE: set[str] = set()


def _learn(chars) -> None:
    """Add characters to the fold table, noting those that do not fold to exactly one character."""
    for char in chars:
        folded = _fold_char(char)
        _TABLE[ord(char)] = folded
        if len(folded) != 1:
            _NOT_ONE_TO_ONE.add(char)


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Return the folded text and per folded character its original offset (None when offsets are identical)."""
    chars = set(text)
    unknown = [char for char in chars if ord(char) not in _TABLE]
    if unknown:
        _learn(unknown)
    if chars.isdisjoint(_NOT_ONE_TO_ONE):
        return text.translate(_TABLE), None
    parts, offsets = [], []
    for index, char in enumerate(text):
        folded = _TABLE[ord(char)]
        if folded:
            parts.append(folded)
            offsets.extend([index] * len(folded))
    return "".join(parts), offsets


def _fold_string(text: str) -> str:
    return "".join(_fold_char(char) for char in text)


@lru_cache(maxsize=512)
def needles(query: str) -> tuple[tuple[str, bool], ...]:
    """Return (folded needle, matches anywhere) pairs for a query, longest first."""
    found: dict[str, bool] = {}
    for run in UNSPACED_RUN.findall(textproc.normalize(query)):
        found[run] = True
    tokens = textproc.tokenize(query)
    stop = textproc.STOPWORDS if any(token not in textproc.STOPWORDS for token in tokens) else frozenset()
    for token in tokens:
        if token in stop:
            continue  # as in textproc.query: ການ of ການແຕ່ງງານ is not a match of its own
        unspaced = bool(UNSPACED_RUN.fullmatch(token))
        folded = token if unspaced else _fold_string(token)
        if folded:
            found.setdefault(folded, unspaced)
        if not unspaced:
            stem = textproc.fold(token)
            if len(stem) >= 3 and stem != folded:
                found.setdefault(stem, False)
    return tuple(sorted(found.items(), key=lambda item: -len(item[0])))


def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char)[0] == "M"


def _spans(folded: str, query_needles) -> list[tuple[int, int, str]]:
    spans = []
    for needle, anywhere in query_needles:
        start = folded.find(needle)
        while start >= 0 and len(spans) < 400:
            end = start + len(needle)
            if anywhere or (
                (start == 0 or not _is_word_char(folded[start - 1]))
                and (end == len(folded) or not _is_word_char(folded[end]) or len(needle) >= 4)
            ):
                if not anywhere:
                    while end < len(folded) and _is_word_char(folded[end]):
                        end += 1
                spans.append((start, end, needle))
            start = folded.find(needle, start + 1)
    return spans


def _merge(spans, text: str):
    """Return spans sorted, with overlapping ones and ones separated only by spaces merged."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _window(length: int, spans, size: int) -> tuple[int, int]:
    if length <= size or not spans:
        return 0, min(length, size)
    best, best_score = 0, -1
    for anchor, _end, _needle in sorted(spans)[:100]:
        low = max(0, min(anchor - size // 4, length - size))
        inside = {needle for start, end, needle in spans if start >= low and end <= low + size}
        score = 100 * len(inside) + sum(map(len, inside))
        if score > best_score:
            best, best_score = low, score
    return best, best + size


def snippet(text: str, query: str, size: int = 200) -> str:
    """Return an HTML snippet of about size characters around the best matches of query, matches in <mark>."""
    if not text:
        return ""
    folded, offsets = _fold(text)
    found = _spans(folded, needles(query)) if query.strip() and folded else []
    if offsets is None:
        original = found
    else:
        original = [(offsets[start], offsets[end - 1] + 1, needle) for start, end, needle in found]
    start, end = _window(len(text), original, size)
    if start > 0:
        space = text.find(" ", start, start + 30)
        start = space + 1 if space >= 0 else start
        while start < len(text) and unicodedata.category(text[start])[0] == "M":
            start -= 1
    if end < len(text):
        space = text.rfind(" ", end - 30, end)
        end = space if space > start else end
        while 0 < end < len(text) and unicodedata.category(text[end])[0] == "M":
            end -= 1
    marks = _merge([(max(s, start), min(e, end)) for s, e, _ in original if s < end and e > start], text)
    out = ["…" if start > 0 else ""]
    position = start
    for mark_start, mark_end in marks:
        out.append(html.escape(text[position:mark_start]))
        out.append(f"<mark>{html.escape(text[mark_start:mark_end])}</mark>")
        position = mark_end
    out.append(html.escape(text[position:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)
