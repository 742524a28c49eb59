"""Joining through a workshop invitation: remember the link in the session, consume one use at sign-up."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import audit
from accounts.models import Invitation, MemberStatus
from accounts.roles import PARTICIPANT, role_group

SESSION_KEY = "accounts.invitation"


def remember_invitation(request, invitation):
    """Keep an invitation's token in the session until the visitor finishes signing up."""
    request.session[SESSION_KEY] = invitation.token


def invitation_in_session(request):
    """Return the usable invitation whose link this visitor followed, or None."""
    token = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not token:
        return None
    return Invitation.objects.usable().filter(token=token).first()


def consume(invitation, user):
    """Spend one use of an invitation on a new account; return False if it expired or ran out meanwhile."""
    with transaction.atomic():
        taken = Invitation.objects.usable().filter(pk=invitation.pk).update(uses=F("uses") + 1)
        if not taken:
            return False
        member = user.member
        member.status = MemberStatus.APPROVED
        member.invitation = invitation
        member.decided_at = timezone.now()
        member.decided_by = invitation.created_by
        member.save(update_fields=["status", "invitation", "decided_at", "decided_by"])
        user.groups.add(role_group(PARTICIPANT), *invitation.groups.all())
    audit.record(audit.INVITATION_USED, user=user, obj=invitation, workshop=invitation.workshop)
    return True


def consume_invitation_from_session(request, user):
    """Apply the invitation remembered in the session to a new account; return whether it applied."""
    invitation = invitation_in_session(request)
    request.session.pop(SESSION_KEY, None)
    if invitation is None:
        return False
    return consume(invitation, user)
