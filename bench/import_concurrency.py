"""Sign-ins and forum replies over real HTTP while import_library writes a large file, before and after the
batched importer, in the same run.

Run: .venv/bin/python bench/import_concurrency.py [--lines 20000] [--baseline REV|none] [--port 8161]
     scripts/with-postgres .venv/bin/python bench/import_concurrency.py --postgres [--lines 20000]

For each of the baseline (a git worktree of REV; by default the commit before the importer's recorded, batched
runs) and this checkout: a migrated SQLite database with production-like pragmas (WAL, busy timeout), gunicorn
with 2 workers and production settings, members with a forum thread; then `manage.py import_library FILE
--publish` of the same generated file (the review overridden by an administrator, as an operator would) while a
client signs a member in and posts a reply, one after the other, until the import ends. Prints, per variant,
the import's duration and, per action, how many failed (a status other than the expected redirect) and the
latencies (p50, p95, max). Bounded: the client stops with the import, or after --max-seconds.

With --postgres (under scripts/with-postgres, which sets DATABASE_URL): each variant gets a fresh, migrated
database on that cluster instead of SQLite, where the import is one transaction; by default only this checkout
runs (a baseline only with --baseline REV).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import requests
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_speed import BENCH_ADMINISTRATOR, lines  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CACHE = Path(os.environ.get("BENCH_CACHE", ROOT / ".cache" / "bench"))
PASSWORD = "bench passphrase for members 42"  # noqa: S105 - bench members on a throwaway database
MEMBERS = 12

SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from accounts.roles import create_member, ADMINISTRATOR
from forum.models import Board, ForumProfile, Post, Thread, Subscription
create_member({BENCH_ADMINISTRATOR!r}, role=ADMINISTRATOR, country_code="TH", password={PASSWORD!r}, approved=True)
board = Board.objects.create(name="Bench board", slug="bench-board")
members = []
for n in range({MEMBERS}):
    user = create_member(f"bench-member-{{n}}@example.org", role="participant", country_code="TH",
                         password={PASSWORD!r}, approved=True)
    user.date_joined = timezone.now() - timedelta(days=60)
    user.save(update_fields=["date_joined"])
    profile = ForumProfile.for_user(user)
    profile.handle = f"bench_member_{{n}}"
    profile.save()
    members.append(user)
now = timezone.now()
thread = Thread.objects.create(board=board, title="Bench thread", starter=members[0], created_at=now,
                               last_post_at=now, post_count=1)
for user in members:
    for n in range(5):
        Post.objects.create(thread=thread, author=user, body=f"Earlier post {{n}}.", created_at=now)
    Subscription.objects.get_or_create(user=user, thread=thread)
thread.post_count = 1 + 5 * len(members)
thread.save(update_fields=["post_count"])
print(thread.pk)
"""


def env_for(root: Path, folder: Path, database_url: str | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CACHE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="frontline.settings.production",
        SECRET_KEY="bench-only-secret-key-not-for-any-real-deployment-0123456789abcdef",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url or f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private_media"),
        STATIC_ROOT=str(folder / "static"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TRUSTED_PROXY_COUNT="1",
        LOG_LEVEL="ERROR",
        PYTHONPATH=os.pathsep.join([str(root), str(root / "site")]),
    )
    env.pop("SEARCH_URL", None)
    return env


def manage(root: Path, env: dict[str, str], *args: str, capture=True) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=root, env=env, capture_output=capture, text=True, timeout=3600, check=False
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed in {root}:\n{done.stderr[-3000:]}")
    return done.stdout


def prepared(root: Path, label: str) -> Path:
    """Return a migrated database with static files for this checkout (cached by its commit)."""
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "*/migrations/*"], cwd=root, capture_output=True, text=True
    ).stdout
    target = CACHE / f"import-concurrency-{commit[:12]}{'-dirty' if dirty.strip() else ''}"
    if (target / "ready").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    env = env_for(root, target)
    print(f"[{label}] migrating a fresh database (once per commit)…", flush=True)
    manage(root, env, "migrate", "--no-input", "-v0")
    manage(root, env, "collectstatic", "--no-input", "-v0")
    with sqlite3.connect(target / "db.sqlite3") as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (target / "ready").touch()
    return target


