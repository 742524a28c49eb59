"""Audience tokens: the one vocabulary in which every surface says who may see something.

"public" (everyone), "members" (approved, active members), "group:<pk>" (approved members of that group;
superusers hold every group token) and "nobody" (held by no one). An object's audience is a set of tokens; a
reader may have it iff the reader's tokens (reader_audience) and its audience share one.

Apps above accounts may grant approved members more tokens than their groups give (a workshop's trainers hold its
cohort's token without joining the cohort): they register a source from their AppConfig.ready
(register_audience_source). A reader's extra tokens are read once per user object, as the groups are, so one
request asks the sources once.
"""

import contextlib

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from accounts.models import is_approved_member
from accounts.roles import group_memberships
from accounts.twofactor import lacks_required_two_factor

PUBLIC = "public"
MEMBERS = "members"
# Held by nobody: the audience of password-protected pages and of restrictions that no one can satisfy together.
NOBODY = "nobody"
GROUP_PREFIX = "group:"

# Callables user -> iterable of tokens, registered by apps above accounts (register_audience_source).
_audience_sources = []
_EXTRA_ATTR = "_extra_audience_tokens"


def register_audience_source(source):
    """Register source(user) -> tokens this approved member holds besides their groups' (from AppConfig.ready).

    Asked only for approved, active members who satisfy the two-factor rule and are not superusers (who hold
    every group token already), once per user object (extra_tokens). A source must not count the reader in a
    group: it grants reading, and membership stays the group's (accounts.roles.group_memberships).
    """
    if source not in _audience_sources:
        _audience_sources.append(source)


def extra_tokens(user):
    """Return the tokens the registered sources grant this member, remembered on the user object."""
    tokens = getattr(user, _EXTRA_ATTR, None)
    if tokens is None:
        tokens = frozenset(token for source in _audience_sources for token in source(user))
        setattr(user, _EXTRA_ATTR, tokens)
    return tokens


def forget_extra_tokens(user):
    """Drop the extra tokens remembered on this user object (what a source reads for them changed)."""
    with contextlib.suppress(AttributeError):
        delattr(user, _EXTRA_ATTR)


def group_token(group):
    """Return the audience token of a Django group (or group pk)."""
    return f"{GROUP_PREFIX}{getattr(group, 'pk', group)}"


def reader_audience(user):
    """Return the audience tokens this reader holds."""
    tokens = {PUBLIC}
    if user is None or not is_approved_member(user) or lacks_required_two_factor(user):
        return tokens
    tokens.add(MEMBERS)
    if user.is_superuser:
        group_ids = Group.objects.values_list("pk", flat=True)
    else:
        group_ids = [pk for pk, _name in group_memberships(user)]
        tokens.update(extra_tokens(user))
    tokens.update(group_token(pk) for pk in group_ids)
    return tokens


def restriction_tokens(restriction, include_password=True):
    """Return the tokens of which a reader must hold one to pass one view restriction, or None to ignore it.

    Works for page and collection restrictions alike (both are Wagtail BaseViewRestriction subclasses).
    """
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return {MEMBERS}
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        return {group_token(group) for group in restriction.groups.all()} or {NOBODY}
    if restriction.restriction_type == PageViewRestriction.PASSWORD:
        return {NOBODY} if include_password else None
    return {NOBODY}


def simplify(tokens):
    """Return an audience without tokens another one already covers: public covers all, members covers groups."""
    tokens = set(tokens)
    if PUBLIC in tokens:
        return {PUBLIC}
    if MEMBERS in tokens:
        return {MEMBERS}
    if len(tokens) > 1:
        tokens.discard(NOBODY)
    return tokens or {NOBODY}


def merge(audience, tokens):
    """Return the audience of readers who belong to both audiences (audience None: no limit yet).

    Conservative: two group audiences combine to the groups they share, so a reader in one group of each
    but in no shared group is refused (a reader must satisfy every restriction through a single token).
    """
    tokens = simplify(tokens)
    if audience is None or audience == {PUBLIC}:
        return tokens
    if tokens == {PUBLIC}:
        return audience
    if audience == {MEMBERS}:
        return tokens  # every group token already implies an approved member
    if tokens == {MEMBERS}:
        return audience
    return (audience & tokens) or {NOBODY}


def combine(restrictions, include_password=True):
    """Return the audience tokens that pass every one of these view restrictions (page or collection)."""
    audience = None
    for restriction in restrictions:
        tokens = restriction_tokens(restriction, include_password)
        if tokens is not None:
            audience = merge(audience, tokens)
    return sorted(audience) if audience else [PUBLIC]
