"""Many readers at once, over real HTTP: visitors, signed-in members and posters, with and without the page cache.

Run: .venv/bin/python bench/load.py [--seconds 25] [--port 8250] [--workers 2] [--threads 1[,4]] [--soak MINUTES]
     [--only cached|uncached] [--scenarios visitors,members,posters]

gunicorn (production settings, deploy/gunicorn.conf.py with `--workers` and `--threads`: 1 = sync workers, more =
gthread; `--threads 1,4` runs both in turn, in the same run) on 127.0.0.1 behind a simulated reverse proxy
(X-Forwarded-For / X-Forwarded-Proto: https), a private redis-server (CACHE_URL) on port+1, the task worker
(`manage.py worker`) beside it, on a copy of the demo database (bench/pages.py builds it in .cache/bench/) plus
bench members, a members' board and a busy thread that everyone follows. A bounded asyncio load generator (raw
HTTP/1.1 on loopback, no download) runs each scenario for --seconds and stops:

- visitors: 50 concurrent anonymous readers, no pause (home, library, library filters, case studies, search),
  half of them in Thai (Accept-Language);
- members: 20 concurrent signed-in members browsing (the same pages, the busy thread and the forum home), a
  --think pause (default 1 s) between pages;
- posters: 20 members replying in the busy thread, each reading the thread and replying every --post-every s (the
  forum's limit is 6 posts a minute); afterwards the worker drains and every post and every follower's
  notification is checked in the database.

Each scenario runs once against the site with the page cache (PAGE_CACHE_SECONDS=600) and once without (0), in
the same run. Printed per scenario: requests, 5xx errors, other failures, req/s, p50, p95, the CPU the site used
per request (gunicorn workers, redis-server and the task worker, user + system, over the requests counted; for
posters it includes the thread page each reads before replying and the worker's fan-out), and the load average
(/proc/loadavg) before and after: the machine is shared, read the figures with it. Targets (issue 14): visitors
p95 <= 150 ms and >= 300 req/s; members p95 <= 300 ms; posters p95 <= 300 ms per reply; no 5xx, no lost post.

--soak MINUTES runs visitors and members together against the cached site and prints the RSS of each gunicorn
worker every 15 s (memory should stay flat); no worker is replaced meanwhile (--max-requests 0).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import demo_database  # noqa: E402 - builds the demo database once (bench/pages.py)

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CACHE = Path(os.environ.get("BENCH_CACHE", ROOT / ".cache" / "bench"))
MEMBERS = 20
POSTERS = 20
VISITORS = 50
THREAD_POSTS = 120
HOST = "127.0.0.1"

PREPARE = """
import json
from datetime import timedelta
from django.test import Client
from django.utils import timezone
from accounts.access.pages import page_audience
from accounts.access.tokens import PUBLIC
from accounts.roles import create_member
from forum.models import Board, ForumProfile, Post, Subscription, Thread
from forum.markdown import render_markdown
from library.models import LibraryPage

def member(email):
    user = create_member(email, role="participant", country_code="TH", approved=True)
    user.date_joined = timezone.now() - timedelta(days=60)
    user.save(update_fields=["date_joined"])
    ForumProfile.for_user(user)
    return user

board = Board.objects.create(name="Load board", slug="load-board")
readers = [member(f"load-reader-{n}@bench.invalid") for n in range(%(members)d)]
posters = [member(f"load-poster-{n}@bench.invalid") for n in range(%(posters)d)]
start = timezone.now() - timedelta(days=2)
thread = Thread.objects.create(board=board, title="A busy thread", starter=posters[0], created_at=start,
                               last_post_at=start, post_count=0)
body = "We met the same recruiter **twice** at the border post."
html = render_markdown(body, {})
everyone = readers + posters
Post.objects.bulk_create(
    Post(thread=thread, author=everyone[n %% len(everyone)], body=body, body_html=html,
         created_at=start + timedelta(minutes=n))
    for n in range(%(thread_posts)d)
)
for user in posters:  # five earlier posts each: not a new member for the posting limit
    Post.objects.bulk_create(Post(thread=thread, author=user, body=body, body_html=html,
                                  created_at=start + timedelta(hours=1, minutes=n)) for n in range(5))
