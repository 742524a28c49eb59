"""Detection rules per kind: value shapes, built with the keywords and word lists of safety/lexicons/."""

import re
import unicodedata
from dataclasses import dataclass

from safety.lexicon import entries, lexicon, merged, merged_table, table


def gettext_noop(message: str) -> str:
    """Return the message unchanged; marks it for translation extraction without needing Django settings."""
    return message


KINDS = (
    "person",
    "phone",
    "email",
    "passport",
    "id_number",
    "case_number",
    "birth_date",
    "address",
    "vehicle_plate",
    "gps",
    "bank_account",
    "social_media",
)

PLACEHOLDER_LABELS = {
    "person": "PERSON",
    "phone": "PHONE",
    "email": "EMAIL",
    "passport": "PASSPORT",
    "id_number": "ID NUMBER",
    "case_number": "CASE NUMBER",
    "birth_date": "BIRTH DATE",
    "address": "LOCATION",
    "vehicle_plate": "PLATE",
    "gps": "LOCATION",
    "bank_account": "ACCOUNT",
    "social_media": "SOCIAL MEDIA",
}

UNNUMBERED_KINDS = frozenset({"address", "gps"})

PUBLIC_HOTLINES = frozenset(number for number, _countries, _service in table("any", "public_hotlines"))

COUNTRY_CODES = tuple(code for code, _country in table("any", "country_calling_codes"))

# Words after a number (CURRENCY_WORDS) or before it (CURRENCY_SIGNS) that make it an amount.
CURRENCY_WORDS = tuple(word for word, side in merged_table("currency_words") if side in {"after", "both"})
CURRENCY_SIGNS = tuple(word for word, side in merged_table("currency_words") if side in {"before", "both"})

# Two-consonant Thai/Lao words and sloppy abbreviations (พศ for พ.ศ.) that look like plate letters.
PLATE_LOOKALIKE_WORDS = lexicon("th", "plate_lookalike_words") | lexicon("lo", "plate_lookalike_words")

REFERENCE_WORDS = entries("en", "reference_words")

TRAILING_PUNCTUATION = ".,;:!?)]}>'\"។៕、。"

THAI = "\u0e01-\u0e4e"
THAI_CONSONANT = "\u0e01-\u0e2e"
LAO = "\u0e81-\u0ece\u0edc-\u0edf"  # letters, with ໜ ໝ ໞ ໟ (Lao digits are not letters)
LAO_CONSONANT = "\u0e81-\u0eae"
KHMER = "\u1780-\u17d3\u17dd"
MYANMAR = "\u1000-\u103f\u1050-\u109f"
ALNUM_EDGE = "0-9A-Za-z"


def alt(words) -> str:
    """Return a non-capturing regex alternation of the escaped words, longest first.

    A lookahead on the words' first characters comes first: a position no word can start at is passed over at
    once instead of trying every word there (the same matches, found faster).
    """
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(word).replace(r"\ ", r"\s*") for word in ordered)
    if not ordered or any(not word or word[0].isspace() for word in ordered):
        return "(?:" + body + ")"
    firsts = "".join(re.escape(first) for first in sorted({word[0] for word in ordered}))
    return f"(?:(?=[{firsts}])(?:{body}))"


def is_latin_letter(char: str) -> bool:
    """Return True for a letter of the Latin script (English or Vietnamese)."""
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN")


def whole_word(word: str) -> str:
    """Return the escaped word with a word boundary at each end that is a Latin letter (r"\\bno\\." for "no.")."""
    start = r"\b" if is_latin_letter(word[0]) else ""
    end = r"\b" if is_latin_letter(word[-1]) else ""
    return start + re.escape(word) + end


def words_with_role(name: str, role: str) -> list[tuple[str, ...]]:
    """Return the rows of every language's table called name whose second column lists role."""
    return [row for row in merged_table(name) if role in row[1].split()]


@dataclass(frozen=True)
class Rule:
    """A regex rule yielding candidate findings of one kind; group ``v`` (if any) is the value."""

    name: str
    kind: str
    pattern: str
    confidence: float
    reason: str
    priority: int = 2
    digits: tuple[int, int] | None = None
    checks: tuple[str, ...] = ()
    flags: int = re.IGNORECASE


