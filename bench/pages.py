"""Page server time (p50/p95) with the demo library and with 50,000 library pages, and case-study transfer size.

Run: .venv/bin/python bench/pages.py [--requests 100] [--pages 50000] [--rebuild] [--no-http]

Production settings (DEBUG off, whitenoise, manifest static files) on SQLite files cached under .cache/bench/
(rebuilt when migrations or demo content change, or with --rebuild). Server time is measured by calling the
WSGI handler in-process (the full middleware stack, no network); real HTTP is measured against gunicorn on
127.0.0.1. Baselines in the same run: a bare HttpResponse view and the base layout with no content, both through
the same middleware. Budget: p95 <= 50 ms on 2 cores; case study < 60 KB transferred (HTML, CSS, JS, fonts).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BASELINE_LAYOUT,
    BASELINE_MINIMAL,
    CACHE,
    PYTHON,
    ROOT,
    InProcessClient,
    bench_env,
    gzip_size,
    install_baselines,
    manage,
    print_table,
    setup_django,
    source_fingerprint,
    time_requests,
)

CASE_STUDY = "/library/scam-compound-coastal-province/"
KHMER_CASE_STUDY = "/library/km-scam-compound-online-job/"
URLS = [
    ("baseline: bare view", BASELINE_MINIMAL),
    ("baseline: base layout", BASELINE_LAYOUT),
    ("home page", "/"),
    ("library index", "/library/"),
    ("library ?country=LA&crime=forced-marriage", "/library/?country=LA&crime=forced-marriage"),
    (
        "library multi-filter (5 facets)",
        "/library/?type=case-study&country=TH&country=KH&crime=forced-labour&year=2022&language=en",
    ),
    ("library page 50", "/library/?page=50"),
    ("case study (en)", CASE_STUDY),
    ("case study (km)", KHMER_CASE_STUDY),
]
SIGNED_IN_URLS = [
    ("officer: library ?country=LA&crime=…", "/library/?country=LA&crime=forced-marriage"),
    ("officer: case study (en)", CASE_STUDY),
]
FINGERPRINT_GLOBS = (
    "*/migrations/*.py",
    "library/demo/**/*.py",
    "library/demo/**/*.json*",
    "*/demo.py",
    "*/management/commands/load_*demo*.py",
)


# Building the databases ------------------------------------------------------------------------------------------


def demo_database(rebuild: bool) -> Path:
    """Return a migrated SQLite file with the demo content and collected static files, building it if stale."""
    database = CACHE / "demo.sqlite3"
    stamp = CACHE / "demo.stamp"
    fingerprint = source_fingerprint(*FINGERPRINT_GLOBS, "site/static/**/*")
    if not rebuild and database.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return database
    CACHE.mkdir(parents=True, exist_ok=True)
    for path in CACHE.glob("*.sqlite3*"):
        path.unlink()
    print(f"Building {database.relative_to(ROOT)} (migrate, demo content, collectstatic)…", flush=True)
    manage(database, "migrate", "--no-input", "-v0")
    env = {"DEMO_PASSWORD": "bench-only-demo-password-9f"}
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "load_demo_content"],
        env={**bench_env(database), **env},
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    manage(database, "collectstatic", "--no-input", "-v0", "--clear")
    stamp.write_text(fingerprint)
    return database


def large_database(demo: Path, pages: int, rebuild: bool) -> Path:
    """Return a copy of the demo database with `pages` generated library pages added, building it if stale."""
    database = CACHE / f"pages-{pages}.sqlite3"
    stamp = CACHE / f"pages-{pages}.stamp"
    fingerprint = (CACHE / "demo.stamp").read_text()
    if not rebuild and database.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return database
    print(f"Building {database.relative_to(ROOT)} ({pages:,} generated pages)…", flush=True)
    start = time.perf_counter()
    shutil.copyfile(demo, database)
    subprocess.run(
        [PYTHON, __file__, "--generate", str(database), "--pages", str(pages)],
        env=bench_env(database),
        cwd=ROOT,
        check=True,
    )
    # The pages were written with raw SQL: index them, as an import would (the listing reads the search index).
    manage(database, "rebuild_search_index", "--no-progress")
    stamp.write_text(fingerprint)
    print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
    return database


def generate(pages: int) -> None:
    """Insert generated library pages in bulk: treebeard paths computed here, one INSERT batch per table."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag
    from wagtail.models import Page, PageViewRestriction

    from library.demo.loader import CONTENT_FILES, content_lines
    from library.importing.fields import SIMPLE_SHAPES
    from library.models import (
        CaseStudyCountry,
        CaseStudyPage,
        Country,
        CrimeType,
        LibraryIndexPage,
        LibraryPage,
        LibraryPageTag,
        MethodPage,
        RecruitmentChannel,
        ResourcePage,
    )

    rng = random.Random(20261122)
    index = LibraryIndexPage.objects.get()
    last = index.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    countries = list(Country.objects.all())
    regional = [c for c in countries if c.code in {"KH", "LA", "TH", "VN"}]
    crimes = list(CrimeType.objects.all())
    channels = list(RecruitmentChannel.objects.all())
    methods = list(MethodPage.objects.all())
    demo_lines = [json.loads(line) for name in CONTENT_FILES for line in content_lines(name)]
    case_fields = [name for name, field in CaseStudyPage.import_line_fields.items() if field.shape in SIMPLE_SHAPES]
    tag_names = sorted({tag for spec in demo_lines for tag in spec.get("tags", ())}) + [
        f"topic {n}" for n in range(150)
    ]
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": re.sub(r"\W+", "-", name)})[0] for name in tag_names]
    specs = {kind: [s for s in demo_lines if s["type"] == kind] for kind in ("case-study", "method", "resource")}
    models = {"case-study": CaseStudyPage, "method": MethodPage, "resource": ResourcePage}
    content_types = {kind: ContentType.objects.get_for_model(model) for kind, model in models.items()}
    kinds = ["case-study"] * 6 + ["method"] * 2 + ["resource"] * 2
    now = timezone.now()

    objects = {kind: [] for kind in models}
    for n in range(pages):
        kind = kinds[n % len(kinds)]
        spec = rng.choice(specs[kind])
        model = models[kind]
        slug = f"generated-{n:06d}"
        published = now - timedelta(days=rng.randrange(3650), minutes=n)
        page = model(
            title=f"{spec['title']} · {n}",
            draft_title=f"{spec['title']} · {n}",
            slug=slug,
            content_type=content_types[kind],
            path=Page._get_path(index.path, index.depth + 1, first_step + n),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}{slug}/",
            locale_id=index.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            summary=spec["summary"],
            language=spec["language"],
            year=rng.randrange(2015, 2026),
            import_key=f"bench:{n}",
        )
        if kind == "case-study":
            for name in case_fields:
                if name in spec:
                    setattr(page, name, spec[name])
        elif kind == "method":
            page.purpose, page.when_to_use = spec["purpose"], spec["body"]
            for name in ("indicators", "what_to_avoid"):
                setattr(page, name, spec[name])
        else:
            page.resource_kind = spec["resource_kind"]
            page.link = spec.get("source") or "https://www.unodc.org/"
            page.publisher = spec.get("publisher", "")
        objects[kind].append(page)

    def insert(model, rows):
        """Insert each row's local columns of one model in the multi-table chain."""
        fields = list(model._meta.local_concrete_fields)
        if model is Page:
            fields = [f for f in fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        # Table and column names come from the models' metadata; values are passed as parameters.
        sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
        values = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] for row in rows]
        with connection.cursor() as cursor:
            for start in range(0, len(values), 5000):
                cursor.executemany(sql, values[start : start + 5000])

    with transaction.atomic():
        for kind, rows in objects.items():
            insert(Page, rows)
            ids = dict(Page.objects.filter(path__in=[r.path for r in rows]).values_list("path", "pk"))
            for row in rows:
                row.pk = row.id = row.page_ptr_id = ids[row.path]
                row.librarypage_ptr_id = row.pk
            insert(LibraryPage, rows)
            insert(models[kind], rows)
        all_rows = [row for rows in objects.values() for row in rows]
        country_through = LibraryPage._meta.get_field("countries").remote_field.through
        crime_through = LibraryPage._meta.get_field("crime_types").remote_field.through
        channel_through = CaseStudyPage._meta.get_field("recruitment_channels").remote_field.through
        method_through = CaseStudyPage._meta.get_field("related_methods").remote_field.through
        country_links, crime_links, tag_links, roles, channel_links, method_links = [], [], [], [], [], []
        for row in all_rows:
            chosen = rng.sample(regional, rng.randint(1, 2)) + ([rng.choice(countries)] if rng.random() < 0.3 else [])
            chosen = list({c.pk: c for c in chosen}.values())
            country_links += [country_through(librarypage_id=row.pk, country_id=c.pk) for c in chosen]
            crime_links += [
                crime_through(librarypage_id=row.pk, crimetype_id=c.pk) for c in rng.sample(crimes, rng.randint(1, 2))
            ]
            tag_links += [
                LibraryPageTag(content_object_id=row.pk, tag_id=t.pk) for t in rng.sample(tags, rng.randint(1, 3))
            ]
            if isinstance(row, CaseStudyPage):
                for order, country in enumerate(chosen):
                    role = "origin" if order == 0 else rng.choice(["transit", "destination"])
                    roles.append(CaseStudyCountry(page_id=row.pk, country_id=country.pk, role=role, sort_order=order))
                channel_links.append(
                    channel_through(casestudypage_id=row.pk, recruitmentchannel_id=rng.choice(channels).pk)
                )
                method_links.append(method_through(casestudypage_id=row.pk, methodpage_id=rng.choice(methods).pk))
        for model, links in (
            (country_through, country_links),
            (crime_through, crime_links),
            (LibraryPageTag, tag_links),
            (CaseStudyCountry, roles),
            (channel_through, channel_links),
            (method_through, method_links),
        ):
            model.objects.bulk_create(links, batch_size=5000)
        # One generated page in 500 is members-only, so the access filter has realistic work to do.
        PageViewRestriction.objects.bulk_create(
            [PageViewRestriction(page_id=row.pk, restriction_type=PageViewRestriction.LOGIN) for row in all_rows[::500]]
        )
        Page.objects.filter(pk=index.pk).update(
            numchild=Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).count()
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  {len(all_rows):,} pages, {len(country_links):,} country links, {len(tag_links):,} tags", flush=True)


