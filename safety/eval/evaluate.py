"""Evaluation of the anonymity detector against the labelled corpus: recall and precision per kind."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from safety.detector import KINDS, Finding, detect

CORPUS = Path(__file__).resolve().parent / "corpus.jsonl"
REAL = Path(__file__).resolve().parent / "real" / "sentences.jsonl"


@dataclass
class Report:
    """Counts from one evaluation run, with recall and precision per kind and overall."""

    gold: Counter = field(default_factory=Counter)
    found_gold: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    lookalike_false_positives: list[tuple[str, str, str]] = field(default_factory=list)
    records: int = 0
    lookalike_records: int = 0

    def recall(self, kind: str | None = None) -> float:
        """Return the share of gold spans (of kind, or all) overlapped by a finding of the same kind."""
        gold = self.gold[kind] if kind else sum(self.gold.values())
        hit = self.found_gold[kind] if kind else sum(self.found_gold.values())
        return hit / gold if gold else 1.0

    def precision(self, kind: str | None = None) -> float:
        """Return the share of findings (of kind, or all) that overlap a gold span of the same kind."""
        predicted = self.predicted[kind] if kind else sum(self.predicted.values())
        correct = self.correct[kind] if kind else sum(self.correct.values())
        return correct / predicted if predicted else 1.0


def load(path: Path = CORPUS) -> list[dict]:
    """Return the corpus records."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Return True when two half-open spans share at least one character."""
    return a_start < b_end and b_start < a_end


def score(record: dict, findings: Iterable[Finding], report: Report) -> None:
    """Add one record's gold spans and findings to the report."""
    text, spans = record["text"], record["spans"]
    findings = list(findings)
    report.records += 1
    report.lookalike_records += not spans
    for span in spans:
        report.gold[span["kind"]] += 1
        if any(f.kind == span["kind"] and overlaps(f.start, f.end, span["start"], span["end"]) for f in findings):
            report.found_gold[span["kind"]] += 1
        else:
            report.missed.append((span["kind"], text[span["start"] : span["end"]], text))
    for finding in findings:
        report.predicted[finding.kind] += 1
        if any(s["kind"] == finding.kind and overlaps(finding.start, finding.end, s["start"], s["end"]) for s in spans):
            report.correct[finding.kind] += 1
        else:
            report.wrong.append((finding.kind, finding.text, text))
            if not spans:
                report.lookalike_false_positives.append((finding.kind, finding.text, text))


def evaluate(path: Path = CORPUS) -> Report:
    """Run the detector over the corpus and return the report."""
    report = Report()
    for record in load(path):
        score(record, detect(record["text"]), report)
    return report


def evaluate_by_language(
    records: Iterable[dict], findings: Callable[[dict], Iterable[Finding]], kinds: tuple[str, ...] = ("person",)
) -> dict[str, Report]:
    """Return one report per language, scoring only the findings of the given kinds (the real set labels persons)."""
    reports: dict[str, Report] = {}
    for record in records:
        found = [finding for finding in findings(record) if finding.kind in kinds]
        score(record, found, reports.setdefault(record["lang"], Report()))
    return reports


def format_report(report: Report, verbose: bool = True) -> str:
    """Return a plain-text table of recall and precision per kind, overall figures and the errors."""
    lines = [
        f"records: {report.records} ({report.lookalike_records} look-alike sentences without spans)",
        f"{'kind':<14} {'gold':>5} {'found':>6} {'recall':>7} {'pred':>5} {'correct':>8} {'precision':>9}",
    ]
    for kind in KINDS:
        lines.append(
            f"{kind:<14} {report.gold[kind]:>5} {report.found_gold[kind]:>6} {report.recall(kind):>7.3f} "
            f"{report.predicted[kind]:>5} {report.correct[kind]:>8} {report.precision(kind):>9.3f}"
        )
    lines.append(
        f"{'OVERALL':<14} {sum(report.gold.values()):>5} {sum(report.found_gold.values()):>6} {report.recall():>7.3f} "
        f"{sum(report.predicted.values()):>5} {sum(report.correct.values()):>8} {report.precision():>9.3f}"
    )
    lines.append(f"false positives on look-alike sentences: {len(report.lookalike_false_positives)}")
    for kind, value, text in report.lookalike_false_positives:
        lines.append(f"  FP  {kind:<13} {value!r}  in: {text}")
    if verbose:
        for kind, value, text in report.missed:
            lines.append(f"  MISS {kind:<13} {value!r}  in: {text}")
        for kind, value, text in report.wrong:
            if (kind, value, text) not in report.lookalike_false_positives:
                lines.append(f"  WRONG {kind:<12} {value!r}  in: {text}")
    return "\n".join(lines)
