"""The detector's cheap pre-filter: a rule's regex runs only on a text holding one of the characters every match of
it needs (safety.detector.needed_characters). It must never hide a finding."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safety import detector
from safety.detector import detect, needed_characters, normalize
from tests.safety.test_detector import CASES, LOOKALIKES, MORE_LOOKALIKES, VARIANTS

CORPUS = [text for _lang, text, _kind, _value in CASES] + [text for text, _kind, _value in VARIANTS]
CORPUS += LOOKALIKES + MORE_LOOKALIKES
ALPHABET = sorted({char for text in CORPUS for char in text} | set("0123456789@#/:.°+-_ \n"))


def missed(text):
    """Return the rules whose regex matches text while their pre-filter says it cannot."""
    norm = normalize(text).text
    return [
        rule.pattern[:60]
        for rule, regex, needed in detector.COMPILED_RULES
        if needed is not None and regex.search(norm) and not needed.search(norm)
    ]


@pytest.mark.parametrize(
    ("pattern", "holds", "lacks"),
    [
        (r"\d+", "a1", "abc"),
        (r"(?i:passport)\s*(?P<v>[A-Z]{1,2}\d{6,8})", "P1", "PASSPORT AB"),
        (r"(?=[xy])\w+@", "@", "x y"),
        (r"foo|ba[rz]", "fb", "zzz"),  # every alternative begins with f or b
    ],
)
def test_the_pre_filter_is_a_class_every_match_needs(pattern, holds, lacks):
    needed = needed_characters(pattern)
    assert needed.search(holds) and not needed.search(lacks)


@pytest.mark.parametrize("pattern", [r"a?b*", r"[^x]+", r"\w+", r"(?!\d)x?", r".+"])
def test_patterns_that_need_no_rare_character_get_no_pre_filter(pattern):
    assert needed_characters(pattern) is None


@pytest.mark.parametrize("text", CORPUS)
def test_no_rule_matches_a_text_its_pre_filter_refuses(text):
    assert missed(text) == []


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.sampled_from(CORPUS), st.text(alphabet=st.sampled_from(ALPHABET), max_size=40)), max_size=4
    ).map(" ".join)
)
def test_no_rule_matches_a_mixed_text_its_pre_filter_refuses(text):
    assert missed(text) == []


def test_findings_are_the_same_without_the_pre_filter(monkeypatch):
    texts = [*CORPUS, "Mr Somchai called 081 234 5678 and wrote to som@example.org on 12/03/2024."]
    with_filter = [detect(text) for text in texts]
    unfiltered = tuple((rule, regex, None) for rule, regex, _needed in detector.COMPILED_RULES)
    monkeypatch.setattr(detector, "COMPILED_RULES", unfiltered)
    assert [detect(text) for text in texts] == with_filter
    assert any(with_filter)


def test_a_text_without_digits_skips_the_number_rules():
    skipped = [
        rule.kind for rule, _regex, needed in detector.COMPILED_RULES if needed is not None and not needed.search("ab")
    ]
    assert {"phone", "bank_account", "passport", "id_number"} <= set(skipped)
