"""Forum permissions and the per-request memo the forum's reader-scoped querysets use (see forum.models)."""

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


def remember(user, key, value):
    """Remember value under key on this user object, as per_user would once computed (worked out for many at once)."""
    user.__dict__.setdefault("_forum_cache", {})[key] = value


def forget(user):
    """Drop what per_user remembered for this user object (after their groups or boards changed)."""
    if user is not None:
        user.__dict__.pop("_forum_cache", None)
