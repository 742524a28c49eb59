"""Detection rules per kind: keywords in five languages, value shapes and public-number allow-lists."""

import re
from dataclasses import dataclass


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

PUBLIC_HOTLINES = frozenset(
    {
        "1300",
        "1191",
        "191",
        "1111",
        "1599",
        "1178",
        "1155",
        "1669",
        "1567",
        "1288",
        "1280",
        "117",
        "118",
        "119",
        "1362",
        "1195",
        "1190",
        "111",
        "113",
        "114",
        "115",
        "18001567",
        "18006655",
    }
)

COUNTRY_CODES = ("855", "856", "66", "84")

CURRENCY_WORDS = (
    "usd",
    "us$",
    "dollar",
    "baht",
    "thb",
    "บาท",
    "ดอลลาร์",
    "đồng",
    "dong",
    "vnd",
    "đ",
    "triệu",
    "riel",
    "រៀល",
    "ដុល្លារ",
    "kip",
    "ກີບ",
    "ບາດ",
    "ໂດລາ",
    "%",
)

# Two-consonant Thai/Lao words and sloppy abbreviations (พศ for พ.ศ.) that look like plate letters.
PLATE_LOOKALIKE_WORDS = frozenset(
    [
        "คน",
        "รถ",
        "ผล",
        "บท",
        "จด",
        "ลด",
        "สด",
        "ยศ",
        "กม",
        "ชม",
        "มม",
        "ซม",
        "กก",
        "ตร",
        "ทม",
        "นน",
        "พศ",
        "คศ",
        "จศ",
        "รศ",
        "ตม",
        "สภ",
        "ຄສ",
        "ພສ",
        "ຂອງ",
        "ກມ",
    ]
)

REFERENCE_WORDS = ("isbn", "issn", "doi", "iso", "ref", "version", "v.")

TRAILING_PUNCTUATION = ".,;:!?)]}>'\"។៕、。"

THAI = "\u0e01-\u0e4e"
THAI_CONSONANT = "\u0e01-\u0e2e"
LAO = "\u0e81-\u0ece"
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