def keyword_lists() -> dict[str, tuple[str, ...]]:
    """Return the keywords of each kind, from every language's keywords table (keyword, kind)."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for keyword, kind in merged_table("keywords"):
        if kind not in found:
            raise ValueError(f"keywords table: {keyword!r} has the unknown kind {kind!r}")
        found[kind].append(keyword)
    return {kind: tuple(words) for kind, words in found.items() if words}


KEYWORDS = keyword_lists()
# Brand names that are also common words ("line", "wing"): only these spellings count.
CASE_SENSITIVE_KEYWORDS = {
    keyword: "(?-i:" + "|".join(spellings.split()) + ")"
    for keyword, spellings in table("any", "case_sensitive_keywords")
}


def keywords(kind: str) -> str:
    """Return the keyword alternation of one kind, with case-sensitive brand words where needed."""
    words = [word for word in KEYWORDS[kind] if word not in CASE_SENSITIVE_KEYWORDS]
    extra = [CASE_SENSITIVE_KEYWORDS[word] for word in KEYWORDS[kind] if word in CASE_SENSITIVE_KEYWORDS]
    return "(?i:" + "|".join([alt(words), *extra]) + ")"


def blocked_gap(kind: str, length: int) -> str:
    """Return a lazy gap of non-digits that does not cross a sentence or another kind's keyword."""
    others = [word for other, words in KEYWORDS.items() if other != kind for word in words if len(word) > 3]
    stop = alt(others) + r"|(?-i:\.\s+[A-Z])|[។!?;\n]"
    return rf"(?:(?!{stop})[^\d\n]){{0,{length}}}?"


KW_EDGE = r"(?<![A-Za-z])"
KW_END = r"(?![a-z])"

MONTHS_EN = "|".join(entries("en", "months"))
MONTHS_TH = alt(entries("th", "months"))
MONTHS_KM = alt(entries("km", "months"))
MONTHS_LO = alt(entries("lo", "months"))
# Words before the year of a date (the Buddhist era พ.ศ., "year") and between a birth keyword and the date ("on").
YEAR_WORDS = [word for word, _role in words_with_role("date_words", "year")]
YEAR_PREFIX = r"(?:(?:" + "|".join(re.escape(word) for word in sorted(YEAR_WORDS, key=len, reverse=True)) + r")\s*)?"
BIRTH_DATE_WORDS = "|".join(re.escape(word) for word, _role in words_with_role("date_words", "birth"))
DATE = (
    r"(?:(?:19|20|25)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}(?!\d)"
    r"|\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s*(?:of\s+)?(?:(?:{MONTHS_EN})\.?|{MONTHS_TH}|(?:ខែ\s*)?{MONTHS_KM}|(?:ເດືອນ\s*)?{MONTHS_LO})"
    rf",?\s*{YEAR_PREFIX}\d{{2,4}}(?!\d)"
    rf"|(?:{MONTHS_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?!\d)"
    r"|\d{1,2}\s+tháng\s+\d{1,2},?\s+năm\s+\d{4}(?!\d)"
    rf"|(?:(?:{MONTHS_EN})\.?|{MONTHS_TH}|(?:ខែ\s*)?{MONTHS_KM}|(?:ເດືອນ\s*)?{MONTHS_LO}),?\s*{YEAR_PREFIX}\d{{4}}(?!\d)"
    r"|tháng\s+\d{1,2}(?:\s+năm\s+|/)\d{4}(?!\d)"
    r"|(?:19|20|25)\d{2}(?![\ds]))"
)

