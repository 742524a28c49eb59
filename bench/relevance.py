"""Search relevance on the demo library: nDCG@10 and Recall@10 per language, this commit beside a baseline.

Run: .venv/bin/python bench/relevance.py [--baseline REV] [--weights] [--lang en km lo th vi] [--postgres]
     scripts/with-postgres .venv/bin/python bench/relevance.py --postgres   (every system on PostgreSQL)

The relevance set (bench/data/relevance.jsonl: at least 30 queries per language, cross-language ones and the
examples of issue 15, with graded judgements 0-3 by demo page key) is answered, as an anonymous reader, by:

* this checkout (the working tree, as it is);
* the baseline commit (default HEAD~1), checked out in a temporary git worktree and run with its own code;
* Wagtail's stock database search backend (wagtail.search.backends.database) on the same public pages;
* with --weights, this checkout under other section weights (search.documents.SECTION_WEIGHTS).

Each system runs in a subprocess (bench/relevance_run.py) on a fresh scratch database with the demo content
loaded and indexed: a SQLite file, or with --postgres a database created for the run on the server DATABASE_URL
names (scripts/with-postgres starts one) and dropped after it. Judgements: 3 the page is about the query in the query's language, 2 it is about it in
another language, 1 related (e.g. coded with the crime type named); unjudged pages count 0. nDCG uses gains
2^grade - 1; Recall@10 counts pages graded 1 or more.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data" / "relevance.jsonl"
RUNNER = ROOT / "bench" / "relevance_run.py"
LANGS = ("en", "km", "lo", "th", "vi")
K = 10
WEIGHT_SETTINGS = ("label=0", "label=0.1", "label=1.0", "label=2.5", "title=1.0")


def load_queries(path: Path = DATA) -> list[dict]:
    """Return the relevance set: one dict per query (id, language, query, topic, judgments)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ndcg(ranked: list[str], judgments: dict[str, int], k: int = K) -> float:
    """Return nDCG@k of a ranking under graded judgements (gain 2^grade - 1)."""
    dcg = sum((2 ** judgments.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    best = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranked: list[str], judgments: dict[str, int], k: int = K) -> float:
    """Return the share of the pages graded 1 or more that are in the first k."""
    relevant = {key for key, grade in judgments.items() if grade > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def scores(rankings: dict[str, list[str]], queries: list[dict], lang: str) -> tuple[float, float, int]:
    """Return mean nDCG@10 and Recall@10 over a language's queries, and how many there are."""
    chosen = [query for query in queries if query["language"] == lang]
    if not chosen:
        return 0.0, 0.0, 0
    n = [ndcg(rankings.get(query["id"], []), query["judgments"]) for query in chosen]
    r = [recall(rankings.get(query["id"], []), query["judgments"]) for query in chosen]
    return sum(n) / len(n), sum(r) / len(r), len(chosen)


POSTGRES_SERVER: str | None = None  # the server's URL with --postgres (scratch databases are created on it)


@contextmanager
def scratch_database(scratch: Path):
    """Yield the URL of an empty database for one run: a SQLite file, or a new database on the PostgreSQL server."""
    if POSTGRES_SERVER is None:
        yield f"sqlite:///{scratch / 'db.sqlite3'}"
        return
    name = f"relevance_{uuid.uuid4().hex[:12]}"
    server = urlsplit(POSTGRES_SERVER)
    admin = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(server._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(checkout: Path, queries_file: Path, *extra: str) -> dict[str, dict[str, list[str]]]:
    """Answer the queries on a checkout, in a subprocess with a scratch database; return its rankings."""
    scratch = Path(tempfile.mkdtemp(prefix="relevance-"))
    with scratch_database(scratch) as database_url:
        return _run(checkout, queries_file, scratch, database_url, *extra)


def _run(checkout: Path, queries_file: Path, scratch: Path, database_url: str, *extra: str) -> dict:
    env = dict(os.environ)
    env.pop("SEARCH_URL", None)
    env.update(
        {
            "DATABASE_URL": database_url,
            "TEST_MEDIA_ROOT": str(scratch / "media"),
            "PYTHONPATH": os.pathsep.join([str(checkout), str(checkout / "site")]),
        }
    )
    try:
        answer = subprocess.run(
            [sys.executable, str(RUNNER), str(queries_file), *extra],
            cwd=checkout,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError as error:
        sys.stderr.write(error.stderr[-4000:])
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return json.loads(answer.stdout.strip().splitlines()[-1])


def baseline_rankings(revision: str, queries_file: Path) -> tuple[str, dict[str, list[str]]]:
    """Return the short hash of a revision and the rankings of its site search (in a temporary git worktree)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", revision], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix="relevance-baseline-")) / "checkout"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), commit], cwd=ROOT, check=True, capture_output=True
    )
    try:
        return commit, run(folder, queries_file)["site"]
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, check=False, capture_output=True
        )
        shutil.rmtree(folder.parent, ignore_errors=True)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="HEAD~1", help="the commit to compare with (default HEAD~1)")
    parser.add_argument("--weights", action="store_true", help="also compare section weight settings")
    parser.add_argument("--lang", nargs="*", default=list(LANGS))
    parser.add_argument("--queries", type=Path, default=DATA)
    parser.add_argument("--dump", type=Path, help="write every system's rankings to this JSON file")
    parser.add_argument(
        "--postgres", action="store_true", help="run every system on the PostgreSQL server of DATABASE_URL"
    )
    args = parser.parse_args(argv)
    if args.postgres:
        global POSTGRES_SERVER  # noqa: PLW0603 - one setting for the whole run, read by scratch_database
        POSTGRES_SERVER = os.environ.get("DATABASE_URL", "")
        if not POSTGRES_SERVER.startswith(("postgres://", "postgresql://")):
            parser.error("--postgres needs DATABASE_URL naming a PostgreSQL server (scripts/with-postgres sets it)")
    queries = load_queries(args.queries)
    extra = ["--wagtail", *(["--weights", *WEIGHT_SETTINGS] if args.weights else [])]
    current = run(ROOT, args.queries.resolve(), *extra)
    commit, baseline = baseline_rankings(args.baseline, args.queries.resolve())
    systems = [
        ("this checkout", current["site"]),
        (f"baseline {commit}", baseline),
        ("wagtail database", current["wagtail"]),
    ]
    systems += [(name, rankings) for name, rankings in current.items() if name.startswith("weights ")]
    if args.dump:
        args.dump.write_text(json.dumps(dict(systems), ensure_ascii=False, indent=1), encoding="utf-8")
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"Relevance set: {len(queries)} queries ({args.queries.name}), anonymous reader, first {K} results, {database}"
    )
    print(f"{'lang':4} {'n':>3} {'system':28} {'nDCG@10':>8} {'R@10':>6}")
    for lang in args.lang:
        for name, rankings in systems:
            n, r, count = scores(rankings, queries, lang)
            print(f"{lang:4} {count:3} {name:28} {n:8.3f} {r:6.3f}")
    for name, rankings in systems:
        n = sum(ndcg(rankings.get(q["id"], []), q["judgments"]) for q in queries) / len(queries)
        r = sum(recall(rankings.get(q["id"], []), q["judgments"]) for q in queries) / len(queries)
        print(f"{'all':4} {len(queries):3} {name:28} {n:8.3f} {r:6.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
