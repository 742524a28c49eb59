"""The production stack's processes for tests/stack: a private PostgreSQL 15 cluster, redis-server, osmem-server
(Elasticsearch), a local SMTP sink, gunicorn with production settings, the task worker and nginx.

Every process is started on a fixed loopback port (STACK_PORT_BASE, default 8260, and the nine after it), kept
by its PID in one Stack, and stopped by that PID when the Stack closes, even after a failure.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

from accounts.twofactor import totp_code
from tests.search.es_wiring import RestartableOsmem

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "tests"
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
PORT_BASE = int(os.environ.get("STACK_PORT_BASE", "8260"))
PORTS = {
    "web": PORT_BASE,
    "redis": PORT_BASE + 1,
    "search": PORT_BASE + 2,
    "smtp": PORT_BASE + 3,
    "postgres": PORT_BASE + 4,
    "https": PORT_BASE + 5,
    "http": PORT_BASE + 6,
    "restored": PORT_BASE + 7,
}
SECRET_KEY = "stack-test-only-not-a-real-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789"
PUBLIC_HOST = "localhost"


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_until(check, what: str, seconds: float = 120, process: subprocess.Popen | None = None, log=None):
    """Call check() until it returns something true; return it. Fail naming `what` (and the log's tail)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = check()
            if value:
                return value
        except (OSError, requests.RequestException):
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited\n{tail(log)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {seconds} s\n{tail(log)}")
        time.sleep(0.3)


def tail(log, size=3000) -> str:
    if log is None or not Path(log).exists():
        return ""
    return Path(log).read_text(errors="replace")[-size:]


def children(pid: int) -> list[int]:
    """Return the PIDs of the live child processes of pid (gunicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return sorted(found)


# -- the SMTP sink


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        part = message.get_body(("plain",))
        body = part.get_content() if part is not None else ""
        with self.sink.lock:
            self.sink.messages.append(Mail([rcpt.lower() for rcpt in envelope.rcpt_tos], str(message["subject"]), body))
        return "250 Message accepted for delivery"


class SmtpSink:
    """A local SMTP server that keeps every message it receives."""

    def __init__(self, port: int):
        self.messages: list[Mail] = []
        self.lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def to(self, address: str) -> list[Mail]:
        with self.lock:
            return [mail for mail in self.messages if address.lower() in mail.to]

    def wait_for(self, address: str, contains: str = "", seconds: float = 90) -> Mail:
        def found():
            return next((mail for mail in self.to(address) if contains in mail.subject + mail.body), None)

        return wait_until(found, f"an email to {address} with {contains!r}", seconds)


# -- HTTP clients


class Browser:
    """An HTTP client behind the reverse proxy: the proxy's headers on every request, its own cookies."""

    def __init__(self, base: str, address: str = "198.51.100.7", proxy_headers: bool = True, verify=True):
        self.base = base.rstrip("/")
        self.address = address
        self.proxy_headers = proxy_headers
        self.verify = verify
        self.cookies: dict[str, str] = {}

    def request(self, method, path, *, data=None, files=None, headers=None, timeout=60) -> requests.Response:
        sent = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if self.proxy_headers:  # straight to gunicorn: the browser saw https://<this host and port>
            sent["Origin"] = "https://" + self.base.split("://", 1)[1]
        else:  # through nginx, which passes the host name without the port (on 443 in production)
            sent["Origin"] = "https://" + self.base.split("://", 1)[1].split(":")[0]
        if self.proxy_headers:
            sent |= {"X-Forwarded-For": self.address, "X-Forwarded-Proto": "https"}
        sent |= headers or {}
        response = requests.request(
            method,
            self.base + path,
            data=data,
            files=files,
            headers=sent,
            allow_redirects=False,
            timeout=timeout,
            verify=self.verify,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def form_token(self, path) -> str:
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return csrf_token(page.text)

    def post_form(self, path, data, *, form_path=None, files=None) -> requests.Response:
        token = self.form_token(form_path or path)
        return self.request("POST", path, data={"csrfmiddlewaretoken": token, **data}, files=files)

    def sign_in(self, email_address, password, totp_secret=None, code=None):
        answer = self.post_form("/accounts/login/", {"login": email_address, "password": password})
        assert answer.status_code == 302, answer.text[-2000:]
        if "/accounts/2fa/authenticate/" in answer.headers["Location"]:
            answer = self.post_form("/accounts/2fa/authenticate/", {"code": code or totp_now(totp_secret)})
            assert answer.status_code == 302, answer.text[-2000:]
        return answer


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


_USED_CODES: dict[str, str] = {}


def totp_now(secret: str) -> str:
    """Return the current code for secret; a code is accepted once, so wait for the next one if it was used."""
    code = totp_code(secret)
    while code == _USED_CODES.get(secret):
        time.sleep(1)
        code = totp_code(secret)
    _USED_CODES[secret] = code
    return code


# -- the stack


@dataclass
class Stack:
    folder: Path
    env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    logs: dict[str, Path] = field(default_factory=dict)
    osmem: RestartableOsmem | None = None
    smtp: SmtpSink | None = None
    pg_data: Path | None = None
    run_as: list[str] = field(default_factory=list)

    # PostgreSQL

    def start_postgres(self):
        self.pg_data = self.folder / "pg"
        self.pg_data.mkdir()
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            subprocess.run(["id", "-u", "postgres"], check=True, capture_output=True)
            shutil.chown(self.pg_data, "postgres")
            shutil.chown(self.folder, "postgres")
            self.run_as = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [*self.run_as, str(PGBIN / "initdb"), "-D", str(self.pg_data / "db"), "-U", "postgres", "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.pg_ctl("start", "-w")
        self.logs["postgres"] = self.pg_data / "log"

    def pg_ctl(self, *args):
        options = (
            f"-c listen_addresses=127.0.0.1 -p {PORTS['postgres']} -k {self.pg_data} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        command = [*self.run_as, str(PGBIN / "pg_ctl"), "-D", str(self.pg_data / "db")]
        if args[0] in {"start", "restart"}:
            # -l: the server's output goes to its log, not to this call's pipe (which would then never close).
            command += ["-o", options, "-l", str(self.pg_data / "log")]
        return subprocess.run([*command, *args], check=True, capture_output=True, text=True, timeout=120)

    def postgres_pid(self) -> int:
        return int((self.pg_data / "db" / "postmaster.pid").read_text().split()[0])

    def database_url(self, name="frontline") -> str:
        return f"postgres://postgres@127.0.0.1:{PORTS['postgres']}/{name}"

    def psql(self, sql: str, database="frontline", **variables) -> list[list[str]]:
        """Run one SQL statement; variables are psql's (:'name' in the statement quotes the value)."""
        command = ["psql", "--no-psqlrc", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", self.database_url(database)]
        for name, value in variables.items():
            command += ["-v", f"{name}={value}"]
        done = subprocess.run(command, input=sql, check=True, capture_output=True, text=True, timeout=60)
        return [line.split("\t") for line in done.stdout.splitlines() if line]

    def create_database(self, name):
        self.psql(f"create database {name}", database="postgres")

    # services

    def start_redis(self):
        log = self.folder / "redis.log"
        self.spawn(
            "redis",
            ["redis-server", "--bind", "127.0.0.1", "--port", str(PORTS["redis"]), "--save", "", "--appendonly", "no"],
            log,
        )
        wait_until(lambda: redis_ping(PORTS["redis"]), "redis-server", 30, self.processes["redis"], log)

    def start_search(self):
        data = self.folder / "osmem"
        data.mkdir()
        self.osmem = RestartableOsmem(PORTS["search"], data)
        self.osmem.start()

    def start_smtp(self):
        self.smtp = SmtpSink(PORTS["smtp"])
        self.smtp.start()

    def production_env(self, *, database="frontline", media=None, index_prefix="stack") -> dict[str, str]:
        media = media or self.folder
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AXES_", "SIGN_IN_"))}
        for key in ("CACHE_URL", "REDIS_URL", "SEARCH_URL", "TEST_MEDIA_ROOT", "SITE_URL"):
            env.pop(key, None)
        env.update(
            DJANGO_SETTINGS_MODULE="frontline.settings.production",
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS=f"{PUBLIC_HOST},127.0.0.1",
            DATABASE_URL=self.database_url(database),
            DATABASE_CONN_MAX_AGE="60",
            CACHE_URL=f"redis://127.0.0.1:{PORTS['redis']}/0",
            CACHE_KEY_PREFIX=f"stack-{database}",
            SEARCH_URL=f"http://127.0.0.1:{PORTS['search']}",
            SEARCH_NODE_CLASS="search.es_compat.PlainJsonNode",
            SEARCH_INDEX_PREFIX=index_prefix,
            SEARCH_TIMEOUT="15",  # generous on a busy test machine (as tests/search/es_wiring.py)
            SEARCH_OUTBOX_DRAIN_SECONDS="1",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(PORTS["smtp"]),
            STATIC_ROOT=str(self.folder / "static"),
            MEDIA_ROOT=str(media / "media"),
            PRIVATE_MEDIA_ROOT=str(media / "private_media"),
            MEDIA_ACCEL_REDIRECT="/internal-media/",
            TRUSTED_PROXY_COUNT="1",
            WORKER_STALE_SECONDS="20",
            WARM_UP_AT_START="1",  # with --preload: the master warms up, then forks (frontline/warmup.py)
            DEMO_PASSWORD="stack demo passphrase 2026",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        return env

    def manage(self, *args, env=None, timeout=900) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env or self.env, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
        return done.stdout

    def spawn(self, name, command, log, env=None):
        self.logs[name] = log
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT, start_new_session=True
        )
        return self.processes[name]

    def start_gunicorn(self, name="web", port=None, workers=3, env=None):
        port = port or PORTS["web"]
        log = self.folder / f"{name}.log"
        # The shipped configuration (deploy/gunicorn.conf.py: gthread workers, preload, time-outs) with only what a
        # test must change: the address and the number of workers through the variables the file reads, and an access
        # log of its own whose last field is the status (test_production_stack counts the 5xx answers in it).
        command = [
            sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
            "--access-logfile", str(self.folder / f"{name}-access.log"),
            "--access-logformat", "%(p)s %(m)s %(U)s %(s)s",
        ]  # fmt: skip
        env = dict(env or self.env, WEB_BIND=f"127.0.0.1:{port}", WEB_WORKERS=str(workers))
        process = self.spawn(name, command, log, env)
        base = f"http://127.0.0.1:{port}"

        def answers():
            return requests.get(base + "/accounts/login/", headers={"X-Forwarded-Proto": "https"}, timeout=10).ok

        wait_until(answers, f"gunicorn {name}", 180, process, log)
        wait_until(lambda: len(children(process.pid)) >= workers, f"gunicorn {name} workers", 120, process, log)
        return base

    def start_worker(self, name="worker"):
        log = self.folder / f"{name}.log"
        process = self.spawn(name, [sys.executable, "manage.py", "worker", "--interval", "0.3"], log, self.env)
        wait_until(lambda: "running tasks of" in tail(log), "the task worker", 120, process, log)
        return process

    def start_nginx(self, upstream: int, private_media: Path, static_root: Path) -> str:
        """Start nginx with the shipped site file in front of the gunicorn on `upstream`; return its https URL."""
        conf = nginx_config(
            self.folder / "nginx",
            upstream=upstream,
            https=PORTS["https"],
            http=PORTS["http"],
            static_root=static_root,
            private_media=private_media,
        )
        checked = nginx_check(conf)
        assert checked.returncode == 0, checked.stderr
        log = self.folder / "nginx" / "nginx.out"
        process = self.spawn("nginx", ["nginx", "-c", str(conf), "-p", str(conf.parent), "-g", "daemon off;"], log)
        wait_until(lambda: not port_is_free(PORTS["https"]), "nginx", 30, process, log)
        self.nginx_cert = conf.parent / "cert.pem"
        return f"https://{PUBLIC_HOST}:{PORTS['https']}"

    def kill(self, name):
        """kill -9 a process of the stack (no clean-up of any kind), and forget it."""
        process = self.processes.pop(name)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self, name, timeout=30):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def close(self):
        """Stop every process by its PID, newest first; then the SMTP sink, osmem and PostgreSQL."""
        for name in reversed(list(self.processes)):
            try:
                self.stop(name)
            except Exception as error:  # noqa: BLE001 - stop the others whatever happens to one
                print(f"stopping {name}: {error}", file=sys.stderr)
        if self.smtp is not None:
            self.smtp.stop()
        if self.osmem is not None:
            self.osmem.stop(save=False)
        if self.pg_data is not None and (self.pg_data / "db" / "postmaster.pid").exists():
            try:
                pid = self.postgres_pid()
                self.pg_ctl("stop", "-m", "immediate")
            except (subprocess.SubprocessError, OSError, ValueError):
                with contextlib.suppress(ProcessLookupError, UnboundLocalError):
                    os.kill(pid, signal.SIGKILL)


def redis_ping(port):
    with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


def osmem_documents(url: str) -> list[dict]:
    """Return every document of every index on the search server (osmem is small in tests)."""
    with urllib.request.urlopen(url + "/_all", timeout=10) as answer:  # noqa: S310 (loopback test server)
        names = list(json.load(answer))
    found = []
    for name in names:
        request = urllib.request.Request(  # noqa: S310
            f"{url}/{name}/_search?size=10000",
            data=b'{"query": {"match_all": {}}}',
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            found += [hit["_source"] | {"_index": name} for hit in json.load(answer)["hits"]["hits"]]
    return found


def fingerprint(*extra: str) -> str:
    """Return a digest of what the stack's template database depends on (migrations, demo content, requirements)."""
    digest = hashlib.sha256()
    files = [
        ROOT / "requirements.txt",
        *ROOT.glob("*/migrations/*.py"),
        *ROOT.glob("*/*/migrations/*.py"),
        *(ROOT / "library" / "demo").rglob("*"),
        *(ROOT / "forum").glob("demo*.py"),
        *(ROOT / "site" / "static").rglob("*"),
        *(ROOT / "deploy").glob("*"),
    ]
    for path in sorted(path for path in files if path.is_file()):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for text in extra:
        digest.update(text.encode())
    return digest.hexdigest()[:16]


# -- nginx with the shipped site file


def self_signed_certificate(folder: Path, name: str = PUBLIC_HOST) -> tuple[Path, Path]:
    """Write a throwaway certificate and key for `name` (openssl) and return their paths."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def nginx_config(folder: Path, *, upstream: int, https: int, http: int, static_root: Path, private_media: Path) -> Path:
    """Write an nginx.conf around deploy/nginx/frontline.conf, changed only where a test machine differs from the
    documented server (ports, paths, the certificate); return its path. Every change must find its text, so the
    shipped file cannot drift from what is tested."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(folder)
    (folder / "acme").mkdir(exist_ok=True)
    snippet = folder / "frontline-proxy.conf"
    shutil.copy(ROOT / "deploy" / "nginx" / "frontline-proxy.conf", snippet)
    site = (ROOT / "deploy" / "nginx" / "frontline.conf").read_text()
    changes = [
        ("server_name frontline.example.org;", f"server_name {PUBLIC_HOST};"),
        ("/etc/letsencrypt/live/frontline.example.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/frontline.example.org/privkey.pem", str(key)),
        ("server 127.0.0.1:8000 ", f"server 127.0.0.1:{upstream} "),
        ("listen [::]:80 default_server;", ""),
        ("listen [::]:443 ssl default_server;", ""),
        ("listen [::]:80;", ""),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http} default_server;"),
        ("listen 443 ssl default_server;", f"listen 127.0.0.1:{https} ssl default_server;"),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("/srv/frontline/static/", f"{static_root}/"),
        ("/srv/frontline/private_media/", f"{private_media}/"),
        ("/etc/nginx/snippets/frontline-proxy.conf", str(snippet)),
        ("/var/www/letsencrypt", str(folder / "acme")),
    ]
    for old, new in changes:
        assert old in site, f"deploy/nginx/frontline.conf no longer holds {old!r}"
        site = site.replace(old, new)
    (folder / "frontline.conf").write_text(site)
    temp = folder / "tmp"
    temp.mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers must read the test's private folders
    main = f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/frontline.conf;
}}
"""
    conf = folder / "nginx.conf"
    conf.write_text(main)
    return conf


def nginx_check(conf: Path) -> subprocess.CompletedProcess:
    """Run `nginx -t` on a configuration."""
    return subprocess.run(
        ["nginx", "-t", "-c", str(conf), "-p", str(conf.parent)], capture_output=True, text=True, timeout=60
    )
