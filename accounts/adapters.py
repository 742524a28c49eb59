import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.client_address import client_address

EMAIL_SENT_MESSAGE = "account/messages/email_confirmation_sent.txt"
# Sign-in steps that prove the member is at the keyboard: the password, then the second factor if enrolled.
SIGN_IN_METHODS = {"password", "mfa"}


def signed_in_moments_ago(request):
    """Return whether the member signed in with their password within allauth's reauthentication timeout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    times = [
        record.get("at", 0)
        for record in get_authentication_records(request, user)
        if record.get("method") in SIGN_IN_METHODS
    ]
    return bool(times) and time.time() - max(times) < account_settings.REAUTHENTICATION_TIMEOUT


class AccountAdapter(DefaultAccountAdapter):
    """Frontline Exchange's allauth behaviour: password throttling left to axes; language and a word at sign-in."""

    def pre_authenticate(self, request, **credentials):
        """Leave password-guess throttling to django-axes: one lockout rule, the same for every email.

        allauth's "login_failed" rate limit then only counts wrong two-factor codes (allauth.mfa uses it per user).
        """
        self._login_failed_rl_usage = None

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        """Add allauth's message, except "Confirmation email sent to <email>" at sign-up.

        At sign-up allauth adds it only when it sends mail, which its rate limit decides per address, so the message
        told a registered address from a new one; the page after sign-up says to check the inbox either way.
        """
        if message_template == EMAIL_SENT_MESSAGE and (message_context or {}).get("signup"):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def is_reauthentication_required(self, *, app, **kwargs):
        """Ask for the password again before sensitive changes, but not moments after signing in with it.

        allauth (65.x) only counts an explicit "confirm your password" step, so an officer who had just signed in
        was asked to retype the same password before enrolling in two-factor authentication. A sign-in within
        ACCOUNT_REAUTHENTICATION_TIMEOUT (5 minutes) counts as recent, as a confirmation would.
        """
        if self.request is not None and signed_in_moments_ago(self.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_client_ip(self, request):
        """Return the client address that allauth's rate limits count, the same one lockout and the audit log use."""
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def post_login(self, request, user, **kwargs):
        """Finish signing in, tell a pending member what they can read, switch to the member's interface language."""
        response = super().post_login(request, user, **kwargs)
        member = getattr(user, "member", None)
        if member is not None and member.status == "pending" and not user.is_superuser:
            messages.info(
                request,
                _(
                    "Your account is awaiting approval by your country's focal point. Until then you can read "
                    "public pages only; we will email you when it is approved."
                ),
            )
        language = getattr(member, "ui_language", "")
        if language and response is not None:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
