"""Site-wide error pages."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from accounts.models import MemberStatus


def page_not_found(request, exception=None):
    """Return the one 404 page for anything missing or withheld from this reader, kept by no cache."""
    member = getattr(request.user, "member", None) if request.user.is_authenticated else None
    status = getattr(member, "status", None)
    context = {"pending": status == MemberStatus.PENDING, "rejected": status == MemberStatus.REJECTED}
    response = render(request, "404.html", context, status=404)
    add_never_cache_headers(response)
    return response
