"""Whole-page cache for visitors: public pages answered from the cache to requests that carry no sign-in.

wagtail-cache (the kept page cache for Wagtail) requires wagtail < 8, so the site has its own small middleware on
Django's cache framework (the `pages` cache alias: a cache in the process, or Redis under CACHE_URL).

Looked up early (before sessions, authentication and Wagtail) for a GET that carries only cookies that do not
personalise a page (the interface language, the CSRF token); stored only when, at the end of the same request,
the response is a 200 HTML, Atom or JSON answer to an anonymous reader that sets no cookie, holds no CSRF token,
varies on nothing but the cookie and the language, and was not marked as a restricted answer
(`request.restricted_answer`, set when a page or file with an audience is served) or `Cache-Control: private`.

The key is the scheme, host, path, sorted query string and the language the site resolves for the request
(`LocaleMiddleware`'s rule: cookie, then Accept-Language), and the site's content version: the search index's
public token (`search.summary.PUBLIC_VERSION_KEY`: changed with any document visitors may find, before or after the
change: a publish, unpublish, move, deletion, restriction change or taxonomy rename, in the database, whichever
process made it; members' forum posts leave it alone, no board is public), the restrictions version
(`library.ListingVersion`), and a token in the cache that a committed change of what a visitor's page may show
replaces (`shown_to_visitors`: pages, snippets, a page's inline rows, images, documents, settings, sites,
redirects; not members, forum posts, workshop answers and feedback, audit events, sessions or tasks). A change
makes every stored page unreachable at once. The database versions are part of the key; the cache token is kept in
the entry and compared with the current one read in the same round trip (one MGET to Redis per hit).
A URL with a query string is stored only at its second request within the timeout (cache-busting query strings
never fill the cache). Entries expire after PAGE_CACHE_SECONDS; 0 turns the cache off. A hit asks the database nothing: the database
versions are read again after PAGE_CACHE_VERSION_CHECK_SECONDS, or at once after a change saved in the process.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import get_urlconf
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation.trans_real import get_supported_language_variant
from modelcluster.fields import ParentalKey
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from accounts.access.tokens import PUBLIC

CACHE_ALIAS = "pages"
VERSION_KEY = "page-cache:site-version"
# Cookies that never change what a visitor's page says: anything else (a session above all) bypasses the cache.
HARMLESS_COOKIES = frozenset({settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME})
STORED_TYPES = ("text/html", "application/atom+xml", "application/json")
VARY_ALLOWED = frozenset({"cookie", "accept-language", "accept-encoding"})
MAX_QUERY = 512
MAX_BODY = 2 * 1024 * 1024
SEEN_PREFIX = "page-cache:seen:"
ENTRY_PREFIX = "page-cache:entry:"
# What a visitor's page may show, besides pages, snippets, inline rows of pages, images, documents and settings
# (see shown_to_visitors). Saving anything else (members, forum posts: no board is public, workshop answers and
# feedback, audit events, sessions, tasks) leaves the stored pages alone.
VISIBLE_MODELS = frozenset(
    {
        "wagtailcore.site",
        "wagtailcore.locale",
        "wagtailcore.collection",
        "wagtailcore.pageviewrestriction",
        "wagtailcore.collectionviewrestriction",
        "wagtailredirects.redirect",
        "taggit.tag",
        "taggit.taggeditem",
    }
)
# The rows database_version reads.
VERSION_MODELS = frozenset({"search.indexstate", "library.listingversion"})


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def page_cache():
    return caches[CACHE_ALIAS]


# --- the content version ----------------------------------------------------------------------------------


_VERSION_SQL = (
    "SELECT (SELECT value FROM search_indexstate WHERE key = 'public-version'),"
    " (SELECT version FROM library_listingversion WHERE id = 1),"
    " (SELECT changed_at FROM library_listingversion WHERE id = 1)"
)


_database_version: tuple[float, str | None] = (0.0, None)


def database_version() -> str:
    """Return the search index's version token and the restrictions version, read in one query.

    Read again after PAGE_CACHE_VERSION_CHECK_SECONDS, and at once after any change saved in this process: a
    cache hit then asks the database nothing. A change made by another process shows through the cache token
    (shared with Redis) at once, or through these versions within that many seconds.
    """
    global _database_version
    checked, version = _database_version
    now = time.monotonic()
    if version is not None and now - checked < settings.PAGE_CACHE_VERSION_CHECK_SECONDS:
        return version
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        state, listing, changed = cursor.fetchone()
    token = None
    if state is not None:
        token = (json.loads(state) if isinstance(state, str) else state).get("token")
    version = f"{token}:{listing}:{changed}"
    _database_version = (now, version)
    return version


def forget_database_version() -> None:
    global _database_version
    _database_version = (0.0, None)


def cache_version() -> str:
    """Return the token that a committed change in any web process replaces (a new one when it was evicted)."""
    cache = page_cache()
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        token = cache.get(VERSION_KEY) or "unset"
    return token


def site_version() -> str:
    return f"{database_version()}:{cache_version()}"


def lookup(cache, key: str) -> tuple[dict | None, str]:
    """Return the entry stored under key if the cache token it was stored with is still current, and that token.

    One round trip to the cache (Redis: MGET of the token and the entry): a hit costs one request to Redis, not
    two. The key holds the database versions; the token is checked against the one kept in the entry.
    """
    values = cache.get_many([VERSION_KEY, key])
    token = values.get(VERSION_KEY)
    if token is None:
        return None, cache_version()
    entry = values.get(key)
    if entry is not None and entry.get("token") != token:
        entry = None
    return entry, token


def bump() -> None:
    """Make every stored page unreachable (the new token never equals an old one, even after an eviction)."""
    page_cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def _bump_on_commit(**kwargs) -> None:
    if not enabled():
        return
    if not connection.in_atomic_block:
        bump()
        return
    # One bump per atomic block: a callback registered in another block may be discarded by its rollback.
    block = set(connection.savepoint_ids)
    if not any(func is bump and sids == block for sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(bump, robust=True)


def shown_to_visitors(model) -> bool:
    """Return whether rows of this model may show on a page a visitor gets (and so must replace the site version)."""
    return _shown_by_kind(model) or model in get_snippet_models()  # snippets register as the apps load: not cached


@functools.cache
def _shown_by_kind(model) -> bool:
    meta = model._meta
    if meta.label_lower in VISIBLE_MODELS:
        return True
    if issubclass(model, Page | AbstractImage | AbstractRendition | AbstractDocument):
        return True
    if issubclass(model, BaseSiteSetting | BaseGenericSetting):
        return True
    # Inline rows of a page (its tags, countries, legal bases, materials): kept with the page by a ParentalKey.
    return any(
        isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
        for field in meta.get_fields()
        if field.concrete
    )


def _model_changed(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return
    if meta.label_lower in VERSION_MODELS:
        forget_database_version()
        return
    # A link table counts as the model that declares the relation: a restriction's groups do, the library methods
    # named in a workshop follow-up answer do not (whichever side the change was made from).
    owner = meta.auto_created or sender
    if not shown_to_visitors(owner):
        return
    forget_database_version()
    _bump_on_commit()


def connect() -> None:
    """Replace the site version after any committed change that a visitor's page may show."""
    post_save.connect(_model_changed, dispatch_uid="page-cache-saved")
    post_delete.connect(_model_changed, dispatch_uid="page-cache-deleted")
    m2m_changed.connect(_model_changed, dispatch_uid="page-cache-m2m")


