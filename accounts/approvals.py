"""Vetting: approving or rejecting pending members, logged and emailed."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.models import Member, MemberStatus
from accounts.notifications import notify_decision
from accounts.roles import ADMINISTRATOR, FOCAL_POINT, OFFICER, PARTICIPANT, ROLES, role_group, roles_of

FOCAL_POINT_GRANTS = (PARTICIPANT, OFFICER)


def can_approve(user):
    """Return whether a user may work the approval queue at all."""
    return user.is_authenticated and bool({ADMINISTRATOR, FOCAL_POINT} & set(roles_of(user)))


def grantable_roles(user):
    """Return the roles this approver may grant: all for administrators, participant or officer for focal points."""
    roles = roles_of(user)
    if ADMINISTRATOR in roles:
        return ROLES
    if FOCAL_POINT in roles:
        return FOCAL_POINT_GRANTS
    return ()


def _check(member, by):
    if not Member.objects.approvable_by(by).filter(pk=member.pk).exists():
        raise PermissionDenied("This member is outside the approver's scope.")


class EmailNotConfirmed(Exception):
    """The applicant has not confirmed their email address yet, so they cannot be approved."""


def approve(member, by, role=OFFICER, note=""):
    """Approve a member with a role, record who did it, log it and email the member.

    Refused until the applicant has confirmed their address: the address is who they claim to be, and where the
    approval goes.
    """
    _check(member, by)
    if not member.has_confirmed_email():
        raise EmailNotConfirmed(member.user.email)
    if role not in grantable_roles(by):
        raise PermissionDenied("This approver may not grant that role.")
    with transaction.atomic():
        member.status = MemberStatus.APPROVED
        member.decided_by = by
        member.decided_at = timezone.now()
        member.decision_note = note
        member.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        member.user.groups.add(role_group(role))
    audit.record(audit.MEMBER_APPROVED, user=by, obj=member, member=member.user.email, role=role, note=note)
    notify_decision(member)
    return member


def reject(member, by, note=""):
    """Reject a member, record who did it, log it and email the member."""
    _check(member, by)
    with transaction.atomic():
        member.status = MemberStatus.REJECTED
        member.decided_by = by
        member.decided_at = timezone.now()
        member.decision_note = note
        member.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(audit.MEMBER_REJECTED, user=by, obj=member, member=member.user.email, note=note)
    notify_decision(member)
    return member
