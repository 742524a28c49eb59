from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    """Frontline Exchange's allauth behaviour: password throttling left to axes; language and a word at sign-in."""

    def pre_authenticate(self, request, **credentials):
        """Leave password-guess throttling to django-axes: one lockout rule, the same for every email.

        allauth's "login_failed" rate limit then only counts wrong two-factor codes (allauth.mfa uses it per user).
        """
        self._login_failed_rl_usage = None

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
