"""Passage retrieval quality (MRR@10, Recall@10) on XQuAD-R for Thai, Vietnamese and English.

Run: .venv/bin/python bench/retrieval_quality.py [th vi en]
     .venv/bin/python bench/retrieval_quality.py --scale 50000   (indexing time and query latency at scale)

Compares stock SQLite FTS5 (unicode61 tokenizer over the passage text, whitespace-split query terms OR-ed,
bm25) with the textproc pipeline in FTS5 (words/folded/grams columns, bm25 column weights); for Vietnamese
also with the questions' diacritics stripped (as typed without a Vietnamese keyboard). Reuse
``evaluate(search_fn, lang)`` with any ``search_fn(query_text, k) -> list[docid]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textproc import pipeline as st  # noqa: E402

EVAL = Path(os.environ.get("FRONTLINE_EVAL", ROOT.parent / "shared" / "eval"))
XQUAD = EVAL / "retrieval" / "xquad-r"
LANGS = ("th", "vi", "en")
K = 10


@cache
def passages(lang: str) -> tuple[tuple[str, str], ...]:
    """Return (docid, text) of every passage of a language."""
    rows = []
    with open(XQUAD / lang / "corpus_passages.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                rows.append((item["docid"], item["text"]))
    return tuple(rows)


@cache
def queries(lang: str) -> tuple[tuple[str, str], ...]:
    """Return (qid, question) of every query of a language."""
    rows = []
    for line in (XQUAD / lang / "queries.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, text = line.split("\t", 1)
            rows.append((qid, text))
    return tuple(rows)


@cache
def qrels(lang: str) -> dict[str, frozenset[str]]:
    """Return the relevant docids of every query of a language."""
    relevant: dict[str, set[str]] = {}
    for line in (XQUAD / lang / "qrels_passages.trec").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 4 and int(parts[3]) > 0:
            relevant.setdefault(parts[0], set()).add(parts[2])
    return {qid: frozenset(docids) for qid, docids in relevant.items()}


def evaluate(search_fn: Callable[[str, int], list[str]], lang: str, k: int = K) -> dict[str, float]:
    """Return MRR@k, Recall@k, query count and p95 latency (ms) of search_fn over a language's queries."""
    relevant = qrels(lang)
    rr = recall = 0.0
    latencies = []
    judged = [(qid, text) for qid, text in queries(lang) if qid in relevant]
    for qid, text in judged:
        started = time.perf_counter()
        ranked = list(search_fn(text, k))[:k]
        latencies.append(time.perf_counter() - started)
        wanted = relevant[qid]
        rank = next((r for r, docid in enumerate(ranked, 1) if docid in wanted), None)
        if rank:
            rr += 1 / rank
        recall += len(wanted.intersection(ranked)) / len(wanted)
    n = len(judged) or 1
    latencies.sort()
    return {
        "mrr": rr / n,
        "recall": recall / n,
        "queries": len(judged),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0,
    }


