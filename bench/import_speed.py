"""Pages per second of manage.py import_library, against Wagtail's add_child + revision + publish per page.

Run: .venv/bin/python bench/import_speed.py [--pages 2000] [--naive 100]

Uses a fresh migrated SQLite file with production-like pragmas (WAL). Lines carry multilingual titles, a
summary, a body of about 1,500 characters, countries with roles, crime types, tags and a source; every page
is published and indexed for search (site index and Wagtail's admin search) within the measured time.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_setup import CACHE, COUNTRIES, CRIMES, WORDS, sentence, setup_django  # noqa: E402

LANGUAGES = list(WORDS)


def lines(count: int, seed: int = 11) -> list[str]:
    """Return count JSON lines for import_library."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        language = LANGUAGES[n % len(LANGUAGES)]
        kind = ("case-study", "method", "resource")[n % 3]
        body = "" if kind == "resource" else "\n\n".join(sentence(rng, language, 40) for _ in range(4))
        out.append(
            json.dumps(
                {
                    "id": f"bench-{n}",
                    "type": kind,
                    "title": sentence(rng, language, 6)[:200],
                    "summary": sentence(rng, language, 25)[:900],
                    "body": body,
                    "language": language,
                    "countries": [
                        {"code": c, "role": rng.choice(["origin", "transit", "destination"])}
                        for c in rng.sample(COUNTRIES[:4], 2)
                    ],
                    "crime_types": rng.sample(CRIMES, 2),
                    "year": rng.randint(2010, 2025),
                    "tags": rng.sample(["fishing", "online", "border", "debt", "passport", "broker"], 2),
                    "source": f"https://example.org/report/{n}" if kind == "resource" else f"Field report {n}",
                },
                ensure_ascii=False,
            )
        )
    return out


def naive(count: int) -> float:
    """Return pages per second of creating pages one by one the usual Wagtail way."""
    from library.models import CaseStudyCountry, CaseStudyPage, Country, LibraryIndexPage

    parent = LibraryIndexPage.objects.get()
    thailand = Country.objects.get(code="TH")
    started = time.perf_counter()
    for n in range(count):
        page = CaseStudyPage(title=f"Naive page {n}", summary="Summary.", language="en", year=2020)
        page.country_roles = [CaseStudyCountry(country=thailand, role="origin")]
        parent.add_child(instance=page)
        page.save_revision().publish()
        parent.refresh_from_db()
    return count / (time.perf_counter() - started)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--naive", type=int, default=100, help="Pages to create the usual way (0 to skip).")
    parser.add_argument(
        "--debug", action="store_true", help="Keep DEBUG on, as the dev settings do (every SQL statement is logged)."
    )
    args = parser.parse_args(argv)
    setup_django(CACHE / "import-speed.sqlite3")
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = args.debug

    from library.models import LibraryPage
    from search.models import IndexEntry

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        handle.write("\n".join(lines(args.pages)))
        path = handle.name
    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_library", path, "--publish", "--no-progress", stdout=out, stderr=io.StringIO())
    first = time.perf_counter() - started
    started = time.perf_counter()
    call_command("import_library", path, "--publish", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    again = time.perf_counter() - started
    Path(path).unlink()
    print(out.getvalue().strip())
    print(f"pages in the library: {LibraryPage.objects.count()}, in the search index: {IndexEntry.objects.count()}")
    print(f"import_library, {args.pages} new pages:       {args.pages / first:7.0f} pages/s ({first:.1f} s)")
    print(f"import_library, same file again (updates): {args.pages / again:7.0f} pages/s ({again:.1f} s)")
    if args.naive:
        print(f"add_child + save_revision().publish():     {naive(args.naive):7.0f} pages/s ({args.naive} pages)")


if __name__ == "__main__":
    main(sys.argv[1:])
