"""Following and unfollowing, how a followed search is named and opened, and what a member may still see of its alerts."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
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


MAX_VALUES = 20
"""Values kept of one filter (the library listing keeps as many)."""

RANGE = ("from", "to")
"""A year range (the library's ``from``/``to``), kept in a follow's filters as {"from": ["2020"], "to": ["2023"]}."""

NOTHING = "none"
"""A facet value no document has: a year range that holds no year, or only methods gone from sight, match nothing."""

DOCUMENT_FACETS = {"method": "method"}
"""Facets whose values name a document (facet: kind of it): a follow keeps only those its member may open."""


def filter_names() -> tuple[str, ...]:
    """Return every filter a follow keeps: the counted facets, the summary-only ones readers filter on, the year range."""
    return (*FACETS, *facets.reader_filters(), *RANGE)


def clean_filters(filters) -> dict[str, list[str]]:
    """Return the filters in a canonical form: known filters only, each value list without duplicates."""
    names = filter_names()
    return {
        name: list(dict.fromkeys(str(value) for value in filters[name]))[: 1 if name in RANGE else MAX_VALUES]
        for name in names
        if isinstance(filters.get(name), list | tuple) and filters[name]
    }


def check_filters(user, filters: dict) -> dict[str, list[str]]:
    """Return the filters a member may follow, each value checked by its facet's owner; raise FollowRefused naming
    the first bad value. A value naming a document (a method) the member may not open is unknown to them."""
    filters = clean_filters(filters)
    checked = {}
    for name, values in filters.items():
        label = _("Years") if name in RANGE else capfirst(facets.label(name))
        try:
            checked[name] = facets.clean("year" if name in RANGE else name, values)
        except ValidationError as error:
            raise _refused(f"{label}: {' '.join(error.messages)}") from None
        if name in DOCUMENT_FACETS:
            visible = visible_documents(user, name, checked[name])
            for value in checked[name]:
                if value not in visible:
                    raise _refused(f"{label}: " + _("unknown value '%(value)s'") % {"value": value})
    low, high = checked.get("from"), checked.get("to")
    if low and high and int(low[0]) > int(high[0]):
        raise _refused(_("The first year must not be after the last year."))
    return checked


def _refused(reason: str) -> FollowRefused:
    return FollowRefused(_("This search cannot be followed: %(reason)s") % {"reason": reason})


def visible_documents(user, name: str, values) -> set[str]:
    """Return the values of a document facet (page ids) whose page of the facet's kind this member may open now."""
    doc_ids = {f"page:{value}": value for value in values if str(value).isdigit()}
    entries = visible_entries(user, list(doc_ids))
    return {doc_ids[doc_id] for doc_id, entry in entries.items() if entry.kind == DOCUMENT_FACETS[name]}


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
    filters, scope = check_filters(user, filters), list(dict.fromkeys(scope))
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
    """Return the filters to search with: the followed filters, limited to the listing's kinds when no type is chosen,
    the year range as the years it spans (within any years chosen), a method the member may no longer open as none."""
    filters = clean_filters(followed.filters)
    low, high = filters.pop("from", None), filters.pop("to", None)
    if low or high:
        span = range(int(low[0]) if low else 1900, (int(high[0]) if high else 2100) + 1)
        years = [str(year) for year in span]
        if filters.get("year"):
            years = [year for year in years if year in filters["year"]]
        filters["year"] = years or [NOTHING]
    for name in DOCUMENT_FACETS:
        if filters.get(name):
            filters[name] = [v for v in filters[name] if v in visible_documents(followed.user, name, filters[name])]
            filters[name] = filters[name] or [NOTHING]
    if followed.scope and not filters.get("type"):
        filters["type"] = list(followed.scope)
    return filters


def describe(followed: FollowedSearch) -> str:
    """Return the follow's name, or its text and filter values in the reader's language: scam compound · Cambodia."""
    if followed.name:
        return followed.name
    parts = [followed.query] if followed.query else []
    filters = clean_filters(followed.filters)
    for name, values in filters.items():
        if name in RANGE:
            continue
        if name in DOCUMENT_FACETS:  # the title of a method the member may no longer open is not shown
            values = [value for value in values if value in visible_documents(followed.user, name, values)]
        labels = facets.labels(name, values)
        names = [labels.get(value, value) for value in values]
        if name in FACETS:
            parts.extend(names)
        elif names:  # a country's role, a channel, a province: named with its heading (Origin: Viet Nam)
            parts.append(f"{capfirst(facets.label(name))}: {', '.join(names)}")
    if filters.get("from") or filters.get("to"):
        low, high = filters.get("from", [""])[0], filters.get("to", [""])[0]
        parts.append(_("Years %(low)s–%(high)s") % {"low": low, "high": high})
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
