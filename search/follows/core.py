"""Following and unfollowing, how a followed search is named and opened, and what a member may still see of its alerts."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.access import hidden_for, reader_audience, subtree_filter
from accounts.models import NotificationPreference, member_of
from search import facets
from search.documents import FACETS, model_for_id
from search.follows.models import Delivery, FollowedSearch, SearchAlert, Source
from search.models import IndexEntry

MAX_FOLLOWS = 50
"""How many searches one member may follow."""

UNSUBSCRIBE_SALT = "search.follows.unsubscribe"
_DELIVERY_OF_PREFERENCE = {
    NotificationPreference.IMMEDIATELY: Delivery.IMMEDIATELY,
    NotificationPreference.DAILY: Delivery.DAILY,
    NotificationPreference.OFF: Delivery.OFF,
}


class FollowRefused(Exception):
    """The member may not follow this search (the message says why)."""


def clean_filters(filters) -> dict[str, list[str]]:
    """Return the filters in a canonical form: known facets only, each value list without duplicates."""
    return {name: list(dict.fromkeys(filters[name])) for name in FACETS if filters.get(name)}


def follow_key(source: str, query: str, filters: dict, scope: list[str]) -> str:
    """Return the digest that names one search of one source (the same text and filters follow once)."""
    canonical = json.dumps(
        [
            source,
            " ".join(query.split()).casefold(),
            {k: sorted(v) for k, v in clean_filters(filters).items()},
            sorted(scope),
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def safe_path(path: str) -> str:
    """Return a local path of this site (no scheme, no host, no query), else ''."""
    path = (path or "").split("?")[0].split("#")[0]
    if not path.startswith("/") or path.startswith("//") or len(path) > 200:
        return ""
    return path if url_has_allowed_host_and_scheme(path, allowed_hosts=None) else ""


def find(user, source: str, query: str, filters: dict, scope: list[str]) -> FollowedSearch | None:
    """Return this member's follow of the search, if they follow it."""
    if not getattr(user, "is_authenticated", False):
        return None
    return FollowedSearch.objects.filter(user=user, key=follow_key(source, query, filters, scope)).first()


def default_delivery(user) -> str:
    """Return how a new follow emails a member: as they chose for forum email, at once if they never chose."""
    member = getattr(user, "member", None)
    return _DELIVERY_OF_PREFERENCE.get(getattr(member, "notifications", None), Delivery.IMMEDIATELY)


def follow(user, *, source: str, query: str, filters: dict, scope=(), path: str = "") -> tuple[FollowedSearch, bool]:
    """Follow a search for a member; return (the follow, whether it is new). Raise FollowRefused past the limit."""
    member_of(user)
    filters, scope = clean_filters(filters), list(dict.fromkeys(scope))
    key = follow_key(source, query, filters, scope)
    existing = FollowedSearch.objects.filter(user=user, key=key).first()
    if existing is not None:
        return existing, False
    if FollowedSearch.objects.filter(user=user).count() >= MAX_FOLLOWS:
        raise FollowRefused(
            _("You already follow %(count)s searches, the most one member can. Stop following one first.")
            % {"count": MAX_FOLLOWS}
        )
    try:
        with transaction.atomic():
            created = FollowedSearch.objects.create(
                user=user,
                key=key,
                source=source,
                path=path if source == Source.LIBRARY else "",
                query=" ".join(query.split()),
                filters=filters,
                scope=scope,
                delivery=default_delivery(user),
            )
    except IntegrityError:  # the same form posted twice at once
        return FollowedSearch.objects.get(user=user, key=key), False
    return created, True


def engine_filters(followed: FollowedSearch) -> dict[str, list[str]]:
    """Return the filters to search with: the followed filters, limited to the listing's kinds when no type is chosen."""
    filters = clean_filters(followed.filters)
    if followed.scope and not filters.get("type"):
        filters["type"] = list(followed.scope)
    return filters


def describe(followed: FollowedSearch) -> str:
    """Return the follow's name, or its text and filter values in the reader's language: scam compound · Cambodia."""
    if followed.name:
        return followed.name
    parts = [followed.query] if followed.query else []
    for name, values in clean_filters(followed.filters).items():
        labels = facets.labels(name, values)
        parts.extend(labels.get(value, value) for value in values)
    if not parts:
        return _("Everything new in the library") if followed.source == Source.LIBRARY else _("Everything new")
    return " · ".join(parts)


def open_url(followed: FollowedSearch) -> str:
    """Return the address of the search or listing the member followed."""
    params = ([("q", followed.query)] if followed.query else []) + [
        (name, value) for name, values in clean_filters(followed.filters).items() for value in values
    ]
    base = followed.path if followed.source == Source.LIBRARY and followed.path else reverse("search:search")
    return base + ("?" + urlencode(params) if params else "")


def absolute(path: str) -> str:
    """Return the full address of a path of this site (for email)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_token(user, followed: FollowedSearch | None = None) -> str:
    """Return a signed token that stops the email of one followed search (or all, with None), without signing in."""
    return signing.dumps({"u": user.pk, "f": followed.pk if followed else None}, salt=UNSUBSCRIBE_SALT)


def read_token(token: str) -> dict | None:
    """Return {"u": user id, "f": follow id or None} of a valid token, else None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data


def visible_entries(user, doc_ids) -> dict[str, IndexEntry]:
    """Return the index entries of the documents among doc_ids that this member may see now, by document id.

    The index's audience tokens decide, as for search; a Wagtail page must also still be live and outside every
    subtree hidden from the member (accounts.access.hidden_for, the evaluator the library listing uses), so an alert
    never outlives a restriction added since.
    """
    doc_ids = list(dict.fromkeys(doc_ids))
    if not doc_ids:
        return {}
    audience = set(reader_audience(user))
    entries = {
        entry.doc_id: entry
        for entry in IndexEntry.objects.filter(doc_id__in=doc_ids).only("doc_id", "kind", "title", "url", "audience")
        if audience & set(entry.audience)
    }
    page_ids = {}
    for doc_id in entries:
        model = model_for_id(doc_id)
        if model is not None and issubclass(model, Page):
            page_ids[doc_id] = int(doc_id.partition(":")[2])
    if page_ids:
        pages = Page.objects.live().filter(pk__in=list(page_ids.values()))
        hidden_paths, hidden_ids = hidden_for(user)
        if hidden_paths:
            pages = (
                pages.exclude(pk__in=hidden_ids)
                if hidden_ids is not None
                else pages.exclude(subtree_filter(hidden_paths))
            )
        open_ids = set(pages.values_list("pk", flat=True))
        for doc_id, pk in page_ids.items():
            if pk not in open_ids:
                entries.pop(doc_id)
    return entries


def visible_alerts(user, alerts) -> list[tuple[SearchAlert, IndexEntry]]:
    """Return (alert, its document's entry) for the alerts whose document this member may see now, in order."""
    alerts = list(alerts)
    entries = visible_entries(user, [alert.doc_id for alert in alerts])
    return [(alert, entries[alert.doc_id]) for alert in alerts if alert.doc_id in entries]


def unread_count(user) -> int:
    """Return how many unread alerts of documents this member may see they have (at most 99 are looked at)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    unread = SearchAlert.objects.filter(user=user, read_at__isnull=True).order_by("-created_at")[:99]
    return len(visible_alerts(user, unread))
