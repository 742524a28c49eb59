"""Who may see what: the one place that decides visibility of restricted content."""

from django.db.models import Q
from wagtail.models import PageViewRestriction


def _passes(restriction, user):
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return user.is_authenticated and user.is_active
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        wanted = {group.pk for group in restriction.groups.all()}
        return bool(wanted & set(user.groups.values_list("pk", flat=True)))
    return False


def hidden_paths(user):
    """Return the tree paths of restricted pages this reader cannot open."""
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    return [r.page.path for r in restrictions if not _passes(r, user)]


def visible_pages(queryset, user):
    """Return the pages of a queryset this reader may open."""
    paths = hidden_paths(user)
    if not paths:
        return queryset
    hidden = Q()
    for path in paths:
        hidden |= Q(path__startswith=path)
    return queryset.exclude(hidden)
