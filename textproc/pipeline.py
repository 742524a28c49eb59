"""Script-aware text analysis shared by indexing and querying for every search engine.

Every engine (SQLite FTS5, PostgreSQL, Elasticsearch) stores three pre-tokenized, space-joined fields per
document, ``index_fields(text)``, and is queried with ``query(text)``, built by the same functions:

* ``words``  – normalized word tokens (ICU dictionary segmentation for Thai/Lao/Khmer/Myanmar, Unicode word
  boundaries elsewhere); exact forms (Vietnamese with its diacritics).
* ``folded`` – diacritic-stripped, stemmed forms of Latin-script words (``đ`` → ``d``, English Snowball stems
  from PyStemmer: ``traffickers`` and ``trafficking`` → ``traffick``), so "buon ban nguoi" finds "buôn bán
  người" and "traffickers" finds "trafficking" while exact forms, also matching ``words``, rank higher.
  Queried with the folded form of each word typed without diacritics and of each adjacent pair of words.
* ``grams``  – character trigrams of Thai/Lao/Khmer/Myanmar runs; queried as phrases (one per query word and
  one per pair of adjacent query words, at most ``MAX_GRAM_PHRASES``, longest first), i.e. substring matching
  whatever the segmentation of either side.

``query(text)`` returns, per field, phrases: space-joined terms that must be adjacent in that field (most are
one term). OR every phrase of every field and rank by BM25 with ``FIELD_WEIGHTS`` per field. Stopwords are
left out of queries when the query has other words; documents keep every word.

Engine-side analyzers must only split on whitespace; terms hold letters, marks and digits only:

* SQLite: ``CREATE VIRTUAL TABLE t USING fts5(words, folded, grams, tokenize='ascii')``, insert
  ``index_fields(text)``, query ``WHERE t MATCH fts5_match(q) ORDER BY bm25(t, 3.0, 1.0, 3.0)`` (the weights
  of ``FIELD_WEIGHTS`` in column order; ``fts5_match(q, columns)`` accepts other column names or
  ``{title_words body_words}``-style column sets).
* PostgreSQL: store a tsvector literal of the terms with positions (``'term':1A``; one weight class per section:
  title A, body B, label C) instead of ``to_tsvector`` (its parser splits Thai marks); query ``to_tsquery`` of every
  phrase  as ``'t1' <-> 't2'`` OR-ed with ``|``; rank with an IDF-weighted sum of ``ts_rank`` (search.backends.embedded).
* Elasticsearch: three ``text`` fields with the ``whitespace`` analyzer; a ``bool`` ``should`` of one
  ``match_phrase`` per phrase on its field with ``boost`` = ``FIELD_WEIGHTS[field]``.

Word forms of unspaced scripts: a nominalising prefix (Lao ການ/ຄວາມ, Thai การ/ความ, Khmer ការ/សេចក្តី/ភាព)
is always its own word token, on both sides, even where ICU's dictionary keeps the whole noun (Lao ການແຕ່ງງານ →
ການ ແຕ່ງງານ); the prefixes are stopwords, so the query ການແຕ່ງງານ looks for ແຕ່ງງານ, and its pair phrase in
``grams`` (the whole typed form) makes pages with the exact form rank higher.

Snippets with the matched words in ``<mark>`` come from ``textproc.highlight``, which matches with the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from icu4py.breakers import WordBreaker

from textproc.scripts import UNSPACED, UNSPACED_RUN, script_class

__all__ = [
    "FIELDS",
    "FIELD_WEIGHTS",
    "GRAM_SIZE",
    "MAX_GRAM_PHRASES",
    "STOPWORDS",
    "Query",
    "detect_language",
    "fold",
    "fts5_match",
    "index_fields",
    "index_folded",
    "index_grams",
    "index_terms",
    "normalize",
    "query",
    "query_folded",
    "query_grams",
    "query_terms",
    "tokenize",
    "word_spans",
]

FIELDS = ("words", "folded", "grams")
GRAM_SIZE = 3
MAX_GRAM_PHRASES = 6
FIELD_WEIGHTS = {"words": 3.0, "folded": 1.0, "grams": 3.0}

_STOPWORDS_BY_LANGUAGE = {
    "en": (
        "a about after also an and are as at be been before being but by can could did do does for from had has "
        "have he her his how i if in into is it its many much not of on or she should so such than that the their "
        "then there these they this those to was we were what when where which who whom whose why will with would you"
    ),
    "vi": (
        "các cho có của cũng đã đang để đó được gì hay hoặc khi không là mà một này nào nhiêu nhưng những rất "
        "sẽ thì theo trong từ và về với vào bao ở"
    ),
    "th": (
        "ที่ ของ และ ใน มี เป็น ได้ การ ความ ให้ จาก กับ แล้ว ไป มา อะไร ไหน อย่างไร เท่าไร ไหร่ ใคร ทำไม เมื่อไร "
        "กี่ ว่า นี้ นั้น ซึ่ง โดย จะ ก็ ไม่ คือ หรือ อยู่ ถูก แต่ ทำ อัน ผู้ ต่อ เพื่อ เมื่อ ยัง ขึ้น ด้วย แก่ ถึง ตาม"
    ),
    "lo": ("ແລະ ທີ່ ຂອງ ໃນ ມີ ເປັນ ໄດ້ ແມ່ນ ການ ຄວາມ ກັບ ຈາກ ໃຫ້ ຈະ ວ່າ ນີ້ ນັ້ນ ໂດຍ ແຕ່ ຫຼື ຢູ່ ໄປ ມາ ຄື ເພື່ອ ຕໍ່ ແລ້ວ ກໍ ບໍ່ ຫຍັງ ໃຜ ໃສ ເທົ່າໃດ"),
    "km": (
        "និង ការ សេចក្តី សេចក្ដី ភាព នៃ នៅ ជា បាន ដែល ក្នុង មាន ពី ទៅ ថា នេះ នោះ ឬ គឺ ដើម្បី ដោយ ចំពោះ ក៏ ទេ មិន អ្វី ណា ប៉ុន្មាន នរណា ហើយ"
    ),
    "my": "ကို မှ နှင့် တွင် သည် ဖြစ် များ က",
}
# Prefixes that make nouns of verbs and adjectives; split off their word, so "the selling" finds "sell".
NOMINALISERS = ("ການ", "ຄວາມ", "การ", "ความ", "ការ", "សេចក្តី", "សេចក្ដី", "ភាព")
_NOMINALISED = re.compile(f"({'|'.join(NOMINALISERS)})(?=[^\\W\\d_].)")
STOPWORDS = frozenset(word for words in _STOPWORDS_BY_LANGUAGE.values() for word in words.split())
_REMOVED = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DELETE = dict.fromkeys(map(ord, _REMOVED))
_LOCALES = {"th": "th", "lo": "lo", "km": "km", "my": "my", "vi": "vi", "en": "en"}
_VI_LETTERS = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_LATIN_LETTERS = re.compile("[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")
_RECOMPOSE = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32|\u0ecd([\u0ec8-\u0ecb]?)\u0eb2|\u0eab([\u0e99\u0ea1])")
_LAO_HO = {"\u0e99": "\u0edc", "\u0ea1": "\u0edd"}
_LATIN_EXTRA = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def _build_tables() -> tuple[dict[int, str | None], re.Pattern[str], re.Pattern[str]]:
    """Return the digit/zero-width translation table and the word-character and non-word-character patterns."""
    table: dict[int, str | None] = dict(_DELETE)
    ranges: list[list[int]] = []
    for code in range(0x30000):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Nd" and code > 0x7F:
            table[code] = str(unicodedata.digit(char))
        if category[0] in "LNM":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    cls = "".join(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in ranges)
    return table, re.compile(f"[{cls}]+"), re.compile(f"[^{cls}]+")


_TABLE, _WORD_CHAR, _NON_WORD = _build_tables()
_RUN = UNSPACED_RUN
_SCRIPT_PATTERNS = {lang: re.compile(f"[{script_class(lang)}]") for lang in ("th", "lo", "km", "my")}
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2019\u02bc"))
_SCRIPT_SPLIT = re.compile(f"[{UNSPACED}]+|[^{UNSPACED}]+")


def _recompose(match: re.Match[str]) -> str:
    """Return the precomposed Thai/Lao vowel or Lao ligature for a decomposed sequence."""
    if match.group(3):
        return _LAO_HO[match.group(3)]
    if match.group(1) is not None:
        return match.group(1) + "\u0e33"
    return (match.group(2) or "") + "\u0eb3"


def normalize(text: str) -> str:
    """Return text NFKC-normalized, case-folded, without zero-width characters, with ASCII digits and single spaces."""
    text = unicodedata.normalize("NFKC", text.translate(_DELETE)).casefold()
    text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    return " ".join(_RECOMPOSE.sub(_recompose, text).split())


def detect_language(text: str) -> str:
    """Return 'th', 'lo', 'km' or 'my' by dominant script, 'vi' for Vietnamese-marked Latin text, else 'en'."""
    counts = (
        {lang: len(pattern.findall(text)) for lang, pattern in _SCRIPT_PATTERNS.items()} if _RUN.search(text) else {}
    )
    latin = len(_LATIN_LETTERS.findall(text))
    if counts and max(counts.values()) >= max(latin, 1):
        return max(counts, key=counts.__getitem__)
    vietnamese = len(_VI_LETTERS.findall(text))
    if vietnamese and vietnamese * 25 >= latin:
        return "vi"
    return "en"


def _segments(norm: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of word tokens in normalized text."""
    locale = _LOCALES[detect_language(norm)]
    spans = []
    pos = 0
    for piece in WordBreaker(norm, locale):
        end = pos + len(piece)
        if _LETTER_OR_DIGIT.search(piece):
            if _RUN.search(piece) and not _RUN.fullmatch(piece):
                spans.extend(
                    (pos + m.start(), pos + m.end())
                    for m in _SCRIPT_SPLIT.finditer(piece)
                    if _LETTER_OR_DIGIT.search(m.group())
                )
            else:
                spans.append((pos, end))
        pos = end
    return spans