# --- keys ----------------------------------------------------------------------------------------------------


def request_language(request) -> str:
    """Return the interface language LocaleMiddleware will activate for this request."""
    urlconf = getattr(request, "urlconf", None) or get_urlconf() or settings.ROOT_URLCONF
    i18n_patterns_used, _prefixed_default = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=i18n_patterns_used)
    try:
        return get_supported_language_variant(language)
    except LookupError:
        return settings.LANGUAGE_CODE


def normalized_query(request) -> str | None:
    """Return the query string with its parameters sorted, or None when it is too long to be worth keeping."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return ""
    if len(raw) > MAX_QUERY:
        return None
    return urlencode(sorted(parse_qsl(raw, keep_blank_values=True)))


def cacheable_request(request) -> bool:
    """Return whether this request may be answered from (and its answer stored in) the visitors' cache."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(name not in HARMLESS_COOKIES for name in request.COOKIES):
        return False
    path = request.path_info
    return not path.startswith(settings.PAGE_CACHE_SKIP_PREFIXES)


def cache_key(request, version: str) -> str | None:
    query = normalized_query(request)
    if query is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    url = f"{request.scheme}://{host}{request.path}?{query}"
    digest = hashlib.sha256(f"{version}\n{request_language(request)}\n{url}".encode()).hexdigest()
    return f"{ENTRY_PREFIX}{digest}"


# --- storing ---------------------------------------------------------------------------------------------


def storable_response(request, response) -> bool:
    """Return whether this answer is the same for every visitor and may be kept for the next one."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "restricted_answer", False):
        return False
    access = getattr(request, "media_access", None)
    if access is not None and getattr(access, "audience", None) != [PUBLIC]:
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    if not response.get("Content-Type", "").startswith(STORED_TYPES):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if vary - VARY_ALLOWED or "*" in vary:
        return False
    content = response.content
    if len(content) > MAX_BODY or b"csrfmiddlewaretoken" in content:
        return False
    language = response.get("Content-Language")
    return not (language and language != request.page_cache_language)


def stored_entry(response) -> dict:
    if not response.has_header("ETag"):
        response["ETag"] = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
    headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
    return {"status": response.status_code, "headers": headers, "content": response.content}


def response_from(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Answer visitors from the cache before the session, authentication and Wagtail run; keep what may be kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not cacheable_request(request):
            return self._bypass(request)
        request.page_cache_language = request_language(request)
        key = cache_key(request, database_version())
        if key is None:
            return self._bypass(request)
        cache = page_cache()
        entry, token = lookup(cache, key)
        if entry is not None:
            response = response_from(entry)
            response["X-Page-Cache"] = "hit"
            etag = response.get("ETag")
            if etag and request.META.get("HTTP_IF_NONE_MATCH"):
                conditional = get_conditional_response(request, etag=etag, response=response)
                if conditional is not response:
                    conditional["X-Page-Cache"] = "hit"
                return conditional
            return response
        response = self.get_response(request)
        if storable_response(request, response) and self._admitted(request, key):
            cache.set(key, {**stored_entry(response), "token": token}, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        else:
            response["X-Page-Cache"] = "bypass"
        return response

    def _bypass(self, request):
        response = self.get_response(request)
        response["X-Page-Cache"] = "bypass"
        return response

    @staticmethod
    def _admitted(request, key: str) -> bool:
        """A URL without a query string is kept at once; one with a query string from its second request on."""
        if not request.META.get("QUERY_STRING"):
            return True
        seen = SEEN_PREFIX + key[len(ENTRY_PREFIX) :]
        return not page_cache().add(seen, 1, settings.PAGE_CACHE_SECONDS)
