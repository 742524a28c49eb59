"""PostgreSQL server time of the embedded engine's ranked search: this tree's statement against the one before it.

Run: BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/search_speed.py --docs 5000 --skip-wagtail  (builds it)
     BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/search_postgres.py [--rounds 5]

On the index bench/search_speed.py left in that database, each faceted query of bench/search_setup.py is run through
``EmbeddedEngine.search`` in two ways, alternating within every round so both see the same machine load:

* before: the statement of search/0008 (commit 1a796f2's matching): the full tsquery, phrases included, as the
  WHERE clause, and the planner's own choice of plan (a sequential scan for a frequent term);
* this tree: ``_match_tsquery`` (no phrase a looked-for term implies, so the GIN index needs no recheck) under
  ``_index_scan`` (no sequential scan).

With --xquad th vi en the same two ways answer the XQuAD-R questions instead (bench/retrieval_engines.py's passages
and scores, MRR@10 and Recall@10: the figures must be equal); this REPLACES the index of that database, so give it a
database of its own.

Each ranked statement is run under EXPLAIN ANALYZE; the figure is PostgreSQL's "Execution Time" (server time,
free of this process and of the network), p50/p95 over rounds × queries, beside the load average. The hits of both
ways are compared: they must be the same documents in the same order.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_setup import CACHE, QUERIES, percentile, setup_django  # noqa: E402

AUDIENCE = frozenset({"public", "members"})


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--xquad", nargs="+", metavar="LANG", help="compare on XQuAD-R (replaces the index)")
    args = parser.parse_args(argv)
    if not os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres"):
        sys.exit("BENCH_DATABASE_URL must name a PostgreSQL database that bench/search_speed.py filled")
    setup_django(CACHE / "search-speed.sqlite3", fresh=False)

    from django.db.backends.utils import CursorWrapper

    import search.backends.embedded as embedded
    from search.backends.base import SearchQuery

    engine = embedded.EmbeddedEngine()
    this_tree = (embedded._match_tsquery, embedded._index_scan)
    before = (embedded._tsquery, lambda cursor: contextlib.nullcontext())
    if args.xquad:
        xquad(engine, args.xquad, {"before (search/0008)": before, "this tree": this_tree})
        return
    if not engine.count():
        sys.exit("The index is empty: run bench/search_speed.py with the same BENCH_DATABASE_URL first")
    server_ms: list[float] = []
    execute = CursorWrapper.execute

    def explained(self, sql, params=None):
        if "ts_rank" in sql:
            execute(self, "EXPLAIN (ANALYZE) " + sql, params)
            plan = [row[0] for row in self.fetchall()]
            server_ms.append(float(plan[-1].split(":")[1].split()[0]))
        return execute(self, sql, params)

    def run(way, text, filters):
        embedded._match_tsquery, embedded._index_scan = way
        return [hit.id for hit in engine.search(SearchQuery(text=text, filters=filters, audience=AUDIENCE)).hits]

    for text, filters in QUERIES:  # warm caches and the document frequencies
        if text:
            assert run(before, text, filters) == run(this_tree, text, filters), (text, filters)
    CursorWrapper.execute = explained
    times: dict[str, list[float]] = {"before (search/0008)": [], "this tree": []}
    load_before = os.getloadavg()
    try:
        for _ in range(args.rounds):
            for text, filters in QUERIES:
                if not text:
                    continue
                for name, way in (("before (search/0008)", before), ("this tree", this_tree)):
                    server_ms.clear()
                    run(way, text, filters)
                    times[name].append(sum(server_ms))
    finally:
        CursorWrapper.execute = execute
        embedded._match_tsquery, embedded._index_scan = this_tree
    print(f"{engine.count()} documents, {sum(1 for t, _ in QUERIES if t)} ranked queries × {args.rounds} rounds")
    print(
        f"load average before {' '.join(f'{x:.1f}' for x in load_before)}, after "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
    )
    print(f"\n{'PostgreSQL execution time of the ranked statement':52} {'p50 ms':>8} {'p95 ms':>8} {'sum ms':>9}")
    for name, values in times.items():
        print(f"{name:52} {statistics.median(values):8.1f} {percentile(values, 95):8.1f} {sum(values):9.0f}")
    print("hits: the same documents in the same order both ways (checked for every query)")


def xquad(engine, langs, ways) -> None:
    """Print MRR@10, Recall@10 and p95 of each way on each language's XQuAD-R questions (the index is replaced)."""
    from retrieval_engines import load
    from retrieval_quality import evaluate

    import search.backends.embedded as embedded
    from search.backends.base import SearchQuery

    def answer(text, k):
        query = SearchQuery(text=text, page_size=k, audience=frozenset({"public"}))
        return [hit.id for hit in engine.search(query).hits]

    print(f"XQuAD-R on PostgreSQL, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'lang':4} {'statement':24} {'MRR@10':>7} {'R@10':>6} {'p95 ms':>7}")
    for lang in langs:
        load(lang)
        for name, way in ways.items():
            embedded._match_tsquery, embedded._index_scan = way
            result = evaluate(answer, lang)
            print(
                f"{lang:4} {name:24} {result['mrr']:7.3f} {result['recall']:6.3f} {result['p95_ms']:7.1f}", flush=True
            )
    embedded._match_tsquery, embedded._index_scan = ways["this tree"]
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1:])
