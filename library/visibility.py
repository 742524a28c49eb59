"""Which library pages a reader may not open, cached until the listing version changes.

The rules live in accounts.access: a page is hidden from a reader when the audience of a restricted subtree it
lies in (restricted_audiences) shares no token with the reader's tokens (reader_audience). Working that out
loads every restriction, so it is done once per version (library.signals raises the version whenever a
restriction, a group, or the page tree changes) and per set of reader tokens, not once per query.
"""

import threading
import time

from django.db.models import Q
from wagtail.models import Page

MAX_AGE = 300  # seconds; a safety net for changes made without signals
MAX_LISTED_IDS = 2000  # beyond this many hidden pages, exclude by tree ranges rather than by a list of ids
TREE_PATH_END = "~"  # sorts after every character treebeard uses in paths (0-9, A-Z)

_lock = threading.Lock()
_state = {"key": None, "built": 0.0, "restricted": (), "hidden": {}}


def subtree_filter(paths):
    """Return a filter matching the pages inside the given subtrees, as index-friendly path ranges."""
    condition = Q()
    for path in paths:
        condition |= Q(path__gte=path, path__lt=path + TREE_PATH_END)
    return condition


def _current(version):
    from accounts.access import restricted_audiences

    if _state["key"] != version or time.monotonic() - _state["built"] > MAX_AGE:
        restricted = tuple((path, frozenset(audience)) for path, audience in restricted_audiences())
        with _lock:
            _state.update(key=version, built=time.monotonic(), restricted=restricted, hidden={})
    return _state


def hidden_for(user, version=None):
    """Return (paths of the subtrees hidden from this reader, ids of the pages in them or None if too many)."""
    from accounts.access import reader_audience
    from library.models import ListingVersion

    state = _current(ListingVersion.current() if version is None else version)
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
