"""The admin's member search behind the workshop editor's facilitators field (see workshops/facilitators.py)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _

from workshops.facilitators import MAX_RESULTS, MIN_QUERY, approved_members, member_label
from workshops.models import WorkshopIndexPage


def may_choose_facilitators(user):
    """Return whether this user edits workshops (and so may search the members to choose facilitators from)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    index = WorkshopIndexPage.objects.first()
    if index is None:
        return False
    permissions = index.permissions_for_user(user)
    return permissions.can_add_subpage() or permissions.can_edit()


def member_search(request):
    """Return up to MAX_RESULTS approved members whose name or email contains every word of ?q=, as JSON."""
    if not may_choose_facilitators(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    if len(query) < MIN_QUERY:
        return JsonResponse({"results": [], "message": _("Type at least two letters.")})
    members = approved_members()
    for word in query.split()[:5]:
        members = members.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    members = members.select_related("member__country").order_by("first_name", "last_name", "email")[:MAX_RESULTS]
    return JsonResponse({"results": [{"id": user.pk, "label": member_label(user)} for user in members]})
