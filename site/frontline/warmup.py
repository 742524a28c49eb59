"""What a new web process does before its first request, so that a worker's first search is as quick as the next.

Started by frontline.wsgi once the application is loaded, in a thread of its own, so that the worker takes
requests at once (a first search that comes while the summary is being read waits for that read instead of doing
it again); each gunicorn worker imports the application after the fork (without `--preload`). Reads the embedded search index's
summary (search.summary: the per-process bitmaps), runs one search and one browse as a visitor (the text
pipeline's ICU break iterators and tables, the engines, the facet labels), compiles the templates most pages use,
then closes the database connections it opened (a connection must never cross a fork).
"""

import logging
import threading

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


def start() -> threading.Thread:
    """Warm the process up in a background thread; return the thread."""
    thread = threading.Thread(target=warm_up, name="warm-up", daemon=True)
    thread.start()
    return thread


def warm_up() -> None:
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
    except Exception:
        logger.warning("Warm-up at start failed; the first requests will do its work.", exc_info=True)
    finally:
        connections.close_all()  # this thread's own connections
