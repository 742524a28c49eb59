"""Quality gate: the detector's recall and precision on the labelled corpora."""

import json

import pytest

from safety.eval.build_corpus import parse_line
from safety.eval.evaluate import CORPUS, evaluate

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
