"""The public verification page of certificates: /certificates/verify/ (a form) and /certificates/verify/<code>/.

It confirms the name on the certificate, the workshop's title and its dates, and nothing else: no score, place,
country, organiser, email or link to the workshop (which may be closed). A revoked certificate reads "revoked",
without the reason. Lookups are counted per client address with the rate limiter allauth uses for sign-in (the
shared cache when CACHE_URL is set): every lookup against CERTIFICATE_VERIFY_RATE_LIMITS["lookup"], and codes that
match no certificate against the stricter ["miss"], so walking through codes is refused long before it could find
one. Answers are never cached and asked not to be indexed.
"""

from allauth.core.internal import ratelimit
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from workshops.certificate_codes import MAX_INPUT_LENGTH, format_code, normalize
from workshops.certificate_pdf import date_range
from workshops.models import Certificate

DEFAULT_RATE_LIMITS = {"lookup": "30/m/ip,300/h/ip", "miss": "10/5m/ip,40/h/ip"}


def _rates():
    return {**DEFAULT_RATE_LIMITS, **getattr(settings, "CERTIFICATE_VERIFY_RATE_LIMITS", {})}


def _allowed(request, action, dry_run=False):
    usage = ratelimit.consume(
        request, app="workshops.certificates", action=action, config=_rates(), limit_get=True, dry_run=dry_run
    )
    return usage is not None


def _page(request, context, status=200):
    response = render(request, "workshops/certificates/verify.html", context, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def verify(request):
    """Show the form to type a code; a typed code goes to its own page."""
    typed = request.GET.get("code")
    if typed is None:
        return _page(request, {"typed": ""})
    code = normalize(typed)
    if code is not None:
        return redirect("certificates:verify-code", format_code(code))
    result = "malformed" if typed.strip() else "empty"
    return _page(request, {"typed": typed[:MAX_INPUT_LENGTH], "result": result}, status=400 if typed.strip() else 200)


@require_GET
def verify_code(request, code):
    """Confirm a certificate by its code: name, workshop title and dates if valid; "revoked"; or "not found"."""
    context = {"typed": code[:MAX_INPUT_LENGTH]}
    stored = normalize(code)
    if not _allowed(request, "miss", dry_run=True) or not _allowed(request, "lookup"):
        return _page(request, {**context, "result": "limited"}, status=429)
    if stored is None:
        _allowed(request, "miss")
        return _page(request, {**context, "result": "malformed"}, status=404)
    certificate = (
        Certificate.objects.filter(code=stored).only("name", "workshop_title", "start_date", "end_date", "revoked_at")
    ).first()
    if certificate is None:
        _allowed(request, "miss")
        return _page(request, {**context, "result": "unknown"}, status=404)
    context["code"] = format_code(stored)
    if certificate.is_revoked:
        return _page(request, {**context, "result": "revoked"})
    confirmed = {
        "name": certificate.name,
        "title": certificate.workshop_title,
        "dates": date_range(certificate.start_date, certificate.end_date),
    }
    return _page(request, {**context, "result": "valid", "confirmed": confirmed})