# Measuring ------------------------------------------------------------------------------------------------------


def measure(requests: int) -> dict:
    """Time each URL in-process (anonymous and as a signed-in officer) and weigh the case-study page."""
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client
    from wagtail.models import PageViewRestriction

    from library.models import LibraryPage

    application = WSGIHandler()
    install_baselines()
    anonymous = InProcessClient(application)
    results = {
        "pages": LibraryPage.objects.count(),
        "restricted": PageViewRestriction.objects.count(),
        "anonymous": [],
        "officer": [],
    }
    for label, url in URLS:
        results["anonymous"].append({"label": label, **time_requests(anonymous.get, url, requests)})

    officer = get_user_model().objects.get(email="officer@demo.frontline.invalid")
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    signed_in = InProcessClient(application, cookies)
    for label, url in SIGNED_IN_URLS:
        results["officer"].append({"label": label, **time_requests(signed_in.get, url, requests)})
    results["transfer"] = transfer(anonymous, CASE_STUDY)
    results["transfer_km"] = transfer(anonymous, KHMER_CASE_STUDY)
    return results


def transfer(client: InProcessClient, url: str) -> list[dict]:
    """Return each resource a page loads (HTML, stylesheets, scripts, fonts) with raw and gzip sizes."""
    status, _headers, html = client.get(url)
    assert status == 200, f"{url} answered {status}"
    items = [{"kind": "html", "url": url, "raw": len(html), "gzip": gzip_size(html)}]
    text = html.decode()
    links = re.findall(r"<link[^>]+>", text)
    styles = [re.search(r'href="([^"]+)"', tag).group(1) for tag in links if 'rel="stylesheet"' in tag]
    fonts = [re.search(r'href="([^"]+)"', tag).group(1) for tag in links if 'as="font"' in tag]
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', text)
    for kind, urls in (("css", styles), ("js", scripts), ("font", fonts)):
        for resource in urls:
            status, _headers, body = client.get(resource)
            items.append({"kind": kind, "url": resource, "raw": len(body), "gzip": gzip_size(body), "status": status})
            if kind == "css":
                for font in re.findall(r"url\(['\"]?([^'\")]+\.(?:woff2?|ttf|otf))", body.decode()):
                    font_url = font if font.startswith("/") else resource.rsplit("/", 1)[0] + "/" + font
                    if font_url not in fonts:
                        fonts.append(font_url)
    return items


