"""What a new web process does before its first request, so that a worker's first search is as quick as the next.

Started by frontline.wsgi once the application is loaded, in a thread of its own, so that the worker takes
requests at once (a first search that comes while the summary is being read waits for that read instead of doing
it again); each gunicorn worker imports the application after the fork (without `--preload`; with it, the master
warms up once and forks the workers when it is done, see ``start``). Reads the embedded
search index's summary (search.summary: the per-process bitmaps), runs a search in each interface language and a
browse as a visitor (the text pipeline's ICU break iterators and tables, the engines, the facet labels), compiles
the templates most pages use, asks the application for the search page, the library and the home page as a
visitor over https (URL resolver, middleware, views), then closes this thread's database connections.
"""

import io
import logging
import os
import sys
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.template.loader import get_template
from django.utils import translation

from search import service
from search.summary import get_summary

logger = logging.getLogger(__name__)

TEMPLATES = (
    "base.html",
    "search/search.html",
    "library/home_page.html",
    "library/library_index_page.html",
    "library/case_study_page.html",
    "404.html",
)
QUERIES = ("trafficking recruitment", "การค้ามนุษย์", "ການຄ້າມະນຸດ", "ការជួញដូរមនុស្ស", "mua bán người")


# Asked through the whole stack as a visitor (URL resolver, middleware, views, templates).
REQUESTS = ("/search/?q=trafficking", "/library/", "/")


# Longest wait of a fork for the warm-up to end (a warm-up stuck on an unreachable service must not stop the server).
FORK_WAIT_SECONDS = 120.0
_running: list[threading.Thread] = []


def start(application) -> threading.Thread:
    """Warm the process up in a background thread; return the thread.

    A process that forks meanwhile (gunicorn --preload loads the application in the master, then forks the workers)
    first waits for the warm-up to end: a child gets only the forking thread, so whatever the warm-up held at that
    moment (the lock of a module it was importing, a connection in use) would stay held in the child for ever; the
    first request to need it would hang until gunicorn killed the worker. Forked after the warm-up, the workers
    share its results.
    """
    thread = threading.Thread(target=warm_up, args=(application,), name="warm-up", daemon=True)
    _running.append(thread)
    thread.start()
    return thread


def wait_before_fork() -> None:
    """Let the warm-up threads of this process end before it forks (see ``start``)."""
    for thread in list(_running):
        if thread is not threading.current_thread():
            thread.join(FORK_WAIT_SECONDS)
            if thread.is_alive():
                logger.warning("Warm-up still running after %.0f s: forking anyway.", FORK_WAIT_SECONDS)
        _running.remove(thread)


os.register_at_fork(before=wait_before_fork)


def _visit(application, path: str) -> None:
    """Ask the WSGI application for a page as a visitor over https would (the answer is thrown away)."""
    url = urlsplit(settings.SITE_URL)
    target, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": target,
        "QUERY_STRING": query,
        "SERVER_NAME": url.hostname or "localhost",
        "SERVER_PORT": str(url.port or 443),
        "HTTP_HOST": url.netloc,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    body = application(environ, lambda status, headers, exc_info=None: None)
    try:
        for _chunk in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()


def warm_up(application=None) -> None:
    """Do the one-off work of a first request; never stop the process from serving."""
    began = time.monotonic()
    try:
        visitor = AnonymousUser()
        get_summary()
        for language, text in zip(("en", "th", "lo", "km", "vi"), QUERIES, strict=True):
            with translation.override(language):
                service.search(text, user=visitor)
        service.browse(user=visitor)
        for name in TEMPLATES:
            get_template(name)
        for path in REQUESTS if application is not None else ():
            _visit(application, path)
        logger.info("Warmed up in %.1f s (process %d).", time.monotonic() - began, os.getpid())
    except Exception:
        logger.warning("Warm-up at start failed; the first requests will do its work.", exc_info=True)
    finally:
        connections.close_all()  # this thread's own connections
