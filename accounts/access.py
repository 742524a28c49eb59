"""Who may see what: the one place that decides visibility of restricted content.

Audience tokens: "public" (everyone), "members" (approved, active members), "group:<pk>" (approved members of
that group; superusers hold every group token). A reader may open a page, document, thread or board iff its
audience tokens intersect the reader's tokens.
"""

from django.contrib.auth.models import Group
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

PUBLIC = "public"
MEMBERS = "members"
# Held by nobody: the audience of password-protected pages and of restrictions that no one can satisfy together.
NOBODY = "nobody"


def group_token(group):
    """Return the audience token of a Django group (or group pk)."""
    return f"group:{getattr(group, 'pk', group)}"


def reader_audience(user):
    """Return the audience tokens this reader holds."""
    from accounts.models import is_approved_member

    tokens = {PUBLIC}
    if user is None or not is_approved_member(user):
        return tokens
    tokens.add(MEMBERS)
    if user.is_superuser:
        group_ids = Group.objects.values_list("pk", flat=True)
    else:
        group_ids = user.groups.values_list("pk", flat=True)
    tokens.update(group_token(pk) for pk in group_ids)
    return tokens


def _restriction_tokens(restriction, include_password=True):
    """Return the tokens of which a reader must hold one to pass one restriction, or None to ignore it."""
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return {MEMBERS}
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        return {group_token(group) for group in restriction.groups.all()} or {NOBODY}
    if restriction.restriction_type == PageViewRestriction.PASSWORD:
        return {NOBODY} if include_password else None
    return {NOBODY}


def combine(restrictions, include_password=True):
    """Return the audience a reader must belong to in order to pass every one of these restrictions.

    Conservative: two group restrictions combine to the groups they share, so a reader in one group of each
    but in no shared group is refused (a reader must satisfy all restrictions through a single token).
    """
    audience = None
    for restriction in restrictions:
        tokens = _restriction_tokens(restriction, include_password)
        if tokens is None:
            continue
        if audience is None or audience == {MEMBERS}:
            audience = set(tokens)
        elif tokens == {MEMBERS}:
            continue  # every group token already implies an approved member
        else:
            audience &= tokens
        if not audience:
            audience = {NOBODY}
    return sorted(audience) if audience else [PUBLIC]


def _restrictions_above(page):
    """Return the view restrictions on a page and its ancestors, outermost first."""
    return (
        PageViewRestriction.objects.filter(page__in=Page.objects.ancestor_of(page, inclusive=True))
        .select_related("page")
        .prefetch_related("groups")
        .order_by("page__depth")
    )


def page_audience(page):
    """Return the tokens of which a reader must hold at least one to open this page."""
    return combine(_restrictions_above(page))


def serving_audience(page):
    """Return the page's audience ignoring password restrictions, which Wagtail's password form enforces."""
    return combine(_restrictions_above(page), include_password=False)


def can_view_page(user, page):
    """Return whether this reader may open this page."""
    return bool(reader_audience(user) & set(page_audience(page)))


def is_restricted(page):
    """Return whether a page is closed to the public by a restriction on it or an ancestor."""
    return page_audience(page) != [PUBLIC]


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


def hidden_paths(user):
    """Return the tree paths of restricted pages this reader cannot open (their subtrees are hidden too)."""
    tokens = reader_audience(user)
    return [path for path, audience in restricted_audiences() if not tokens & set(audience)]


def visible_pages(queryset, user):
    """Return the pages of a queryset this reader may open."""
    paths = hidden_paths(user)
    if not paths:
        return queryset
    hidden = Q()
    for path in paths:
        hidden |= Q(path__startswith=path)
    return queryset.exclude(hidden)