def strip_diacritics(text: str) -> str:
    """Return text without combining marks and with đ/Đ as d/D, as typed on a keyboard without Vietnamese input."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def _quote(term: str) -> str:
    """Return term as an FTS5 string."""
    return '"' + term.replace('"', '""') + '"'


class StockFts5:
    """Stock FTS5: unicode61 tokenizer over the passage text, whitespace-split query terms OR-ed, bm25."""

    name = "stock FTS5 unicode61"

    def __init__(self, docs: Iterable[tuple[str, str]]) -> None:
        """Index (docid, text) pairs."""
        self.docids: list[str] = []
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
        for rowid, (docid, text) in enumerate(docs):
            self.docids.append(docid)
            self.db.execute("INSERT INTO t(rowid, body) VALUES (?, ?)", (rowid, text))

    def search(self, query: str, k: int = K) -> list[str]:
        """Return the docids of the best k passages."""
        terms = query.split()
        if not terms:
            return []
        match = " OR ".join(_quote(t) for t in terms)
        rows = self.db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (match, k))
        return [self.docids[row[0]] for row in rows]


class PipelineFts5:
    """textproc pipeline in FTS5: words, folded and grams columns with bm25 column weights."""

    name = "textproc pipeline"

    def __init__(self, docs: Iterable[tuple[str, str]], weights: dict[str, float] | None = None) -> None:
        """Index (docid, text) pairs."""
        self.weights = weights or st.FIELD_WEIGHTS
        self.docids: list[str] = []
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE t USING fts5(words, folded, grams, tokenize='ascii')")
        for rowid, (docid, text) in enumerate(docs):
            self.docids.append(docid)
            fields = st.index_fields(text)
            self.db.execute(
                "INSERT INTO t(rowid, words, folded, grams) VALUES (?, ?, ?, ?)",
                (rowid, fields["words"], fields["folded"], fields["grams"]),
            )

    def search(self, query: str, k: int = K) -> list[str]:
        """Return the docids of the best k passages."""
        match = st.fts5_match(query)
        if not match:
            return []
        w = self.weights
        rows = self.db.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, ?, ?, ?) LIMIT ?",
            (match, w["words"], w["folded"], w["grams"], k),
        )
        return [self.docids[row[0]] for row in rows]


def scale(n: int = 50_000, optimize: bool = True) -> None:
    """Print indexing time of n passages (all languages, cycled) in a pipeline FTS5 table and query latency."""
    docs = [doc for lang in LANGS for doc in passages(lang)]
    started = time.perf_counter()
    engine = PipelineFts5((f"{docs[i % len(docs)][0]}#{i}", docs[i % len(docs)][1]) for i in range(n))
    built = time.perf_counter() - started
    print(f"indexed {n} passages (text analysis + FTS5 insert) in {built:.1f} s ({1000 * built / n:.2f} ms each)")
    if optimize:
        started = time.perf_counter()
        engine.db.execute("INSERT INTO t(t) VALUES ('optimize')")
        print(f"FTS5 'optimize' (merge segments) in {time.perf_counter() - started:.1f} s")
    print(f"load average during the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    runs = {f"{lang} questions": [text for _, text in queries(lang)] for lang in LANGS}
    runs["th/km two-word unspaced"] = _two_word_queries()
    for label, texts in runs.items():
        latencies = []
        for text in texts:
            started = time.perf_counter()
            engine.search(text, K)
            latencies.append(time.perf_counter() - started)
        latencies.sort()
        p50 = 1000 * latencies[len(latencies) // 2]
        p95 = 1000 * latencies[int(0.95 * (len(latencies) - 1))]
        print(f"{label}: {len(latencies)} queries over {n} passages: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def _two_word_queries() -> list[str]:
    """Return the unspaced two-word queries of the Thai UD and Khmer segmentation benchmarks (if present)."""
    from bench import segmentation

    texts = []
    for name in ("tha_ud_pud", "khm_khpos_close_test"):
        if (segmentation.SEGMENTATION / f"{name}.gold.txt").exists():
            texts.extend(query for query, _ in segmentation.two_word_queries(segmentation.read_gold(name))[:500])
    return texts


def main(argv: list[str]) -> None:
    """Print MRR@10 and Recall@10 of stock FTS5 and the pipeline per language, or with --scale N the latency."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("langs", nargs="*", default=list(LANGS))
    parser.add_argument("--scale", type=int, default=0, help="index N passages and measure query latency instead")
    args = parser.parse_args(argv)
    if args.scale:
        scale(args.scale)
        return
    print(f"XQuAD-R passage retrieval, k={K} (passage text indexed; questions' terms OR-ed, bm25)")
    print(f"{'lang':5} {'system':24} {'MRR@10':>7} {'R@10':>6} {'p95 ms':>7} queries  index s")
    for lang in args.langs:
        for engine_class in (StockFts5, PipelineFts5):
            started = time.perf_counter()
            engine = engine_class(passages(lang))
            built = time.perf_counter() - started
            r = evaluate(engine.search, lang)
            print(
                f"{lang:5} {engine.name:24} {r['mrr']:7.3f} {r['recall']:6.3f} {r['p95_ms']:7.2f} "
                f"{r['queries']:7d}  {built:6.2f}"
            )
            if lang == "vi":
                r = evaluate(lambda text, k, search=engine.search: search(strip_diacritics(text), k), lang)
                label = "  same, query unaccented"
                print(f"{lang:5} {label:24} {r['mrr']:7.3f} {r['recall']:6.3f} {r['p95_ms']:7.2f} {r['queries']:7d}")


if __name__ == "__main__":
    main(sys.argv[1:])
