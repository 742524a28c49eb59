"""Two-factor enrolment: who has it, enrolling a member by hand (demo, tests), computing codes."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from accounts.roles import requires_two_factor

SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
_CACHE_ATTR = "_frontline_has_two_factor"


def has_two_factor(user):
    """Return whether a user has enrolled an authenticator app or a security key."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES).exists()
        setattr(user, _CACHE_ATTR, cached)
    return cached


def remember_two_factor(users):
    """Read in one query whether each of these users has enrolled, and remember it on each user object (as
    has_two_factor would, one query each); only users whose role demands two-factor are asked about."""
    pending = {
        user.pk: user
        for user in users
        if user.is_authenticated and getattr(user, _CACHE_ATTR, None) is None and requires_two_factor(user)
    }
    if not pending:
        return
    enrolled = set(
        Authenticator.objects.filter(user_id__in=list(pending), type__in=SECOND_FACTOR_TYPES).values_list(
            "user_id", flat=True
        )
    )
    for pk, user in pending.items():
        setattr(user, _CACHE_ATTR, pk in enrolled)


def lacks_required_two_factor(user):
    """Return whether a user's role demands two-factor authentication they have not yet enrolled."""
    return requires_two_factor(user) and not has_two_factor(user)


def enrol_totp(user, secret=None):
    """Enrol a user in TOTP with the given (or a new) base32 secret and recovery codes; return the secret."""
    secret = secret or generate_totp_secret()
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    return secret


def totp_code(secret, at=None):
    """Return the six-digit TOTP code an authenticator app shows for this secret at a time (default now)."""
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
