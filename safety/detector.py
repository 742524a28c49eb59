"""Anonymity detector: finds identifying details in English, Khmer, Lao, Thai and Vietnamese text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from re import _constants, _parser

from safety import patterns as P
from safety import patterns_names as N
from safety.patterns import gettext_noop
from safety.script_names import Words, is_word_occurrence, script_name_spans

__all__ = [
    "KINDS",
    "Finding",
    "Numbering",
    "detect",
    "normalize",
    "redact",
    "redact_fields",
    "scan_fields",
]

KINDS = P.KINDS

DROPPED_CHARS = frozenset("\u200c\u200d\u2060\ufeff\u00ad\u180e")
CHAR_MAP = {
    "\u200b": " ",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u3000": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\uff0b": "+",
    "\uff20": "@",
    "\u2019": "'",
}
DIGIT_ZEROS = ("\u0e50", "\u0ed0", "\u17e0", "\uff10", "\u0660", "\u06f0", "\u1040")
CHAR_MAP.update({chr(ord(zero) + digit): str(digit) for zero in DIGIT_ZEROS for digit in range(10)})

CHAR_TABLE = str.maketrans(CHAR_MAP)
DROPPED_RE = re.compile("[" + "".join(sorted(DROPPED_CHARS)) + "]")


@dataclass(frozen=True)
class Finding:
    """An identifying span: kind, exact offsets into the original text, matched text, placeholder and why."""

    kind: str
    start: int
    end: int
    text: str
    placeholder: str
    confidence: float
    reason: str

    def to_dict(self) -> dict:
        """Return the finding as a JSON-serialisable dict."""
        return asdict(self)


@dataclass(frozen=True)
class Candidate:
    """A span found in the normalised text before overlaps are resolved."""

    start: int
    end: int
    kind: str
    confidence: float
    reason: str
    priority: int


@dataclass(frozen=True)
class Normalized:
    """NFC text without zero-width characters, with each character's span in the original text."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original-text offsets covering normalised characters start..end."""
        return self.starts[start], self.ends[end - 1]


def normalize(text: str) -> Normalized:
    """Return the NFC, zero-width-free, ASCII-digit form of text with an offset map back to the original."""
    if not DROPPED_RE.search(text) and unicodedata.is_normalized("NFC", text):
        return Normalized(text.translate(CHAR_TABLE), range(len(text)), range(1, len(text) + 1))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index, length = 0, len(text)
    while index < length:
        stop = index + 1
        while stop < length and unicodedata.category(text[stop]).startswith("M"):
            stop += 1
        cluster = "".join(CHAR_MAP.get(char, char) for char in text[index:stop] if char not in DROPPED_CHARS)
        for char in unicodedata.normalize("NFC", cluster):
            chars.append(CHAR_MAP.get(char, char))
            starts.append(index)
            ends.append(stop)
        index = stop
    return Normalized("".join(chars), tuple(starts), tuple(ends))


def digit_count(value: str) -> int:
    """Return how many decimal digits value contains."""
    return sum(char.isdigit() for char in value)


def value_key(kind: str, value: str) -> str:
    """Return the identity of a value, so differently formatted copies share one placeholder."""
    value = normalize(value).text
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        if value.startswith("00"):
            digits = digits[2:]
        if value.lstrip("( ").startswith(("+", "00")) or (not value.startswith("0") and len(digits) >= 10):
            for code in P.COUNTRY_CODES:
                if digits.startswith(code):
                    digits = digits[len(code) :]
                    break
        return digits.lstrip("0")
    if kind in {"bank_account", "id_number", "passport", "case_number", "vehicle_plate"}:
        return re.sub(r"[\W_]", "", value).casefold()
    if kind == "social_media":
        key = re.sub(r"^(?:https?://)?(?:(?:www|m|mbasic|web|mobile)\.)?", "", value.casefold())
        return key.lstrip("@").rstrip("/")
    return " ".join(value.casefold().split())


class Numbering:
    """Assigns consistent placeholders: the same value always gets the same number within one document."""

    def __init__(self) -> None:
        """Start with no values numbered."""
        self._numbers: dict[tuple[str, str], int] = {}
        self._counts: dict[str, int] = {}

    def placeholder(self, kind: str, value: str) -> str:
        """Return the placeholder for value, numbering it if it is new."""
        label = P.PLACEHOLDER_LABELS[kind]
        if kind in P.UNNUMBERED_KINDS:
            return f"[{label}]"
        key = (kind, value_key(kind, value))
        if key not in self._numbers:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            self._numbers[key] = self._counts[kind]
        return f"[{label} {self._numbers[key]}]"