PHONE_SEP = r"[ .\-\u00a0]"
CALLING_CODES = "|".join(COUNTRY_CODES)
KH_PROVINCES = alt(entries("km", "plate_provinces"))
SOCIAL_DOMAINS = alt(entries("any", "social_domains"))
# Words between a messaging app's name and a handle or number (connector), before a profile name (name) or before a
# quoted page or profile name (page).
SOCIAL_CONNECTOR = (
    r"(?i:\s*(?:[:：\-–]|"
    + "|".join(whole_word(word) for word, _roles in words_with_role("social_words", "connector"))
    + r"))*\s*"
)
NAME_INTRO = (
    r"(?i:\s*(?:[:：]|"
    + "|".join(whole_word(word) for word, _roles in words_with_role("social_words", "name"))
    + r")\s*)+"
)
PAGE_WORDS = "|".join(re.escape(word) for word, _roles in words_with_role("social_words", "page"))
LATIN_NAME_WORD = r"[A-ZÀ-ÝĐƠƯẠ-Ỹ][\w'’\-]*"

ADDRESS_COMPONENT = (
    r"(?:(?:Street|St\.?|Road|Rd\.?|Soi|Lane|Alley|Avenue|Ave\.?|Moo|Group|Unit)\s*\d+[A-Za-z]?"
    r"|(?:Soi|Street|Road|Lane)\s+[A-Z][\w\-]*(?:\s\d+)?"
    r"|[A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?\s(?:Road|Street|Avenue|Boulevard|Blvd|Highway|Lane)\b"
    rf"|(?:หมู่(?:ที่)?|ม\.)\s*\d+|(?:ซอย|ซ\.)\s*[{THAI}]*(?:\s?\d+(?:/\d+)?)?|(?:ถนน|ถ\.)\s*[{THAI}]+"
    r"|ផ្លូវ(?:លេខ)?\s*\d+[A-Za-z]?|ក្រុម(?:ទី)?\s*\d+"
    rf"|(?:ໜ່ວຍ(?:ທີ)?|ຮ່ອມ)\s*\d+|ຖະໜົນ\s*[{LAO}]+"
    rf"|(?:đường|phố|ngõ|ngách|hẻm|kiệt|tổ)\s+(?:số\s+)?(?:\d+[A-Za-z]?(?:/\d+)?|{LATIN_NAME_WORD}(?:\s{LATIN_NAME_WORD}){{0,3}}))"
)
HOUSE_NUMBER = r"\d+[A-Za-z]?(?:/\d+)*"
STRONG_ADDRESS_ANCHOR = "(?i:" + alt(merged("house_number_words")) + ")"


def address_words(role: str) -> str:
    """Return the alternation of the address words of one role, case-insensitive where their case is 'any'."""
    words = words_with_role("address_words", role)
    return "|".join(whole_word(word) if case == "exact" else f"(?i:{whole_word(word)})" for word, _roles, case in words)


# Words before a house number ("No.", "ที่อยู่"; and the sign #) and address labels before a house number and street.
WEAK_ADDRESS_ANCHOR = r"(?:" + address_words("number") + r"|#)\s*:?"
ADDRESS_LABEL = address_words("label")

