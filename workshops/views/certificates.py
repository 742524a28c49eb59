"""Certificates: the trainers' page (who is eligible, issue, revoke) and the participant's PDF download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from library.storage import private_storage
from workshops import certificate_pdf
from workshops.access import WorkshopAccess, trainer_or_404
from workshops.certificates import REASON_MAX_LENGTH, can_issue_yet, issue, issue_to_all, revoke, standings
from workshops.models import Certificate
from workshops.views.common import open_workshop


def _queue_drawing(certificates):
    for certificate in certificates:
        certificate_pdf.render_certificate.enqueue(certificate.pk)


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, pk):
    """Show each participant against the certificate rule; issue to all eligible, to one, or revoke one."""
    workshop, _rights = open_workshop(request, pk)
    trainer_or_404(workshop, request.user)
    rows = standings(workshop)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("issue-all", "issue") and not can_issue_yet(workshop):
            messages.error(request, _("Certificates can be issued from the last day of the workshop."))
            status = 400
        elif action == "issue-all":
            issued = issue_to_all(workshop, request.user)
            _queue_drawing(issued)
            if issued:
                messages.success(
                    request,
                    ngettext("%(count)d certificate issued.", "%(count)d certificates issued.", len(issued))
                    % {"count": len(issued)},
                )
            else:
                messages.info(request, _("Every eligible participant already has a certificate."))
            return redirect("workshops:certificates", workshop.pk)
        elif action == "issue":
            row = next((row for row in rows if str(row.user.pk) == request.POST.get("user", "")), None)
            certificate = issue(workshop, row, request.user) if row is not None else None
            if certificate is None:
                messages.error(request, _("This participant cannot be given a certificate now."))
                status = 400
            else:
                _queue_drawing([certificate])
                messages.success(request, _("Certificate issued to %(name)s.") % {"name": certificate.name})
                return redirect("workshops:certificates", workshop.pk)
        elif action == "revoke":
            certificate = Certificate.objects.valid().filter(
                workshop=workshop, pk=_int(request.POST.get("certificate"))
            )
            certificate = certificate.first()
            reason = request.POST.get("reason", "").strip()
            if certificate is None:
                messages.error(request, _("This certificate is not valid any more."))
                status = 400
            elif not reason:
                messages.error(request, _("Say why the certificate is revoked."))
                status = 400
            elif len(reason) > REASON_MAX_LENGTH:
                messages.error(request, _("Keep the reason under %(count)d characters.") % {"count": REASON_MAX_LENGTH})
                status = 400
            else:
                revoke(certificate, request.user, reason)
                certificate_pdf.delete_pdfs(certificate)
                messages.success(request, _("The certificate of %(name)s is revoked.") % {"name": certificate.name})
                return redirect("workshops:certificates", workshop.pk)
        else:
            status = 400
        rows = standings(workshop)
    context = {
        "page": workshop,
        "rows": rows,
        "eligible_without": sum(1 for row in rows if row.eligible and row.certificate is None),
        "can_issue": can_issue_yet(workshop),
        "days_required": workshop.certificate_days_required,
        "day_count": len(workshop.days),
        "reason_max": REASON_MAX_LENGTH,
    }
    response = render(request, "workshops/certificates/manage.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def download(request, pk):
    """Send a valid certificate's PDF to its participant or a trainer of its workshop; everyone else gets 404."""
    certificate = get_object_or_404(
        Certificate.objects.valid().select_related("workshop__country", "user__member"), pk=pk
    )
    is_owner = certificate.user_id == request.user.pk
    if not is_owner and not WorkshopAccess(certificate.workshop, request.user).is_trainer:
        raise Http404
    language = certificate_pdf.certificate_language(certificate, get_language() if is_owner else None)
    name = certificate_pdf.certificate_pdf(certificate, language)
    try:
        handle = private_storage().open(name, "rb")
    except (OSError, SuspiciousFileOperation) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"certificate-{certificate.display_code}-{language}.pdf",
    )
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex"
    return response