# ----------------------------------------------------------------------------- rule checks


def check_not_hotline(text: str, start: int, end: int) -> bool:
    """Return False for public hotline numbers."""
    return re.sub(r"\D", "", text[start:end]) not in P.PUBLIC_HOTLINES


def check_not_amount(text: str, start: int, end: int) -> bool:
    """Return False when the number is followed or preceded by a currency word or percent sign."""
    after = text[end : end + 12].lstrip().casefold()
    before = text[max(0, start - 5) : start].rstrip().casefold()
    for word in P.CURRENCY_WORDS:
        if after.startswith(word) and not after[len(word) : len(word) + 1].isalpha():
            return False
    return not before.endswith(P.CURRENCY_SIGNS)


def check_has_digit(text: str, start: int, end: int) -> bool:
    """Return True when the value contains a digit."""
    return digit_count(text[start:end]) > 0


def check_has_letter(text: str, start: int, end: int) -> bool:
    """Return True when the value contains a letter."""
    return any(char.isalpha() for char in text[start:end])


def check_latlon(text: str, start: int, end: int) -> bool:
    """Return True when the pair is a valid latitude/longitude."""
    numbers = re.findall(r"-?\d+\.\d+", text[start:end])
    return len(numbers) == 2 and abs(float(numbers[0])) <= 90 and abs(float(numbers[1])) <= 180


def check_plate_letters(text: str, start: int, end: int) -> bool:
    """Return False when the letters are a common Thai or Lao word rather than plate letters."""
    letters = re.sub(rf"[^{P.THAI_CONSONANT}{P.LAO_CONSONANT}]", "", text[start:end])
    return letters not in P.PLATE_LOOKALIKE_WORDS


def check_not_reference(text: str, start: int, end: int) -> bool:
    """Return False for numbers labelled as ISBN, ISSN, DOI or other document references."""
    return not text[max(0, start - 12) : start].casefold().rstrip(" :#.-").endswith(P.REFERENCE_WORDS)


def check_handle_or_phone(text: str, start: int, end: int) -> bool:
    """Return True for an @handle or a number long enough to be a phone number."""
    value = text[start:end]
    return value.startswith("@") or 8 <= digit_count(value) <= 15


CHECKS: dict[str, Callable[[str, int, int], bool]] = {
    "not_hotline": check_not_hotline,
    "not_amount": check_not_amount,
    "has_digit": check_has_digit,
    "has_letter": check_has_letter,
    "latlon": check_latlon,
    "plate_letters": check_plate_letters,
    "not_reference": check_not_reference,
    "handle_or_phone": check_handle_or_phone,
}

_CLASSES = {
    _constants.CATEGORY_DIGIT: r"\d",
    _constants.CATEGORY_SPACE: r"\s",
    _constants.CATEGORY_WORD: r"\w",
}
_COMMON_MARKS = frozenset(" .,;:-'\"()\n")  # punctuation most texts hold
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)


def _class_needed(item) -> frozenset[str] | None:
    """Return the character class (as a set of class pieces) one of whose characters every match of this parsed
    regex item needs in the text, or None when it needs none (it may match nothing, or anything)."""
    op, value = item
    if op is _constants.LITERAL:
        return frozenset([f"\\U{value:08x}"])
    if op is _constants.IN:
        pieces = set()
        for member, argument in value:
            if member is _constants.LITERAL:
                pieces.add(f"\\U{argument:08x}")
            elif member is _constants.RANGE:
                pieces.add(f"\\U{argument[0]:08x}-\\U{argument[1]:08x}")
            elif member is _constants.CATEGORY and argument in _CLASSES:
                pieces.add(_CLASSES[argument])
            else:  # a negated set or category: almost any character
                return None
        return frozenset(pieces)
    if op is _constants.SUBPATTERN:
        return _sequence_needs(value[3])
    if op is _constants.ATOMIC_GROUP:
        return _sequence_needs(value)
    if op is _constants.ASSERT:  # a lookahead or lookbehind must match the text around the match
        return _sequence_needs(value[1])
    if op is _constants.BRANCH:
        branches = [_sequence_needs(branch) for branch in value[1]]
        return None if any(needs is None for needs in branches) else frozenset().union(*branches)
    if op in _REPEATS and value[0] >= 1:
        return _sequence_needs(value[2])
    return None


