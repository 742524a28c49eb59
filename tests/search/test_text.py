"""Tests of textproc.pipeline: normalization, segmentation, field building, FTS5 matching, highlighting and quality."""

from __future__ import annotations

import sqlite3

import pytest

from textproc import pipeline as st
from textproc.highlight import snippet

THAI_DOCS = (
    "การประชุมเรื่องการค้ามนุษย์ข้ามชาติจัดขึ้นที่กรุงเทพมหานครเมื่อวานนี้",
    "ร้านค้าในตลาดขายผลไม้และผักสดทุกวัน",
    "มนุษย์อวกาศเดินทางไปยังสถานีอวกาศนานาชาติ",
    "ตำรวจจับกุมผู้ต้องสงสัยลักลอบขนยาเสพติดที่ชายแดน",
)


def _fts5(texts: list[str]) -> sqlite3.Connection:
    """Return an in-memory FTS5 table of the pipeline's fields for texts (rowid = index)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(words, folded, grams, tokenize='ascii')")
    for rowid, text in enumerate(texts):
        fields = st.index_fields(text)
        db.execute("INSERT INTO t(rowid, words, folded, grams) VALUES (?, ?, ?, ?)", (rowid, *fields.values()))
    return db


def _search(db: sqlite3.Connection, query: str) -> list[int]:
    """Return the rowids matching query, best first, ranked by bm25 with the field weights."""
    match = st.fts5_match(query)
    w = st.FIELD_WEIGHTS
    sql = "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, ?, ?, ?)"
    return [row[0] for row in db.execute(sql, (match, w["words"], w["folded"], w["grams"]))]


def test_normalize_removes_zero_width_characters_in_lao():
    assert st.normalize("ສະ\u200bບາຍ\u200cດີ\u2060ຫຼາຍ\ufeff\u00ad") == "ສະບາຍດີຫຼາຍ"


def test_normalize_case_folds_nfkc_and_collapses_whitespace():
    assert st.normalize("  HELLO\u00a0 Ｗｏｒｌｄ\n\tStraße ") == "hello world strasse"


def test_normalize_maps_native_digits_to_ascii():
    assert st.normalize("ปี ๒๕๖๗ ປີ ໒໐໒໔ ឆ្នាំ ២០២៤") == "ปี 2567 ປີ 2024 ឆ្នាំ 2024"


def test_normalize_keeps_precomposed_sara_am_and_lao_ligatures():
    assert st.normalize("ท\u0e4d\u0e32งาน") == "ทำงาน"
    assert st.normalize("ຫນັງສື ຫມາກ") == "ໜັງສື ໝາກ"
    assert st.normalize("ໜັງສື") == "ໜັງສື"


def test_tokenize_thai():
    assert st.tokenize("ฉันรักภาษาไทย") == ["ฉัน", "รัก", "ภาษา", "ไทย"]


def test_tokenize_lao():
    assert st.tokenize("ຂ້ອຍຮຽນພາສາລາວ") == ["ຂ້ອຍ", "ຮຽນ", "ພາສາ", "ລາວ"]


def test_tokenize_myanmar():
    tokens = st.tokenize("မြန်မာနိုင်ငံသည် အရှေ့တောင်အာရှတွင် တည်ရှိသည်။")
    assert tokens[0] == "မြန်မာနိုင်ငံ"
    assert "။" not in "".join(tokens)


def test_tokenize_khmer():
    tokens = st.tokenize("ខ្ញុំស្រឡាញ់ប្រទេសកម្ពុជា")
    assert "".join(tokens) == "ខ្ញុំស្រឡាញ់ប្រទេសកម្ពុជា"
    assert tokens[0] == "ខ្ញុំ"
    assert len(tokens) >= 3


def test_tokenize_drops_punctuation_keeps_numbers_and_separates_scripts():
    assert st.tokenize("Hello, world! 42 officers (2024).") == ["hello", "world", "42", "officers", "2024"]
    assert st.tokenize("ចំនួន៤នាក់") == ["ចំនួន", "4", "នាក់"]
    assert st.tokenize("Don't mail user@example.com") == ["dont", "mail", "user", "example", "com"]


def test_index_and_query_use_the_same_processing():
    text = "Cảnh sát ĐÃ bắt giữ 3 nghi phạm ค้ามนุษย์"
    assert st.index_terms(text) == " ".join(st.query_terms(text))
    assert st.index_terms(text) == "cảnh sát đã bắt giữ 3 nghi phạm ค้า มนุษย์"


def test_folded_and_grams_fields():
    assert st.index_folded("Buôn bán người ĐƯỜNG officers") == "buon ban nguoi duong offic"
    assert st.index_grams("ค้ามนุษย์") == "ค้า ้าม ามน มนุ นุษ ุษย ษย์"
    assert st.index_grams("english only") == ""


def test_english_word_forms_share_a_folded_stem_and_vietnamese_stays_whole():
    assert st.query("traffickers").folded == ("traffick",)
    assert st.index_folded("trafficking trafficked") == "traffick traffick"
    assert st.index_folded("Người lao động bị lừa đảo") == "nguoi lao dong bi lua dao"


def test_nominalising_prefixes_are_words_of_their_own_on_both_sides():
    assert st.tokenize("ການແຕ່ງງານ ຄວາມຮຸນແຮງ") == ["ການ", "ແຕ່ງງານ", "ຄວາມ", "ຮຸນແຮງ"]
    assert st.index_terms("ການຫຼອກລວງ") == "ການ ຫຼອກລວງ"
    assert st.query("ການແຕ່ງງານ").words == ("ແຕ່ງງານ",)
    assert st.query("ການແຕ່ງງານ").grams[-1].startswith("ການ")  # the form as typed, to rank exact forms higher
    assert st.query("សេចក្តីសម្រេច").words == ("សម្រេច",)
    assert st.tokenize("ການ") == ["ການ"] and st.query("ການ").words == ("ການ",)


def test_query_drops_stopwords_only_when_other_words_remain():
    assert st.query("What is the trafficking law?").words == ("trafficking", "law")
    assert st.query("the").words == ("the",)
    assert st.query_terms("What is the law") == ["what", "is", "the", "law"]


def test_query_parts_are_phrases_per_field():
    q = st.query("buon ban nguoi")
    assert q.words == ("buon", "ban", "nguoi")
    assert q.folded == ("buon", "ban", "nguoi", "buon ban", "ban nguoi")
    assert q.grams == ()
    assert "ค้า ้าม ามน มนุ นุษ ุษย ษย์" in st.query("ค้ามนุษย์").grams
    assert not st.query("  ?! ")
    assert st.fts5_match("?!") == ""


def test_detect_language():
    assert st.detect_language("การค้ามนุษย์") == "th"
    assert st.detect_language("ການຄ້າມະນຸດ") == "lo"
    assert st.detect_language("ការជួញដូរមនុស្ស") == "km"
    assert st.detect_language("မြန်မာနိုင်ငံ") == "my"
    assert st.detect_language("Phòng chống buôn bán người") == "vi"
    assert st.detect_language("Human trafficking café") == "en"
    assert st.detect_language("") == "en"


def test_thai_query_matches_longer_unspaced_phrase_in_fts5():
    db = _fts5(list(THAI_DOCS))
    assert _search(db, "ค้ามนุษย์")[0] == 0


def test_thai_query_typed_with_different_segmentation_still_matches():
    db = _fts5(list(THAI_DOCS))
    assert _search(db, "ลักลอบขนยา")[0] == 3


def test_unaccented_vietnamese_matches_and_exact_diacritics_rank_higher():
    docs = ["Hướng dẫn sử dụng thư viện", "Nỗi buồn bạn người thân", "Phòng chống buôn bán người ở biên giới"]
    db = _fts5(docs)
    assert set(_search(db, "buon ban nguoi")) == {1, 2}
    assert _search(db, "phong chong buon ban nguoi")[0] == 2
    assert _search(db, "buôn bán người")[0] == 2
    assert _search(db, "buồn bạn người")[0] == 1


def test_english_plural_matches_singular():
    db = _fts5(["The officer filed a report", "Weather report for Bangkok"])
    assert _search(db, "officers")[0] == 0


def test_highlight_thai_substring_and_escapes_html():
    marked = snippet("<script>alert(1)</script>การค้ามนุษย์ข้ามชาติ", "ค้ามนุษย์")
    assert "<script>" not in marked
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in marked
    assert "การ<mark>ค้ามนุษย์</mark>ข้ามชาติ" in marked


def test_highlight_vietnamese_is_diacritic_insensitive():
    marked = snippet("Hội thảo phòng chống Buôn bán người & lao động cưỡng bức", "buon ban nguoi")
    assert "<mark>Buôn bán người</mark>" in marked
    assert "&amp;" in marked


def test_highlight_lao_matches_across_spelling_variants():
    assert snippet("ໜັງສືພິມ ຄຳເວົ້າ", "ຫນັງສື ຄໍາ") == "<mark>ໜັງສື</mark>ພິມ <mark>ຄຳ</mark>ເວົ້າ"


def test_highlight_returns_bounded_snippet_around_best_match():
    text = "Lorem ipsum dolor sit amet. " * 30 + "Officers arrested the trafficking suspects. " + "Filler text. " * 30
    marked = snippet(text, "trafficking officer", size=200)
    assert "<mark>trafficking</mark>" in marked
    assert "<mark>Officers</mark>" in marked
    assert marked.startswith("…") and marked.endswith("…")
    assert len(marked.replace("<mark>", "").replace("</mark>", "")) <= 202


def test_highlight_without_match_returns_escaped_start():
    assert snippet("a < b", "zzz") == "a &lt; b"


@pytest.mark.parametrize("name", ["tha_wisesight1000", "tha_ud_pud", "khm_khpos_close_test"])
def test_unspaced_two_word_query_quality(name):
    segmentation = pytest.importorskip("bench.segmentation")
    if not (segmentation.SEGMENTATION / f"{name}.gold.txt").exists():
        pytest.skip("shared evaluation data not available")
    result = segmentation.unspaced_query_quality(name)["pipeline (words+grams)"]
    assert result["hit10"] >= 0.98
    assert result["mrr"] >= 0.9


@pytest.mark.parametrize(("lang", "minimum"), [("th", 0.95), ("vi", 0.94), ("en", 0.94)])
def test_xquad_retrieval_quality(lang, minimum):
    quality = pytest.importorskip("bench.retrieval_quality")
    if not (quality.XQUAD / lang / "queries.tsv").exists():
        pytest.skip("shared evaluation data not available")
    engine = quality.PipelineFts5(quality.passages(lang))
    assert quality.evaluate(engine.search, lang)["mrr"] >= minimum


def test_xquad_vietnamese_questions_without_diacritics():
    quality = pytest.importorskip("bench.retrieval_quality")
    if not (quality.XQUAD / "vi" / "queries.tsv").exists():
        pytest.skip("shared evaluation data not available")
    engine = quality.PipelineFts5(quality.passages("vi"))
    result = quality.evaluate(lambda text, k: engine.search(quality.strip_diacritics(text), k), "vi")
    assert result["mrr"] >= 0.9
