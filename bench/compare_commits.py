"""The listing pages (bench/pages.py), faceted search (bench/search_speed.py), import_library (bench/import_speed.py)
and the forum (bench/forum_thread.py) of this tree against an earlier commit.

Run: .venv/bin/python bench/compare_commits.py [--base HEAD~1] [--this HEAD] [--pages 5000] [--requests 60]
     [--docs 5000] [--rounds 3] [--import-pages 1000] [--forum-background 20000] [--forum-requests 60]

The earlier commit is checked out in a temporary git worktree. One set of databases is built with the earlier
commit's own bench/pages.py (demo content plus --pages generated pages, then the search index rebuilt), copied and
migrated for this tree; then each round measures the earlier commit and this tree in turn, in fresh processes on
the same files, so both see the same machine load. Figures are medians over the rounds of each URL's p50 and p95
(server time in-process, production settings, SQLite). search_speed runs in the same alternation on its own
generated index (--docs), without Wagtail's backend. import_speed imports --import-pages generated lines into a
fresh database (new pages, then the same file again as updates) with each tree's own import_library; forum_thread
reads a 500-post thread, its board and the forum home among --forum-background posts (each tree builds its own
database once, with its own migrations). --pages 0, --docs 0, --import-pages 0 or --forum-background 0 leaves a
bench out (--pages 0 --docs 0 --import-pages 0: the forum alone).

Visitors' pages are measured with the page cache off (PAGE_CACHE_SECONDS=0 in both trees), so the anonymous rows
compare rendering, not a cache hit against a render; --page-cache on measures them as deployed (cached in trees that
have the cache, so a hit in one tree meets a render in the other).

--this COMMIT measures a commit instead of the working tree (checked out in a second temporary worktree), so the
tree can be edited while the comparison runs. The load average is printed before, between rounds and after.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PYTHON, ROOT, bench_env, print_table  # noqa: E402

LISTING_LABELS = ("home page", "library", "officer: library")


def tree_env(tree: Path, database: Path, cache: Path, page_cache: bool = True) -> dict[str, str]:
    """Return the production-like environment of bench/pages.py for one tree's code on a database."""
    env = bench_env(database)
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    env["BENCH_CACHE"] = str(cache)
    env["PYTHONPATH"] = os.pathsep.join([str(tree), str(tree / "site"), str(tree / "bench")])
    for key, sub in (("MEDIA_ROOT", "media"), ("PRIVATE_MEDIA_ROOT", "private_media"), ("STATIC_ROOT", "static")):
        env[key] = str(cache / sub)
    return env


def manage(tree: Path, database: Path, cache: Path, *args: str) -> None:
    """Run a manage.py command of one tree on a database."""
    subprocess.run([PYTHON, str(tree / "manage.py"), *args], env=tree_env(tree, database, cache), cwd=tree, check=True)