@lru_cache(maxsize=256)
def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return the (start, end) offsets of every ICU word-break segment of text as given (not normalized)."""
    spans = []
    pos = 0
    for piece in WordBreaker(text, _LOCALES[detect_language(text)]):
        spans.append((pos, pos + len(piece)))
        pos += len(piece)
    return tuple(spans)


def _without_nominaliser(token: str) -> list[str]:
    """Return the token, or its nominalising prefix and the rest when it starts with one (ການແຕ່ງງານ → ການ ແຕ່ງງານ)."""
    match = _NOMINALISED.match(token)
    if match is None:
        return [token]
    return [match.group(), token[match.end() :]]


def _words(norm: str) -> list[str]:
    """Return the word tokens of normalized text; apostrophes are dropped, other inner punctuation splits."""
    out = []
    for start, end in _segments(norm):
        token = norm[start:end]
        if _WORD_CHAR.fullmatch(token):
            out.extend(_without_nominaliser(token) if _RUN.fullmatch(token) else [token])
            continue
        for part in _NON_WORD.split(token.translate(_APOSTROPHES)):
            if _LETTER_OR_DIGIT.search(part):
                out.append(part)
    return out


def tokenize(text: str) -> list[str]:
    """Return the normalized word tokens of text, punctuation dropped, numbers kept."""
    return _words(normalize(text))


def _is_latin(token: str) -> bool:
    """Return True if the token contains Latin letters."""
    return _LATIN_LETTERS.search(token) is not None


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """Return a normalized Latin token without diacritics (đ → d) and with a light English plural stem."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", token) if not unicodedata.combining(c))
    stripped = unicodedata.normalize("NFC", stripped.translate(_LATIN_EXTRA))
    return _stem(stripped)


