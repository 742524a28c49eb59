"""Names in Thai, Lao, Khmer and Burmese text, found by words: cues at word boundaries, spans that end before verbs.

These scripts are written without spaces between words, so a title or cue ("นาย", "ຊື່", "លោក", "ဦး") is only a
cue where the project's word segmentation (ICU's break iterator, ``textproc.pipeline.word_spans``) puts a word boundary
before it, and after it too, unless ICU's segmentation there runs through unknown text (a foreign name glued to
the title, which ICU cuts into pieces such as "นา|ยกิล|ลาร์ด"). The name then runs over the following segments,
across at most ``MAX_GROUPS`` space-separated words, and ends before a verb of speech or action, a particle, a
title, a digit or punctuation (word lists in ``safety/lexicons/<lang>/``).

Common words are never a name alone: the first word after a title is never a particle, verb or listed common
word; after a name cue ("ชื่อ" "name") or a title that is also a pronoun ("ທ່ານ" "you", "คุณ" "you"), a name
must not be a single listed common word, and in Thai and Lao a name glued to the cue must hold at least one word
that is not in ICU's segmentation dictionary ("ชื่อยุค" "the era's name" is dictionary words only). Names that
are dictionary words ("นางสาวพุก": พุก is one) are still found after an unambiguous title, and in Khmer and
Burmese, whose names are ordinary words, only the lists apply (see ``is_common_word_alone``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from safety import patterns as P
from safety import patterns_names as N
from safety.lexicon import lexicon
from safety.patterns import gettext_noop
from textproc.dictionary import dictionary_words
from textproc.pipeline import word_spans

__all__ = ["SCRIPT_LETTERS", "Words", "script_lexicon_candidates", "script_name_spans", "script_title_spans"]

SCRIPT_LETTERS = {"th": P.THAI, "lo": P.LAO, "km": P.KHMER, "my": P.MYANMAR}
SCRIPT_TITLES = {
    "th": (*N.THAI_TITLES, *N.WEAK_TITLES),
    "km": N.KHMER_TITLES,
    "lo": N.LAO_TITLES,
    "my": N.MYANMAR_TITLES,
}
SCRIPT_CUES = {"th": N.THAI_CUES, "km": N.KHMER_CUES, "lo": N.LAO_CUES, "my": N.MYANMAR_CUES}
# Space-separated words a name may span (Thai and Lao: given name and surname; Khmer names have up to three).
MAX_GROUPS = {"th": 2, "lo": 2, "km": 3, "my": 1}
MAX_NAME_CHARS = 30
# A Thai, Lao or Khmer function word this short that ends a space-separated word is a name syllable ("บุญมี", "ພົມມາ").
SHORT_ENDER = {"th": 2, "lo": 2, "km": 2}
# Languages whose names after a cue are written with a space or as unknown words, never as glued dictionary words.
SPACED_NAME_LANGUAGES = frozenset({"th", "lo"})
# Languages where ICU glues an unknown name to the verb or particle after it.
GLUED_ENDER_LANGUAGES = frozenset({"km", "my"})


@dataclass(frozen=True)
class ScriptCandidate:
    """A name span with its confidence, reason and priority, before overlaps are resolved."""

    start: int
    end: int
    confidence: float
    reason: str
    priority: int


def letters_regex(lang: str) -> re.Pattern:
    """Return the regex of one letter of lang's script."""
    return _letter_regex(SCRIPT_LETTERS[lang])


@lru_cache(maxsize=8)
def _letter_regex(letters: str) -> re.Pattern:
    """Return the regex of one letter of the given character class."""
    return re.compile(f"[{letters}]")


@lru_cache(maxsize=8)
def script_word_regex(letters: str) -> re.Pattern:
    """Return the regex of a whole word (run of letters) of one script."""
    return re.compile(f"(?<![{letters}])[{letters}]+")


@lru_cache(maxsize=8)
def script_run_regex(letters: str) -> re.Pattern:
    """Return the regex of a run of letters of one script."""
    return re.compile(f"[{letters}]+")


@lru_cache(maxsize=8)
def script_title_regex(lang: str) -> re.Pattern:
    """Return the regex of titles and cue words of one script, longest first."""
    words = sorted({*SCRIPT_TITLES[lang], *SCRIPT_CUES[lang]}, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in words))


@lru_cache(maxsize=8)
def enders(lang: str) -> frozenset[str]:
    """Return the words a name ends before: verbs of speech and action, particles and titles."""
    return lexicon(lang, "verbs") | lexicon(lang, "particles") | frozenset(SCRIPT_TITLES[lang])


