"""What a new web process does before its first request, so that a worker's first search is as quick as the next.

Called by frontline.wsgi once the application is loaded (each gunicorn worker imports it after the fork; with
`--preload` the master does it once and the workers inherit the result). Reads the embedded search index's
summary (search.summary: the per-process bitmaps), runs one search and one browse as a visitor (the text
pipeline's ICU break iterators and tables, the engines, the facet labels), compiles the templates most pages use,
then closes the database connections it opened (a connection must never cross a fork).
"""

import logging

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


def warm_up() -> None:
    """Do now the one-off work of a first request; never stop the process from starting."""
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
        connections.close_all()