_ENGLISH = Stemmer.Stemmer("english")


def _stem(word: str) -> str:
    """Return the English Snowball (Porter2) stem of an ASCII word of four letters or more, else the word."""
    if len(word) <= 3 or not word.isascii():
        return word
    return _ENGLISH.stemWord(word)


def _folded(words: list[str]) -> list[str]:
    """Return the folded forms of the Latin words."""
    return [fold(word) for word in words if _is_latin(word)]


def _ngrams(run: str) -> list[str]:
    """Return the character n-grams (GRAM_SIZE) of a run, or the run itself when shorter."""
    if len(run) <= GRAM_SIZE:
        return [run]
    return [run[i : i + GRAM_SIZE] for i in range(len(run) - GRAM_SIZE + 1)]


def _runs(norm: str) -> list[str]:
    """Return the runs of unspaced-script letters, marks and digits in normalized text."""
    out = []
    for match in _RUN.finditer(norm):
        out.extend(part for part in _NON_WORD.split(match.group()) if part)
    return out


def _grams(norm: str) -> list[str]:
    """Return the character n-grams of every unspaced-script run in normalized text."""
    out: list[str] = []
    for run in _runs(norm):
        out.extend(_ngrams(run))
    return out


def index_terms(text: str) -> str:
    """Return the space-joined word terms to store in the 'words' field."""
    return " ".join(tokenize(text))


