"""The configured search engine: embedded in the site's database unless SEARCH_URL names a cluster.

Both engines are imported here, with this package, never on first use inside a request: an import started in one
thread and inherited half-done by a forked process (gunicorn --preload) holds its module lock for ever there.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import Hit, SearchEngine, SearchEngineError, SearchQuery, SearchResults
from .elasticsearch import ElasticsearchEngine
from .embedded import EmbeddedEngine

__all__ = [
    "Hit",
    "SearchEngine",
    "SearchEngineError",
    "SearchQuery",
    "SearchResults",
    "get_embedded_engine",
    "get_engine",
    "is_external",
    "uses_external_engine",
]


def get_embedded_engine() -> SearchEngine:
    """Return the engine that keeps the index in the site's own database."""
    return EmbeddedEngine()


def uses_external_engine() -> bool:
    """Return whether settings name an engine outside the site's database."""
    return bool((getattr(settings, "SEARCH_URL", "") or "").strip())


def get_engine() -> SearchEngine:
    """Return the engine chosen by settings.SEARCH_URL: embedded when unset, Elasticsearch for http(s) URLs."""
    url = (getattr(settings, "SEARCH_URL", "") or "").strip()
    if not url:
        return get_embedded_engine()
    if url.startswith(("http://", "https://")):
        return ElasticsearchEngine(url)
    raise ImproperlyConfigured("SEARCH_URL must be empty or an http(s):// address of a search cluster.")


def is_external(engine: SearchEngine) -> bool:
    """Return whether an engine keeps its index outside the site's database (and so needs the outbox)."""
    return not isinstance(engine, EmbeddedEngine)
