"""Site-wide views: the error pages, the language switcher."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt

from accounts.models import MemberStatus


def page_not_found(request, exception=None):
    """Return the one 404 page for anything missing or withheld from this reader, kept by no cache."""
    member = getattr(request.user, "member", None) if request.user.is_authenticated else None
    status = getattr(member, "status", None)
    context = {"pending": status == MemberStatus.PENDING, "rejected": status == MemberStatus.REJECTED}
    response = render(request, "404.html", context, status=404)
    add_never_cache_headers(response)
    return response


def _from_another_site(request):
    """Return whether the browser says this form was sent from a page of another site."""
    if request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") not in {"same-origin", "none"}:
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return origin == "null"
    return origin != f"{request.scheme}://{request.get_host()}" and origin not in settings.CSRF_TRUSTED_ORIGINS


@csrf_exempt
def set_language(request):
    """Django's set_language without a CSRF token, so that every public page can be kept for visitors.

    The switcher's form is on every page; with a token in it no page could be cached for the next visitor. Without
    one, a form on another site could at most change a visitor's interface language, and browsers say where a form
    came from (Origin, Sec-Fetch-Site): such a form is refused.
    """
    if request.method == "POST" and _from_another_site(request):
        raise PermissionDenied
    return i18n.set_language(request)
