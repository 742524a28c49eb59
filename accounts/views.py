import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from accounts import approvals, audit
from accounts.deletion import delete_account
from accounts.export import member_data
from accounts.forms import DecisionForm, DeleteAccountForm, ProfileForm
from accounts.invitations import remember_invitation
from accounts.models import Invitation, Member, member_of
from accounts.roles import ROLE_LABELS, roles_of
from accounts.twofactor import has_two_factor


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Show and update the signed-in member's profile and preferences."""
    member = member_of(request.user)
    form = ProfileForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        member = form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        if member.ui_language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                member.ui_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response
    context = {
        "form": form,
        "member": member,
        "roles": [ROLE_LABELS[role] for role in roles_of(request.user)],
        "has_two_factor": has_two_factor(request.user),
        "can_approve": approvals.can_approve(request.user),
        # Apps above accounts add sections (a workshop participant's workshops) through this Wagtail hook.
        "sections": [section for hook in hooks.get_hooks("profile_sections") if (section := hook(request))],
    }
    return render(request, "accounts/profile.html", context)


@login_required
def export_data(request):
    """Download everything the site keeps about the signed-in member, as JSON."""
    member_of(request.user)
    data = member_data(request.user)
    audit.record(audit.DATA_EXPORTED, request=request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="frontline-exchange-my-data-{timezone.localdate()}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Ask for the password, then delete the signed-in member's account."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def pending(request):
    """List members awaiting approval in the approver's scope; approve or reject one."""
    if not approvals.can_approve(request.user):
        raise PermissionDenied
    scope = Member.objects.approvable_by(request.user)
    roles = approvals.grantable_roles(request.user)
    errors = {}
    if request.method == "POST":
        form = DecisionForm(request.POST, grantable_roles=roles)
        if form.is_valid():
            member = get_object_or_404(scope.pending(), pk=form.cleaned_data["member"])
            note = form.cleaned_data["note"]
            if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                try:
                    approvals.approve(member, request.user, role=form.cleaned_data["role"], note=note)
                except approvals.EmailNotConfirmed:
                    messages.error(
                        request,
                        _("%(name)s has not confirmed their email address yet, so they cannot be approved.")
                        % {"name": member},
                    )
                    return redirect("accounts:pending")
                messages.success(request, _("%(name)s is approved.") % {"name": member})
            else:
                approvals.reject(member, request.user, note=note)
                messages.success(request, _("%(name)s is rejected.") % {"name": member})
            return redirect("accounts:pending")
        errors = {form.data.get("member"): form}
    waiting = scope.pending().with_email_confirmed().select_related("user", "country")
    rows = []
    for member in waiting:
        form = errors.get(str(member.pk)) or DecisionForm(initial={"member": member.pk}, grantable_roles=roles)
        rows.append((member, form))
    decided = scope.exclude(status="pending").filter(decided_at__isnull=False).select_related("user", "decided_by")
    context = {"rows": rows, "decided": decided.order_by("-decided_at")[:20]}
    return render(request, "accounts/pending.html", context, status=400 if errors else 200)


def join(request, token):
    """Open a workshop invitation: remember it and send the visitor to register, or explain why it no longer works."""
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return render(request, "accounts/join.html", {"invitation": invitation, "usable": False}, status=410)
    if request.user.is_authenticated:
        return render(request, "accounts/join.html", {"invitation": invitation, "signed_in": True, "usable": True})
    remember_invitation(request, invitation)
    return render(request, "accounts/join.html", {"invitation": invitation, "usable": True})


def admin_sign_in(request, default_next="/admin/"):
    """Send Wagtail's and Django's admin sign-in to the site's two-factor sign-in, keeping where to go next."""
    target = request.GET.get("next") or default_next
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default_next
    return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': target})}")
