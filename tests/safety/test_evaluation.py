"""Quality gate: the detector's recall and precision on the labelled corpora."""

import json

import pytest

from safety.detector import detect
from safety.eval.build_corpus import parse_line
from safety.eval.evaluate import CORPUS, REAL, evaluate, evaluate_by_language, load

HOLDOUTS = [CORPUS.with_name(f"holdout{suffix}.jsonl") for suffix in ("", "2", "3")]


@pytest.mark.parametrize("path", [CORPUS, *HOLDOUTS], ids=["corpus", "holdout", "holdout2", "holdout3"])
def test_recall_and_precision_meet_targets(path):
    report = evaluate(path)
    assert report.recall() >= 0.95, report.missed
    assert report.precision() >= 0.85, report.wrong


def test_corpus_is_large_and_covers_every_kind_and_language():
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    spans = [(r["lang"], s["kind"]) for r in records for s in r["spans"]]
    lookalikes = [r for r in records if not r["spans"]]
    assert len(spans) >= 150
    assert len(lookalikes) >= 150
    assert {lang for lang, _ in spans} == {"en", "km", "lo", "th", "vi"}
    assert len({kind for _, kind in spans}) == 12
    for record in records:
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]].strip() == record["text"][span["start"] : span["end"]]


def test_corpus_markup_is_parsed_into_exact_offsets():
    record = parse_line("en\tCall [[phone:012 345 678]] or write to [[email:a@b.com]].")
    assert record["text"] == "Call 012 345 678 or write to a@b.com."
    assert [record["text"][s["start"] : s["end"]] for s in record["spans"]] == ["012 345 678", "a@b.com"]


def test_real_sentences_are_sourced_licensed_and_labelled_in_three_languages():
    records = load(REAL)
    counts = {lang: sum(record["lang"] == lang for record in records) for lang in ("th", "lo", "km")}
    assert all(count >= 60 for count in counts.values()), counts
    for record in records:
        assert record["source"] and record["licence"]
        for span in record["spans"]:
            value = record["text"][span["start"] : span["end"]]
            assert span["kind"] == "person" and value and value == value.strip()


def test_real_sentences_precision_per_language():
    reports = evaluate_by_language(load(REAL), lambda record: detect(record["text"]))
    for lang in ("th", "lo", "km"):
        assert reports[lang].precision("person") >= 0.8, (lang, reports[lang].wrong)
    assert reports["km"].recall("person") >= 0.8, reports["km"].missed
