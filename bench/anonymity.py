"""Benchmark: recall and precision of the anonymity detector on the labelled corpora (no Django needed)."""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from safety.eval.evaluate import CORPUS, evaluate, format_report  # noqa: E402

HOLDOUTS = [CORPUS.with_name(f"holdout{suffix}.jsonl") for suffix in ("", "2", "3")]


def main() -> int:
    """Print the evaluation report of each corpus and return 0."""
    parser = argparse.ArgumentParser(description="Evaluate the anonymity detector on the labelled corpora.")
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="JSONL corpus to evaluate (default: the corpus and the held-out sets)",
    )
    parser.add_argument("--quiet", action="store_true", help="only print the figures and look-alike false positives")
    args = parser.parse_args()
    for path in args.corpus or [CORPUS, *HOLDOUTS]:
        sys.stdout.write(f"== {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}\n")
        sys.stdout.write(format_report(evaluate(path), verbose=not args.quiet) + "\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
