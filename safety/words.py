"""Word boundaries and ordinary words for redaction: ICU segments in Thai, Lao, Khmer and Burmese, \\b elsewhere."""

from __future__ import annotations

import unicodedata

from safety.lexicon import LEXICON_DIR, lexicon
from textproc.dictionary import is_dictionary_word
from textproc.pipeline import STOPWORDS, detect_language, word_spans
from textproc.scripts import UNSPACED_CHAR

UNSPACED_LANGUAGES = ("th", "lo", "km", "my")


def is_word_char(char):
    """Return True for a letter, mark or digit (what a word is made of, in any script)."""
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def boundaries(text):
    """Return the offsets where ICU's word segmentation of text starts or ends a segment."""
    result = {0, len(text)}
    for start, end in word_spans(text):
        result.update((start, end))
    return result


def on_word_boundaries(text, start, end, cut=None):
    """Return whether text[start:end] is a whole word or run of words, never part of a longer word.

    An edge in an unspaced script must fall on an ICU segment boundary; any other edge needs a non-word neighbour.
    Pass cut=boundaries(text) to reuse it across matches in one text.
    """
    if start < 0 or end > len(text) or start >= end:
        return False
    for inside, outside, edge in (
        (text[start], text[start - 1] if start else "", start),
        (text[end - 1], text[end : end + 1], end),
    ):
        if not outside or not is_word_char(outside):
            continue
        if UNSPACED_CHAR.match(inside) or UNSPACED_CHAR.match(outside):
            cut = boundaries(text) if cut is None else cut
            if edge not in cut:
                return False
        elif is_word_char(inside):
            return False
    return True


def is_ordinary_word(value):
    """Return whether a value is an ordinary word: one ICU dictionary word or a common word of its language."""
    value = " ".join(value.split())
    lang = detect_language(value)
    if value.casefold() in STOPWORDS:
        return True
    if lang not in UNSPACED_LANGUAGES:
        return False
    if (LEXICON_DIR / lang / "common_words.txt").exists() and value in lexicon(lang, "common_words"):
        return True
    return len(word_spans(value)) == 1 and is_dictionary_word(value, lang)