thread.post_count = thread.posts.count()
thread.last_post_at = timezone.now()
thread.save()
for user in everyone:
    Subscription.objects.get_or_create(user=user, thread=thread)

def session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value

public = [page.url for page in LibraryPage.objects.live().order_by("path")[:40] if page_audience(page) == [PUBLIC]]
print(json.dumps({
    "thread": thread.pk,
    "readers": [session(user) for user in readers],
    "posters": [session(user) for user in posters],
    "pages": public[:12],
}))
"""

CHECK = """
import json
from django_tasks_db.models import DBTaskResult
from forum.models import Notification, Post, Subscription
posts = list(Post.objects.filter(body__contains=%(marker)r).select_related("thread"))
missing = 0
expected = 0
delays = []  # seconds from a reply to the last of its followers' notifications, and to the last email sent
mailed = []
for post in posts:
    followers = set(Subscription.objects.filter(thread=post.thread).exclude(user=post.author_id)
                    .values_list("user_id", flat=True))
    rows = list(Notification.objects.filter(post=post).values_list("recipient_id", "created_at", "emailed_at"))
    told = {recipient for recipient, _created, _emailed in rows}
    expected += len(followers)
    missing += len(followers - told)
    if rows:
        delays.append((max(created for _r, created, _e in rows) - post.created_at).total_seconds())
        sent = [emailed for _r, _c, emailed in rows if emailed]
        if sent:
            mailed.append((max(sent) - post.created_at).total_seconds())
delays.sort()
mailed.sort()
pick = lambda values, pct: round(values[min(len(values) - 1, int(len(values) * pct))], 1) if values else None
waiting = DBTaskResult.objects.exclude(status__in=["SUCCESSFUL"]).count()
print(json.dumps({"posts": len(posts), "notifications_expected": expected, "notifications_missing": missing,
                  "tasks_not_done": waiting, "told_p50": pick(delays, 0.5), "told_p95": pick(delays, 0.95),
                  "emailed_p95": pick(mailed, 0.95)}))
"""


# --- the site under test ------------------------------------------------------------------------------------------


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def site_env(folder: Path, port: int, cached: bool) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CACHE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="frontline.settings.production",
        SECRET_KEY="load-bench-only-" + "x" * 50,  # a throwaway site on a throwaway database
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"https://{HOST}:{port}",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private_media"),
        STATIC_ROOT=str(CACHE / "static"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TRUSTED_PROXY_COUNT="1",
        CACHE_URL=f"redis://{HOST}:{port + 1}/0",
        PAGE_CACHE_SECONDS="600" if cached else "0",
        LOG_LEVEL="ERROR",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    )
    env.pop("SEARCH_URL", None)
    return env


def manage_python(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"manage.py shell failed:\n{done.stderr[-4000:]}")
    return done.stdout.strip().splitlines()[-1]


class Stack:
    """redis-server, gunicorn and the task worker for one variant; stopped by PID."""

    def __init__(self, folder: Path, port: int, workers: int, cached: bool, threads: int = 1, max_requests=None):
        self.folder, self.port, self.workers, self.cached, self.threads = folder, port, workers, cached, threads
        self.max_requests = max_requests  # None: the deployment's (deploy/gunicorn.conf.py)
        self.env = site_env(folder, port, cached)
        self.processes: list[subprocess.Popen] = []

    def __enter__(self):
        for port in (self.port, self.port + 1):
            with socket.socket() as probe:
                if probe.connect_ex((HOST, port)) == 0:
                    raise SystemExit(f"port {port} is in use: stop what listens there, or pass --port")
        logs = self.folder / ("cached" if self.cached else "uncached")
        logs.mkdir(exist_ok=True)
        self.redis = self._start(
            ["redis-server", "--port", str(self.port + 1), "--bind", HOST, "--save", "", "--appendonly", "no"],
            logs / "redis.log",
        )
        self.gunicorn = self._start(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "-c",
                "deploy/gunicorn.conf.py",  # the deployment's settings (preload, warm-up, access log), but these:
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync" if self.threads == 1 else "gthread",
                "--threads",
                str(self.threads),
                "--log-level",
                "warning",
                "--backlog",
                "2048",
                *(["--max-requests", str(self.max_requests)] if self.max_requests is not None else []),
            ],
            logs / "gunicorn.log",
        )
        self.worker = self._start([PYTHON, "manage.py", "worker"], logs / "worker.log")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, _headers, _body = asyncio.run(fetch(self.port, "GET", "/library/", proxy_headers(HOST)))
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.__exit__(None, None, None)
        raise SystemExit(f"gunicorn did not answer on port {self.port}; see {logs}")

    def _start(self, command, log: Path) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def drain_worker(self) -> None:
        """Stop the worker (it finishes the task in hand), then run what is left until the queue is empty."""
        self.worker.send_signal(signal.SIGTERM)
        self.worker.wait(timeout=120)
        subprocess.run(
            [PYTHON, "manage.py", "worker", "--until-idle"], cwd=ROOT, env=self.env, check=True, capture_output=True
        )

    def children(self) -> list[str]:
        return Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children").read_text().split()

    def cpu_seconds(self) -> float:
        """Return the CPU seconds (user + system) used so far by the gunicorn workers, redis-server and the task worker.

        Read with the wall-clock figures: on a shared machine they say what a request costs the site, whatever
        the waiting for a core added to its time.
        """
        total = 0
        for pid in [*self.children(), self.redis.pid, self.worker.pid]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
        # Workers gunicorn replaced (max_requests) count too: their time is the master's cutime and cstime.
        fields = Path(f"/proc/{self.gunicorn.pid}/stat").read_text().rpartition(")")[2].split()
        total += int(fields[13]) + int(fields[14])
        return total / os.sysconf("SC_CLK_TCK")

    def worker_rss(self) -> list[int]:
        """Return the resident memory (KiB) of each gunicorn worker (the master's children)."""
        sizes = []
        for pid in self.children():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]))
        return sizes

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


