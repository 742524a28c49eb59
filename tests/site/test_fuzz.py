"""Property-based tests (Hypothesis): arbitrary text, parameters, import lines and Markdown never break the site.

Reproducible: every test runs the same examples on every machine (derandomize, no example database); each
example Hypothesis once found that broke something stays below as an explicit regression test.
"""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from forum.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown, sanitize
from library.importing import validate as import_validate
from library.importing.run import ImportRefused, import_lines
from library.models import LibraryPage
from search.backends.embedded import EmbeddedEngine
from search.documents import SearchDocument
from search.models import IndexEntry
from textproc import highlight
from textproc import pipeline as textproc

# FUZZ_EXAMPLES=5000 hunts longer, with new random examples each run; without it every run is the same.
HUNT = os.environ.get("FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(HUNT or 150),
    deadline=None,
    derandomize=not HUNT,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text: any Unicode but surrogates, with extra weight on the scripts, marks and controls that analysis treats apart.
SCRIPTS = {
    "thai": (0x0E00, 0x0E7F),
    "lao": (0x0E80, 0x0EFF),
    "khmer": (0x1780, 0x17FF),
    "myanmar": (0x1000, 0x109F),
    "vietnamese": (0x1EA0, 0x1EF9),
    "combining": (0x0300, 0x036F),
    "arabic": (0x0600, 0x06FF),
    "hebrew": (0x0590, 0x05FF),
}
SPECIALS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202e\u2066\u2069 \t\n\r\x00'\"<>&-_.,:;/\\@#*[](){}`~"
any_char = st.characters(exclude_categories=("Cs",))
script_char = st.one_of(*(st.characters(min_codepoint=lo, max_codepoint=hi) for lo, hi in SCRIPTS.values()))
text = st.text(st.one_of(any_char, script_char, st.sampled_from(SPECIALS), st.characters(max_codepoint=0x7F)))
WORD_ALPHABETS = [
    st.characters(min_codepoint=0x0E01, max_codepoint=0x0E2E),  # Thai consonants
    st.characters(min_codepoint=0x0E81, max_codepoint=0x0EAE).filter(str.isalpha),  # Lao consonants
    st.characters(min_codepoint=0x1780, max_codepoint=0x17A2),  # Khmer consonants
    st.characters(min_codepoint=0x1000, max_codepoint=0x102A),  # Myanmar letters
    st.sampled_from("abcdefghijklmnopqrstuvwxyzăâđêôơưáàảãạếềểễệ"),
]
word = st.one_of(*(st.text(alphabet, min_size=2, max_size=12) for alphabet in WORD_ALPHABETS))
PUBLIC = frozenset({"public"})


@FUZZ
@given(text)
@example("\u0e4d\u0e32")  # Thai nikhahit + sara aa: recomposed to sara am
@example("\u0eab\u0e99\u0301")
@example("ﬀ\u0345ǅ")  # NFKC and case folding that change the length
@example("0\u093a")  # a digit and a combining vowel sign: one term of a digit and a mark
def test_text_pipeline_never_crashes_and_gives_clean_terms(value):
    norm = textproc.normalize(value)
    assert textproc.normalize(norm) == norm
    assert "  " not in norm and norm == norm.strip()
    fields = textproc.index_fields(value)
    assert set(fields) == set(textproc.FIELDS)
    for name, terms in fields.items():
        for term in terms.split():
            # Engines split on whitespace only: a term is letters, marks and digits, never punctuation or spaces.
            assert all(unicodedata.category(char)[0] in "LMN" for char in term), (name, term)
    for token in textproc.tokenize(value):
        assert token and textproc.fold(token) is not None
    query = textproc.query(value)
    assert bool(query) == bool(query.words or query.folded or query.grams)
    assert isinstance(textproc.fts5_match(value), str)
    spans = textproc.word_spans(value)
    assert sum(end - start for start, end in spans) == len(value)
    assert textproc.detect_language(value) in {"en", "vi", "th", "lo", "km", "my"}
    snippet = highlight.snippet(value, value[:20])
    assert "<script" not in snippet.lower()


@pytest.mark.django_db
@FUZZ
@given(words=st.lists(word, min_size=1, max_size=8), data=st.data())
def test_a_document_is_found_by_each_of_its_words_through_the_embedded_index(words, data):
    body = " ".join(words)
    engine = EmbeddedEngine()
    document = SearchDocument(id="page:1", kind="case-study", title="Fuzz", url="/library/fuzz/", language="en")
    document.text = body
    engine.index([document])
    wanted = data.draw(st.sampled_from(words), label="query")
    if textproc.query(wanted):
        assert engine.count_matches(wanted, PUBLIC) == 1, (body, wanted, textproc.index_fields(body))


# Search API parameters: any value of any parameter, repeated or not, answers 200 or a 400 that names it.
PARAMETERS = ["q", "type", "country", "crime", "year", "language", "tag", "page", "sort", "as_typed", "other"]
parameter_value = st.one_of(
    text.map(lambda value: value[:300]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(
        ["1", "0", "-1", "1000", "1001", "9" * 30, "1e3", "٣", "newest", "relevance", "TH", "forced-labour"]
    ),
)
query_strings = st.dictionaries(
    st.sampled_from(PARAMETERS), st.lists(parameter_value, min_size=1, max_size=3), max_size=5
)


@pytest.fixture
def indexed(db):
    """Index a handful of documents so that searches match, filter and page through something."""
    engine = EmbeddedEngine()
    engine.index(
        SearchDocument(
            id=f"page:{n}",
            kind="case-study",
            title=title,
            url=f"/library/fuzz-{n}/",
            language=language,
            text=title,
            countries=["TH"],
            crime_types=["trafficking"],
            year=2020 + n,
        )
        for n, (title, language) in enumerate(
            [("Fake job offers", "en"), ("การค้ามนุษย์", "th"), ("buôn bán người", "vi"), ("ການຄ້າມະນຸດ", "lo")]
        )
    )
    return engine


@pytest.mark.django_db
@FUZZ
@given(query=query_strings)
@example(query={"q": ["\x00"]})
@example(query={"page": ["٣"]})
@example(query={"year": ["99999999999999999999"]})
def test_search_api_answers_200_or_a_400_naming_the_parameter(indexed, query):
    response = Client().get("/api/search/", query)
    assert response.status_code in (200, 400), (query, response.status_code)
    body = response.json()
    if response.status_code == 400:
        assert body["parameter"] in PARAMETERS and body["error"].strip(), body
    else:
        assert body["count"] >= len(body["results"])
    page = Client().get("/search/", query)
    assert page.status_code in (200, 400), (query, page.status_code)


# Import lines: arbitrary text, arbitrary JSON, and valid lines with fields replaced by arbitrary JSON values.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text.map(lambda value: value[:200]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text.map(lambda v: v[:20]), children, max_size=4),
    max_leaves=12,
)
FIELD_NAMES = sorted(
    import_validate.FIELDS
    | {"body", "border_area", "year_end", "recruitment_channels", "related_methods", "sources", "victim_count"}
    | {"victim_age_band", "outcome_status", "steps", "legal_bases", "purpose", "resource_kind", "document"}
)


def valid_line(n):
    return {
        "type": "case-study",
        "id": f"fuzz-{n}",
        "title": f"Recruitment through a fake job offer {n}",
        "summary": "A fake job offer led workers across the border.",
        "body": "<p>Workers were promised jobs.</p>",
        "language": "en",
        "countries": ["TH"],
        "crime_types": ["forced-labour"],
        "year": 2021,
    }


@st.composite
def import_line(draw, n):
    kind = draw(st.sampled_from(["text", "json", "mutated", "valid"]))
    if kind == "text":
        return draw(text)
    if kind == "json":
        return json.dumps(draw(json_values), ensure_ascii=draw(st.booleans()), allow_nan=True)
    line = valid_line(n)
    if kind == "mutated":
        for name in draw(st.lists(st.sampled_from(FIELD_NAMES), min_size=1, max_size=3)):
            line[name] = draw(json_values)
    return json.dumps(line, ensure_ascii=False, allow_nan=True)


import_files = st.integers(min_value=1, max_value=4).flatmap(
    lambda count: st.tuples(*(import_line(n) for n in range(count))).map(list)
)
LINE_MESSAGE = re.compile(r"^line (\d+): \S")


def check_messages(lines, items, errors):
    """Every message names a non-blank line; every non-blank line became an item or has a message."""
    numbered = set()
    for message in errors:
        match = LINE_MESSAGE.match(message)
        assert match, message
        numbered.add(int(match.group(1)))
    given_lines = {number for number, raw in enumerate(lines, start=1) if raw.strip()}
    assert numbered <= given_lines
    assert {item.line for item in items} | numbered == given_lines
    assert not {item.line for item in items} & numbered


@pytest.mark.django_db
@FUZZ
@given(lines=import_files)
@example(lines=['{"year": NaN}'])
@example(lines=['{"type": "case-study", "year": 1e400}'])
@example(lines=['{"title": {"a": 1}}'])
@example(lines=['{" ": null}', '{"\\r": null}'])  # found: a field name of blank space, unreadable in its message
@example(lines=['{"type": [], "title": "t", "summary": "s", "language": "en"}'])  # found: TypeError, unhashable
@example(lines=['{"type": "case-study", "title": "t", "summary": "s", "language": "en", "year": "²"}'])
def test_import_validation_numbers_a_message_for_every_bad_line(lines):
    items, errors = import_validate.validate(lines, scan_anonymity=False)
    check_messages(lines, items, errors)


@pytest.mark.django_db
@settings(FUZZ, max_examples=int(HUNT or 150) // 5)
@given(lines=import_files)
def test_an_import_writes_all_its_lines_or_none(lines):
    pages, entries = LibraryPage.objects.count(), IndexEntry.objects.count()
    try:
        report = import_lines(lines, publish=True)
    except ImportRefused as refused:
        assert all(LINE_MESSAGE.match(message) for message in refused.errors), refused.errors
        assert (LibraryPage.objects.count(), IndexEntry.objects.count()) == (pages, entries)
    else:
        written = sum(1 for raw in lines if raw.strip())
        assert LibraryPage.objects.count() - pages <= written
        assert report is not None


# User HTML: whatever goes in, only the allow-list comes out.
FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java\tscript:alert(1))", "[x](&#106;avascript:1)",
    "![i](http://x/y.png)", '<div style="color:red">', "<svg onload=alert(1)>", "<iframe src=//x>", "<style>*{}</style>",
    "<a href='data:text/html,<script>alert(1)</script>'>d</a>", "[d](data:text/html;base64,PHNjcmlwdD4=)",
    "<p onclick=x>", "`code`", "```\n<script>\n```", "> quote", "* item", "1. one", "# heading", "| a | b |\n|---|---|\n| 1 | 2 |",
    "~~del~~", "**b**", "_i_", "@handle", "<!-- c -->", "<a href=\"vbscript:x\">", "[l](mailto:a@b.c)", "[l](/local)",
    "\n\n", "&lt;script&gt;", "<a href=\" javascript:x\">", "<A HREF=JAVASCRIPT:x>", "<math><mi xlink:href=javascript:x>",
]  # fmt: skip
markup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), text.map(lambda value: value[:40])), max_size=12).map("".join)
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class Tags(HTMLParser):
    """Collect (tag, attributes) of every start tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def allowed_only(output, tags, attributes):
    parser = Tags()
    parser.feed(output)
    parser.close()
    for tag, attrs in parser.found:
        assert tag in tags, (tag, output)
        for name, value in attrs.items():
            assert name in attributes.get(tag, set()) | {"rel", "class"}, (tag, name, output)
            assert not name.startswith("on") and name != "style", (tag, name)
            if name == "href":
                url = re.sub(r"[\x00-\x20]", "", html.unescape(value or "")).lower()
                assert not url.startswith(BAD_SCHEMES), (value, output)
    assert "<script" not in output.lower()


@FUZZ
@given(markup)
@example("[x](javascript:alert(1))")
@example('<a href="javascript:alert(1)">x</a>')
def test_forum_markdown_gives_nothing_outside_the_allow_list(source):
    allowed_only(
        render_markdown(source, handles={"handle": "/forum/members/handle/"}), ALLOWED_TAGS, ALLOWED_ATTRIBUTES
    )
    allowed_only(sanitize(source), ALLOWED_TAGS, ALLOWED_ATTRIBUTES)


@FUZZ
@given(markup)
def test_imported_html_gives_nothing_outside_the_allow_list(source):
    allowed_only(import_validate.body_to_html(source), import_validate.ALLOWED_TAGS, {"a": {"href"}})


@pytest.mark.django_db
def test_lines_fuzzing_found_get_a_clear_message_instead_of_a_crash():
    lines = [
        '{"type": [], "title": "t", "summary": "s", "language": "en"}',
        '{"\\r": null}',
        '{"type": "case-study", "title": "t", "summary": "s", "language": "en", "year": "²"}',
    ]
    items, errors = import_validate.validate(lines, scan_anonymity=False)
    assert items == []
    assert errors[0].startswith("line 1: type: unknown type '[]' (use one of: ")
    assert errors[1:] == ['line 2: "\\r": unknown field', "line 3: year: '²' is not a year between 1900 and 2100"]
