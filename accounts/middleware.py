from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.twofactor import lacks_required_two_factor

# Reachable before enrolment: the enrolment and sign-out pages (all of allauth), static files, language switching.
ALWAYS_ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/favicon.ico", "/robots.txt")
TOLD_SESSION_KEY = "accounts.told_to_enrol"


class TwoFactorEnrolmentMiddleware:
    """Send privileged members who have not enrolled in two-factor authentication to the enrolment page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not self._allowed(request.path_info)
            and lacks_required_two_factor(user)
        ):
            if not request.session.get(TOLD_SESSION_KEY):
                request.session[TOLD_SESSION_KEY] = True
                messages.info(
                    request,
                    _(
                        "Your role gives you access to sensitive material, so your account needs two-factor "
                        "authentication. Set up an authenticator app (or a security key) to continue."
                    ),
                )
            target = reverse("mfa_activate_totp")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _allowed(self, path):
        prefixes = (*ALWAYS_ALLOWED_PREFIXES, settings.STATIC_URL)
        return path.startswith(prefixes)
