from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.twofactor import lacks_required_two_factor

# Reachable before enrolment: the enrolment and sign-out pages (all of allauth), static files, language switching.
ALWAYS_ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/favicon.ico", "/robots.txt")
TOLD_SESSION_KEY = "accounts.told_to_enrol"
# Where the member was going when sent to enrol; the recovery-codes page links on to it (a template reads it).
AFTER_ENROLMENT_SESSION_KEY = "accounts_after_enrolment"


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
            request.session[AFTER_ENROLMENT_SESSION_KEY] = request.get_full_path()
            target = reverse("mfa_activate_totp")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _allowed(self, path):
        prefixes = (*ALWAYS_ALLOWED_PREFIXES, settings.STATIC_URL)
        return path.startswith(prefixes)


class AdminAreaMiddleware:
    """Answer a signed-in member who may not use an admin area with a 403 page in the site's layout.

    Wagtail's admin and Django's admin send a signed-in user without access to their sign-in page, which is the
    site's sign-in (allauth); allauth sends a signed-in user straight back to `next`, so the browser looped
    between the two until it gave up. Refusing here, before either admin runs, breaks the loop for every
    admin URL and tells the member where they can act instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._refused(request.path_info, user):
            return render(request, "403_admin.html", {"area": self._area(request.path_info)}, status=403)
        return self.get_response(request)

    @staticmethod
    def _area(path):
        return "django" if path.startswith(reverse("admin:index")) else "wagtail"

    @staticmethod
    def _refused(path, user):
        # Every address under the prefixes, sign-out included: both admins send its GET to sign-in too.
        if path.startswith(reverse("wagtailadmin_home")):
            return not user.has_perm("wagtailadmin.access_admin")
        if path.startswith(reverse("admin:index")):
            return not (user.is_active and user.is_staff)
        return False
