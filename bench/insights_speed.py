"""Insights page server time (p50/p95) against the library listing in the same run, and the route map's size.

Run: nice .venv/bin/python bench/insights_speed.py [--pages 5000] [--requests 50] [--rebuild] [--uncoded]

Builds on bench/pages.py: its demo database with `--pages` generated library pages, copied to
.cache/bench/insights-<pages>.sqlite3, where every generated case study is coded on the HTCDS pick-lists and given
victim bands at random, and one in ten becomes a translation of another (insights and the listing count a case study
and its translations once); then the index's facet rows of the case studies are rewritten (insights and the listing
read only the index summary's bitmaps). The text fields of those index rows keep the labels of before the coding:
re-analysing the text of every document (`rebuild_search_index`) took most of the 50,000-page build, and no request
timed here searches text.
Production settings, SQLite, in-process WSGI (the full middleware stack), the visitors' page cache off so that every
request computes; officer rows compare with the officer's listing. Budget: insights p95 <= 100 ms at 50,000
library pages on 2 cores; the route map SVG <= 60 KB. On a loaded shared machine run it with --pages 5000.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    CACHE,
    PYTHON,
    ROOT,
    InProcessClient,
    bench_env,
    manage,
    print_table,
    setup_django,
    time_requests,
)
from pages import demo_database, large_database  # noqa: E402

URLS = [
    ("library listing (case studies)", "/library/?type=case-study"),
    ("library listing ?country=TH&crime=forced-labour", "/library/?country=TH&crime=forced-labour"),
    (
        "library listing ?origin=MM&destination=TH&from=2021",
        "/library/?type=case-study&origin=MM&destination=TH&from=2021",
    ),
    (
        "library listing ?border=MM-TH&channel=social-media&year=2022",
        "/library/?type=case-study&border=MM-TH&channel=social-media&year=2022",
    ),
    ("insights", "/insights/"),
    ("insights (th) ?border=MM-TH", "/insights/?border=MM-TH"),
    ("insights ?country=TH&from=2021&to=2025", "/insights/?country=TH&from=2021&to=2025"),
    ("insights (th) ?crime=scam-compounds", "/insights/?crime=scam-compounds"),
    ("API country-crime.json", "/api/insights/country-crime.json"),
    ("API victim-age.csv", "/api/insights/victim-age.csv"),
    ("brief LA", "/insights/brief/LA/"),
]
BUDGET_MS = 100


def insights_database(pages: int, rebuild: bool) -> Path:
    """Return the bench database with generated pages coded and indexed, building it when stale."""
    large = large_database(demo_database(rebuild), pages, rebuild)
    database = CACHE / f"insights-{pages}.sqlite3"
    stamp = CACHE / f"insights-{pages}.stamp"
    fingerprint = (CACHE / f"pages-{pages}.stamp").read_text() + ":" + str(large.stat().st_mtime_ns)
    if not rebuild and database.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return database
    print(f"Building {database.relative_to(ROOT)} (HTCDS coding, search index)…", flush=True)
    start = time.perf_counter()
    shutil.copyfile(large, database)
    manage(database, "migrate", "--no-input", "-v0")
    subprocess.run([PYTHON, __file__, "--code", str(database)], env=bench_env(database), cwd=ROOT, check=True)
    stamp.write_text(fingerprint)
    print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
    return database


def code_case_studies() -> None:
    """Give every case study one to three terms of each HTCDS pick-list, one or two provinces and random victim
    bands, in bulk."""
    from django.db import transaction

    from library.choices import AgeBand, GenderBand, VictimCountBand
    from library.models import HTCDS_PICK_LISTS, CaseStudyPage, LibraryPage, Province

    rng = random.Random(20261202)
    ids = list(CaseStudyPage.objects.values_list("pk", flat=True))
    with transaction.atomic():
        for name, model in HTCDS_PICK_LISTS:
            field = CaseStudyPage._meta.get_field(name)
            through = field.remote_field.through
            terms = list(model.objects.values_list("pk", flat=True))
            column = field.m2m_reverse_field_name()
            through.objects.filter(casestudypage_id__in=ids).delete()
            links = [
                through(casestudypage_id=pk, **{f"{column}_id": term})
                for pk in ids
                for term in rng.sample(terms, rng.randint(1, 3))
            ]
            through.objects.bulk_create(links, batch_size=5000)
        through = CaseStudyPage._meta.get_field("provinces").remote_field.through
        provinces = list(Province.objects.values_list("pk", flat=True))
        through.objects.filter(casestudypage_id__in=ids).delete()
        through.objects.bulk_create(
            [
                through(casestudypage_id=pk, province_id=province)
                for pk in ids
                for province in rng.sample(provinces, rng.randint(1, 2))
            ],
            batch_size=5000,
        )
        for band_field, choices in (
            ("victim_age_band", AgeBand),
            ("victim_gender", GenderBand),
            ("victim_count", VictimCountBand),
        ):
            for value in choices.values:
                chosen = [pk for pk in ids if rng.random() < 1 / len(choices.values)]
                CaseStudyPage.objects.filter(pk__in=chosen).update(**{band_field: value})
        # One case study in ten becomes a translation of another (chosen among the other nine).
        LibraryPage.objects.filter(pk__in=ids).update(translation_of=None)
        originals = [pk for pk in ids if pk % 10]
        LibraryPage.objects.bulk_update(
            [LibraryPage(pk=pk, translation_of_id=rng.choice(originals)) for pk in ids if not pk % 10],
            ["translation_of"],
            batch_size=2000,
        )
    print(f"  coded {len(ids):,} case studies", flush=True)
    start = time.process_time()
    refresh_case_study_facets()
    print(f"  rewrote their index facet rows in {time.process_time() - start:.0f} s CPU", flush=True)


def refresh_case_study_facets() -> None:
    """Rewrite the facet row (search_indexfacets.facet_keys) of every case study's index entry from its document,
    in one transaction that records an index change (the summary is read again)."""
    from django.db import connection, transaction

    from library.models import HTCDS_PICK_LISTS, CaseStudyPage
    from library.search_documents import build_library_page
    from search.documents import bulk_building
    from search.models import IndexEntry, facet_keys
    from search.summary import bump_version

    entries = dict(IndexEntry.objects.filter(kind="case-study").values_list("doc_id", "pk"))
    pages = (
        CaseStudyPage.objects.live()
        .order_by("pk")
        .prefetch_related(
            "countries",
            "crime_types",
            "tags",
            "country_roles__country",
            "recruitment_channels",
            "provinces",
            "related_methods",
            *(name for name, _model in HTCDS_PICK_LISTS),
        )
    )
    rows = []
    with bulk_building():
        for page in pages.iterator(chunk_size=2000):
            document = build_library_page(page)
            if document is not None and document.id in entries:
                rows.append((facet_keys(document), entries[document.id]))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE search_indexfacets SET facet_keys = %s WHERE entry_id = %s", rows)
        bump_version()


def measure(requests: int) -> dict:
    """Time each URL in-process, anonymous and as a signed-in officer; weigh the route map."""
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    from search.models import IndexEntry

    application = WSGIHandler()
    anonymous = InProcessClient(application)
    officer = get_user_model().objects.get(email="officer@demo.frontline.invalid")
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    signed_in = InProcessClient(application, cookies)
    thai = InProcessClient(application, "django_language=th")
    results = {"documents": IndexEntry.objects.count(), "rows": []}
    for label, url in URLS:
        reader = thai if "(th)" in label else anonymous
        results["rows"].append({"label": label, **time_requests(reader.get, url, requests)})
    for label, url in URLS:
        if "(th)" not in label:
            results["rows"].append({"label": f"officer: {label}", **time_requests(signed_in.get, url, requests)})
    _status, _headers, body = anonymous.get("/insights/")
    route_map = re.search(rb'<svg[^>]*class="chart chart--map".*?</svg>', body, re.S)
    results["route_map_bytes"] = len(route_map.group(0)) if route_map else None
    results["page_bytes"] = len(body)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000, help="generated library pages (50000 for the budget)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per URL (after 10 warm-up)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    parser.add_argument(
        "--uncoded",
        action="store_true",
        help="measure on bench/pages.py's database as generated (its case studies keep their countries, roles and "
        "crime types but carry no HTCDS terms, provinces or victim bands): skips the coding step's second re-index",
    )
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.code:
        setup_django(args.code)
        code_case_studies()
        return
    if args.measure:
        setup_django(args.measure)
        print(json.dumps(measure(args.requests)))
        return

    print(
        f"bench/insights_speed.py — production settings, SQLite, {os.cpu_count()} CPU(s), {args.requests} requests per URL"
    )
    print(f"load average before: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    if args.uncoded:
        database = large_database(demo_database(args.rebuild), args.pages, args.rebuild)
    else:
        database = insights_database(args.pages, args.rebuild)
    completed = subprocess.run(
        [PYTHON, __file__, "--measure", str(database), "--requests", str(args.requests)],
        # The visitors' page cache off: every request computes its figures (a cache hit would time the cache).
        env={**bench_env(database), "PAGE_CACHE_SECONDS": "0"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    results = json.loads(completed.stdout.strip().splitlines()[-1])
    listing = next(r for r in results["rows"] if r["label"] == "library listing (case studies)")
    officer_listing = next(r for r in results["rows"] if r["label"] == "officer: library listing (case studies)")
    rows = [
        [
            r["label"],
            r["status"],
            f"{r['bytes']:,}",
            f"{r['p50']:.1f}",
            f"{r['p95']:.1f}",
            f"{r['cpu_p95']:.1f}",
            f"{r['p95'] / (officer_listing if r['label'].startswith('officer') else listing)['p95']:.2f}",
            "ok" if r["p95"] <= BUDGET_MS else "OVER",
        ]
        for r in results["rows"]
    ]
    title = f"Server time in-process, {results['documents']:,} indexed documents ({database.name})"
    headers = ["URL", "status", "bytes", "p50 ms", "p95 ms", "cpu p95", "p95 / listing", f"p95≤{BUDGET_MS}"]
    print_table(headers, rows, title)
    size = results["route_map_bytes"]
    print(f"\nroute map SVG: {size:,} bytes (budget 61,440: {'ok' if size and size <= 61440 else 'OVER'})")
    print(f"insights page HTML: {results['page_bytes']:,} bytes")
    print(f"load average after: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
