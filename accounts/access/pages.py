"""Who may open a page: the audience of one page, of many pages, and the subtrees hidden from a reader.

A page's audience combines the view restrictions on it and on its ancestors (tokens.combine). Three shapes of the
same rule, for three needs:

- page_audience / serving_audience / can_view_page: one page (serving a page, the forum's page links, emails);
- page_audiences(pages): many given pages in two queries (the media evaluator: the pages that use a file);
- restricted_audiences / AudienceByPath / hidden_for: every restricted subtree at once (listings, feeds, search
  documents, the admin). hidden_for caches the subtrees hidden from each set of reader tokens until the
  restrictions version changes: the library registers that version (set_version_source, from its
  AppConfig.ready), raised whenever a restriction, its groups, a group or the page tree changes.
"""

import threading
import time

from django.db.models import Q, prefetch_related_objects
from wagtail.models import Page, PageViewRestriction

from accounts.access.tokens import PUBLIC, combine, reader_audience

MAX_AGE = 300  # seconds; a safety net for changes made without signals
# Seconds one user object (one request's reader) keeps the restrictions version it read, unless a change is saved
# in this process meanwhile (note_version_changed): a page that lists its translations and its related pages reads
# it once. A change saved by another process shows after at most this long, as if it came during the request.
VERSION_KEPT_SECONDS = 1.0
_VERSION_ATTR = "_restrictions_version"
MAX_LISTED_IDS = 2000  # beyond this many hidden pages, exclude by tree ranges rather than by a list of ids
TREE_PATH_END = "~"  # sorts after every character treebeard uses in paths (0-9, A-Z)


def _ancestor_paths(page):
    """Return the tree paths of a page and its ancestors."""
    step = Page.steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]


def _restrictions_above(page):
    """Return the view restrictions on a page and its ancestors, outermost first."""
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=_ancestor_paths(page))
        .select_related("page")
        .order_by("page__depth")
    )
    if any(r.restriction_type == PageViewRestriction.GROUPS for r in restrictions):
        prefetch_related_objects(restrictions, "groups")
    return restrictions


def page_audience(page):
    """Return the tokens of which a reader must hold at least one to open this page."""
    return combine(_restrictions_above(page))


_SERVING_ATTR = "_serving_restrictions"


def serving_restrictions(page):
    """Return the view restrictions on a page being served and its ancestors, read once for that page object.

    Only the serving path asks for this (serving_audience, then accounts.page_serving's password check on the same
    object, within one request); every other caller reads the restrictions afresh.
    """
    restrictions = page.__dict__.get(_SERVING_ATTR)
    if restrictions is None:
        restrictions = page.__dict__[_SERVING_ATTR] = _restrictions_above(page)
    return restrictions


def serving_audience(page):
    """Return the page's audience ignoring password restrictions, which Wagtail's password form enforces."""
    return combine(serving_restrictions(page), include_password=False)


def can_view_page(user, page):
    """Return whether this reader may open this page."""
    return bool(reader_audience(user) & set(page_audience(page)))


def page_audiences(pages):
    """Return each page's audience tokens as a set (restrictions on it and its ancestors), in the order given."""
    above = {page.pk: set(_ancestor_paths(page)) for page in pages}
    if not above:
        return []
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=set().union(*above.values()))
        .select_related("page")
        .only("id", "restriction_type", "page__path", "page__depth")
        .order_by("page__depth")
    )
    if any(restriction.restriction_type == PageViewRestriction.GROUPS for restriction in restrictions):
        prefetch_related_objects(restrictions, "groups")
    return [set(combine([r for r in restrictions if r.page.path in above[page.pk]])) for page in pages]


def restricted_audiences():
    """Return (path, audience) for every restricted page, the audience combining its ancestors' restrictions."""
    restrictions = list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))
    by_path = {}
    for restriction in restrictions:
        by_path.setdefault(restriction.page.path, []).append(restriction)
    result = []
    for path in sorted(by_path):
        above = [r for other, rs in by_path.items() if path.startswith(other) for r in rs]
        above.sort(key=lambda r: r.page.depth)
        result.append((path, combine(above)))
    return result


class AudienceByPath:
    """Every page's audience from its tree path, with the restrictions read once (for bulk work over many pages)."""

    def __init__(self, restricted=None):
        restricted = restricted_audiences() if restricted is None else restricted
        self._deepest_first = sorted(restricted, key=lambda item: -len(item[0]))

    def audience(self, page):
        """Return the audience tokens of a page (a list, as page_audience returns)."""
        for path, audience in self._deepest_first:
            if page.path.startswith(path):
                return list(audience)
        return [PUBLIC]


def subtree_filter(paths):
    """Return a filter matching the pages inside the given subtrees, as index-friendly path ranges."""
    condition = Q()
    for path in paths:
        condition |= Q(path__gte=path, path__lt=path + TREE_PATH_END)
    return condition


_version_source = None
_lock = threading.Lock()
_state = {"key": None, "built": 0.0, "restricted": (), "hidden": {}}


def set_version_source(source):
    """Register a callable returning a value that changes whenever restrictions, groups or the page tree change.

    Without one, hidden_for reads the restrictions on every call.
    """
    global _version_source  # noqa: PLW0603 - one registration, from the app that keeps the version
    _version_source = source


def current_version():
    """Return the restrictions version from the registered source, or None if no source is registered."""
    return _version_source() if _version_source is not None else None


_changes_here = {"count": 0}


def note_version_changed():
    """Tell this process that the restrictions version changed (called by the version's owner when it raises it):
    a version a reader's user object keeps (version_for) is read again at once."""
    _changes_here["count"] += 1


def version_for(user):
    """Return the restrictions version, read once for this user object for VERSION_KEPT_SECONDS (see there)."""
    kept = getattr(user, "__dict__", {}).get(_VERSION_ATTR)
    now = time.monotonic()
    if kept is not None and kept[0] == _changes_here["count"] and now - kept[1] < VERSION_KEPT_SECONDS:
        return kept[2]
    version = current_version()
    if hasattr(user, "__dict__"):
        user.__dict__[_VERSION_ATTR] = (_changes_here["count"], now, version)
    return version


def _current(version):
    """Return the cached restricted subtrees for this version, reading them again when it changed or aged."""
    if version is None:
        restricted = tuple((path, frozenset(audience)) for path, audience in restricted_audiences())
        return {"key": None, "built": time.monotonic(), "restricted": restricted, "hidden": {}}
    if _state["key"] != version or time.monotonic() - _state["built"] > MAX_AGE:
        restricted = tuple((path, frozenset(audience)) for path, audience in restricted_audiences())
        with _lock:
            _state.update(key=version, built=time.monotonic(), restricted=restricted, hidden={})
    return _state


def hidden_for(user, version=None):
    """Return (paths of the subtrees hidden from this reader, ids of the pages in them or None if too many).

    version: the restrictions version the caller already read (version_for(user) when omitted).
    """
    state = _current(version_for(user) if version is None else version)
    tokens = frozenset(reader_audience(user))
    cached = state["hidden"].get(tokens)
    if cached is None:
        paths = tuple(path for path, audience in state["restricted"] if not tokens & audience)
        ids = None
        if paths:
            ids = list(Page.objects.filter(subtree_filter(paths)).values_list("pk", flat=True)[: MAX_LISTED_IDS + 1])
            ids = frozenset(ids) if len(ids) <= MAX_LISTED_IDS else None
        else:
            ids = frozenset()
        cached = state["hidden"][tokens] = (paths, ids)
    return cached
