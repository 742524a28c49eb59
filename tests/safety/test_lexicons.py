"""The detector's word lists are plain text files a native speaker can review, read once per process."""

import unicodedata
from pathlib import Path

import pytest

from safety import lexicon as lexicon_module
from safety.detector import detect
from safety.lexicon import HEADER_FIELDS, LEXICON_DIR, entries, header, lexicon_files, merged_table, table
from safety.patterns import KINDS

FILES = lexicon_files()
TABLES = [path for path in FILES if "Columns" in header(path.parent.name, path.stem)]


def file_id(path: Path) -> str:
    """Return lang/name.txt for a lexicon file."""
    return f"{path.parent.name}/{path.name}"


def body(path: Path) -> list[str]:
    """Return the lines after the file's header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if not line.startswith("#")]


def test_every_language_has_its_lists_and_the_shared_ones_are_under_any():
    folders = {path.parent.name for path in FILES}
    assert folders == {"any", "en", "km", "lo", "my", "th", "vi"}
    assert len(FILES) >= 80


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_file_starts_with_a_header_saying_what_it_holds_its_use_source_review_and_format(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Holds: "), "the first line says what the file holds"
    fields = header(path.parent.name, path.stem)
    for field in HEADER_FIELDS:
        assert len(fields.get(field, "")) >= 2, f"header field {field!r} is missing or empty"
    assert fields["Reviewed"].startswith(("no", "yes")), "Reviewed: says no, or yes with who and when"
    header_lines = [line for line in lines if line.startswith("#")]
    assert lines[: len(header_lines)] == header_lines, "the header comes first, comments do not follow entries"


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_file_is_utf8_nfc_without_stray_whitespace_or_blank_lines(path):
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # strict: invalid UTF-8 fails here
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert "\r" not in text, "Unix line ends"
    assert unicodedata.is_normalized("NFC", text), "NFC: the detector compares NFC text"
    assert text.endswith("\n") and not text.endswith("\n\n"), "one newline at the end"
    for number, line in enumerate(text.splitlines(), start=1):
        assert line == line.rstrip(), f"line {number} ends in whitespace"
        assert line, f"line {number} is blank"
        if not line.startswith("#"):
            cells = line.split("\t")
            assert all(cell and cell == cell.strip() and "  " not in cell for cell in cells), (
                f"line {number}: stray space or empty column in {line!r}"
            )
            assert not any(unicodedata.category(char) == "Cf" for char in line), (
                f"line {number}: invisible format character (zero-width space or joiner) in {line!r}"
            )


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_file_has_no_duplicate_entries(path):
    lines = body(path)
    keys = [line.split("\t")[0] for line in lines]
    assert sorted({key for key in keys if keys.count(key) > 1}) == []


@pytest.mark.parametrize("path", TABLES, ids=file_id)
def test_every_row_of_a_table_has_the_columns_its_header_names(path):
    rows = table(path.parent.name, path.stem)
    assert rows and len(rows) == len(body(path))


def test_a_row_with_a_missing_column_is_refused_with_the_file_and_the_row(tmp_path, monkeypatch):
    folder = tmp_path / "any"
    folder.mkdir()
    (folder / "hotlines.txt").write_text(
        "# Holds: x\n# Use: x\n# Source: x\n# Reviewed: no\n# Format: x\n# Columns: number, country\n1300\tTH\n1288\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(lexicon_module, "LEXICON_DIR", tmp_path)
    for loader in (lexicon_module._lines, lexicon_module.entries, lexicon_module.header, lexicon_module.table):
        loader.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"any/hotlines.txt: \('1288',\)"):
            table("any", "hotlines")
    finally:
        for loader in (lexicon_module._lines, lexicon_module.entries, lexicon_module.header, lexicon_module.table):
            loader.cache_clear()


def test_every_keyword_names_a_kind_of_detail():
    assert {kind for _keyword, kind in merged_table("keywords")} <= set(KINDS)


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("social_words", {"connector", "name", "page"}),
        ("address_words", {"number", "label"}),
        ("date_words", {"year", "birth"}),
    ],
)
def test_every_word_of_a_table_with_roles_names_known_roles(name, allowed):
    roles = {role for row in merged_table(name) for role in row[1].split()}
    assert roles == allowed


def test_address_words_say_whether_their_case_counts():
    assert {row[2] for row in merged_table("address_words")} <= {"exact", "any"}


def test_ambiguous_and_weak_titles_are_titles():
    for lang in ("lo", "km"):
        assert set(entries(lang, "ambiguous_titles")) <= set(entries(lang, "titles"))


@pytest.mark.parametrize(("number", "countries", "service"), table("any", "public_hotlines"))
def test_every_listed_public_hotline_is_never_a_finding(number, countries, service):
    text = f"Call {number} for help. Phone: {number}."
    assert detect(text) == []
    assert countries and set(countries.split()) <= {"TH", "KH", "LA", "VN"}


def test_a_number_next_to_each_currency_word_is_an_amount_not_an_account():
    for word, side in merged_table("currency_words"):
        amount = f"{word}4 5678 9012" if side == "before" else f"4 5678 9012 {word}"
        assert [f.kind for f in detect(f"Bank account {amount}")] == [], (word, side)
    assert [f.kind for f in detect("Bank account 4 5678 9012")] == ["bank_account"]


SURNAME_AFTER = {"th": "ใจดี", "lo": "ພົມມາ", "km": "ដារា"}
# ໝ (U+0EDD) lies outside the Lao letter range of safety.patterns.LAO, so this listed name is never found (as before
# the lists moved to files; left for the script-range work, which owns that range).
KNOWN_MISSED: set[str] = set()  # names the detector misses (ເພັດສະໝອນ was, until ໝ counted as a Lao letter)


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        pytest.param(lang, name, marks=[pytest.mark.xfail(strict=True)] if name in KNOWN_MISSED else [])
        for lang in SURNAME_AFTER
        for name in entries(lang, "common_names")
    ],
)
def test_each_common_name_of_the_lists_followed_by_a_surname_is_found(lang, name):
    assert [f.kind for f in detect(f"{name} {SURNAME_AFTER[lang]}")] == ["person"]


def test_lists_are_read_once_per_process_not_on_each_detection(monkeypatch):
    detect("นายสมชาย ใจดี โทร 081 234 5678, Mr Sok Dara, passport N1234567, ທ້າວ ສົມພອນ, លោក សុខ ដារា, ဦးမြင့်")
    reads = []
    real_read_text = Path.read_text

    def counting_read_text(self, *args, **kwargs):
        if self.is_relative_to(LEXICON_DIR):
            reads.append(self)
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting_read_text)
    findings = detect("นางสาวมาลี ใจดี เบอร์ 089 765 4321, Ms Chan Thida, ນາງ ວິໄລ, អ្នកស្រី ចាន់ ធីតា, ဦးအောင်")
    assert {f.kind for f in findings} == {"person", "phone"}
    assert reads == []