def _cost(pieces: frozenset[str]) -> int:
    """Return how common a character of the class is likely to be in text (lower: a better pre-filter)."""
    if "\\w" in pieces or "\\s" in pieces:
        return 1_000_000
    total = 0
    for piece in pieces:
        if piece == "\\d":
            total += 10
        elif "-" in piece:
            total += 20 * (int(piece[-8:], 16) - int(piece[2:10], 16) + 1)
        else:
            char = chr(int(piece[2:], 16))
            total += 20 if char.isalpha() else 40 if char in _COMMON_MARKS else 1
    return total


def _sequence_needs(items) -> frozenset[str] | None:
    """Return the rarest class one of whose characters a match of the sequence needs (each item must match)."""
    found = [needs for needs in map(_class_needed, items) if needs is not None]
    return min(found, key=_cost) if found else None


def needed_characters(pattern: str, flags: int = 0) -> re.Pattern | None:
    """Return a regex of the characters one of which a text must hold for pattern to match in it, or None.

    A cheap test before the rule itself (safety's rules need a digit, an "@" or a keyword's first letter somewhere):
    a text without any of them is not searched. Found by reading the pattern's parse tree (``re._parser``, the
    standard library's own parser): literals, sets, groups, alternatives, lookarounds and repeats of at least one;
    the test is compiled case-insensitively, so it holds at least every character the rule matches.
    """
    needs = _sequence_needs(_parser.parse(pattern, flags))
    if needs is None or _cost(needs) >= 1_000_000:
        return None
    return re.compile("[" + "".join(sorted(needs)) + "]", re.IGNORECASE)


COMPILED_RULES = tuple(
    (rule, re.compile(rule.pattern, rule.flags), needed_characters(rule.pattern, rule.flags)) for rule in P.RULES
)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span without surrounding spaces and trailing punctuation, keeping balanced brackets."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in P.TRAILING_PUNCTUATION):
        if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
            break
        end -= 1
    return start, end


def rule_candidates(text: str) -> list[Candidate]:
    """Return candidates from every regex rule that pass the rule's checks."""
    found = []
    present: dict[re.Pattern, bool] = {}  # whether the text holds one of a pre-filter's characters
    for rule, regex, needed in COMPILED_RULES:
        if needed is not None:
            if needed not in present:
                present[needed] = needed.search(text) is not None
            if not present[needed]:
                continue
        for match in regex.finditer(text):
            span = match.span("v") if "v" in regex.groupindex and match.group("v") else match.span()
            start, end = trim(text, *span)
            if end <= start:
                continue
            if rule.digits and not rule.digits[0] <= digit_count(text[start:end]) <= rule.digits[1]:
                continue
            if all(CHECKS[name](text, start, end) for name in rule.checks):
                found.append(Candidate(start, end, rule.kind, rule.confidence, rule.reason, rule.priority))
    return found


# ----------------------------------------------------------------------------- person names

LATIN_WORD = re.compile(r"[^\W\d_](?:[\w'\-]*[^\W_])?")
LATIN_TITLE_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(title) for title in sorted(N.LATIN_TITLES, key=len, reverse=True))
    + r")\.?[ \t]+"
    + r"|(?<![\w])(?i:"
    + "|".join(sorted(N.VIETNAMESE_TITLES, key=len, reverse=True))
    + r")[ \t]+"
    + r"|(?<![\w])(?i:"
    + "|".join(re.escape(cue) for cue in sorted(N.LATIN_CUES, key=len, reverse=True))
    + r")[ \t]+"
)
LATIN_ROLE_RE = re.compile(
    r"(?<!\w)(?i:" + "|".join(re.escape(cue) for cue in N.LATIN_ROLE_CUES) + r")(?:[ \t]*,)?[ \t]+"
)
NAME_GAP = re.compile(r"[ \t]+\n?[ \t]*|\n[ \t]*")
LATIN_EDGE = re.compile(r"[A-Za-z0-9À-ỹ]")
SURNAMES = N.VIETNAMESE_SURNAMES | N.ROMANIZED_SURNAMES
SCRIPT_LETTER_RE = re.compile(f"[{P.THAI}{P.LAO}{P.KHMER}{P.MYANMAR}]")


def is_name_word(word: str, strict: bool = False) -> bool:
    """Return True for a capitalised word that can be part of a Latin-script name (strict: not a nationality)."""
    folded = word.casefold()
    return (
        word[:1].isupper() and folded not in N.LATIN_NAME_STOPWORDS and not (strict and folded in N.NATIONALITY_WORDS)
    )


def latin_name_after(text: str, pos: int, limit: int = 4, strict: bool = False) -> tuple[int, int] | None:
    """Return the span of up to limit capitalised name words starting at pos."""
    start = end = pos
    words = 0
    while words < limit:
        gap = NAME_GAP.match(text, end) if words else None
        if words and (not gap or (words > 1 and "\n" in gap.group())):
            break
        match = LATIN_WORD.match(text, gap.end() if gap else end)
        if not match or not is_name_word(match.group(), strict):
            break
        end = match.end()
        words += 1
    return (start, end) if words else None


