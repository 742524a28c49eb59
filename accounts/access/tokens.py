"""Audience tokens: the one vocabulary in which every surface says who may see something.

"public" (everyone), "members" (approved, active members), "group:<pk>" (approved members of that group;
superusers hold every group token) and "nobody" (held by no one). An object's audience is a set of tokens; a
reader may have it iff the reader's tokens (reader_audience) and its audience share one.

Apps above accounts may grant approved members more tokens than their groups give (a workshop's trainers hold its
cohort's token without joining the cohort): they register a source from their AppConfig.ready
(register_audience_source), with a bulk form for many readers at once. A reader's extra tokens are read once per
user object, as the groups are, so one request asks the sources once; reader_audiences decides for many readers
(a thread's followers) in a fixed number of queries.
"""

import contextlib

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from accounts.models import is_approved_member
from accounts.roles import group_memberships, remember_group_memberships
from accounts.twofactor import lacks_required_two_factor, remember_two_factor

PUBLIC = "public"
MEMBERS = "members"
# Held by nobody: the audience of password-protected pages and of restrictions that no one can satisfy together.
NOBODY = "nobody"
GROUP_PREFIX = "group:"

# (source, bulk): source(user) -> iterable of tokens, bulk(users) -> {user pk: iterable of tokens} or None; registered
# by apps above accounts (register_audience_source).
_audience_sources = []
_EXTRA_ATTR = "_extra_audience_tokens"


def register_audience_source(source, bulk=None):
    """Register source(user) -> tokens this approved member holds besides their groups' (from AppConfig.ready).

    Asked only for approved, active members who satisfy the two-factor rule and are not superusers (who hold
    every group token already), once per user object (extra_tokens). A source must not count the reader in a
    group: it grants reading, and membership stays the group's (accounts.roles.group_memberships).

    bulk(users) -> {user.pk: tokens} answers for many members at once in a fixed number of queries (reader_audiences,
    which a task deciding for every follower of a thread uses); without it, reader_audiences asks source for each.
    The two must agree: the simplest way is source(user) = bulk([user])[user.pk].
    """
    if all(known is not source for known, _bulk in _audience_sources):
        _audience_sources.append((source, bulk))


def extra_tokens(user):
    """Return the tokens the registered sources grant this member, remembered on the user object."""
    tokens = getattr(user, _EXTRA_ATTR, None)
    if tokens is None:
        tokens = frozenset(token for source, _bulk in _audience_sources for token in source(user))
        setattr(user, _EXTRA_ATTR, tokens)
    return tokens


def forget_extra_tokens(user):
    """Drop the extra tokens remembered on this user object (what a source reads for them changed)."""
    with contextlib.suppress(AttributeError):
        delattr(user, _EXTRA_ATTR)


def remember_extra_tokens(users):
    """Ask every source about all these members at once (its bulk form) and remember each one's tokens on the user
    object, as extra_tokens would one by one."""
    pending = [user for user in users if getattr(user, _EXTRA_ATTR, None) is None]
    if not pending:
        return
    tokens = {user.pk: set() for user in pending}
    for source, bulk in _audience_sources:
        answers = bulk(pending) if bulk is not None else {user.pk: source(user) for user in pending}
        for user in pending:
            tokens[user.pk].update(answers.get(user.pk, ()))
    for user in pending:
        setattr(user, _EXTRA_ATTR, frozenset(tokens[user.pk]))


def group_token(group):
    """Return the audience token of a Django group (or group pk)."""
    return f"{GROUP_PREFIX}{getattr(group, 'pk', group)}"


def _all_group_ids():
    return list(Group.objects.values_list("pk", flat=True))


def _audience(user, all_group_ids):
    tokens = {PUBLIC}
    if user is None or not is_approved_member(user) or lacks_required_two_factor(user):
        return tokens
    tokens.add(MEMBERS)
    if user.is_superuser:
        group_ids = all_group_ids()
    else:
        group_ids = [pk for pk, _name in group_memberships(user)]
        tokens.update(extra_tokens(user))
    tokens.update(group_token(pk) for pk in group_ids)
    return tokens


def reader_audience(user):
    """Return the audience tokens this reader holds."""
    return _audience(user, _all_group_ids)


def reader_audiences(users):
    """Return {user.pk: frozenset of tokens} for many readers, in a fixed number of queries however many they are.

    The same rule as reader_audience, one reader at a time: their groups, two-factor enrolment and the sources'
    tokens are read for all at once and remembered on each user object (so reader_audience and the role helpers
    then ask nothing more). Pass users loaded with their member profile (select_related("member")), or each
    reader's approval costs a query.
    """
    users = [user for user in users if user is not None]
    remember_group_memberships(users)
    remember_two_factor(users)
    granted = [
        user
        for user in users
        if not user.is_superuser and is_approved_member(user) and not lacks_required_two_factor(user)
    ]
    remember_extra_tokens(granted)
    every_group = []

    def all_group_ids():  # read once, for every superuser among them
        if not every_group:
            every_group.append(_all_group_ids())
        return every_group[0]

    return {user.pk: frozenset(_audience(user, all_group_ids)) for user in users}


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
