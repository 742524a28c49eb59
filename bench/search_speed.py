"""Latency of faceted search and indexing throughput: the embedded engine against Wagtail's database backend.

Run: .venv/bin/python bench/search_speed.py [--docs 50000] [--rounds 10]
     BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/search_speed.py   (the embedded engine on PostgreSQL)

Both engines get the same generated multilingual documents (English, Vietnamese, Thai, Lao, Khmer; 80 % public,
13 % members-only, 7 % group-only). The embedded engine answers the full query: text, audience, disjunctive
counts of six facets, 20 highlighted hits. Wagtail's backend (wagtail.search.backends.database) is given the
same text with its single-valued filters (type, year, language) and counts three facets with .facet(); it cannot
filter multi-valued fields (country, crime, tag) or audiences, so it does less work than the embedded engine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_setup import (  # noqa: E402
    CACHE,
    QUERIES,
    documents,
    percentile,
    setup_django,
    wagtail_index_all,
    wagtail_model,
)

AUDIENCE = frozenset({"public", "members"})


def timed(fn, rounds: int, warmup: bool = True, cpu: list[float] | None = None) -> list[float]:
    """Return the wall milliseconds of each call of fn over rounds × every query (after one warm-up round).

    CPU milliseconds of this process (SQLite runs in it) go to cpu when given: on a shared machine they show
    the work done, free of the time spent waiting for a core.
    """
    for text, filters in QUERIES if warmup else ():
        fn(text, filters)
    times = []
    for _ in range(rounds):
        for text, filters in QUERIES:
            started, started_cpu = time.perf_counter(), time.process_time()
            fn(text, filters)
            times.append((time.perf_counter() - started) * 1000)
            if cpu is not None:
                cpu.append((time.process_time() - started_cpu) * 1000)
    return times


def after_change(engine, count: int, repeats: int = 5) -> list[float]:
    """Return the milliseconds of the first query after each of a few one-document changes (summary update)."""
    from search_setup import documents

    from search.backends.base import SearchQuery

    changed = list(documents(repeats, seed=99))
    times = []
    for n, document in enumerate(changed):
        document.id = f"page:{count + 1 + n}"
        engine.index([document])
        started = time.perf_counter()
        engine.search(SearchQuery(text="forced labour", filters={"country": ["TH"]}, audience=AUDIENCE))
        times.append((time.perf_counter() - started) * 1000)
    engine.delete([document.id for document in changed])
    return times


def bench_embedded(count: int, rounds: int, reuse: bool = False) -> dict:
    from django.db import connection

    from search import summary
    from search.backends.base import SearchQuery
    from search.backends.embedded import EmbeddedEngine

    engine = EmbeddedEngine()
    if reuse and engine.count() == count:
        index_rate = None
    else:
        engine.clear()
        started = time.perf_counter()
        iterator = documents(count)
        while batch := list(islice(iterator, 1000)):
            engine.index(batch)
        engine.optimize()
        index_rate = count / (time.perf_counter() - started)
    totals = {}

    def run(text, filters):
        results = engine.search(SearchQuery(text=text, filters=filters, audience=AUDIENCE))
        totals[text, str(filters)] = results.total
        return results

    summary.forget()
    started = time.perf_counter()
    run(*QUERIES[0])
    cold = (time.perf_counter() - started) * 1000
    cpu: list[float] = []
    times = timed(run, rounds, cpu=cpu)
    changes = after_change(engine, count)
    print(
        f"embedded: first query of a process (reads the index summary) {cold:.0f} ms; first query after a "
        f"one-document change p50 {statistics.median(changes):.1f} ms, max {max(changes):.1f} ms"
    )
    return {
        "engine": f"embedded ({connection.vendor})",
        "index_rate": index_rate,
        "times": times,
        "cpu": cpu,
        "totals": totals,
    }


def bench_wagtail(count: int, rounds: int) -> dict:
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    BenchDocument = wagtail_model()  # noqa: N806 - a model class
    backend = get_search_backend()
    index_seconds = wagtail_index_all()
    totals = {}

    def run(text, filters):
        qs = BenchDocument.objects.all()
        if filters.get("type"):
            qs = qs.filter(kind__in=filters["type"])
        if filters.get("language"):
            qs = qs.filter(language__in=filters["language"])
        if filters.get("year"):
            qs = qs.filter(year__in=[int(y) for y in filters["year"]])
        if text:
            results = backend.search(text, qs, operator="or")
            hits = list(results[:20])
            for name in ("kind", "language", "year"):
                results.facet(name)
            totals[text, str(filters)] = results.count()
        else:
            hits = list(qs.order_by("-date")[:20])
            totals[text, str(filters)] = qs.count()
        return hits

    times = timed(run, rounds, warmup=False)
    return {
        "engine": f"wagtail.search database ({connection.vendor})",
        "index_rate": count / index_seconds,
        "times": times,
        "totals": totals,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--wagtail-rounds", type=int, default=1, help="Rounds for Wagtail's backend (it is slow).")
    parser.add_argument("--skip-wagtail", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="Keep an embedded index of the same size from a last run.")
    args = parser.parse_args(argv)
    setup_django(CACHE / "search-speed.sqlite3", fresh=not args.reuse)
    print(
        f"{args.docs} documents, {len(QUERIES)} faceted queries × {args.rounds} rounds, reader audience public+members"
    )
    rows = [bench_embedded(args.docs, args.rounds, reuse=args.reuse)]
    if not args.skip_wagtail:
        rows.append(bench_wagtail(args.docs, args.wagtail_rounds))
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"\n{'engine':42} {'index docs/s':>12} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p50/p95 ms':>15}")
    for row in rows:
        times = row["times"]
        rate = f"{row['index_rate']:12.0f}" if row["index_rate"] else f"{'(reused)':>12}"
        cpu = row.get("cpu")
        cpu_text = f"{statistics.median(cpu):7.1f}/{percentile(cpu, 95):.1f}" if cpu else ""
        print(
            f"{row['engine']:42} {rate} {statistics.median(times):8.1f} {percentile(times, 95):8.1f} "
            f"{max(times):8.1f} {cpu_text:>15}"
        )
    print("\nhits per query (embedded / wagtail):")
    for text, filters in QUERIES:
        key = (text, str(filters))
        counts = " / ".join(str(row["totals"].get(key, "-")) for row in rows)
        print(f"  {text or '(no text)':28} {str(filters):58} {counts}")


if __name__ == "__main__":
    main(sys.argv[1:])