@lru_cache(maxsize=8)
def never_alone(lang: str) -> frozenset[str]:
    """Return the listed words that are never a name by themselves (enders and common words)."""
    return enders(lang) | lexicon(lang, "common_words") | frozenset(SCRIPT_CUES[lang])


class Words:
    """The word segmentation of one text: ICU's segments and boundaries, with dictionary look-ups."""

    def __init__(self, text: str) -> None:
        """Segment text with ICU (cached per text by textproc.pipeline.word_spans)."""
        self.text = text
        self.spans = word_spans(text)

    @cached_property
    def starts(self) -> list[int]:
        """Return the start offset of every segment, ascending."""
        return [start for start, _ in self.spans]

    @cached_property
    def boundaries(self) -> frozenset[int]:
        """Return every offset where ICU puts a word boundary."""
        return frozenset({0, len(self.text), *self.starts})

    def segment_at(self, pos: int) -> tuple[int, int]:
        """Return the segment that contains offset pos."""
        index = max(0, _bisect_right(self.starts, pos) - 1)
        return self.spans[index] if self.spans else (0, len(self.text))

    def is_known_word(self, start: int, end: int, lang: str) -> bool:
        """Return True when text[start:end] is a word of ICU's dictionary or of the language's lists."""
        word = self.text[start:end]
        return word in dictionary_words(lang) or word in never_alone(lang)

    def opens_word(self, pos: int, lang: str) -> bool:
        """Return True when a word may start at pos: a boundary, or inside text ICU could not find in its dictionary."""
        if pos in self.boundaries:
            return True
        start, end = self.segment_at(pos)
        return not self.is_known_word(start, end, lang)

    def segments_from(self, pos: int, lang: str) -> Iterator[tuple[int, int]]:
        """Yield the segments from pos on; unknown text that pos cuts into is segmented again from pos."""
        if pos not in self.boundaries:
            start, end = self.segment_at(pos)
            run = script_word_regex(SCRIPT_LETTERS[lang]).match(self.text, start)
            stop = max(end, run.end() if run else end)
            for piece_start, piece_end in word_spans(self.text[pos:stop]):
                yield pos + piece_start, pos + piece_end
            pos = stop
        index = _bisect_right(self.starts, pos - 1)
        while index < len(self.spans):
            yield self.spans[index]
            index += 1


def _bisect_right(values: list[int], value: int) -> int:
    """Return the insertion point of value after any equal entries of the sorted list values."""
    low, high = 0, len(values)
    while low < high:
        middle = (low + high) // 2
        if value < values[middle]:
            high = middle
        else:
            low = middle + 1
    return low


def is_script_word(text: str, lang: str) -> bool:
    """Return True when text is made of letters of lang's script only."""
    return bool(text) and script_run_regex(SCRIPT_LETTERS[lang]).fullmatch(text) is not None


def name_span(
    words: Words, pos: int, lang: str, max_groups: int | None = None
) -> tuple[int, int, list[tuple[int, int]], bool] | None:
    """Return (start, end, segments, glued) of the name after a cue ending at pos, or None when none follows."""
    text = words.text
    start = pos
    while start < min(len(text), pos + 3) and text[start] in " \t":
        start += 1
    segments: list[tuple[int, int]] = []
    groups, group_start, cursor = 1, start, start
    pieces = list(_take(words.segments_from(start, lang), 40))
    for index, (seg_start, seg_end) in enumerate(pieces):
        if seg_start < start:
            continue
        if seg_start != cursor:
            break
        piece = text[seg_start:seg_end]
        rest = pieces[index + 1 :]
        if piece in (" ", "\t"):
            if groups >= (max_groups or MAX_GROUPS[lang]) or not segments or not rest:
                break
            if not is_script_word(text[rest[0][0] : rest[0][1]], lang) or ends_name_at_group_start(text, rest, lang):
                break
            groups, group_start, cursor = groups + 1, rest[0][0], seg_end
            continue
        if not is_script_word(piece, lang):
            break
        following = text[rest[0][0] : rest[0][1]] if rest else ""
        checked = (not segments and piece in lexicon(lang, "name_words")) or (groups > 1 and seg_start == group_start)
        unknown_continues = (
            bool(segments) and is_script_word(following, lang) and not words.is_known_word(*rest[0], lang)
        )
        if not (checked or unknown_continues) and ends_name(
            piece, lang, bool(segments), seg_start > group_start, following
        ):
            break
        seg_end = (
            seg_start + len(piece) - (len(glued_ender_suffix(piece, lang)) if is_script_word(following, lang) else 0)
        )
        if seg_end - start > MAX_NAME_CHARS:
            break
        segments.append((seg_start, seg_end))
        cursor = seg_end
        if seg_end < seg_start + len(piece):
            break
    if not segments:
        return None
    return start, segments[-1][1], segments, start == pos


