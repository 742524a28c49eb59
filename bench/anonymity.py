"""Benchmark: recall and precision of the anonymity detector on the labelled corpora (no Django needed).

Besides the written corpora, it scores person names on the real sentences of safety/eval/real/ (Thai, Lao,
Khmer) per language, for this detector and for the detector of a baseline commit (by default the last one before
names were found by words), run side by side from ``git show`` in a subprocess; it also times both detectors
on every corpus. ``--baseline ''`` skips the baseline.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from safety.detector import detect  # noqa: E402
from safety.eval.evaluate import CORPUS, REAL, evaluate, evaluate_by_language, format_report, load  # noqa: E402

HOLDOUTS = [CORPUS.with_name(f"holdout{suffix}.jsonl") for suffix in ("", "2", "3")]
# The detector before it read words (cues inside words, names running on into verbs).
BASELINE = "93cc765604c42810657b3eb8a5b46ae03b157197"
BASELINE_FILES = ("safety/detector.py", "safety/patterns.py", "safety/patterns_names.py")
BASELINE_RUNNER = """
import json, sys, time
from safety.detector import detect
out, elapsed = [], 0.0
for line in sys.stdin:
    text = json.loads(line)
    start = time.perf_counter()
    found = detect(text)
    elapsed += time.perf_counter() - start
    out.append([[f.kind, f.start, f.end, f.text] for f in found])
print(json.dumps({"findings": out, "seconds": elapsed}))
"""


class Found:
    """A finding as the baseline subprocess reports it (kind, offsets, text)."""

    def __init__(self, kind: str, start: int, end: int, text: str) -> None:
        """Keep the finding's kind, offsets and text."""
        self.kind, self.start, self.end, self.text = kind, start, end, text


def baseline_findings(revision: str, texts: list[str]) -> tuple[list[list[Found]], float]:
    """Return the baseline detector's findings for each text and its detection time, run from git show."""
    with tempfile.TemporaryDirectory() as folder:
        package = Path(folder) / "safety"
        package.mkdir()
        (package / "__init__.py").write_text("", encoding="utf-8")
        for name in BASELINE_FILES:
            source = subprocess.run(
                ["git", "-C", str(ROOT), "show", f"{revision}:{name}"], capture_output=True, text=True, check=True
            ).stdout
            (Path(folder) / name).write_text(source, encoding="utf-8")
        answer = subprocess.run(
            [sys.executable, "-c", BASELINE_RUNNER],
            input="".join(json.dumps(text) + "\n" for text in texts),
            capture_output=True,
            text=True,
            check=True,
            cwd=folder,
        )
    result = json.loads(answer.stdout)
    return [[Found(*item) for item in found] for found in result["findings"]], result["seconds"]


def timed_findings(texts: list[str]) -> tuple[list[list], float]:
    """Return this detector's findings for each text and the time it took."""
    out, elapsed = [], 0.0
    for text in texts:
        start = time.perf_counter()
        out.append(detect(text))
        elapsed += time.perf_counter() - start
    return out, elapsed


def language_table(title: str, records: list[dict], findings: list[list]) -> str:
    """Return per-language person precision and recall of one detector on the real sentences."""
    by_text = {id(record): found for record, found in zip(records, findings, strict=True)}
    reports = evaluate_by_language(records, lambda record: by_text[id(record)])
    lines = [title, f"{'lang':<5} {'records':>7} {'names':>6} {'found':>6} {'recall':>7} {'pred':>5} {'precision':>9}"]
    for lang, report in sorted(reports.items()):
        lines.append(
            f"{lang:<5} {report.records:>7} {report.gold['person']:>6} {report.found_gold['person']:>6} "
            f"{report.recall('person'):>7.3f} {report.predicted['person']:>5} {report.precision('person'):>9.3f}"
        )
    return "\n".join(lines)


def main() -> int:
    """Print the evaluation report of each corpus, the real-sentence table (baseline beside) and timings."""
    parser = argparse.ArgumentParser(description="Evaluate the anonymity detector on the labelled corpora.")
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="JSONL corpus to evaluate (default: the corpus and the held-out sets)",
    )
    parser.add_argument("--quiet", action="store_true", help="only print the figures and look-alike false positives")
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the detector to compare ('' for none)")
    args = parser.parse_args()
    for path in args.corpus or [CORPUS, *HOLDOUTS]:
        sys.stdout.write(f"== {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}\n")
        sys.stdout.write(format_report(evaluate(path), verbose=not args.quiet) + "\n\n")
    real = load(REAL)
    texts = [record["text"] for record in real]
    findings, _ = timed_findings(texts)
    sys.stdout.write(f"== {REAL.relative_to(ROOT)}: person names in real sentences\n")
    sys.stdout.write(language_table("this detector", real, findings) + "\n")
    corpus_texts = [record["text"] for path in [CORPUS, *HOLDOUTS, REAL] for record in load(path)]
    timed_findings(corpus_texts)  # warm up: ICU dictionaries and word lists load once per process
    _, seconds = timed_findings(corpus_texts)
    if args.baseline:
        old, _ = baseline_findings(args.baseline, texts)
        sys.stdout.write(language_table(f"baseline {args.baseline[:10]}", real, old) + "\n")
        _, old_seconds = baseline_findings(args.baseline, corpus_texts * 2)
        sys.stdout.write(
            f"\ndetection time on all {len(corpus_texts)} corpus texts: this detector {seconds * 1000:.0f} ms, "
            f"baseline {old_seconds / 2 * 1000:.0f} ms\n"
        )
    else:
        sys.stdout.write(f"\ndetection time on all {len(corpus_texts)} corpus texts: {seconds * 1000:.0f} ms\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