def measure(tree: Path, database: Path, cache: Path, requests: int, page_cache: bool) -> dict:
    """Return bench/pages.py --measure's results for one tree on a database."""
    completed = subprocess.run(
        [PYTHON, str(tree / "bench" / "pages.py"), "--measure", str(database), "--requests", str(requests)],
        env=tree_env(tree, database, cache, page_cache),
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def search_speed(tree: Path, cache: Path, docs: int, reuse: bool) -> str:
    """Return the embedded engine's lines of bench/search_speed.py run with one tree's code."""
    env = dict(os.environ, BENCH_CACHE=str(cache), PYTHONPATH=os.pathsep.join([str(tree), str(tree / "site")]))
    args = [PYTHON, str(tree / "bench" / "search_speed.py"), "--docs", str(docs), "--rounds", "5", "--skip-wagtail"]
    completed = subprocess.run(
        [*args, *(["--reuse"] if reuse else [])], env=env, cwd=tree, check=True, capture_output=True, text=True
    )
    return "\n".join(line for line in completed.stdout.splitlines() if "embedded" in line or "p50" in line)


def run_bench(args: list[str], env: dict[str, str], tree: Path) -> subprocess.CompletedProcess:
    """Run a bench script of one tree; on failure, show what it printed and stop."""
    completed = subprocess.run(args, env=env, cwd=tree, capture_output=True, text=True)
    if completed.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    return completed


def import_speed(tree: Path, cache: Path, pages: int) -> dict[str, tuple[float, float, float]]:
    """Return {"new": (pages/s, wall s, CPU s), "updates": …} of bench/import_speed.py run with one tree's code."""
    env = dict(os.environ, BENCH_CACHE=str(cache), PYTHONPATH=os.pathsep.join([str(tree), str(tree / "site")]))
    completed = run_bench(
        [PYTHON, str(tree / "bench" / "import_speed.py"), "--pages", str(pages), "--naive", "0"], env, tree
    )
    figures = {}
    pattern = (
        r"import_library, (\d+ new pages|same file again \(updates\)):\s+(\d+) pages/s \(([\d.]+) s, ([\d.]+) CPU s\)"
    )
    for match in re.finditer(pattern, completed.stdout):
        figures["new" if "new" in match.group(1) else "updates"] = tuple(float(match.group(n)) for n in (2, 3, 4))
    if set(figures) != {"new", "updates"}:
        raise RuntimeError(f"bench/import_speed.py printed no figures:\n{completed.stdout}\n{completed.stderr}")
    return figures


def forum_thread(tree: Path, cache: Path, background: int, requests: int) -> dict[str, list[float]]:
    """Return {page: [p50, p95, cpu p50, cpu p95]} of bench/forum_thread.py run with one tree's code."""
    env = dict(os.environ, BENCH_CACHE=str(cache), PYTHONPATH=os.pathsep.join([str(tree), str(tree / "site")]))
    if not (cache / "static" / "staticfiles.json").exists():  # production settings serve hashed static files
        manage(tree, cache / "collectstatic.sqlite3", cache, "collectstatic", "--no-input", "-v0")
    # Every round reads the thread as the first did: the reader's read positions, left at the last post by the round
    # before, are forgotten (else round 1 times the "first unread" path and later rounds do not).
    for database in (cache / "forum").glob("*.sqlite3"):
        with closing(sqlite3.connect(database)) as connection, connection:
            connection.execute("DELETE FROM forum_readposition")
    completed = run_bench(
        [
            PYTHON,
            str(tree / "bench" / "forum_thread.py"),
            "--background",
            str(background),
            "--requests",
            str(requests),
        ],
        env,
        tree,
    )
    rows = {}
    for line in completed.stdout.splitlines():
        match = re.match(r"^(\S.*?)\s{2,}([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+\d+$", line)
        if match:
            rows[match.group(1)] = [float(match.group(n)) for n in range(2, 6)]
    if not rows:
        raise RuntimeError(f"bench/forum_thread.py printed no figures:\n{completed.stdout}\n{completed.stderr}")
    return rows


def load_average() -> str:
    """Return the 1, 5 and 15 minute load averages as text."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def build_databases(base: Path, cache: Path, pages: int) -> tuple[Path, Path]:
    """Build the demo and large databases with the base commit's bench/pages.py; index the generated pages."""
    subprocess.run(
        [PYTHON, str(base / "bench" / "pages.py"), "--pages", str(pages), "--requests", "1", "--no-http"],
        env=dict(os.environ, BENCH_CACHE=str(cache)),
        cwd=base,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    demo, large = cache / "demo.sqlite3", cache / f"pages-{pages}.sqlite3"
    manage(base, large, cache, "rebuild_search_index", "--no-progress")
    return demo, large


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="HEAD~1", help="the earlier commit (default: HEAD~1)")
    parser.add_argument("--pages", type=int, default=5000, help="generated pages for bench/pages.py (0: skip)")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--docs", type=int, default=5000, help="documents for bench/search_speed.py (0: skip)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--this", default="", help="measure this commit instead of the working tree")
    parser.add_argument("--import-pages", type=int, default=1000, help="lines for bench/import_speed.py (0: skip)")
    parser.add_argument(
        "--forum-background", type=int, default=20_000, help="background posts for bench/forum_thread.py (0: skip)"
    )
    parser.add_argument("--forum-requests", type=int, default=60)
    parser.add_argument(
        "--page-cache",
        choices=("off", "on"),
        default="off",
        help="visitors' page cache during bench/pages.py (default off: both trees render every request)",
    )
    args = parser.parse_args()

    commit = subprocess.run(
        ["git", "rev-parse", args.base], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="bench-commits-"))
    base = work / "base"
    subprocess.run(["git", "worktree", "add", "--detach", str(base), commit], cwd=ROOT, check=True, capture_output=True)
    this = ROOT
    if args.this:
        this_commit = subprocess.run(
            ["git", "rev-parse", args.this], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()
        this = work / "this"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(this), this_commit], cwd=ROOT, check=True, capture_output=True
        )
    try:
        against = f"commit {this_commit[:10]}" if args.this else "this tree"
        print(
            f"base {commit[:10]} against {against}; visitors' page cache {args.page_cache}; "
            f"load average {load_average()}",
            flush=True,
        )
        cache = base / ".cache" / "bench"  # inside the base tree: its bench/pages.py prints paths relative to it
        databases = {"base": {}, "this": {}}
        if args.pages:
            demo, large = build_databases(base, cache, args.pages)
            databases["base"] = {"demo": demo, "large": large}
        for name, path in databases["base"].items():
            copy = path.with_name(f"this-{path.name}")
            shutil.copyfile(path, copy)
            manage(this, copy, cache, "migrate", "--no-input", "-v0")
            databases["this"][name] = copy
        trees = {"base": base, "this": this}
        results: dict = {}
        speed: dict = {"base": [], "this": []}
        imports: dict = {"base": [], "this": []}
        forum: dict = {"base": [], "this": []}
        loads = []
        for round_number in range(args.rounds):
            loads.append(load_average())
            print(f"round {round_number + 1}: load average {loads[-1]}", flush=True)
            for tree in ("base", "this") if round_number % 2 == 0 else ("this", "base"):
                for name, database in databases[tree].items():
                    run = measure(trees[tree], database, cache, args.requests, args.page_cache == "on")
                    for row in run["anonymous"] + run["officer"]:
                        results.setdefault((name, row["label"]), {}).setdefault(tree, []).append(row)
                if args.docs:
                    speed[tree].append(search_speed(trees[tree], work / f"search-{tree}", args.docs, round_number > 0))
                if args.import_pages:
                    imports[tree].append(import_speed(trees[tree], work / f"import-{tree}", args.import_pages))
                if args.forum_background:
                    forum[tree].append(
                        forum_thread(trees[tree], work / f"forum-{tree}", args.forum_background, args.forum_requests)
                    )
        rows = []
        for (name, label), by_tree in results.items():
            if not label.startswith(LISTING_LABELS) and not label.startswith("baseline"):
                continue
            cells = [name, label]
            for key in ("p50", "p95", "cpu_p50"):
                for tree in ("base", "this"):
                    cells.append(f"{statistics.median(r[key] for r in by_tree[tree]):.1f}")
            rows.append(cells)
        headers = ["db", "URL", "p50 base", "p50 this", "p95 base", "p95 this", "cpu p50 base", "cpu p50 this"]
        if rows:
            print_table(
                headers, rows, f"bench/pages.py, median of {args.rounds} rounds × {args.requests} requests (ms)"
            )
        for (name, label), by_tree in results.items():
            statuses = {tree: sorted({r["status"] for r in runs}) for tree, runs in by_tree.items()}
            if any(status != [200] for status in statuses.values()):
                print(f"  note: {name} {label!r} answered {statuses}: its figures time a different page in each tree")
        for tree in ("base", "this") if args.docs else ():
            print(f"\nbench/search_speed.py --docs {args.docs} ({tree}):")
            for number, text in enumerate(speed[tree], 1):
                print(f"  round {number}:\n    " + text.replace("\n", "\n    "))
        if args.import_pages:
            rows = []
            for label in ("new", "updates"):
                cells = [label]
                for index in range(3):
                    for tree in ("base", "this"):
                        cells.append(f"{statistics.median(run[label][index] for run in imports[tree]):.1f}")
                rows.append(cells)
            headers = [
                "import",
                "pages/s base",
                "pages/s this",
                "wall s base",
                "wall s this",
                "CPU s base",
                "CPU s this",
            ]
            print_table(
                headers, rows, f"bench/import_speed.py --pages {args.import_pages}, median of {args.rounds} rounds"
            )
        if args.forum_background:
            rows = []
            for page in forum["base"][0]:
                cells = [page]
                for index in range(4):
                    for tree in ("base", "this"):
                        cells.append(f"{statistics.median(run[page][index] for run in forum[tree]):.1f}")
                rows.append(cells)
            headers = ["page", "p50 base", "p50 this", "p95 base", "p95 this"]
            headers += ["cpu p50 base", "cpu p50 this", "cpu p95 base", "cpu p95 this"]
            title = (
                f"bench/forum_thread.py --background {args.forum_background} --requests {args.forum_requests}, "
                f"median of {args.rounds} rounds (ms)"
            )
            print_table(headers, rows, title)
        print(f"\nload average at the start of each round: {' | '.join(loads)}; after: {load_average()}")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
        if args.this:
            subprocess.run(["git", "worktree", "remove", "--force", str(this)], cwd=ROOT, check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
