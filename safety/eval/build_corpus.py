"""Build corpus.jsonl from the marked-up corpus_source.txt."""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "corpus_source.txt"
TARGET = HERE / "corpus.jsonl"
MARK = re.compile(r"\[\[(?P<kind>[a-z_]+):(?P<value>.+?)\]\]")
LANGS = {"en", "km", "lo", "th", "vi"}


def parse_line(line: str) -> dict:
    """Return one corpus record (lang, plain text, gold spans) from a marked-up line."""
    lang, _, marked = line.partition("\t")
    if lang not in LANGS or not marked:
        raise ValueError(f"bad corpus line: {line!r}")
    parts, spans, pos, out_len = [], [], 0, 0
    for match in MARK.finditer(marked):
        plain = marked[pos : match.start()]
        parts.append(plain)
        out_len += len(plain)
        value = match["value"]
        spans.append({"start": out_len, "end": out_len + len(value), "kind": match["kind"]})
        parts.append(value)
        out_len += len(value)
        pos = match.end()
    parts.append(marked[pos:])
    return {"lang": lang, "text": "".join(parts), "spans": spans}


def build(source: Path = SOURCE, target: Path = TARGET) -> int:
    """Write the JSONL corpus and return the number of records."""
    records = [
        parse_line(line)
        for line in source.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    with target.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


if __name__ == "__main__":
    count = build()
    sys.stdout.write(f"{count} records written to {TARGET}\n")
