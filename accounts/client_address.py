"""The client address of a request, for sign-in lockout, rate limits and the audit log alike."""

import ipaddress

from django.conf import settings


def _valid(value):
    """Return value as a normalized IP address, or None if it is not one."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_address(request):
    """Return the address the client connected from, as the outermost trusted reverse proxy saw it, or None.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so with
    TRUSTED_PROXY_COUNT = n the client is the n-th entry from the right; everything left of it was sent by the
    client and is ignored. With 0 (development, or no proxy) the header is ignored and the connection counts.
    """
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR"))
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through the proxies (a health check, a misconfiguration): the connection is all we know
    return _valid(forwarded[-count]) or remote
