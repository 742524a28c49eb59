"""Retrieval quality of the site's engines on XQuAD-R passages: the embedded engine against Wagtail's backend.

Run: .venv/bin/python bench/retrieval_engines.py [th vi en]

Each passage becomes one public document (text only) in the embedded engine (textproc pipeline, FTS5 bm25,
or PostgreSQL with BENCH_DATABASE_URL) and in Wagtail's stock database backend (wagtail.search.backends.database)
on the same database; both answer every XQuAD-R question. Scores come from bench/retrieval_quality.evaluate:
MRR@10, Recall@10 and p95 latency per query.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from retrieval_quality import LANGS, evaluate, passages  # noqa: E402
from search_setup import CACHE, setup_django, wagtail_index_all, wagtail_model  # noqa: E402


def load(lang: str) -> float:
    """Replace the embedded index with a language's passages; return the seconds it took."""
    from search.backends.embedded import EmbeddedEngine
    from search.documents import SearchDocument

    engine = EmbeddedEngine()
    engine.clear()
    started = time.perf_counter()
    engine.index(
        SearchDocument(id=docid, kind="resource", title="", url=f"/p/{docid}/", language=lang, text=text)
        for docid, text in passages(lang)
    )
    engine.optimize()
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    langs = [lang for lang in argv if lang in LANGS] or list(LANGS)
    setup_django(CACHE / "retrieval-engines.sqlite3")
    from django.db import DatabaseError, connection
    from wagtail.search.backends import get_search_backend

    from search.backends.base import SearchQuery
    from search.backends.embedded import EmbeddedEngine

    engine = EmbeddedEngine()
    backend = get_search_backend()
    model = wagtail_model()
    audience = frozenset({"public"})

    def embedded(text, k):
        return [hit.id for hit in engine.search(SearchQuery(text=text, page_size=k, audience=audience)).hits]

    failures: dict[str, int] = {}

    def wagtail(operator):
        def run(text, k):
            try:
                return [entry.doc_id for entry in backend.search(text, model.objects.all(), operator=operator)[:k]]
            except DatabaseError:
                # Wagtail's SQLite backend passes some questions (e.g. ending in "?") to FTS5 as invalid syntax.
                failures[operator] = failures.get(operator, 0) + 1
                return []

        return run

    print(f"XQuAD-R passages, database: {connection.vendor}")
    print(f"{'lang':4} {'engine':34} {'MRR@10':>7} {'R@10':>6} {'p95 ms':>7} {'index s':>8}")
    for lang in langs:
        embedded_seconds = load(lang)
        wagtail_seconds = wagtail_index_all()
        failures.clear()
        for name, fn, seconds in (
            ("embedded (textproc + FTS)", embedded, embedded_seconds),
            ("wagtail database, operator=or", wagtail("or"), wagtail_seconds),
            ("wagtail database, operator=and", wagtail("and"), wagtail_seconds),
        ):
            result = evaluate(fn, lang)
            print(
                f"{lang:4} {name:34} {result['mrr']:7.3f} {result['recall']:6.3f} {result['p95_ms']:7.1f} "
                f"{seconds:8.1f}",
                flush=True,
            )
        for operator, count in failures.items():
            print(f"{lang:4} wagtail operator={operator}: {count} queries raised a database error (counted as no hits)")


if __name__ == "__main__":
    main(sys.argv[1:])
