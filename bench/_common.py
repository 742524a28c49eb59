"""Shared bench helpers: production-like settings, cached databases, in-process WSGI timing, tables."""

from __future__ import annotations

import gzip
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("BENCH_CACHE", ROOT / ".cache" / "bench"))
PYTHON = sys.executable
BASELINE_MINIMAL = "/__bench__/minimal/"
BASELINE_LAYOUT = "/__bench__/layout/"


def bench_env(database: Path) -> dict[str, str]:
    """Return environment variables that run the site with production settings (DEBUG off) on a given SQLite file."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "frontline.settings.production",
            "SECRET_KEY": "bench-only-secret-key-not-for-any-real-deployment-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{database}",
            "MEDIA_ROOT": str(CACHE / "media"),
            "PRIVATE_MEDIA_ROOT": str(CACHE / "private_media"),
            "STATIC_ROOT": str(CACHE / "static"),
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site"), str(ROOT / "bench")]),
        }
    )
    env.pop("SEARCH_URL", None)
    return env


def setup_django(database: Path) -> None:
    """Configure this process for production settings on the given database and set Django up."""
    os.environ.update(bench_env(database))
    for path in (str(ROOT), str(ROOT / "site")):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def setup_scratch_django(prefix: str) -> Path:
    """Set Django up with test settings on a new, migrated SQLite file in a temporary folder; return the folder."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "frontline.settings.test",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "TEST_MEDIA_ROOT": str(folder / "media"),
        }
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)  # refused requests are expected in these benches
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def manage(database: Path, *args: str) -> None:
    """Run a manage.py command against the given database with production settings."""
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=bench_env(database), cwd=ROOT, check=True)


def source_fingerprint(*globs: str) -> str:
    """Return a hash of the files matching the globs (relative to the repository), to know when a cache is stale."""
    digest = hashlib.sha256()
    for pattern in globs:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def install_baselines() -> None:
    """Serve two baseline views ahead of the site's URLs: a bare response and the base layout with no content."""
    from django.conf import settings
    from django.http import HttpResponse
    from django.template.response import TemplateResponse
    from django.urls import path

    from frontline import urls as site_urls

    def minimal(request):
        return HttpResponse(b"ok", content_type="text/plain")

    def layout(request):
        # base.html reads page.title as a filter argument, which raises without a page: with an empty context this
        # baseline measured the 500 error page (206 bytes) instead of the layout.
        return TemplateResponse(request, "base.html", {"page": {"title": "Baseline"}})

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [
        path(BASELINE_MINIMAL.strip("/") + "/", minimal),
        path(BASELINE_LAYOUT.strip("/") + "/", layout),
        *site_urls.urlpatterns,
    ]
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"


def wsgi_app():
    """Return the site's WSGI application with the baseline views installed (a gunicorn app factory)."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    install_baselines()
    return application


class InProcessClient:
    """Call the WSGI handler directly: server time without network or client overhead."""

    def __init__(self, application, cookies: str = ""):
        self.application = application
        self.cookies = cookies

    def get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """Return the status, headers and body of a GET request."""
        from django.test.client import RequestFactory

        path, _, query = url.partition("?")
        environ = RequestFactory()._base_environ(
            PATH_INFO=path, QUERY_STRING=query, HTTP_HOST="127.0.0.1", SERVER_NAME="127.0.0.1"
        )
        if self.cookies:
            environ["HTTP_COOKIE"] = self.cookies
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        result = {}

        def start_response(status, response_headers, exc_info=None):
            result["status"] = int(status.split()[0])
            result["headers"] = {k.lower(): v for k, v in response_headers}

        chunks = self.application(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return result["status"], result["headers"], body


def time_requests(get, url: str, requests: int, warmup: int = 10) -> dict:
    """Return wall-clock and CPU p50/p95 milliseconds, the status and the body size of repeated GETs of one URL.

    CPU time is this process's own (Python and in-process SQLite); it shows the work a request costs when the
    shared machine is busy and wall-clock time includes waiting for a core.
    """
    status = size = None
    for _ in range(warmup):
        status, _headers, body = get(url)
        size = len(body)
    samples, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        status, _headers, body = get(url)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {
        "cpu_p50": percentile(cpu, 50),
        "cpu_p95": percentile(cpu, 95),
        "url": url,
        "status": status,
        "bytes": size,
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "mean": statistics.fmean(samples),
        "n": requests,
    }


def percentile(values, pct: float) -> float:
    """Return the pct-th percentile of values by linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def gzip_size(data: bytes) -> int:
    """Return the size of data gzipped at level 6, as a reverse proxy would send it."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def print_table(headers: list[str], rows: list[list], title: str = "") -> None:
    """Print rows as an aligned plain-text table."""
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    if title:
        print(f"\n{title}")
    for index, row in enumerate(cells):
        print(
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )
        if index == 0:
            print("  ".join("-" * width for width in widths))
