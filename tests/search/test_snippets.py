"""Result snippets: the best window of a text, matches in <mark>, everything else escaped."""

from textproc.highlight import snippet


def test_marks_thai_substring_inside_an_unspaced_phrase():
    assert snippet("พบขบวนการค้ามนุษย์ข้ามชาติ", "ค้ามนุษย์") == "พบขบวนการ<mark>ค้ามนุษย์</mark>ข้ามชาติ"


def test_marks_vietnamese_typed_without_diacritics():
    assert snippet("Đường dây buôn bán người", "duong ban") == "<mark>Đường</mark> dây buôn <mark>bán</mark> người"


def test_merges_adjacent_matches():
    assert snippet("Các đối tượng buôn bán người", "buon ban nguoi") == "Các đối tượng <mark>buôn bán người</mark>"


def test_marks_english_inflections_and_ignores_case():
    assert snippet("Victims were interviewed.", "victim") == "<mark>Victims</mark> were interviewed."


def test_does_not_mark_latin_inside_words():
    assert snippet("a cab and a bcab", "cab") == "a <mark>cab</mark> and a bcab"


def test_escapes_html_everywhere():
    assert snippet("<b>care</b> & patience", "patience") == "&lt;b&gt;care&lt;/b&gt; &amp; <mark>patience</mark>"


def test_picks_the_window_around_matches_in_a_long_text():
    text = "filler " * 500 + "the smuggling route crossed the river " + "filler " * 500
    result = snippet(text, "smuggling river")
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>smuggling</mark>" in result and "<mark>river</mark>" in result
    assert len(result) < 320


def test_without_a_match_shows_the_beginning():
    assert snippet("First words of the text.", "absent") == "First words of the text."