RULES = (
    Rule(
        "email",
        "email",
        r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9])",
        0.99,
        gettext_noop("email address"),
    ),
    Rule(
        "social_url",
        "social_media",
        rf"(?<![\w.@/])(?:https?://)?(?:(?:www|m|mbasic|web|mobile)\.)?{SOCIAL_DOMAINS}/[^\s<>\"'，。、]+",
        0.98,
        gettext_noop("social-media or messaging link"),
    ),
    Rule(
        "social_keyword_handle",
        "social_media",
        rf"{KW_EDGE}{keywords('social_media')}{SOCIAL_CONNECTOR}(?P<v>@[A-Za-z0-9_][A-Za-z0-9_.]{{1,31}}"
        r"|\+?\(?\d[\d .\-()]{6,16}\d)",
        0.95,
        gettext_noop("handle or number next to a messaging app name"),
        priority=3,
        checks=("handle_or_phone",),
    ),
    Rule(
        "social_keyword_id",
        "social_media",
        rf"{KW_EDGE}(?:{keywords('social_media')}\s*(?:id|ไอดี)|ไอดี\s*ไลน์|line\s*id)(?![a-z])\s*[:：]?\s*"
        r"(?P<v>@?[A-Za-z][A-Za-z0-9_.\-]{2,31})(?![\w@])",
        0.95,
        gettext_noop("messaging ID"),
        priority=3,
    ),
    Rule(
        "social_keyword_named",
        "social_media",
        rf"{KW_EDGE}{keywords('social_media')}(?:\s+(?:page|account|profile))?{NAME_INTRO}"
        rf"(?P<v>(?:{LATIN_NAME_WORD})(?:[ \u00a0](?:{LATIN_NAME_WORD}|\d+)){{0,4}}|[{THAI}]+|[{KHMER}]+(?:\s[{KHMER}]+)?|[{LAO}]+)",
        0.85,
        gettext_noop("profile name next to a social-media name"),
        priority=3,
        flags=0,
    ),
    Rule(
        "social_keyword_quoted",
        "social_media",
        rf"{KW_EDGE}{keywords('social_media')}(?i:\s*(?:{PAGE_WORDS}))*"
        r"\s*[:：]?\s*[\"“«'](?P<v>[^\"”»'\n]{2,60})[\"”»']",
        0.9,
        gettext_noop("quoted page or profile name next to a social-media name"),
        priority=3,
    ),
    Rule(
        "social_keyword_token",
        "social_media",
        rf"{KW_EDGE}{keywords('social_media')}{SOCIAL_CONNECTOR}(?P<v>[A-Za-z][A-Za-z0-9]*[_.][A-Za-z0-9_.]+|[a-z]+\d+[a-z0-9_]*)(?![\w@])",
        0.8,
        gettext_noop("user name next to a messaging app name"),
        priority=3,
        flags=0,
    ),
    Rule(
        "handle",
        "social_media",
        r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,30}[A-Za-z0-9_])(?![\w@])",
        0.7,
        gettext_noop("@handle"),
        priority=1,
    ),
    Rule(
        "bank_keyword",
        "bank_account",
        rf"{KW_EDGE}{keywords('bank_account')}{KW_END}{blocked_gap('bank_account', 40)}"
        r"(?<![\d,.])(?P<v>\d+(?:[ \-]\d+)*)(?![\d,.]\d)",
        0.9,
        gettext_noop("account number next to a bank or e-wallet name"),
        priority=3,
        digits=(6, 20),
        checks=("not_amount",),
    ),
    Rule(
        "passport_keyword",
        "passport",
        rf"{KW_EDGE}{keywords('passport')}{blocked_gap('passport', 40)}"
        r"(?<![A-Za-z0-9])(?P<v>[A-Z]{1,2}[ \-]?\d{6,8}|\d{8,9})(?![A-Za-z0-9])",
        0.95,
        gettext_noop("number next to a passport word"),
        priority=3,
        flags=0,
    ),
    Rule(
        "passport_shape",
        "passport",
        r"(?<![A-Za-z0-9\-])[A-Z]{1,2}\d{7,8}(?![A-Za-z0-9\-])",
        0.6,
        gettext_noop("passport number format"),
        priority=1,
        flags=0,
        checks=("not_reference",),
    ),
    Rule(
        "id_keyword",
        "id_number",
        rf"{KW_EDGE}{keywords('id_number')}{blocked_gap('id_number', 30)}"
        r"(?<![A-Za-z0-9])(?P<v>[A-Z]{0,2}\d(?:[ \-]?\d){5,16})(?![A-Za-z0-9])",
        0.95,
        gettext_noop("number next to an identity-card word"),
        priority=3,
        digits=(6, 17),
        checks=("not_amount",),
    ),
    Rule(
        "thai_id",
        "id_number",
        r"(?<![\d\-])\d[ \-]\d{4}[ \-]\d{5}[ \-]\d{2}[ \-]\d(?![\d\-])",
        0.95,
        gettext_noop("Thai national ID format"),
    ),
    Rule(
        "id_13_digits",
        "id_number",
        rf"(?<![{ALNUM_EDGE}])\d{{13}}(?![{ALNUM_EDGE}])",
        0.7,
        gettext_noop("13-digit national ID format"),
        priority=1,
        checks=("not_reference",),
    ),
    Rule(
        "id_cccd",
        "id_number",
        rf"(?<![{ALNUM_EDGE}])0\d{{11}}(?![{ALNUM_EDGE}])",
        0.6,
        gettext_noop("12-digit citizen ID format"),
        priority=1,
        checks=("not_reference",),
    ),
    Rule(
        "case_keyword",
        "case_number",
        rf"{KW_EDGE}{keywords('case_number')}[\s:#.]*"
        rf"(?P<v>(?=[^\s]*\d)[A-Za-z0-9{THAI}{LAO}.]+(?:[/\-][A-Za-z0-9{THAI}{LAO}.\-]+)*)",
        0.9,
        gettext_noop("number next to a case-file word"),
        priority=3,
        checks=("has_digit",),
    ),
    Rule(
        "case_shape",
        "case_number",
        r"(?<![A-Za-z0-9\-])[A-Z]{2,4}(?:-[A-Z]{2,4}){0,2}-(?:19|20)\d{2}-\d{2,6}(?![A-Za-z0-9\-])",
        0.8,
        gettext_noop("case-file number format"),
        flags=0,
    ),
    Rule(
        "birth_keyword",
        "birth_date",
        rf"{KW_EDGE}{keywords('birth_date')}{KW_END}[\s:：,.()\-]{{0,4}}"
        rf"(?:(?:{BIRTH_DATE_WORDS})\s*)?"
        rf"(?P<v>{DATE})",
        0.95,
        gettext_noop("date marked as a birth date"),
        priority=3,
    ),
    Rule(
        "address_strong",
        "address",
        rf"(?<![A-Za-z]){STRONG_ADDRESS_ANCHOR}\s*[:.]?\s*{HOUSE_NUMBER}(?:,?\s*{ADDRESS_COMPONENT}){{0,4}}",
        0.9,
        gettext_noop("house number"),
        priority=3,
        flags=0,
    ),
    Rule(
        "address_weak",
        "address",
        rf"{WEAK_ADDRESS_ANCHOR}\s*{HOUSE_NUMBER}(?:,?\s*{ADDRESS_COMPONENT}){{1,4}}",
        0.8,
        gettext_noop("house number with street"),
        priority=3,
        flags=0,
    ),
    Rule(
        "address_shape",
        "address",
        r"(?<![\w/.,\-])\d+[A-Za-z]?(?:/\d+)?,?\s+(?:Street|St\.|Moo|Soi)\s*\d+[A-Za-z]?(?![\w])"
        rf"|(?<![\w/.,\-])\d+/\d+\s*(?:หมู่(?:ที่)?|ม\.)\s*\d+"
        rf"|(?<![\w/.,\-])\d+[A-Za-z]?(?:/\d+)?\s+(?:đường|phố|ngõ|hẻm)\s+{LATIN_NAME_WORD}(?:\s{LATIN_NAME_WORD}){{0,3}}",
        0.75,
        gettext_noop("house number and street"),
        flags=0,
    ),
    Rule(
        "address_label",
        "address",
        rf"(?:{ADDRESS_LABEL})\s*:?\s*(?:(?i:số)\s*)?{HOUSE_NUMBER},?\s+"
        rf"{LATIN_NAME_WORD}(?:\s{LATIN_NAME_WORD}){{0,3}}",
        0.8,
        gettext_noop("house number after an address word"),
        priority=3,
        flags=0,
    ),
    Rule(
        "plate_keyword",
        "vehicle_plate",
        rf"{KW_EDGE}{keywords('vehicle_plate')}(?!บ้าน){KW_END}\s*[:#]?\s*"
        rf"(?P<v>(?:{KH_PROVINCES}\s*)?[0-9A-Z{THAI_CONSONANT}{LAO_CONSONANT}]{{1,4}}[\s.\-]?\d{{3,5}}(?:\.\d{{2}})?)(?![\d])",
        0.9,
        gettext_noop("number next to a vehicle-plate word"),
        priority=3,
        checks=("has_letter",),
        flags=0,
    ),
    Rule(
        "plate_vn",
        "vehicle_plate",
        r"(?<![A-Za-z0-9])\d{2}-?[A-Z]{1,2}\d?[ \-]?\d{3}\.?\d{2}(?![A-Za-z0-9])",
        0.85,
        gettext_noop("Vietnamese plate format"),
        flags=0,
    ),
    Rule(
        "plate_kh",
        "vehicle_plate",
        rf"(?:{KH_PROVINCES}\s*)?(?<![A-Za-z0-9])\d[A-Z]{{1,2}}-\d{{4}}(?![A-Za-z0-9])",
        0.85,
        gettext_noop("Cambodian plate format"),
        flags=0,
    ),
    Rule(
        "plate_th",
        "vehicle_plate",
        rf"(?<![{THAI}0-9])\d?[{THAI_CONSONANT}]{{2}}[ \-]?\d{{3,4}}(?![0-9])",
        0.7,
        gettext_noop("Thai plate format"),
        priority=1,
        checks=("plate_letters",),
    ),
    Rule(
        "plate_lo",
        "vehicle_plate",
        rf"(?<![{LAO}0-9])[{LAO_CONSONANT}]{{2}}[ \-]?\d{{4}}(?![0-9])",
        0.7,
        gettext_noop("Lao plate format"),
        priority=1,
        checks=("plate_letters",),
    ),
    Rule(
        "gps_decimal",
        "gps",
        r"(?<![\d.])(?:[NS]\s?)?-?\d{1,2}\.\d{3,8}\s*°?\s*[NS]?\s*(?:,|;|\s)\s*(?:(?i:lng|lon|long|longitude)\s*[:=]?\s*)?"
        r"(?:[EW]\s?)?-?\d{1,3}\.\d{3,8}\s*°?\s*[EW]?(?![\d])(?!\.\d)",
        0.9,
        gettext_noop("decimal GPS coordinates"),
        checks=("latlon",),
    ),
    Rule(
        "gps_dms",
        "gps",
        r"\d{1,3}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:\.\d+)?\s*(?:[\"″]|''))?\s*[NS]"
        r"[\s,]*\d{1,3}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:\.\d+)?\s*(?:[\"″]|''))?\s*[EW]",
        0.95,
        gettext_noop("degree-minute-second GPS coordinates"),
    ),
    Rule(
        "phone_intl",
        "phone",
        rf"(?<![{ALNUM_EDGE}+])(?:\(\s*\+?\d{{2,3}}\s*\)|\+\s?\d{{1,3}}|00(?:{CALLING_CODES})(?={PHONE_SEP})){PHONE_SEP}?(?:\(0?\d{{1,3}}\){PHONE_SEP}?)?"
        rf"\d{{1,4}}(?:{PHONE_SEP}?\d{{2,4}}){{1,4}}(?![{ALNUM_EDGE}])",
        0.95,
        gettext_noop("international phone number"),
        digits=(8, 15),
        checks=("not_hotline", "not_reference"),
    ),
    Rule(
        "phone_local",
        "phone",
        rf"(?<![{ALNUM_EDGE}+./,\-])\(?0\d{{1,2}}\)?{PHONE_SEP}?\d{{2,4}}(?:{PHONE_SEP}?\d{{2,4}}){{1,3}}"
        rf"(?![{ALNUM_EDGE}]|[.,]\d)",
        0.85,
        gettext_noop("national phone number format"),
        digits=(9, 11),
        checks=("not_amount", "not_reference"),
    ),
    Rule(
        "phone_country_code",
        "phone",
        rf"(?<![{ALNUM_EDGE}+.,/\-])(?:{CALLING_CODES}){PHONE_SEP}\(?0?\d{{1,3}}\)?{PHONE_SEP}\d{{3,4}}{PHONE_SEP}?\d{{3,4}}"
        rf"(?![{ALNUM_EDGE}]|[.,]\d)",
        0.7,
        gettext_noop("phone number with country code"),
        priority=1,
        digits=(10, 13),
        checks=("not_amount", "not_reference"),
    ),
    Rule(
        "phone_keyword",
        "phone",
        rf"{KW_EDGE}{keywords('phone')}{KW_END}{blocked_gap('phone', 25)}"
        rf"(?<![\d,.])(?P<v>[+(]{{0,2}}\d[\d .\-()]{{6,18}}\d)(?![\d,.]\d)",
        0.85,
        gettext_noop("number next to a phone word"),
        digits=(8, 15),
        checks=("not_hotline", "not_amount"),
    ),
)
