"""Trainers' participants page (invitation link, email invitations, the cohort) and the join link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Invitation
from accounts.views import join as accounts_join
from workshops.access import trainer_or_404
from workshops.forms import InviteForm, NewLinkForm
from workshops.invitations import (
    join_existing_member,
    join_url,
    renew_invitation,
    send_invitations,
    workshop_invitation,
    workshop_of,
)
from workshops.views.common import open_workshop


@login_required
@require_http_methods(["GET", "POST"])
def participants(request, pk):
    """List the cohort; show the join link; email it to a list; make a new link; remove a participant."""
    workshop, _rights = open_workshop(request, pk)
    trainer_or_404(workshop, request.user)
    invite_form, link_form = InviteForm(), NewLinkForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite":
            invite_form = InviteForm(request.POST)
            if invite_form.is_valid():
                invitation = workshop_invitation(workshop, request.user)
                count = send_invitations(workshop, invitation, invite_form.cleaned_data["emails"], get_language())
                messages.success(request, _("The invitation went to %(count)d addresses.") % {"count": count})
                return redirect("workshops:participants", workshop.pk)
            status = 400
        elif action == "new-link":
            link_form = NewLinkForm(request.POST)
            if link_form.is_valid():
                renew_invitation(workshop, request.user, link_form.cleaned_data["max_uses"])
                messages.success(request, _("The old link no longer works; share the new one."))
                return redirect("workshops:participants", workshop.pk)
            status = 400
        elif action == "remove":
            removed = workshop.cohort.user_set.filter(pk=request.POST.get("user")).first()
            if removed is not None:
                removed.groups.remove(workshop.cohort)
                messages.success(request, _("%(name)s is no longer a participant.") % {"name": display_name(removed)})
            return redirect("workshops:participants", workshop.pk)
    invitation = workshop_invitation(workshop, request.user)
    people = workshop.cohort.user_set.select_related("member__country").order_by("first_name", "last_name", "email")
    context = {
        "page": workshop,
        "invitation": invitation,
        "link": join_url(invitation),
        "people": [(person, display_name(person)) for person in people],
        "invite_form": invite_form,
        "link_form": link_form,
    }
    return render(request, "workshops/participants.html", context, status=status)


def display_name(user):
    """Return a participant's name for trainers: their full name, else their email address."""
    return user.get_full_name() or user.email


@require_http_methods(["GET", "POST"])
def join(request, token):
    """Follow a workshop link: a signed-in member joins the cohort; a newcomer registers through the invitation."""
    invitation = Invitation.objects.filter(token=token).first()
    workshop = workshop_of(invitation) if invitation else None
    if invitation is None or workshop is None or not invitation.is_usable:
        return render(request, "workshops/join.html", {"usable": False}, status=410)
    if not request.user.is_authenticated:
        return accounts_join(request, token)
    if request.method == "POST":
        if join_existing_member(invitation, request.user):
            messages.success(request, _("You are a participant of %(workshop)s.") % {"workshop": workshop.title})
            return redirect(workshop.url or "/")
        return render(request, "workshops/join.html", {"usable": False}, status=410)
    already = workshop.cohort.user_set.filter(pk=request.user.pk).exists()
    return render(request, "workshops/join.html", {"usable": True, "workshop": workshop, "already": already})
