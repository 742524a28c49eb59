from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Frontline Exchange's allauth behaviour: members choose their interface language once, on their profile."""

    def post_login(self, request, user, **kwargs):
        """Finish signing in and switch the interface to the member's chosen language."""
        response = super().post_login(request, user, **kwargs)
        language = getattr(getattr(user, "member", None), "ui_language", "")
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
