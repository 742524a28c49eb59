"""Pages per second of manage.py import_library, against Wagtail's add_child + revision + publish per page.

Run: .venv/bin/python bench/import_speed.py [--pages 2000] [--naive 100] [--rounds 1]
     scripts/with-postgres sh -c 'BENCH_DATABASE_URL=$DATABASE_URL .venv/bin/python bench/import_speed.py --rounds 5'

Uses a fresh migrated SQLite file with production-like pragmas (WAL) and DEBUG off (--debug keeps the dev
settings' SQL logging). Lines carry multilingual titles, a summary, a body of about 1,500 characters, countries
with roles, crime types, tags and a source; every line is checked by the anonymity detector and every page is
published and indexed for search (site index and Wagtail's admin search) within the measured time. Large files
use worker processes, so the CPU seconds (this process and its workers) are printed too: on a busy machine
they say more than the wall-clock rate, and the baseline measured in the same run shows how busy it was.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_setup import CACHE, COUNTRIES, CRIMES, WORDS, sentence, setup_django  # noqa: E402

LANGUAGES = list(WORDS)
BENCH_ADMINISTRATOR = "bench-administrator@example.org"


def lines(count: int, seed: int = 11, prefix: str = "bench-") -> list[str]:
    """Return count JSON lines for import_library, with ids prefix0, prefix1…"""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        language = LANGUAGES[n % len(LANGUAGES)]
        kind = ("case-study", "method", "resource")[n % 3]
        body = "" if kind == "resource" else "\n\n".join(sentence(rng, language, 40) for _ in range(4))
        out.append(
            json.dumps(
                {
                    "id": f"{prefix}{n}",
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
    from safety.permits import data_load

    parent = LibraryIndexPage.objects.get()
    thailand = Country.objects.get(code="TH")
    started = time.perf_counter()
    for n in range(count):
        page = CaseStudyPage(title=f"Naive page {n}", summary="Summary.", language="en", year=2020)
        page.country_roles = [CaseStudyCountry(country=thailand, role="origin")]
        parent.add_child(instance=page)
        with data_load("benchmark"):
            page.save_revision().publish()
        parent.refresh_from_db()
    return count / (time.perf_counter() - started)


def spent(wall, cpu, server):
    """Where a timed import's time went: "(wall s, CPU s[, server CPU s in the database server])"."""
    busy = f", {server:.1f} CPU s in the database server" if server is not None else ""
    return f"({wall:.1f} s, {cpu:.1f} CPU s{busy})"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--naive", type=int, default=100, help="Pages to create the usual way (0 to skip).")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="Import that many files of new pages (each --pages lines) and print the best and median rate: on a "
        "shared machine the best round is the one least slowed by others.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="Keep DEBUG on, as the dev settings do (every SQL statement is logged)."
    )
    args = parser.parse_args(argv)
    setup_django(CACHE / "import-speed.sqlite3")
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = args.debug

    from accounts.roles import ADMINISTRATOR
    from library.models import LibraryPage
    from search.models import IndexEntry
    from tests.factories.accounts import create_user

    # The library follows the review workflow: an administrator's recorded override publishes the file.
    create_user(ADMINISTRATOR, email=BENCH_ADMINISTRATOR)
    publish = ["--publish", "--without-review", "Benchmark data.", "--administrator", BENCH_ADMINISTRATOR]

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        handle.write("\n".join(lines(args.pages)))
        path = handle.name
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPU(s), load average {load:.1f} at the start; DEBUG {'on' if args.debug else 'off'}")
    out = io.StringIO()
    first = timed(lambda: call_command("import_library", path, *publish, "--no-progress", stdout=out))
    again = timed(lambda: call_command("import_library", path, *publish, "--no-progress", stdout=io.StringIO()))
    Path(path).unlink()
    rounds = [args.pages / first[0]]
    for round_ in range(1, args.rounds):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
            handle.write("\n".join(lines(args.pages, seed=11 + round_, prefix=f"bench-r{round_}-")))
        wall, cpu, server = timed(
            lambda: call_command("import_library", handle.name, *publish, "--no-progress", stdout=io.StringIO())
        )
        Path(handle.name).unlink()
        rounds.append(args.pages / wall)
        print(f"round {round_ + 1}: {args.pages} new pages, {args.pages / wall:.0f} pages/s {spent(wall, cpu, server)}")
    print(out.getvalue().strip())
    print(f"pages in the library: {LibraryPage.objects.count()}, in the search index: {IndexEntry.objects.count()}")
    for label, (wall, cpu, server) in (
        (f"{args.pages} new pages:      ", first),
        ("same file again (updates):", again),
    ):
        print(f"import_library, {label} {args.pages / wall:7.0f} pages/s {spent(wall, cpu, server)}")
        if server is not None:
            # What the CPU seconds allow on this machine's cores when nothing else runs: an upper bound, for a busy machine.
            print(
                f"  at most {args.pages * (os.cpu_count() or 1) / (cpu + server):.0f} pages/s on {os.cpu_count()} idle cores"
            )
    if args.rounds > 1:
        print(
            f"import_library, new pages over {args.rounds} rounds (the library growing to "
            f"{args.pages * args.rounds} pages): best {max(rounds):.0f} pages/s, median {statistics.median(rounds):.0f}"
        )
    if args.naive:
        rate = naive(args.naive)
        print(f"add_child + save_revision().publish():     {rate:7.0f} pages/s ({args.naive} pages)")
        print(
            f"speed-up over the baseline: {args.pages / first[0] / rate:.0f}× (new), {args.pages / again[0] / rate:.0f}× (updates)"
        )


def timed(run) -> tuple[float, float, float | None]:
    """Return the wall-clock seconds of run(), the CPU seconds it took here and in worker processes, and those of
    the PostgreSQL server process serving this connection (None on SQLite, or when the server runs elsewhere)."""

    def cpu():
        return sum(
            usage.ru_utime + usage.ru_stime
            for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
        )

    started, cpu_started, server_started = time.perf_counter(), cpu(), server_cpu()
    run()
    server = server_cpu()
    return (
        time.perf_counter() - started,
        cpu() - cpu_started,
        None if server is None or server_started is None else server - server_started,
    )


def server_cpu() -> float | None:
    """Return the CPU seconds of the PostgreSQL backend of Django's connection, if it runs on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    try:
        stat = Path(f"/proc/{connection.connection.info.backend_pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main(sys.argv[1:])