def measure_http(database: Path, requests: int) -> list[dict]:
    """Start gunicorn (2 workers) on 127.0.0.1 and time real HTTP requests for each URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = bench_env(database)
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "_common:wsgi_app()",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + BASELINE_MINIMAL, timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)

        def get(url):
            with urllib.request.urlopen(base + url, timeout=10) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()

        # CPU time here would be the client's own, so leave it out.
        return [
            {"label": label, **time_requests(get, url, requests), "cpu_p50": None, "cpu_p95": None}
            for label, url in URLS
        ]
    finally:
        server.terminate()
        server.wait(timeout=20)


def run_measure(database: Path, requests: int) -> dict:
    """Measure in a fresh process set up for the given database; return its results."""
    completed = subprocess.run(
        [PYTHON, __file__, "--measure", str(database), "--requests", str(requests)],
        env=bench_env(database),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def timing_rows(results: list[dict]) -> list[list]:
    """Return table rows for timing results, flagging those above the 50 ms p95 budget."""
    return [
        [
            r["label"],
            r["status"],
            f"{r['bytes']:,}",
            f"{r['p50']:.1f}",
            f"{r['p95']:.1f}",
            "-" if r["cpu_p50"] is None else f"{r['cpu_p50']:.1f}",
            "-" if r["cpu_p95"] is None else f"{r['cpu_p95']:.1f}",
            "ok" if r["p95"] <= 50 else "OVER",
        ]
        for r in results
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per URL (after 10 warm-up)")
    parser.add_argument("--pages", type=int, default=50_000, help="generated library pages for the large run")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    parser.add_argument("--no-http", action="store_true", help="skip the real HTTP run against gunicorn")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.generate:
        setup_django(args.generate)
        generate(args.pages)
        return
    if args.measure:
        setup_django(args.measure)
        print(json.dumps(measure(args.requests)))
        return

    print(f"bench/pages.py — production settings, SQLite, {os.cpu_count()} CPU(s), {args.requests} requests per URL")
    print(f"load average before: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    demo = demo_database(args.rebuild)
    large = large_database(demo, args.pages, args.rebuild)
    headers = ["URL", "status", "bytes", "p50 ms", "p95 ms", "cpu p50", "cpu p95", "p95≤50"]
    large_results = None
    for database in (demo, large):
        results = run_measure(database, args.requests)
        title = (
            f"Server time in-process, {results['pages']:,} library pages, {results['restricted']} view "
            f"restrictions ({database.name})"
        )
        print_table(headers, timing_rows(results["anonymous"]) + timing_rows(results["officer"]), title)
        large_results = results
    if not args.no_http:
        http = measure_http(large, max(50, args.requests // 3))
        print_table(headers, timing_rows(http), f"Real HTTP via gunicorn (2 workers), {large.name}")

    print(f"\nload average after: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    for key, label in (("transfer", "case study (en)"), ("transfer_km", "case study (km)")):
        items = large_results[key]
        rows = [[i["kind"], i["url"], f"{i['raw']:,}", f"{i['gzip']:,}"] for i in items]
        raw, packed = sum(i["raw"] for i in items), sum(i["gzip"] for i in items)
        rows.append(["total", "", f"{raw:,}", f"{packed:,}"])
        print_table(["kind", "resource", "raw bytes", "gzip bytes"], rows, f"Transfer for a {label} page")
        print(
            f"  budget < 60 KB (61,440 bytes) transferred: gzip {'ok' if packed < 61440 else 'OVER'}, "
            f"uncompressed {'ok' if raw < 61440 else 'OVER'}"
        )


if __name__ == "__main__":
    main()