# --- the load generator --------------------------------------------------------------------------------------------


async def fetch(port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""):
    """One HTTP/1.1 request on a new connection (gunicorn's sync workers close each one); return status, headers, body."""
    reader, writer = await asyncio.open_connection(HOST, port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    data = await reader.read()
    writer.close()
    head, _, content = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed: dict[str, list[str]] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed.setdefault(name.strip().lower(), []).append(value.strip())
    return int(status_line.split()[1]), parsed, content


class Recorder:
    def __init__(self):
        self.samples: list[tuple[float, int]] = []
        self.failures = 0
        self.started = time.monotonic()
        self.load_before = load_average()

    def add(self, seconds: float, status: int, ok: bool = True) -> None:
        self.samples.append((seconds, status))
        if not ok:
            self.failures += 1

    def row(self, label: str, cpu_seconds: float | None = None) -> list:
        """Return the table row; cpu_seconds: CPU the site's processes used meanwhile (per request in the row)."""
        elapsed = time.monotonic() - self.started
        times = sorted(seconds for seconds, _status in self.samples)
        errors = sum(1 for _seconds, status in self.samples if status >= 500 or status == 0)
        return [
            label,
            len(times),
            errors,
            self.failures,
            f"{len(times) / elapsed:.1f}",
            f"{percentile(times, 50) * 1000:.0f} ms",
            f"{percentile(times, 95) * 1000:.0f} ms",
            f"{cpu_seconds * 1000 / max(1, len(times)):.1f}" if cpu_seconds is not None else "",
            f"{self.load_before} → {load_average()}",
        ]


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(pct / 100 * len(values) + 0.5) - 1))
    return values[index]


def proxy_headers(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address, "X-Forwarded-Proto": "https"}


async def timed(recorder: Recorder, port: int, method: str, path: str, headers: dict, body: bytes = b""):
    begin = time.monotonic()
    try:
        status, response_headers, content = await fetch(port, method, path, headers, body)
    except OSError:
        recorder.add(time.monotonic() - begin, 0, ok=False)
        return 0, {}, b""
    recorder.add(time.monotonic() - begin, status, ok=status < 400)
    return status, response_headers, content


