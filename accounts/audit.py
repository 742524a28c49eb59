"""The audit log: one call, `record(event, user=None, obj=None, **data)`, for every app."""

import logging

from django.utils.translation import gettext_lazy as _

from accounts.client_address import client_address
from accounts.models import AuditEvent

logger = logging.getLogger("frontline.audit")

SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_OUT = "sign_out"
LOCKOUT = "lockout"
SIGN_IN_LOCK_LIFTED = "sign_in_lock_lifted"
SIGN_IN_ATTACK_WARNED = "sign_in_attack_warned"
MEMBER_APPROVED = "member_approved"
MEMBER_REJECTED = "member_rejected"
ROLE_CHANGED = "groups_changed"
RESTRICTION_CHANGED = "restriction_changed"
RESTRICTION_REMOVED = "restriction_removed"
RESTRICTED_VIEW = "restricted_view"
RESTRICTED_DOWNLOAD = "restricted_download"
RESTRICTED_IMAGE = "restricted_image"
INVITATION_CREATED = "invitation_created"
INVITATION_USED = "invitation_used"
TWO_FACTOR_ENROLLED = "two_factor_enrolled"
TWO_FACTOR_REMOVED = "two_factor_removed"
ACCOUNT_DELETED = "account_deleted"
DATA_EXPORTED = "data_exported"

EVENT_LABELS = {
    SIGN_IN: _("Signed in"),
    SIGN_IN_FAILED: _("Failed sign-in"),
    SIGN_OUT: _("Signed out"),
    LOCKOUT: _("Locked out"),
    SIGN_IN_LOCK_LIFTED: _("Sign-in lock lifted"),
    SIGN_IN_ATTACK_WARNED: _("Warned of password guessing"),
    MEMBER_APPROVED: _("Member approved"),
    MEMBER_REJECTED: _("Member rejected"),
    ROLE_CHANGED: _("Role or group changed"),
    RESTRICTION_CHANGED: _("Page restriction set"),
    RESTRICTION_REMOVED: _("Page restriction removed"),
    RESTRICTED_VIEW: _("Restricted page viewed"),
    RESTRICTED_DOWNLOAD: _("Restricted document downloaded"),
    RESTRICTED_IMAGE: _("Restricted image viewed"),
    INVITATION_CREATED: _("Invitation created"),
    INVITATION_USED: _("Joined through invitation"),
    TWO_FACTOR_ENROLLED: _("Two-factor method added"),
    TWO_FACTOR_REMOVED: _("Two-factor method removed"),
    ACCOUNT_DELETED: _("Account deleted"),
    DATA_EXPORTED: _("Own data exported"),
}


def record(event, user=None, obj=None, *, request=None, username="", **data):
    """Store one audit event and return it; other apps call this for their own events (any event name)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if not username and user is not None:
        username = user.email or user.get_username()
    values = {
        "event": str(event)[:40],
        "user": user,
        "username": (username or "")[:254],
        "ip_address": client_address(request),
        "data": {key: _jsonable(value) for key, value in data.items()},
    }
    if obj is not None:
        values["object_type"] = f"{obj._meta.app_label}.{obj._meta.model_name}"
        values["object_id"] = str(obj.pk)[:64]
        values["object_repr"] = str(obj)[:255]
    event_row = AuditEvent.objects.create(**values)
    logger.info("audit %s user=%s object=%s", event, values["username"], values.get("object_repr", ""))
    return event_row


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return str(value)


def event_label(event):
    """Return the human label of an event name, or the name itself."""
    return EVENT_LABELS.get(event, event)
