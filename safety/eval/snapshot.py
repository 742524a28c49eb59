"""Write every finding of the detector on every evaluation text, to compare two versions byte for byte.

Run it in two checkouts and compare the outputs with ``cmp``:

    .venv/bin/python -m safety.eval.snapshot --words words.json > after.jsonl

The texts are the labelled corpora and held-out sets, the real sentences, the corpus source lines, every string
literal of the detector's tests and, with ``--words``, a few sentences built around each word of a JSON list of
words (for instance every entry of the word lists), so that each word is tried as a title, a keyword and a name.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

from safety.detector import detect, redact

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "safety" / "eval"
TEST_FILES = ("tests/safety/*.py", "tests/library/*.py", "tests/search/*.py")
WORD_TEMPLATES = (
    "{w} Sok Dara said",
    "{w}สมชาย ใจดี กล่าว และ {w} สมศรี",
    "{w} 0123 456 789, {w}: 1300",
    "5 {w} ສົມພອນ ພົມມາ ແລະ {w}សុខ ដារា បាននិយាយ",
    "{w}: AB1234567 15 May 1990 {w} 12/2023 {w}ဦးအောင်",
    "Facebook {w} somchai_88 and LINE {w} 081 234 5678, ເຟສບຸກ {w} ສົມພອນ",
    'Zalo {w}: "Sok Dara Shop", WhatsApp {w} Sok Dara, เฟส{w}สมชาย',
    "{w} 12 Soi 5, Moo 3 and {w}: 45 Lê Lợi, {w} 12/3 หมู่ 4",
    "born {w} 5 May 1990, เกิด{w} 5 มกราคม {w} 2530, sinh {w} 5 tháng 3 năm 1990",
)


def corpus_texts() -> list[str]:
    """Return the texts of the labelled corpora, the real sentences and the corpus source lines."""
    texts = []
    for path in sorted([*EVAL.glob("*.jsonl"), *EVAL.glob("real/*.jsonl")]):
        with path.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    for path in sorted(EVAL.glob("*_source.txt")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_texts() -> list[str]:
    """Return every string literal of the detector's tests (and the tests that feed it pages)."""
    texts = []
    for pattern in TEST_FILES:
        for path in sorted(ROOT.glob(pattern)):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            texts += [
                node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            ]
    return texts


def word_texts(words: list[str]) -> list[str]:
    """Return a few sentences around each word."""
    return [template.format(w=word) for word in words for template in WORD_TEMPLATES]


def main() -> int:
    """Print one JSON line per text: the text, its findings and its redaction."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=Path, help="JSON list of words to build sentences around")
    args = parser.parse_args()
    words = json.loads(args.words.read_text(encoding="utf-8")) if args.words else []
    for text in [*corpus_texts(), *test_texts(), *word_texts(words)]:
        found = detect(text)
        record = {"text": text, "findings": [f.to_dict() for f in found], "redacted": redact(text, found)}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