def reader_urls(setup: dict) -> list[str]:
    pages = setup["pages"]
    return [
        "/",
        "/library/",
        "/library/?type=case-study",
        "/library/?country=TH",
        "/search/?q=trafficking",
        "/search/?q=recruitment&country=KH",
        "/library/feed/",
        *pages,
        *pages[:4],  # the most read case studies, twice as often
    ]


async def visitors(port: int, seconds: float, setup: dict, concurrency: int) -> Recorder:
    recorder = Recorder()
    urls = reader_urls(setup)
    deadline = time.monotonic() + seconds

    async def visitor(n: int):
        rng = random.Random(n)
        headers = {**proxy_headers(f"198.51.100.{n % 250 + 1}"), "Accept-Language": "th" if n % 2 else "en"}
        while time.monotonic() < deadline:
            await timed(recorder, port, "GET", rng.choice(urls), headers)

    await asyncio.gather(*(visitor(n) for n in range(concurrency)))
    return recorder


async def members(port: int, seconds: float, setup: dict, think: float, count: int) -> Recorder:
    recorder = Recorder()
    urls = [*reader_urls(setup), f"/forum/t/{setup['thread']}/", "/forum/"]
    deadline = time.monotonic() + seconds

    async def member(n: int):
        rng = random.Random(1000 + n)
        headers = {**proxy_headers(f"203.0.113.{n % 250 + 1}"), "Cookie": f"sessionid={setup['readers'][n]}"}
        while time.monotonic() < deadline:
            status, response_headers, content = await timed(recorder, port, "GET", rng.choice(urls), headers)
            html = response_headers.get("content-type", [""])[0].startswith("text/html")
            if status == 200 and html and b"/accounts/logout/" not in content:
                recorder.failures += 1  # a member was shown a visitor's page
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    await asyncio.gather(*(member(n) for n in range(min(count, len(setup["readers"])))))
    return recorder


async def posters(port: int, seconds: float, setup: dict, every: float, marker: str) -> tuple[Recorder, int]:
    recorder = Recorder()
    thread = setup["thread"]
    deadline = time.monotonic() + seconds
    accepted = 0

    async def poster(n: int):
        nonlocal accepted
        rng = random.Random(2000 + n)
        await asyncio.sleep(rng.uniform(0, every))  # they do not all start at the same second
        cookies = {"sessionid": setup["posters"][n]}
        headers = proxy_headers(f"192.0.2.{n % 250 + 1}")
        number = 0
        while time.monotonic() < deadline:
            began = time.monotonic()
            cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
            status, response_headers, content = await fetch(
                port, "GET", f"/forum/t/{thread}/", {**headers, "Cookie": cookie}
            )
            for header in response_headers.get("set-cookie", []):
                for name, morsel in SimpleCookie(header).items():
                    cookies[name] = morsel.value
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
            if status != 200 or token is None:
                recorder.add(0.0, status or 0, ok=False)
                await asyncio.sleep(1)
                continue
            number += 1
            form = f"csrfmiddlewaretoken={token.group(1).decode()}&body=Reply+{n}-{number}+{marker}".encode()
            cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
            post_headers = {
                **headers,
                "Cookie": cookie,
                "Origin": f"https://{HOST}:{port}",
                "Referer": f"https://{HOST}:{port}/forum/t/{thread}/",
            }
            status, _headers, _content = await timed(
                recorder, port, "POST", f"/forum/t/{thread}/reply/", post_headers, form
            )
            if status == 302:
                accepted += 1
            else:
                recorder.failures += 1
            await asyncio.sleep(max(0.0, every - (time.monotonic() - began)))

    await asyncio.gather(*(poster(n) for n in range(POSTERS)))
    return recorder, accepted


# --- running it --------------------------------------------------------------------------------------------------


def prepare(folder: Path, port: int) -> dict:
    demo = demo_database(rebuild=False)
    shutil.copyfile(demo, folder / "db.sqlite3")
    env = {**site_env(folder, port, cached=False), "CACHE_URL": ""}  # redis-server is not started yet
    code = PREPARE % {"members": MEMBERS, "posters": POSTERS, "thread_posts": THREAD_POSTS}
    return json.loads(manage_python(env, code))