def ends_name(piece: str, lang: str, after_name: bool, inside_group: bool, following: str) -> bool:
    """Return True when the segment piece is not part of a name: a verb, particle or title.

    In Thai and Lao a short function word that closes a space-separated word after name syllables ("บุญ|มา",
    "ພົມ|ມາ") is a name syllable.
    """
    if piece not in enders(lang) and not piece.startswith(SCRIPT_TITLES[lang]):
        return False
    short_final = len(piece) <= SHORT_ENDER.get(lang, 0) and not is_script_word(following, lang)
    return not (after_name and inside_group and short_final)


def glued_ender_suffix(piece: str, lang: str) -> str:
    """Return the verbs and particles that ICU left glued to the end of a Khmer or Burmese segment, or ''.

    ICU joins an unknown name to the word after it ("សោ|បាន" comes out as "សោបាន", "ကြည်|သည်" as one), so
    inside a run of letters known enders are taken off the end of the segment, the name keeping what is left.
    """
    if lang not in GLUED_ENDER_LANGUAGES:
        return ""
    suffixes = sorted((word for word in enders(lang) if len(word) >= 2 or lang == "my"), key=len, reverse=True)
    rest = piece
    while True:
        suffix = next((word for word in suffixes if len(rest) > len(word) and rest.endswith(word)), "")
        if not suffix:
            return piece[len(rest) :]
        rest = rest[: -len(suffix)]


def _take(items: Iterator[tuple[int, int]], count: int) -> Iterator[tuple[int, int]]:
    """Yield at most count items."""
    for index, item in enumerate(items):
        if index >= count:
            return
        yield item


def ends_name_at_group_start(text: str, pieces: list[tuple[int, int]], lang: str) -> bool:
    """Return True when the space-separated word starting at pieces[0] is not part of the name."""
    first = text[pieces[0][0] : pieces[0][1]]
    if first.startswith(SCRIPT_TITLES[lang]) or first.startswith(tuple(SCRIPT_CUES[lang])):
        return True
    if first not in enders(lang):
        minimum = 1 if lang == "km" else 3
        return any(first.startswith(word) for word in enders(lang) if len(word) >= minimum)
    if lang not in SPACED_NAME_LANGUAGES:
        return True
    second = text[pieces[1][0] : pieces[1][1]] if len(pieces) > 1 else ""
    alone = not is_script_word(second, lang)
    return len(first) > SHORT_ENDER.get(lang, 0) or alone or second in enders(lang)


def is_title_at_word(words: Words, start: int, end: int, word: str, lang: str) -> bool:
    """Return True when the title or cue text[start:end] is a word of its own, not part of a longer word."""
    if start not in words.boundaries:
        return False
    return word.endswith(".") or words.opens_word(end, lang)


def previous_word(words: Words, start: int) -> str:
    """Return the segment that ends at start ('' at the beginning)."""
    index = _bisect_right(words.starts, start - 1) - 1
    if index < 0:
        return ""
    seg_start, seg_end = words.spans[index]
    return words.text[seg_start:seg_end] if seg_end == start else ""


def first_word_blocks(words: Words, segments: list[tuple[int, int]], lang: str, title: str) -> bool:
    """Return True when the first word after the title makes it a role, a common word or a function word."""
    text = words.text
    first = text[segments[0][0] : segments[0][1]]
    group = text[segments[0][0] : segments[-1][1]]
    if first in lexicon(lang, "name_words"):
        return False
    if group.startswith(N.TITLE_BLOCKERS.get(lang, ())) or first in never_alone(lang):
        return True
    return title in N.WEAK_TITLES and group.startswith(N.WEAK_TITLE_BLOCKERS)


