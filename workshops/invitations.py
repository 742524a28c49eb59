"""Workshop invitations: the accounts app's invitation links, each adding its holder to the workshop's cohort."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Invitation
from workshops.models import WorkshopPage

MAX_EMAILS = 200
SEPARATORS = re.compile(r"[\s,;]+")


def workshop_invitation(workshop, user=None, create=True, max_uses=None):
    """Return the usable invitation of a workshop's cohort, creating one if none is left (and create is true)."""
    invitation = Invitation.objects.usable().filter(groups=workshop.cohort).order_by("-created_at").first()
    if invitation is not None or not create:
        return invitation
    expires = max(
        timezone.now() + datetime.timedelta(days=14),
        timezone.make_aware(
            datetime.datetime.combine(workshop.end_date + datetime.timedelta(days=14), datetime.time())
        ),
    )
    invitation = Invitation.objects.create(
        workshop=workshop.title[:200],
        country=workshop.country,
        expires_at=expires,
        max_uses=max_uses or 60,
        created_by=user,
    )
    invitation.groups.add(workshop.cohort)
    audit.record(audit.INVITATION_CREATED, user=user, obj=invitation, workshop=invitation.workshop)
    return invitation


def renew_invitation(workshop, user, max_uses):
    """Withdraw the workshop's current links and return a new one."""
    Invitation.objects.filter(groups=workshop.cohort, revoked=False).update(revoked=True)
    return workshop_invitation(workshop, user, max_uses=max_uses)


def join_url(invitation):
    """Return the full link a participant follows to join the workshop."""
    path = reverse("workshops:join", args=[invitation.token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def workshop_of(invitation):
    """Return the workshop whose cohort an invitation adds people to, or None."""
    return WorkshopPage.objects.filter(cohort__in=invitation.groups.all()).first()


def parse_emails(text):
    """Return (valid addresses without repeats, invalid entries) of a pasted list."""
    valid, invalid = [], []
    for entry in SEPARATORS.split(text or ""):
        entry = entry.strip().strip("<>")
        if not entry:
            continue
        try:
            validate_email(entry)
        except ValidationError:
            invalid.append(entry)
            continue
        if entry.lower() not in {address.lower() for address in valid}:
            valid.append(entry)
    return valid, invalid


def send_invitations(workshop, invitation, addresses, language):
    """Email the workshop's link to each address (one message each, so no one sees the others); return the count."""
    with translation.override(language):
        subject = _("Invitation: %(workshop)s") % {"workshop": workshop.title}
        body = render_to_string("workshops/email/invitation.txt", {"workshop": workshop, "link": join_url(invitation)})
    for address in addresses:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send(fail_silently=False)
    return len(addresses)


def join_existing_member(invitation, user):
    """Add a signed-in member to the invitation's cohort, spending one use; return False if it ran out meanwhile."""
    workshop = workshop_of(invitation)
    if workshop is None:
        return False
    if workshop.cohort.user_set.filter(pk=user.pk).exists():
        return True
    with transaction.atomic():
        taken = Invitation.objects.usable().filter(pk=invitation.pk).update(uses=F("uses") + 1)
        if not taken:
            return False
        user.groups.add(workshop.cohort)
    audit.record(audit.INVITATION_USED, user=user, obj=invitation, workshop=invitation.workshop)
    return True