class Client:
    """One browser behind the reverse proxy (X-Forwarded-*), keeping its cookies (Secure ones too: the proxy
    speaks https to the browser, plain http to gunicorn)."""

    def __init__(self, base, address):
        self.base, self.address, self.cookies = base, address, {}

    def request(self, method, path, data=None):
        origin = "https://" + self.base.split("://", 1)[1]  # the host with its port, as the browser sends it
        headers = {
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        response = requests.request(
            method, self.base + path, data=data, headers=headers, allow_redirects=False, timeout=120
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def token(self, path):
        page = self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        return match.group(1) if match else ""


def exercise(base, thread, stop, results, max_seconds):
    """Sign a member in, then post a reply as them; repeat until told to stop."""
    started = time.monotonic()
    n = 0
    while not stop.is_set() and time.monotonic() - started < max_seconds:
        n += 1
        client = Client(base, f"198.51.100.{n % 250 + 1}")
        email = f"bench-member-{n % MEMBERS}@example.org"
        token = client.token("/accounts/login/")
        begin = time.monotonic()
        try:
            answer = client.request(
                "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD}
            )
            ok = answer.status_code == 302
        except requests.RequestException:
            ok = False
        results["sign-in"].append((ok, time.monotonic() - begin))
        if not ok:
            continue
        token = client.token(f"/forum/t/{thread}/")
        begin = time.monotonic()
        try:
            answer = client.request(
                "POST",
                f"/forum/t/{thread}/reply/",
                {"csrfmiddlewaretoken": token, "body": f"Reply {n} during the import."},
            )
            ok = answer.status_code == 302
        except requests.RequestException:
            ok = False
        results["reply"].append((ok, time.monotonic() - begin))
        time.sleep(0.2)


def free_port(preferred):
    for port in [preferred, 0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise SystemExit("no free port")


@contextmanager
def postgres_database(cluster_url: str, name: str):
    """A new, empty database on the cluster cluster_url names (dropped afterwards); yields its URL."""
    server = f"{cluster_url.rsplit('/', 1)[0]}/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{cluster_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def cluster_url(wanted: bool) -> str | None:
    """Return the PostgreSQL cluster's DATABASE_URL (scripts/with-postgres sets it) when --postgres is given."""
    if not wanted:
        return None
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("--postgres needs DATABASE_URL of a PostgreSQL cluster: run under scripts/with-postgres")
    return url


@contextmanager
def site_database(root: Path, label: str, folder: Path, postgres: str | None):
    """Yield the environment of a site on a fresh, migrated database with its static files: a copy of this
    checkout's SQLite template in folder, or a new database on the PostgreSQL cluster (dropped afterwards)."""
    with ExitStack() as stack:
        if postgres:
            env = env_for(root, folder, stack.enter_context(postgres_database(postgres, f"import_{label}")))
            print(f"[{label}] migrating a fresh PostgreSQL database…", flush=True)
            manage(root, env, "migrate", "--no-input", "-v0")
            manage(root, env, "collectstatic", "--no-input", "-v0")
        else:
            template = prepared(root, label)
            with sqlite3.connect(template / "db.sqlite3") as source, sqlite3.connect(folder / "db.sqlite3") as copy:
                source.backup(copy)
            env = env_for(root, folder)
            env["STATIC_ROOT"] = str(template / "static")
        yield env


@contextmanager
def serving(root: Path, label: str, env: dict, folder: Path, port: int):
    """Run gunicorn (2 workers, production settings) on port until it answers; yield its address; stop it."""
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--pythonpath", "site", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--timeout", "300", "frontline.wsgi:application"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(base + "/accounts/login/", headers={"X-Forwarded-Proto": "https"}, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"[{label}] gunicorn did not start")
            time.sleep(0.5)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def start_import(root: Path, env: dict, data: Path) -> subprocess.Popen:
    """Start `manage.py import_library data --publish`, the review overridden by the bench's administrator."""
    return subprocess.Popen(
        [PYTHON, "manage.py", "import_library", str(data), "--publish", "--no-progress",
         "--without-review", "Bench data, reviewed before.", "--administrator", BENCH_ADMINISTRATOR],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def run_variant(root: Path, label: str, data: Path, port: int, max_seconds: float, postgres: str | None) -> dict:
    """Import data into a fresh site of root while a client signs in and replies; return the results."""
    folder = Path(tempfile.mkdtemp(prefix=f"import-concurrency-{label}-"))
    try:
        with site_database(root, label, folder, postgres) as env:
            thread = int(manage(root, env, "shell", "-c", SETUP).strip().splitlines()[-1])
            with serving(root, label, env, folder, free_port(port)) as base:
                results = {"sign-in": [], "reply": []}
                stop = threading.Event()
                client = threading.Thread(target=exercise, args=(base, thread, stop, results, max_seconds))
                importing = start_import(root, env, data)
                began = time.monotonic()
                client.start()
                _out, err = importing.communicate(timeout=max_seconds + 600)
                import_seconds = time.monotonic() - began
                stop.set()
                client.join()
        if importing.returncode:
            print(f"[{label}] import failed: {err[-1500:]}")
        return {"import_seconds": import_seconds, "import_ok": importing.returncode == 0, **results}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def baseline_commit():
    found = subprocess.run(
        ["git", "log", "--format=%H", "--diff-filter=A", "--", "library/models/import_run.py"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return f"{found[-1]}^" if found else "HEAD"


def summary(label, result):
    print(f"\n== {label}: import {'ok' if result['import_ok'] else 'FAILED'} in {result['import_seconds']:.1f} s")
    for action in ("sign-in", "reply"):
        rows = result[action]
        failed = sum(1 for ok, _ in rows if not ok)
        times = sorted(seconds * 1000 for _ok, seconds in rows)
        if not times:
            print(f"   {action:8}  none attempted")
            continue
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(
            f"   {action:8}  {len(rows):4} attempted, {failed:4} failed;  p50 {statistics.median(times):7.0f} ms"
            f"  p95 {p95:7.0f} ms  max {times[-1]:7.0f} ms"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument(
        "--baseline",
        default=None,
        help="git revision to compare with, or none (default: before ImportRun on SQLite, none with --postgres)",
    )
    parser.add_argument(
        "--postgres", action="store_true", help="on the cluster DATABASE_URL names (scripts/with-postgres)"
    )
    parser.add_argument("--port", type=int, default=8161)
    parser.add_argument("--max-seconds", type=float, default=1800)
    args = parser.parse_args()
    if args.lines < 1:
        raise SystemExit("--lines must be at least 1")
    postgres = cluster_url(args.postgres)
    if args.baseline is None:
        args.baseline = "none" if postgres else baseline_commit()
    scratch = Path(tempfile.mkdtemp(prefix="import-concurrency-"))
    data = scratch / "pages.jsonl"
    data.write_text("\n".join(lines(args.lines)), encoding="utf-8")
    revision = args.baseline
    worktree = scratch / "baseline"
    variants = [("after", ROOT)]
    if revision != "none":
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(worktree), revision], cwd=ROOT, check=True, capture_output=True
        )
        (worktree / ".venv").symlink_to(ROOT / ".venv")
        variants.insert(0, ("before", worktree))
    try:
        engine = "PostgreSQL (one transaction)" if postgres else "SQLite (WAL)"
        print(f"{args.lines} lines; baseline {revision}; {engine}; gunicorn 2 workers, production settings")
        results = {}
        for label, root in variants:
            print(f"[{label}] running…", flush=True)
            results[label] = run_variant(root, label, data, args.port, args.max_seconds, postgres)
        for label, result in results.items():
            summary(label, result)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
