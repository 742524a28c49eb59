"""Benchmark: recall and precision of the anonymity detector on the labelled corpus (no Django needed)."""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from safety.eval.evaluate import CORPUS, evaluate, format_report  # noqa: E402


def main() -> int:
    """Print the evaluation report and return 0."""
    parser = argparse.ArgumentParser(description="Evaluate the anonymity detector on the labelled corpus.")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL corpus to evaluate")
    parser.add_argument("--quiet", action="store_true", help="only print the figures and look-alike false positives")
    args = parser.parse_args()
    sys.stdout.write(format_report(evaluate(args.corpus), verbose=not args.quiet) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