KEYWORDS = {
    "phone": (
        "phone",
        "phone no.",
        "phone number",
        "tel",
        "tel.",
        "telephone",
        "mobile",
        "mobile no.",
        "cell",
        "call",
        "hotline",
        "โทร",
        "โทรศัพท์",
        "เบอร์",
        "เบอร์โทร",
        "หมายเลขโทรศัพท์",
        "มือถือ",
        "ទូរស័ព្ទ",
        "លេខទូរស័ព្ទ",
        "ទូរសព្ទ",
        "ເບີ",
        "ເບີໂທ",
        "ເບີໂທລະສັບ",
        "ໂທລະສັບ",
        "ໂທ",
        "điện thoại",
        "số điện thoại",
        "số máy",
        "sđt",
        "đt",
        "di động",
    ),
    "email": ("email", "e-mail", "อีเมล", "អ៊ីមែល", "ອີເມວ", "thư điện tử"),
    "passport": (
        "passport",
        "passport no.",
        "passport number",
        "pp no.",
        "หนังสือเดินทาง",
        "พาสปอร์ต",
        "លិខិតឆ្លងដែន",
        "ໜັງສືຜ່ານແດນ",
        "ໜັງສືເດີນທາງ",
        "hộ chiếu",
    ),
    "id_number": (
        "id card",
        "identity card",
        "national id",
        "national identity",
        "id no.",
        "id number",
        "citizen id",
        "thai id",
        "cccd",
        "cmnd",
        "căn cước",
        "căn cước công dân",
        "chứng minh nhân dân",
        "chứng minh thư",
        "số định danh",
        "บัตรประชาชน",
        "บัตรประจำตัวประชาชน",
        "เลขประจำตัวประชาชน",
        "เลขบัตรประชาชน",
        "អត្តសញ្ញាណប័ណ្ណ",
        "លេខអត្តសញ្ញាណប័ណ្ណ",
        "ບັດປະຈຳຕົວ",
        "ເລກບັດປະຈຳຕົວ",
        "ບັດປະຊາຊົນ",
    ),
    "case_number": (
        "case no.",
        "case no",
        "case number",
        "case file",
        "case file no.",
        "case ref.",
        "case reference",
        "case id",
        "case #",
        "docket no.",
        "file no.",
        "คดีที่",
        "คดีอาญาที่",
        "คดีแพ่งที่",
        "คดีอาญาหมายเลขดำที่",
        "คดีอาญาหมายเลขแดงที่",
        "คดีหมายเลข",
        "คดีหมายเลขดำที่",
        "คดีหมายเลขแดงที่",
        "หมายเลขคดี",
        "เลขคดี",
        "สำนวนคดีที่",
        "សំណុំរឿងលេខ",
        "លេខសំណុំរឿង",
        "សំណុំរឿង",
        "ຄະດີເລກທີ",
        "ຄະດີອາຍາເລກທີ",
        "ສຳນວນຄະດີເລກທີ",
        "ເລກທີຄະດີ",
        "hồ sơ số",
        "số hồ sơ",
        "vụ án số",
        "vụ án hình sự số",
        "số vụ án",
        "bản án số",
        "vụ việc số",
    ),
    "birth_date": (
        "born",
        "born on",
        "born in",
        "dob",
        "d.o.b.",
        "d.o.b",
        "date of birth",
        "birth date",
        "birthdate",
        "birthday",
        "b.",
        "เกิดวันที่",
        "เกิดเมื่อวันที่",
        "เกิดเมื่อ",
        "วันเกิด",
        "วันเดือนปีเกิด",
        "เกิดปี",
        "sinh ngày",
        "ngày sinh",
        "sinh năm",
        "năm sinh",
        "ngày tháng năm sinh",
        "កើតថ្ងៃទី",
        "កើតនៅថ្ងៃទី",
        "ថ្ងៃខែឆ្នាំកំណើត",
        "ថ្ងៃកំណើត",
        "កើតឆ្នាំ",
        "ເກີດວັນທີ",
        "ເກີດເມື່ອວັນທີ",
        "ວັນເດືອນປີເກີດ",
        "ວັນເກີດ",
        "ເກີດປີ",
        "เกิด",
        "ເກີດ",
        "កើត",
        "sinh",
    ),
    "vehicle_plate": (
        "plate",
        "plates",
        "plate no.",
        "plate number",
        "licence plate",
        "license plate",
        "registration no.",
        "reg. no.",
        "ทะเบียนรถ",
        "ป้ายทะเบียน",
        "ทะเบียน",
        "biển số",
        "biển kiểm soát",
        "bks",
        "ស្លាកលេខ",
        "ផ្លាកលេខ",
        "រថយន្តលេខ",
        "ម៉ូតូលេខ",
        "ທະບຽນ",
        "ປ້າຍທະບຽນ",
        "ທະບຽນລົດ",
    ),
    "bank_account": (
        "aba",
        "acleda",
        "wing",
        "truemoney",
        "true money",
        "ทรูมันนี่",
        "ทรูมันนี่วอลเล็ท",
        "promptpay",
        "prompt pay",
        "พร้อมเพย์",
        "momo",
        "zalopay",
        "viettelpay",
        "bcel one",
        "bcel",
        "ldb",
        "jdb",
        "vietcombank",
        "techcombank",
        "bidv",
        "agribank",
        "vietinbank",
        "vpbank",
        "mb bank",
        "mbbank",
        "sacombank",
        "tpbank",
        "kasikorn",
        "kbank",
        "กสิกร",
        "กสิกรไทย",
        "scb",
        "ไทยพาณิชย์",
        "krungthai",
        "กรุงไทย",
        "bangkok bank",
        "krungsri",
        "กรุงศรี",
        "ออมสิน",
        "canadia",
        "prince bank",
        "pi pay",
        "bakong",
        "e-wallet",
        "ewallet",
        "wallet",
        "account",
        "account no.",
        "account number",
        "a/c",
        "acct",
        "bank account",
        "iban",
        "เลขที่บัญชี",
        "เลขบัญชี",
        "บัญชี",
        "วอลเล็ท",
        "ธนาคาร",
        "số tài khoản",
        "stk",
        "tài khoản",
        "ví điện tử",
        "ngân hàng",
        "គណនី",
        "លេខគណនី",
        "ធនាគារ",
        "ບັນຊີ",
        "ເລກບັນຊີ",
        "ທະນາຄານ",
    ),
    "social_media": (
        "facebook",
        "fb",
        "messenger",
        "zalo",
        "line id",
        "line",
        "telegram",
        "whatsapp",
        "wechat",
        "wechat id",
        "weixin",
        "viber",
        "tiktok",
        "instagram",
        "ig",
        "ไลน์",
        "ไลน์ไอดี",
        "ไอดีไลน์",
        "เฟซบุ๊ก",
        "เฟสบุ๊ค",
        "เฟสบุ๊ก",
        "เฟส",
        "เทเลแกรม",
        "วอทส์แอป",
        "วอทส์แอพ",
        "วอทแอป",
        "ហ្វេសប៊ុក",
        "តេឡេក្រាម",
        "វ៉ាត់សាប់",
        "ឡាញ",
        "ເຟສບຸກ",
        "ວັອດແອັບ",
        "ວອດແອັບ",
        "ເທເລແກຣມ",
        "ໄລນ໌",
    ),
}

CASE_SENSITIVE_KEYWORDS = {"line": "(?-i:LINE|Line)", "ig": "(?-i:IG)", "wing": "(?-i:Wing|WING)"}


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

