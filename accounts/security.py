"""Sign-in throttling helpers for django-axes."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def axes_username(request, credentials=None):
    """Return the sign-in email that a failure counts against, normalized so case does not dodge lockout."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("login") or data.get("email") or data.get("username") or ""
    return str(value).strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """Return the lockout page; it names no account, so it reads the same whether or not the email is registered."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
    add_never_cache_headers(response)
    return response
