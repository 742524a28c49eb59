"""What a new web process does before its first request, so that a worker's first search is as quick as the next.

Started by frontline.wsgi once the application is loaded, in a thread of its own, so that the worker takes
requests at once (a first search that comes while the summary is being read waits for that read instead of doing
it again); each gunicorn worker imports the application after the fork (without `--preload`). Reads the embedded
search index's summary (search.summary: the per-process bitmaps), runs a search in each interface language and a
browse as a visitor (the text pipeline's ICU break iterators and tables, the engines, the facet labels), compiles
the templates most pages use, asks the application for the search page, the library and the home page as a
visitor over https (URL resolver, middleware, views), then closes this thread's database connections.
"""

import io
import logging
import sys
import threading
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


def start(application) -> threading.Thread:
    """Warm the process up in a background thread; return the thread."""
    thread = threading.Thread(target=warm_up, args=(application,), name="warm-up", daemon=True)
    thread.start()
    return thread


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
    except Exception:
        logger.warning("Warm-up at start failed; the first requests will do its work.", exc_info=True)
    finally:
        connections.close_all()  # this thread's own connections
