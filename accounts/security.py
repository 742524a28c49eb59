"""Sign-in throttling for django-axes: an account is paused per address, an address only when it tries many accounts.

Officers of one agency often share one public address (NAT), so failures for one account never pause another
account, and an account paused at one address (the office) can still sign in from another (a phone). An address is
throttled as a whole only after many failures across many different accounts: password spraying. An account guessed
at from many addresses at once (a botnet) is paused everywhere except the addresses it signed in from lately, so its
owner still signs in from the office or their phone while nobody new may guess; a password reset by email lifts it.
"""

from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Count, Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from accounts import audit
from accounts.client_address import client_address
from accounts.models import AuditEvent


def axes_username(request, credentials=None):
    """Return the sign-in email that a failure counts against, normalized so case does not dodge lockout."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("login") or data.get("email") or data.get("username") or ""
    return str(value).strip().lower()


def _recent_attempts(request=None):
    """Return the failed-attempt records still inside the cool-off period."""
    if request is not None and hasattr(request, "axes_attempt_time"):
        threshold = get_cool_off_threshold(request)
    else:
        threshold = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=threshold)


def address_throttled(request):
    """Return whether the request's address has failed to sign in too often, to too many accounts, lately."""
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    if not address:
        return False
    totals = (
        _recent_attempts(request)
        .filter(ip_address=address)
        .aggregate(failures=Sum("failures_since_start"), accounts=Count("username", distinct=True))
    )
    failures, accounts = totals["failures"] or 0, totals["accounts"]
    return failures >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT and accounts >= settings.SIGN_IN_ADDRESS_ACCOUNTS


def account_spread(username, request=None):
    """Return an account's recent failed sign-ins and the number of different addresses they came from."""
    totals = (
        _recent_attempts(request)
        .filter(username=username)
        .aggregate(failures=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True))
    )
    return totals["failures"] or 0, totals["addresses"]


def account_under_attack(username, request=None):
    """Return whether an account is being guessed at from many addresses: many failures, spread widely."""
    if not username:
        return False
    failures, addresses = account_spread(username, request)
    return failures >= settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT and addresses >= settings.SIGN_IN_ACCOUNT_ADDRESSES


def known_address(username, address):
    """Return whether the account signed in successfully from this address within the last known-address days."""
    if not (username and address):
        return False
    since = timezone.now() - timedelta(days=settings.SIGN_IN_KNOWN_ADDRESS_DAYS)
    return AuditEvent.objects.filter(
        event=audit.SIGN_IN, ip_address=address, created_at__gte=since, username__iexact=username
    ).exists()


def paused_from_new_addresses(request, credentials=None):
    """Return whether this sign-in is refused because the account is under attack and the address is new to it."""
    username = axes_username(request, credentials)
    if not account_under_attack(username, request):
        return False
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    return not known_address(username, address)


class SignInAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler that also refuses spraying addresses, and new addresses of an account under attack."""

    def get_failures(self, request, credentials=None):
        """Return the failures of this account at this address, or the limit itself when a wider pause applies."""
        failures = super().get_failures(request, credentials)
        if address_throttled(request) or paused_from_new_addresses(request, credentials):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def sign_in_locks(email):
    """Return the addresses at which an account's sign-in is paused now, with their failures and last attempt."""
    rows = (
        _recent_attempts()
        .filter(username=email.strip().lower())
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    return list(rows)


def locked_emails(emails):
    """Return which of the given emails are paused at some address now."""
    normalized = {email.strip().lower() for email in emails if email}
    rows = (
        _recent_attempts()
        .filter(username__in=normalized)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    spread = (
        _recent_attempts()
        .filter(username__in=normalized)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True))
        .filter(failures__gte=settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT, addresses__gte=settings.SIGN_IN_ACCOUNT_ADDRESSES)
    )
    return {row["username"] for row in rows} | {row["username"] for row in spread}


def lift_sign_in_lock(email):
    """Forget an account's failed sign-ins at every address and return how many attempt records went."""
    return reset(username=email.strip().lower())


def lockout_response(request, original_response=None, credentials=None):
    """Return the lockout page; it names no account, so it reads the same whether or not the email is registered."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    network = address_throttled(request)
    context = {
        "minutes": minutes,
        "network": network,
        "new_addresses": not network and paused_from_new_addresses(request, credentials),
    }
    response = render(request, "accounts/lockout.html", context, status=429)
    add_never_cache_headers(response)
    return response