def latin_title_candidates(text: str) -> list[Candidate]:
    """Return names after Latin-script titles (Mr, Ms, Dr, ông, chị...) and cue words (named, tên là)."""
    found = []
    for match in LATIN_TITLE_RE.finditer(text):
        span = latin_name_after(text, match.end())
        if span and f"{match.group().strip()} {text[span[0] : span[1]]}".casefold() not in N.TITLED_PLACE_NAMES:
            found.append(Candidate(*span, "person", 0.9, gettext_noop("name after a title"), 2))
    for match in LATIN_ROLE_RE.finditer(text):
        span = latin_name_after(text, match.end(), strict=True)
        if span and len(text[span[0] : span[1]].split()) >= 2:
            found.append(Candidate(*span, "person", 0.7, gettext_noop("name after a role word"), 1))
    return found


def lexicon_candidates(text: str) -> list[Candidate]:
    """Return untitled Latin-script names that start with a common regional surname."""
    found = []
    for match in LATIN_WORD.finditer(text):
        first = match.group()
        given = first.casefold() in N.ROMANIZED_GIVEN_NAMES
        if not first[:1].isupper() or not (given or first.casefold() in SURNAMES):
            continue
        if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] in "'-"):
            continue
        span = latin_name_after(text, match.start(), strict=True)
        if not span:
            continue
        value = text[span[0] : span[1]]
        previous = text[max(0, match.start() - 40) : match.start()].split()[-1:] or [""]
        if len(value.split()) < (1 if given else 2) or previous[0].casefold() in N.LATIN_PLACE_CUES:
            continue
        if any(place in value.casefold() for place in N.LATIN_PLACE_NAMES):
            continue
        found.append(Candidate(*span, "person", 0.6, gettext_noop("common regional name"), 1))
    return found


def script_candidates(text: str) -> list[Candidate]:
    """Return Thai, Lao, Khmer and Burmese names found by words (see safety.script_names)."""
    return [Candidate(c.start, c.end, "person", c.confidence, c.reason, c.priority) for c in script_name_spans(text)]


@lru_cache(maxsize=64)
def watch_regex(names: tuple[str, ...]) -> re.Pattern | None:
    """Return one regex matching any watched name, whitespace-tolerant and case-insensitive."""
    parts = []
    cleaned = {" ".join(normalize(name).text.split()) for name in names if name and len(name.strip()) >= 2}
    for name in sorted(cleaned, key=len, reverse=True):
        body = r"\s+".join(re.escape(piece) for piece in name.split())
        prefix = r"(?<!\w)" if LATIN_EDGE.match(name) else ""
        suffix = r"(?!\w)" if LATIN_EDGE.match(name[-1:]) else ""
        parts.append(prefix + body + suffix)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def watch_candidates(text: str, watch_names: Iterable[str]) -> list[Candidate]:
    """Return every occurrence of a watched name."""
    regex = watch_regex(tuple(watch_names))
    if regex is None:
        return []
    return [
        Candidate(match.start(), match.end(), "person", 1.0, gettext_noop("name on the watch list"), 4)
        for match in regex.finditer(text)
    ]


# ----------------------------------------------------------------------------- assembly


