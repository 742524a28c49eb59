"""A member's own data, as one JSON-ready dictionary."""

from allauth.mfa.models import Authenticator
from django.apps import apps

from accounts.models import AuditEvent
from accounts.roles import roles_of


def _iso(value):
    return value.isoformat() if value else None


def _forum_posts(user):
    try:
        Post = apps.get_model("forum", "Post")
    except LookupError:
        return []
    posts = Post.objects.filter(author=user).select_related("thread").order_by("created_at", "pk")
    return [
        {
            "id": post.pk,
            "thread": str(getattr(post, "thread", "") or ""),
            "body": getattr(post, "body", ""),
            "status": getattr(post, "status", ""),
            "created_at": _iso(getattr(post, "created_at", None)),
            "edited_at": _iso(getattr(post, "edited_at", None)),
        }
        for post in posts
    ]


def _forum_profile(user):
    try:
        ForumProfile = apps.get_model("forum", "ForumProfile")
    except LookupError:
        return None
    profile = ForumProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {"handle": profile.handle, "display_name": profile.display_name}


def member_data(user):
    """Return everything the site stores about a member that they may take away."""
    member = user.member
    return {
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
        "forum_profile": _forum_profile(user),
        "forum_posts": _forum_posts(user),
        "sign_in_history": [
            {"event": event.event, "at": _iso(event.created_at), "ip_address": event.ip_address}
            for event in AuditEvent.objects.filter(user=user, event__in=["sign_in", "sign_in_failed"])[:200]
        ],
    }
