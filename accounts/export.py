"""A member's own data, as one JSON-ready dictionary."""

from allauth.mfa.models import Authenticator
from wagtail import hooks

from accounts.models import AuditEvent
from accounts.roles import roles_of


def _iso(value):
    return value.isoformat() if value else None


def member_data(user):
    """Return everything the site stores about a member that they may take away.

    Apps above accounts add their own sections through the ``member_data`` Wagtail hook: each hook takes the user
    and returns ``(key, data)`` with JSON-ready data, or None when the app keeps nothing about this member.
    """
    member = user.member
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "roles": roles_of(user),
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "two_factor_methods": sorted(
                Authenticator.objects.filter(user=user).values_list("type", flat=True).distinct()
            ),
        },
        "profile": {
            "country": member.country.code if member.country else None,
            "agency": member.agency,
            "position": member.position,
            "work_email": member.work_email,
            "languages": member.languages,
            "status": member.status,
            "approved_at": _iso(member.approved_at),
            "interface_language": member.ui_language,
            "notifications": member.notifications,
            "requested_at": _iso(member.created_at),
            "invitation_workshop": member.invitation.workshop if member.invitation else None,
        },
        "sign_in_history": [
            {"event": event.event, "at": _iso(event.created_at), "ip_address": event.ip_address}
            for event in AuditEvent.objects.filter(user=user, event__in=["sign_in", "sign_in_failed"])[:200]
        ],
    }
    for hook in hooks.get_hooks("member_data"):
        section = hook(user)
        if section is not None:
            key, value = section
            data[key] = value
    return data
