"""Bulk-load throughput and faceted search latency of the Elasticsearch engine, end to end from Python.

Run: .venv/bin/python bench/es_search.py [--docs 5000] [--rounds 3]
     BENCH_ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/es_search.py   (a real cluster)

Without BENCH_ELASTICSEARCH_URL it starts osmem-server (an in-memory OpenSearch-compatible test server, not a
tuned cluster): its figures measure this engine's client-side work (query building, snippets) plus osmem, and
say nothing about Elasticsearch's own speed. Same generated corpus and queries as bench/search_speed.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontline.settings.test")

AUDIENCE = frozenset({"public", "members"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from osmem_server import OsmemServer
    from search_setup import QUERIES, documents, percentile

    from search.backends.base import SearchQuery
    from search.backends.elasticsearch import ElasticsearchEngine
    from search.es_compat import plain_json_client

    url = os.environ.get("BENCH_ELASTICSEARCH_URL", "")
    server = None
    if not url:
        server = OsmemServer.start()
        url = server.url
    try:
        client = plain_json_client(url, request_timeout=120) if server else None
        engine = ElasticsearchEngine(url, index_prefix="bench", client=client, bulk_timeout=300)
        started = time.perf_counter()
        loaded = engine.rebuild(documents(args.docs), batch_size=500)
        load_seconds = time.perf_counter() - started

        tooks: list[int] = []
        plain_search = engine.client.search

        def search_and_record(*args, **kwargs):
            response = plain_search(*args, **kwargs)
            tooks.append(response["took"])
            return response

        engine.client.search = search_and_record  # record the server's own time ("took") of each search
        for text, filters in QUERIES:  # warm-up
            engine.search(SearchQuery(text=text, filters=filters, audience=AUDIENCE))
        times, totals = [], []
        del tooks[:]
        for _ in range(args.rounds):
            for text, filters in QUERIES:
                began = time.perf_counter()
                results = engine.search(SearchQuery(text=text, filters=filters, audience=AUDIENCE))
                times.append((time.perf_counter() - began) * 1000)
                totals.append(results.total)
        started = time.perf_counter()
        engine.suggest("smugling migrnts", AUDIENCE)
        suggest_ms = (time.perf_counter() - started) * 1000
    finally:
        if server:
            server.close()

    target = "osmem-server " + (server.version if server else "") if server else url
    print(f"Elasticsearch engine on {target}: {loaded} documents, {len(QUERIES)} queries × {args.rounds} rounds")
    print(f"  bulk load (rebuild + alias swap): {load_seconds:.1f} s, {loaded / load_seconds:.0f} docs/s")
    print(
        f"  faceted search (text, audience, 6 disjunctive facets, 20 snippets): "
        f"p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms"
    )
    server_times = tooks[: len(times)]
    print(
        f"  of which the server's own time (took): p50 {statistics.median(server_times):.0f} ms, "
        f"p95 {percentile(server_times, 95):.0f} ms"
    )
    print(
        f"  mean hits per query: {statistics.mean(totals):.0f}; first suggestion (cold vocabulary): {suggest_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
