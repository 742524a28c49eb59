"""Reader tokens and role groups for forum visibility, following the site's access contract (accounts.access)."""

from accounts.access import reader_audience
from accounts.roles import officer_groups

MODERATE_PERMISSION = "forum.moderate"
"""Granted by accounts.roles to the moderator and administrator groups: moderate every board one can see."""


def per_user(user, key, compute):
    """Return compute() remembered on this user object: a request's user asks the same questions many times."""
    if user is None:
        return compute()
    cache = user.__dict__.setdefault("_forum_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def forget(user):
    """Drop what per_user remembered for this user object (after their groups or boards changed)."""
    if user is not None:
        user.__dict__.pop("_forum_cache", None)


def reader_tokens(user):
    """Return the audience tokens this reader holds ("public", "members", "group:<pk>")."""
    return per_user(user, "tokens", lambda: frozenset(reader_audience(user)))


def officer_group_pks():
    """Return the primary keys of the groups that make up the officers-only audience."""
    return set(officer_groups().values_list("pk", flat=True))


def group_pks_of(tokens):
    """Return the group primary keys named by "group:<pk>" tokens."""
    return {int(token[6:]) for token in tokens if token.startswith("group:") and token[6:].isdigit()}
