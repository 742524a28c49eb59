"""Over real HTTP through gunicorn with production settings, as the documented reverse proxy forwards requests.

Every request reaches gunicorn from 127.0.0.1 (the proxy); the client's own address is the right-most entry of
X-Forwarded-For, and anything left of it was typed by the client. The site runs on its own SQLite file (a copy of
a migrated template kept in .cache/tests/), so the test never touches the test database.
"""

import hashlib
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "tests"
PASSWORD = "a long test passphrase 42"
OFFICER, COLLEAGUE = "officer@agency.example", "colleague@agency.example"
OFFICE, PHONE = "203.0.113.10", "198.51.100.77"
FAILURE_LIMIT = 5


def site_fingerprint() -> str:
    """Return a digest of what a migrated database and collected static files depend on."""
    digest = hashlib.sha256()
    files = [ROOT / "requirements.txt", *ROOT.glob("*/migrations/*.py"), *ROOT.glob("*/*/migrations/*.py")]
    files += [*(ROOT / "site" / "static").rglob("*")]  # */*/: apps inside a package (search/follows)
    for path in sorted(path for path in files if path.is_file()):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def production_env(folder: Path, database: Path, static_root: Path) -> dict[str, str]:
    """Return the environment of a production-settings site on its own database and folders, behind one proxy."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AXES_", "SIGN_IN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="frontline.settings.production",
        SECRET_KEY="behind-proxy-test-only-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{database}",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private_media"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TRUSTED_PROXY_COUNT="1",
        AXES_FAILURE_LIMIT=str(FAILURE_LIMIT),
        LOG_LEVEL="ERROR",
    )
    env.pop("CACHE_URL", None)
    env.pop("SEARCH_URL", None)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600
    )


def site_copy(prefix: str) -> tuple[Path, Path, Path]:
    """Return a new folder, a copy of the prepared site's database in it, and the prepared static files' folder."""
    template = prepared_site()
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    database = folder / "db.sqlite3"
    with sqlite3.connect(template / "db.sqlite3") as source, sqlite3.connect(database) as copy:
        source.backup(copy)
    return folder, database, template / "static"


def prepared_site() -> Path:
    """Return a folder holding a migrated database template and collected static files, building it once."""
    target = CACHE / f"production-site-{site_fingerprint()}"
    if (target / "ready").exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="building-", dir=CACHE))
    env = production_env(building, building / "db.sqlite3", building / "static")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    with sqlite3.connect(building / "db.sqlite3") as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (building / "ready").touch()
    try:
        building.rename(target)
    except OSError:  # another run finished first
        shutil.rmtree(building, ignore_errors=True)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Visitor:
    """A browser behind the proxy: its requests carry the proxy's headers; it keeps its own cookies."""

    def __init__(self, base: str, forwarded_for: str):
        self.base = base
        self.forwarded_for = forwarded_for
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, data=None, forwarded_for=None) -> requests.Response:
        headers = {
            "X-Forwarded-For": forwarded_for or self.forwarded_for,
            "X-Forwarded-Proto": "https",
            "Origin": "https://" + self.base.split("://", 1)[1],
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        response = requests.request(
            method, self.base + path, data=data, headers=headers, allow_redirects=False, timeout=60
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def sign_in(self, email: str, password: str, forwarded_for=None) -> requests.Response:
        form = self.request("GET", "/accounts/login/", forwarded_for=forwarded_for)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        data = {"csrfmiddlewaretoken": token, "login": email, "password": password}
        return self.request("POST", "/accounts/login/", data=data, forwarded_for=forwarded_for)


@pytest.fixture(scope="module")
def production_server():
    """Start gunicorn (2 workers) with production settings on a free port; return its base URL and database."""
    folder, database, static = site_copy("frontline-behind-proxy-")
    env = production_env(folder, database, static)
    create = (
        "from accounts.roles import create_member\n"
        f"for email in ({OFFICER!r}, {COLLEAGUE!r}):\n"
        f"    create_member(email, role='participant', country_code='LA', password={PASSWORD!r}, approved=True)\n"
    )
    manage(env, "shell", "-c", create)
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--pythonpath", "site", "--bind", f"127.0.0.1:{port}"]
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [*command, "--workers", "2", "frontline.wsgi:application"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if Visitor(base, PHONE).request("GET", "/accounts/login/").status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: " + (folder / "gunicorn.log").read_text()[-2000:])
            time.sleep(0.5)
        yield base, database
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def audit_rows(database: Path, email: str) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT event, ip_address FROM accounts_auditevent WHERE username = ? ORDER BY id", (email,)
        )
        return list(rows)


def test_a_lockout_behind_the_proxy_pauses_one_client_address_and_the_audit_log_names_it(production_server):
    base, database = production_server
    office_computer = Visitor(base, OFFICE)
    answers = []
    for attempt in range(FAILURE_LIMIT):
        # The left part is the client's own say-so: changing it must not give another address or more tries.
        spoofed = f"10.{attempt}.0.1, {OFFICE}"
        answers.append(office_computer.sign_in(OFFICER, "mistyped password", forwarded_for=spoofed).status_code)
    assert answers == [200] * (FAILURE_LIMIT - 1) + [429]
    assert office_computer.sign_in(OFFICER, PASSWORD, forwarded_for=f"192.0.2.1, {OFFICE}").status_code == 429

    next_desk = Visitor(base, OFFICE)
    assert next_desk.sign_in(COLLEAGUE, PASSWORD).status_code == 302
    phone = Visitor(base, PHONE)
    assert phone.sign_in(OFFICER, PASSWORD).status_code == 302

    officer_events = audit_rows(database, OFFICER)
    assert officer_events[-1] == ("sign_in", PHONE)
    assert {address for _event, address in officer_events[:-1]} == {OFFICE}
    assert [event for event, _address in officer_events].count("sign_in_failed") == FAILURE_LIMIT + 1
    assert "lockout" in dict(officer_events)
    assert audit_rows(database, COLLEAGUE) == [("sign_in", OFFICE)]


def test_cookies_carry_no_personal_data_and_the_language_cookie_is_secure(production_server):
    base, _database = production_server
    visitor = Visitor(base, "198.51.100.200")
    assert visitor.sign_in(COLLEAGUE, PASSWORD).status_code == 302
    visitor.request("GET", "/")
    switched = visitor.request(
        "POST",
        "/i18n/setlang/",
        data={"language": "lo", "next": "/", "csrfmiddlewaretoken": visitor.cookies["csrftoken"]},
    )
    assert switched.status_code == 302
    headers = visitor.set_cookie_headers
    assert not [header for header in headers if "agency.example" in header or "%40" in header]
    assert "messages" not in visitor.cookies
    language = [SimpleCookie(header)["django_language"] for header in headers if header.startswith("django_language=")]
    assert language, headers
    assert (language[-1].value, language[-1]["secure"], language[-1]["httponly"], language[-1]["samesite"]) == (
        "lo",
        True,
        True,
        "Lax",
    )