def is_common_word_alone(words: Words, span: tuple[int, int, list[tuple[int, int]], bool], lang: str) -> bool:
    """Return True when the span is only common words: one listed word, or dictionary words glued to the cue.

    Thai and Lao write a name after "ชื่อ"/"ທ່ານ" with a space or as an unknown word; glued dictionary words there
    are a phrase ("ชื่อยุคสมัย"). Khmer and Burmese names are ordinary words glued to the cue ("ខ្ញុំឈ្មោះឃឹម",
    "លោកសួន" in the khPOS news corpus; Burmese "အောင်" "succeed"), so there only the word lists count.
    """
    start, end, segments, glued = span
    text = words.text
    if text[start:end] in never_alone(lang):
        return True
    if not glued:
        return False
    return lang in SPACED_NAME_LANGUAGES and all(words.is_known_word(start, end, lang) for start, end in segments)


def script_title_spans(text: str) -> list[ScriptCandidate]:
    """Return Thai, Lao, Khmer and Burmese names after titles (นาย, លោក, ທ້າວ, ဦး...) and name cues (ชื่อ, ឈ្មោះ)."""
    found: list[ScriptCandidate] = []
    words: Words | None = None
    for lang in SCRIPT_LETTERS:
        cues = SCRIPT_CUES[lang]
        for match in script_title_regex(lang).finditer(text):
            words = words if words is not None else Words(text)
            word = match.group()
            if not is_title_at_word(words, match.start(), match.end(), word, lang):
                continue
            before = previous_word(words, match.start())
            is_cue = word in cues
            if is_cue and text[: match.start()].rstrip().endswith(N.CUE_BLOCKERS):
                continue
            if not is_cue and (
                before in lexicon(lang, "classifier_preceders") or re.search(r"\d\s*$", text[: match.start()])
            ):
                continue
            if is_cue and script_title_regex(lang).match(
                text, match.end() + (text[match.end() : match.end() + 1] == " ")
            ):
                continue
            span = name_span(words, split_title_end(text, match.end(), word, lang), lang)
            if span is None or first_word_blocks(words, span[2], lang, word):
                continue
            ambiguous = is_cue or word in N.AMBIGUOUS_TITLES or word in N.WEAK_TITLES
            if ambiguous and is_common_word_alone(words, span, lang):
                continue
            if word in N.WEAK_TITLES and not is_weak_title_name(text, span[1], lang):
                continue
            reason = gettext_noop("name after a name cue") if is_cue else gettext_noop("name after a title")
            found.append(ScriptCandidate(span[0], span[1], 0.9, reason, 2))
    return found


def split_title_end(text: str, end: int, word: str, lang: str) -> int:
    """Return where the title ending at end really ends: past the rest of a longer title split by spaces.

    Zero-width spaces count as spaces, so "นาง\u200bสาว\u200bพุก" reads "นาง สาว พุก": the name is พุก, not "สาว พุก".
    """
    start = end
    while start < len(text) and text[start] in " \t":
        start += 1
    for title in SCRIPT_TITLES[lang]:
        if len(title) > len(word) and title.startswith(word) and text.startswith(title[len(word) :], start):
            return start + len(title) - len(word)
    return end


def is_weak_title_name(text: str, end: int, lang: str) -> bool:
    """Return True when the name after a weak title (คุณ, which also means "you") stands alone before a break."""
    return end == len(text) or not letters_regex(lang).match(text[end])


def script_lexicon_candidates(text: str) -> list[ScriptCandidate]:
    """Return untitled Thai, Khmer and Lao names: a common name word followed by a second name word."""
    found: list[ScriptCandidate] = []
    words: Words | None = None
    for lang, letters in SCRIPT_LETTERS.items():
        names = N.SCRIPT_NAME_LEXICON.get(lang, frozenset())
        for match in script_word_regex(letters).finditer(text):
            if match.group() not in names or text[match.end() : match.end() + 1] != " ":
                continue
            words = words if words is not None else Words(text)
            span = name_span(words, match.end(), lang, max_groups=1)
            if span is None or span[0] != match.end() + 1 or first_word_blocks(words, span[2], lang, ""):
                continue
            found.append(ScriptCandidate(match.start(), span[1], 0.6, gettext_noop("common name"), 1))
    return found


def script_name_spans(text: str) -> list[ScriptCandidate]:
    """Return every Thai, Lao, Khmer and Burmese name candidate of text."""
    return [*script_title_spans(text), *script_lexicon_candidates(text)]


def is_word_occurrence(words: Words, start: int, end: int) -> bool:
    """Return True when text[start:end] is not a piece of a longer word of an unspaced script."""
    for lang in SCRIPT_LETTERS:
        letter = letters_regex(lang)
        if letter.match(words.text[start : start + 1]) and not words.opens_word(start, lang):
            return False
        if letter.match(words.text[end - 1 : end]) and end < len(words.text) and not words.opens_word(end, lang):
            return False
    return True