def print_table(rows: list[list], title: str) -> None:
    headers = ["scenario", "requests", "5xx", "failed", "req/s", "p50", "p95", "CPU ms/req", "load avg before → after"]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    print(f"\n{title}")
    print(" | ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)), flush=True)


def worker_kind(threads: int) -> str:
    return "sync" if threads == 1 else f"gthread x{threads}"


def run_variant(folder: Path, setup: dict, args, cached: bool, threads: int) -> list[list]:
    label = "cached" if cached else "uncached"
    if len(args.threads) > 1:
        label = f"{worker_kind(threads)}, {label}"
    rows = []
    with Stack(folder, args.port, args.workers, cached, threads) as stack:
        print(
            f"[{label}] gunicorn {args.workers} {worker_kind(threads)} workers on :{args.port}, load {load_average()}",
            flush=True,
        )
        if "visitors" in args.scenarios:
            cpu = stack.cpu_seconds()
            recorder = asyncio.run(visitors(args.port, args.seconds, setup, VISITORS))
            rows.append(recorder.row(f"{label}: {VISITORS} visitors", stack.cpu_seconds() - cpu))
            print_table(rows[-1:], "")
        if "members" in args.scenarios:
            cpu = stack.cpu_seconds()
            recorder = asyncio.run(members(args.port, args.seconds, setup, args.think, MEMBERS))
            rows.append(recorder.row(f"{label}: {MEMBERS} members (think {args.think:g} s)", stack.cpu_seconds() - cpu))
            print_table(rows[-1:], "")
        if "posters" not in args.scenarios:
            return rows
        marker = f"load-{label.replace(' ', '').replace(',', '-')}-{int(time.time())}"
        cpu = stack.cpu_seconds()
        recorder, accepted = asyncio.run(posters(args.port, args.seconds, setup, args.post_every, marker))
        rows.append(
            recorder.row(f"{label}: {POSTERS} posters (reply every {args.post_every:g} s)", stack.cpu_seconds() - cpu)
        )
        print_table(rows[-1:], "")
        stack.drain_worker()
        check = json.loads(manage_python(stack.env, CHECK % {"marker": marker}))
        lost = accepted - check["posts"]
        print(
            f"[{label}] replies accepted {accepted}, in the database {check['posts']} (lost {lost}); follower"
            f" notifications expected {check['notifications_expected']}, missing {check['notifications_missing']};"
            f" tasks not done after the drain {check['tasks_not_done']}; every follower told within"
            f" {check['told_p50']} s p50, {check['told_p95']} s p95 of the reply (emails queued within"
            f" {check['emailed_p95']} s p95)",
            flush=True,
        )
    return rows


def soak(folder: Path, setup: dict, args) -> None:
    # No worker replaced during the soak (--max-requests 0): each worker's memory is followed for the whole run.
    with Stack(folder, args.port, args.workers, cached=True, threads=args.threads[0], max_requests=0) as stack:
        seconds = args.soak * 60
        samples = []

        async def sample():
            start = time.monotonic()
            while time.monotonic() - start < seconds:
                rss = stack.worker_rss()
                samples.append((time.monotonic() - start, rss, load_average()))
                print(
                    f"  t={samples[-1][0]:5.0f} s  worker RSS (MiB): "
                    f"{', '.join(f'{size / 1024:.1f}' for size in rss)}  load {samples[-1][2]}",
                    flush=True,
                )
                await asyncio.sleep(15)

        async def everything():
            results = await asyncio.gather(
                visitors(args.port, seconds, setup, 20), members(args.port, seconds, setup, args.think, 10), sample()
            )
            return results[:2]

        print(f"Soak: {args.soak:g} min, 20 visitors + 10 members against the cached site", flush=True)
        visitor_rec, member_rec = asyncio.run(everything())
        print_table([visitor_rec.row("soak: 20 visitors"), member_rec.row("soak: 10 members")], "Soak")
        first, last = samples[0][1], samples[-1][1]
        print(f"RSS first → last (MiB): {[round(s / 1024, 1) for s in first]} → {[round(s / 1024, 1) for s in last]}")


def first_search(folder: Path, args) -> None:
    """Time the first and second search of a freshly started gunicorn worker: cold, warmed up in the worker, and as
    deployed (deploy/gunicorn.conf.py: the master preloads and warms up, then forks)."""
    variants = [
        ("off", {"WARM_UP_AT_START": "0"}, ["--pythonpath", "site", "frontline.wsgi"]),
        ("on, in the worker", {"WARM_UP_AT_START": "1"}, ["--pythonpath", "site", "frontline.wsgi"]),
        ("on, preloaded (deploy config)", {}, ["-c", "deploy/gunicorn.conf.py"]),
    ]
    rows = []
    for label, settings, config in variants:
        for attempt in range(args.repeat):
            env = {**site_env(folder, args.port, cached=False), **settings}
            env["CACHE_URL"] = ""  # one worker: its own cache is enough here
            log = (folder / f"first-search-{len(rows)}.log").open("w")
            command = [*config, "--bind", f"{HOST}:{args.port}", "--workers", "1", "--log-level", "warning"]
            server = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", *command], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            try:
                time.sleep(args.settle)  # the worker has loaded the application (and warmed up) by then
                times = []
                for word in ("trafficking", "recruitment"):
                    begin = time.monotonic()
                    status, _headers, _body = asyncio.run(
                        fetch(args.port, "GET", f"/search/?q={word}", proxy_headers("198.51.100.9"))
                    )
                    times.append((time.monotonic() - begin) * 1000)
                    assert status == 200, status
                rows.append([label, attempt + 1, f"{times[0]:.0f} ms", f"{times[1]:.0f} ms", load_average()])
                print(rows[-1], flush=True)
            finally:
                server.terminate()
                server.wait(timeout=30)
    print("\nwarm-up | try | first search | second search | load avg")
    for row in rows:
        print(" | ".join(str(cell) for cell in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=25, help="length of each scenario (default 25)")
    parser.add_argument("--port", type=int, default=8250, help="gunicorn's port; redis-server uses the next one")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=lambda value: [int(number) for number in value.split(",")],
        default=[1],
        help="gunicorn threads per worker (1: sync workers, >1: gthread); a list (1,4) runs each in turn",
    )
    parser.add_argument("--think", type=float, default=1.0, help="members' pause between pages, seconds")
    parser.add_argument("--post-every", type=float, default=10.5, help="seconds between one poster's replies")
    parser.add_argument("--soak", type=float, default=0, help="minutes of soak (RSS of the workers) instead")
    parser.add_argument("--only", choices=["cached", "uncached"], help="run one variant only")
    parser.add_argument(
        "--scenarios",
        type=lambda value: set(value.split(",")),
        default={"visitors", "members", "posters"},
        help="comma-separated scenarios to run (default visitors,members,posters)",
    )
    parser.add_argument("--first-search", action="store_true", help="time a new worker's first search instead")
    parser.add_argument("--repeat", type=int, default=3, help="--first-search: tries per setting")
    parser.add_argument("--settle", type=float, default=20, help="--first-search: seconds to let the worker boot")
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is needed (apt-get install redis-server)")
    CACHE.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="load-", dir=CACHE))
    try:
        print(f"Preparing {folder} (demo database, {MEMBERS} members, {POSTERS} posters, a busy thread)…", flush=True)
        setup = prepare(folder, args.port)
        if args.soak:
            soak(folder, setup, args)
            return
        if args.first_search:
            first_search(folder, args)
            return
        rows = []
        for threads in args.threads:
            for cached in (True, False):
                if args.only and args.only != ("cached" if cached else "uncached"):
                    continue
                rows += run_variant(folder, setup, args, cached, threads)
        print_table(
            rows,
            f"Summary ({os.cpu_count()} CPUs; targets: visitors p95 <= 150 ms and >= 300 req/s, "
            "members p95 <= 300 ms, posters p95 <= 300 ms, 0 5xx, 0 lost)",
        )
        for row in rows:
            if row[2]:
                print(f"5xx in {row[0]}: see {folder}/*/gunicorn.log")
    finally:
        if not os.environ.get("LOAD_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