def index_folded(text: str) -> str:
    """Return the space-joined folded Latin terms to store in the 'folded' field."""
    return " ".join(_folded(tokenize(text)))


def index_grams(text: str) -> str:
    """Return the space-joined character n-grams to store in the 'grams' field."""
    return " ".join(_grams(normalize(text)))


def index_fields(text: str) -> dict[str, str]:
    """Return the 'words', 'folded' and 'grams' field values of a document text in one pass."""
    norm = normalize(text)
    words = _words(norm)
    return {"words": " ".join(words), "folded": " ".join(_folded(words)), "grams": " ".join(_grams(norm))}


def _unique(items: list[str]) -> list[str]:
    """Return items without duplicates, first occurrence order kept."""
    return list(dict.fromkeys(items))


def query_terms(text: str) -> list[str]:
    """Return the distinct word terms of a query, stopwords kept (query(text).words is what to match)."""
    return _unique(tokenize(text))


def _query_folded(words: list[str], stop: frozenset[str]) -> list[str]:
    """Return folded forms of Latin non-stopwords typed without diacritics and, as phrases, adjacent pairs of any."""
    phrases = [fold(word) for word in words if word not in stop and word.isascii() and _is_latin(word)]
    for first, second in zip(words, words[1:], strict=False):
        if _is_latin(first) and _is_latin(second) and first not in stop and second not in stop:
            phrases.append(f"{fold(first)} {fold(second)}")
    return _unique(phrases)


def query_folded(text: str) -> list[str]:
    """Return the folded phrases of a query (single terms and adjacent pairs), to be OR-ed on the 'folded' field."""
    return list(query(text).folded)


def _query_grams(norm: str, words: list[str], stop: frozenset[str]) -> list[str]:
    """Return n-gram phrases of unspaced query non-stopwords and adjacent word pairs, the longest MAX_GRAM_PHRASES."""
    phrases = []
    previous = ""
    for word in words:
        if not _RUN.fullmatch(word):
            previous = ""
            continue
        if len(word) >= 2 and word not in stop:
            phrases.append(" ".join(_ngrams(word)))
        if previous and previous + word in norm and not (previous in stop and word in stop):
            phrases.append(" ".join(_ngrams(previous + word)))
        previous = word
    phrases = _unique(phrases)
    if len(phrases) > MAX_GRAM_PHRASES:
        keep = set(sorted(phrases, key=lambda phrase: -phrase.count(" "))[:MAX_GRAM_PHRASES])
        phrases = [phrase for phrase in phrases if phrase in keep]
    return phrases


def query_grams(text: str) -> list[str]:
    """Return space-joined n-gram phrases, each to match as a phrase (adjacent terms) in the 'grams' field."""
    return list(query(text).grams)


@dataclass(frozen=True)
class Query:
    """Phrases of a query per field; each is space-joined terms that must be adjacent; all are OR-ed."""

    words: tuple[str, ...]
    folded: tuple[str, ...]
    grams: tuple[str, ...]

    def __bool__(self) -> bool:
        """Return True if the query has any term."""
        return bool(self.words or self.folded or self.grams)


def _stopwords(words: list[str]) -> frozenset[str]:
    """Return the stopwords to drop from a query: none when every word is one."""
    return STOPWORDS if any(word not in STOPWORDS for word in words) else frozenset()


def query(text: str) -> Query:
    """Return the phrases of a query for all three fields; stopwords are dropped when other words remain."""
    norm = normalize(text)
    words = _words(norm)
    stop = _stopwords(words)
    content = _unique([word for word in words if word not in stop])
    return Query(tuple(content), tuple(_query_folded(words, stop)), tuple(_query_grams(norm, words, stop)))


def _fts5_quote(term: str) -> str:
    """Return term as an FTS5 string."""
    return '"' + term.replace('"', '""') + '"'


def fts5_match(text: str, columns: tuple[str, str, str] = FIELDS) -> str:
    """Return an FTS5 MATCH expression OR-ing all query terms over the words/folded/grams columns ('' if none)."""
    parts = query(text)
    clauses = []
    for column, terms in zip(columns, (parts.words, parts.folded, parts.grams), strict=True):
        if terms:
            clauses.append(f"{column} : ({' OR '.join(_fts5_quote(t) for t in terms)})")
    return " OR ".join(clauses)
