from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from wagtail import hooks

from accounts.access import PUBLIC, reader_audience, serving_audience
from accounts.models import MemberStatus


def restricted_response(request, status=403):
    """Return the page shown to a signed-in reader who may not open a restricted item."""
    member = getattr(request.user, "member", None)
    context = {
        "pending": member is not None and member.status == MemberStatus.PENDING,
        "rejected": member is not None and member.status == MemberStatus.REJECTED,
    }
    response = render(request, "accounts/restricted.html", context, status=status)
    add_never_cache_headers(response)
    return response


@hooks.register("before_serve_page")
def enforce_page_audience(page, request, serve_args, serve_kwargs):
    """Refuse a restricted page to readers outside its audience; send signed-out readers to sign in."""
    audience = serving_audience(page)
    if audience == [PUBLIC]:
        return None
    if not reader_audience(request.user) & set(audience):
        if not request.user.is_authenticated:
            response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            add_never_cache_headers(response)
            return response
        return restricted_response(request)
    return None