MONTHS_EN = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
MONTHS_TH = alt(
    (
        "มกราคม",
        "กุมภาพันธ์",
        "มีนาคม",
        "เมษายน",
        "พฤษภาคม",
        "มิถุนายน",
        "กรกฎาคม",
        "สิงหาคม",
        "กันยายน",
        "ตุลาคม",
        "พฤศจิกายน",
        "ธันวาคม",
        "ม.ค.",
        "ก.พ.",
        "มี.ค.",
        "เม.ย.",
        "พ.ค.",
        "มิ.ย.",
        "ก.ค.",
        "ส.ค.",
        "ก.ย.",
        "ต.ค.",
        "พ.ย.",
        "ธ.ค.",
    )
)
MONTHS_KM = alt(("មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ"))
MONTHS_LO = alt(("ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ", "ພະຈິກ", "ທັນວາ"))
YEAR_PREFIX = r"(?:(?:ឆ្នាំ|ປີ|พ\.ศ\.|พ\.ศ|năm|b\.e\.)\s*)?"
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
KH_PROVINCES = alt(
    (
        "Phnom Penh",
        "PP",
        "Kandal",
        "Siem Reap",
        "Battambang",
        "Banteay Meanchey",
        "Kampong Cham",
        "Takeo",
        "Svay Rieng",
        "Preah Sihanouk",
        "ភ្នំពេញ",
        "កណ្តាល",
        "សៀមរាប",
        "បាត់ដំបង",
        "បន្ទាយមានជ័យ",
        "កំពង់ចាម",
        "តាកែវ",
        "ស្វាយរៀង",
        "ព្រះសីហនុ",
    )
)
SOCIAL_DOMAINS = alt(
    (
        "facebook.com",
        "fb.com",
        "fb.me",
        "messenger.com",
        "m.me",
        "instagram.com",
        "tiktok.com",
        "twitter.com",
        "x.com",
        "t.me",
        "telegram.me",
        "wa.me",
        "line.me",
        "zalo.me",
        "youtube.com",
        "vk.com",
    )
)
SOCIAL_CONNECTOR = (
    r"(?i:\s*(?:[:：\-–]|\bid\b|\baccount\b|\bpage\b|\bname\b|\bprofile\b|\bhandle\b|\busername\b|\bnick\b|\btên\b|\bis\b|\bwas\b|\bnumber\b|\bno\.|\bat\b|\bon\b|\bvia\b|\bsố\b|\blà\b"
    r"|ชื่อ|ไอดี|เบอร์|หมายเลข|ឈ្មោះ|លេខ|ຊື່|ບັນຊີ|ເບີ))*\s*"
)
NAME_INTRO = r"(?i:\s*(?:[:：]|\bname\b|\btên\b|ชื่อ|ឈ្មោះ|ຊື່)\s*)+"
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
STRONG_ADDRESS_ANCHOR = (
    "(?i:"
    + alt(("house no.", "house number", "house #", "บ้านเลขที่", "ផ្ទះលេខ", "ບ້ານເລກທີ", "ເຮືອນເລກທີ", "số nhà", "nhà số"))
    + ")"
)
WEAK_ADDRESS_ANCHOR = r"(?:\bNo\.|#|(?i:\bsố\b|\baddress\b|\bđịa chỉ\b)|เลขที่|ที่อยู่|អាសយដ្ឋាន|ທີ່ຢູ່|ເລກທີ|\bat\b)\s*:?"

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
        rf"{KW_EDGE}{keywords('social_media')}(?i:\s*(?:page|account|profile|name|group|เพจ|ชื่อ|กลุ่ม|ទំព័រ|ឈ្មោះ|ໜ້າ|ຊື່|ກຸ່ມ|trang|tên|nhóm))*"
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
        r"(?:(?:on|in|the|ngày|วันที่|ថ្ងៃទី|ວັນທີ)\s*)?"
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
        rf"(?i:\baddress\b|\bđịa chỉ\b|\bcư trú tại\b|\btrú tại\b)\s*:?\s*(?:(?i:số)\s*)?{HOUSE_NUMBER},?\s+"
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
        rf"(?<![{ALNUM_EDGE}+])(?:\(\s*\+?\d{{2,3}}\s*\)|\+\s?\d{{1,3}}|00(?:855|856|66|84)(?={PHONE_SEP})){PHONE_SEP}?(?:\(0?\d{{1,3}}\){PHONE_SEP}?)?"
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
        rf"(?<![{ALNUM_EDGE}+.,/\-])(?:855|856|66|84){PHONE_SEP}\(?0?\d{{1,3}}\)?{PHONE_SEP}\d{{3,4}}{PHONE_SEP}?\d{{3,4}}"
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
