"""Emails about membership: a new request to the approvers, the decision to the applicant."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts import audit
from accounts.models import AuditEvent
from accounts.roles import ADMINISTRATOR, FOCAL_POINT, GROUP_NAMES


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def approvers_for(member):
    """Return the active users who should hear of a new request: the country's focal points, else administrators."""
    User = get_user_model()
    active = User.objects.filter(is_active=True).exclude(pk=member.user_id)
    focal = active.filter(groups__name=GROUP_NAMES[FOCAL_POINT], member__country_id=member.country_id)
    if member.country_id and focal.exists():
        return focal.distinct()
    return active.filter(Q(is_superuser=True) | Q(groups__name=GROUP_NAMES[ADMINISTRATOR])).distinct()


def member_language(user) -> str:
    """Return the interface language a member chose, else the site's default (for email to them)."""
    return getattr(getattr(user, "member", None), "ui_language", "") or settings.LANGUAGE_CODE


def _send(template, user, context, language=None):
    language = language or member_language(user)
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


def notify_approvers(member):
    """Email the people who may approve a new member that a request is waiting."""
    context = {"member": member, "queue_url": _absolute(reverse("accounts:pending"))}
    for approver in approvers_for(member):
        if approver.email:
            _send("new_request", approver, context)


def notify_decision(member):
    """Email an applicant that their membership was approved or rejected."""
    context = {"member": member, "site_url": _absolute("/"), "profile_url": _absolute(reverse("accounts:profile"))}
    template = "approved" if member.is_approved else "rejected"
    if member.user.email:
        _send(template, member.user, context)


def warn_of_sign_in_attack(email):
    """Email an account's owner, once per pause, that their password is being guessed at from many places."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not user.email:
        return
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    if AuditEvent.objects.filter(event=audit.SIGN_IN_ATTACK_WARNED, user=user, created_at__gte=since).exists():
        return
    audit.record(audit.SIGN_IN_ATTACK_WARNED, user=user, obj=user)
    context = {
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "reset_url": _absolute(reverse("account_reset_password")),
        "security_url": _absolute(reverse("mfa_index")),
    }
    _send("sign_in_attack", user, context)