def resolve(candidates: Iterable[Candidate], length: int) -> list[Candidate]:
    """Return non-overlapping candidates, preferring higher priority, then longer spans, then confidence."""
    covered = bytearray(length)
    chosen = []
    for cand in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), -c.confidence, c.start)):
        if not any(covered[cand.start : cand.end]):
            covered[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def is_word_char(char: str) -> bool:
    """Return True for a character that regex \\w would match."""
    return char.isalnum() or char == "_"


def value_spans(text: str, values: Iterable[str]) -> Iterable[tuple[int, int, str]]:
    """Yield (start, end, value) for each case-insensitive occurrence of the values, longest first, word-bounded."""
    folded = text.lower()
    same_length = len(folded) == len(text)
    for value in sorted(set(values), key=len, reverse=True):
        check_start, check_end = bool(LATIN_EDGE.match(value)), bool(LATIN_EDGE.match(value[-1:]))
        if same_length and len(value.lower()) == len(value):
            needle, positions = value.lower(), []
            pos = folded.find(needle)
            while pos != -1:
                positions.append(pos)
                pos = folded.find(needle, pos + 1)
            spans = ((pos, pos + len(value)) for pos in positions)
        else:
            spans = (m.span() for m in re.finditer(re.escape(value), text, re.IGNORECASE))
        for start, end in spans:
            if check_start and start and is_word_char(text[start - 1]):
                continue
            if check_end and end < len(text) and is_word_char(text[end]):
                continue
            yield start, end, value


def propagate(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Return extra candidates for further occurrences of values found, never a piece of a longer unspaced word."""
    covered = bytearray(len(text))
    by_value: dict[str, Candidate] = {}
    for cand in chosen:
        covered[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        value = text[cand.start : cand.end]
        if len(value) >= 4:
            by_value.setdefault(value.casefold(), cand)
    extra = []
    words = Words(text) if by_value and SCRIPT_LETTER_RE.search(text) else None
    for start, end, value in value_spans(text, [text[c.start : c.end] for c in by_value.values()]):
        if any(covered[start:end]) or (words is not None and not is_word_occurrence(words, start, end)):
            continue
        covered[start:end] = b"\x01" * (end - start)
        cand = by_value[value.casefold()]
        extra.append(
            replace(
                cand,
                start=start,
                end=end,
                confidence=min(cand.confidence, 0.8),
                reason=gettext_noop("repeat of a value found elsewhere"),
            )
        )
    return extra


def detect_normalized(norm: Normalized, watch_names: Iterable[str] = ()) -> list[Candidate]:
    """Return resolved candidates for normalised text."""
    text = norm.text
    candidates = [
        *rule_candidates(text),
        *latin_title_candidates(text),
        *lexicon_candidates(text),
        *script_candidates(text),
        *watch_candidates(text, watch_names),
    ]
    chosen = resolve(candidates, len(text))
    return sorted(chosen + propagate(text, chosen), key=lambda c: c.start)


def detect(text: str, watch_names: Iterable[str] = (), numbering: Numbering | None = None) -> list[Finding]:
    """Return the identifying findings in text, ordered by position, with consistent placeholders."""
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    numbering = numbering if numbering is not None else Numbering()
    watch_names = [watch_names] if isinstance(watch_names, str) else list(watch_names or ())
    norm = normalize(text)
    findings = []
    for cand in detect_normalized(norm, tuple(watch_names)):
        start, end = norm.original_span(cand.start, cand.end)
        value = text[start:end]
        findings.append(
            Finding(cand.kind, start, end, value, numbering.placeholder(cand.kind, value), cand.confidence, cand.reason)
        )
    return findings


def redact(text: str, findings: Iterable[Finding]) -> str:
    """Return text with each finding, and every other occurrence of its value, replaced by its placeholder."""
    findings = list(findings)
    numbering = Numbering()
    placeholders: dict[str, str] = {}
    covered = bytearray(len(text))
    spans: list[tuple[int, int, str]] = []
    for finding in sorted(findings, key=lambda f: (-(f.end - f.start), f.start)):
        if text[finding.start : finding.end] != finding.text:
            raise ValueError(f"finding {finding.text!r} does not match the text at {finding.start}:{finding.end}")
        placeholder = finding.placeholder or numbering.placeholder(finding.kind, finding.text)
        value = normalize(finding.text).text.strip()
        if len(value) >= 2:
            placeholders.setdefault(value, placeholder)
        if not any(covered[finding.start : finding.end]):
            covered[finding.start : finding.end] = b"\x01" * (finding.end - finding.start)
            spans.append((finding.start, finding.end, placeholder))
    norm = normalize(text)
    for norm_start, norm_end, value in value_spans(norm.text, placeholders):
        start, end = norm.original_span(norm_start, norm_end)
        if not any(covered[start:end]):
            covered[start:end] = b"\x01" * (end - start)
            spans.append((start, end, placeholders[value]))
    parts, position = [], 0
    for start, end, placeholder in sorted(spans):
        parts += [text[position:start], placeholder]
        position = end
    return "".join([*parts, text[position:]])


def scan_fields(fields: Mapping[str, str | None], watch_names: Iterable[str] = ()) -> dict[str, list[Finding]]:
    """Return findings per field of one document, numbered consistently across all its fields."""
    numbering = Numbering()
    names = (watch_names,) if isinstance(watch_names, str) else tuple(watch_names or ())
    return {name: detect(value or "", names, numbering) for name, value in fields.items()}


def redact_fields(fields: Mapping[str, str | None], watch_names: Iterable[str] = ()) -> dict[str, str]:
    """Return each field of one document redacted, with placeholders shared across fields."""
    found = scan_fields(fields, watch_names)
    return {name: redact(value or "", found[name]) for name, value in fields.items()}
