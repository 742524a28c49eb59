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
    from accounts.twofactor import lacks_required_two_factor

    tokens = {PUBLIC}
    if user is None or not is_approved_member(user) or lacks_required_two_factor(user):
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
        tokens = _restriction_tokens(restriction, include_password)
        if tokens is not None:
            audience = merge(audience, tokens)
    return sorted(audience) if audience else [PUBLIC]


def _restrictions_above(page):
    """Return the view restrictions on a page and its ancestors, outermost first."""
    step = Page.steplen
    paths = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=paths).select_related("page").order_by("page__depth")
    )
    if any(r.restriction_type == PageViewRestriction.GROUPS for r in restrictions):
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(restrictions, "groups")
    return restrictions


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


def _collection_restrictions(collection):
    from wagtail.models import CollectionViewRestriction

    return (
        CollectionViewRestriction.objects.filter(collection__in=collection.get_ancestors(inclusive=True))
        .prefetch_related("groups")
        .order_by("collection__depth")
    )


def _referencing_pages(obj):
    from wagtail.models import ReferenceIndex

    page_type = ReferenceIndex._get_base_content_type(Page)
    page_ids = (
        ReferenceIndex.get_references_to(obj).filter(base_content_type=page_type).values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in page_ids if str(pk).isdigit()])


def document_audience(document, include_password=True):
    """Return the tokens of which a reader must hold one to download a document.

    The document's collection restrictions apply; and if library pages use the document, the reader must also
    be able to open at least one of them, so a file attached to a members-only page is members-only too.
    """
    audience = None
    for restriction in _collection_restrictions(document.collection):
        tokens = _restriction_tokens(restriction, include_password)
        if tokens is not None:
            audience = merge(audience, tokens)
    pages = list(_referencing_pages(document))
    if pages:
        used_by = set()
        for page in pages:
            restrictions = _restrictions_above(page)
            used_by.update(combine(restrictions, include_password))
        audience = merge(audience, used_by)
    return sorted(audience) if audience else [PUBLIC]


def can_download_document(user, document):
    """Return whether this reader may download this document."""
    return bool(reader_audience(user) & set(document_audience(document)))
