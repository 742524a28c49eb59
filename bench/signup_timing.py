"""Sign-up and password reset over real HTTP: does a registered address answer faster or differently?

Run: .venv/bin/python bench/signup_timing.py [--port 8102] [--rounds 8]

Production settings (DEBUG off, the real password hasher) on a migrated SQLite file cached under .cache/bench/,
served by gunicorn (2 workers) on 127.0.0.1. Alternates a new address and a registered one, times each POST
(median and spread, ms) and checks that both answers lead to the same page (bytes, CSRF token blanked). Email goes
to the console backend after each response. Sign-up is rate limited to 20 a minute per address by allauth, which
keeps the rounds few.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CACHE, PYTHON, ROOT, bench_env, manage, print_table, source_fingerprint  # noqa: E402

PASSWORD = "bench pass phrase 2026"  # noqa: S105
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
KNOWN = [f"known{n}@bench.invalid" for n in range(12)]


def database() -> Path:
    """Return a migrated database with the registered members, cached until migrations change."""
    path = CACHE / f"signup-{source_fingerprint('*/migrations/*.py')}.sqlite3"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(".tmp")
        for leftover in scratch.parent.glob(scratch.name + "*"):
            leftover.unlink()
        manage(scratch, "migrate", "--no-input", "-v0")
        code = (
            "from accounts.roles import create_member\n"
            f"for email in {KNOWN!r}:\n"
            f"    create_member(email, role='participant', country_code='TH', password={PASSWORD!r})\n"
        )
        manage(scratch, "shell", "-c", code)
        shutil.move(scratch, path)
    manage(path, "collectstatic", "--no-input", "-v0")  # production templates need the static manifest
    return path


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor over plain HTTP: keeps its cookies by hand (the site marks them Secure, as behind TLS)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirects())

    def request(self, path: str, data: bytes | None = None) -> tuple[int, dict, bytes]:
        headers = {"Referer": self.base + path, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        request = urllib.request.Request(self.base + path, data=data, headers=headers)  # noqa: S310 (127.0.0.1 only)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:  # a 302 without a handler to follow it
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, dict(response.headers), response.read()

    def get(self, path: str) -> bytes:
        return self.request(path)[2]

    def post(self, path: str, data: dict) -> tuple[float, bytes]:
        """Fetch the form, post it; return the POST's milliseconds and the page it leads to (CSRF token blanked)."""
        token = CSRF.search(self.get(path)).group(1).decode()
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        start = time.perf_counter()
        status, headers, page = self.request(path, body)
        elapsed = (time.perf_counter() - start) * 1000
        if status == 302:
            page = self.get(headers["Location"])
        return elapsed, CSRF.sub(b'name="csrfmiddlewaretoken" value=""', page)


def country_pk(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("select id from library_country where code = 'KH'").fetchone()[0]


def run(port: int, rounds: int) -> None:
    path = database()
    scratch = path.with_name("signup-run.sqlite3")
    shutil.copy(path, scratch)
    env = bench_env(scratch)
    env["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "frontline.wsgi"],
        env=env,
        cwd=ROOT / "site",
        stdout=subprocess.DEVNULL,  # the console email backend prints each email here
        stderr=(CACHE / "signup-gunicorn.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                Browser(base).get("/accounts/signup/")
                break
            except OSError:
                time.sleep(0.2)
        country = country_pk(scratch)

        def signup(email):
            data = {
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "name": "Bench Visitor",
                "country": country,
                "agency": "Bench agency",
                "position": "Bench position",
                "work_email": "work@bench.invalid",
                "languages": ["en"],
            }
            return Browser(base).post("/accounts/signup/", data)

        def reset(email):
            return Browser(base).post("/accounts/password/reset/", {"email": email})

        cases = [
            ("sign-up, new address", lambda n: signup(f"new-{uuid.uuid4().hex[:8]}@bench.invalid")),
            ("sign-up, registered address", lambda n: signup(KNOWN[n % len(KNOWN)])),
            ("password reset, registered address", lambda n: reset(KNOWN[n % len(KNOWN)])),
            ("password reset, unknown address", lambda n: reset(f"nobody-{uuid.uuid4().hex[:8]}@bench.invalid")),
        ]
        samples = {label: [] for label, _ in cases}
        pages = {label: set() for label, _ in cases}
        for _label, case in cases:
            case(0)  # warm up each path once
        for n in range(1, rounds + 1):
            for label, case in cases:
                elapsed, page = case(n)
                samples[label].append(elapsed)
                pages[label].add(page)
        rows = []
        for label, _ in cases:
            times = sorted(samples[label])
            sizes = sorted({len(page) for page in pages[label]})
            rows.append([label, f"{statistics.median(times):.0f}", f"{times[0]:.0f}", f"{times[-1]:.0f}", sizes])
        print_table(
            ["case", "median ms", "min ms", "max ms", "page bytes"],
            rows,
            f"Real HTTP via gunicorn (2 workers) on 127.0.0.1:{port}, {rounds} rounds",
        )
        same_signup = pages["sign-up, new address"] == pages["sign-up, registered address"]
        same_reset = pages["password reset, registered address"] == pages["password reset, unknown address"]
        print(f"\nSign-up pages identical: {same_signup}. Password-reset pages identical: {same_reset}.")
    finally:
        server.terminate()
        server.wait(timeout=20)
        for leftover in scratch.parent.glob(scratch.name + "*"):
            leftover.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--rounds", type=int, default=8)
    options = parser.parse_args()
    run(options.port, options.rounds)


if __name__ == "__main__":
    main()
