"""Keep a member profile beside every user account; write the audit log from Django, allauth, axes and Wagtail."""

from allauth.account import signals as account_signals
from allauth.core import context
from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from accounts import audit
from accounts.models import Member, MemberStatus
from accounts.notifications import notify_approvers, warn_of_sign_in_attack
from accounts.roles import forget_group_memberships
from accounts.security import address_throttled, axes_username, lift_sign_in_lock, paused_from_new_addresses


def _current_request():
    return context.request


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.create_member_profile")
def create_member_profile(sender, instance, created, raw=False, **kwargs):
    """Give a new user a member profile: pending, unless a superuser."""
    if created and not raw:
        Member.objects.get_or_create(
            user=instance,
            defaults={"status": MemberStatus.APPROVED if instance.is_superuser else MemberStatus.PENDING},
        )


@receiver(account_signals.email_confirmed, dispatch_uid="accounts.notify_approvers_once_confirmed")
def notify_approvers_once_confirmed(sender, request, email_address, **kwargs):
    """Tell the approvers about a pending applicant once the applicant has confirmed their sign-in address."""
    user = email_address.user
    member = getattr(user, "member", None)
    if member is None or member.status != MemberStatus.PENDING or member.invitation_id is not None:
        return
    if email_address.email.lower() != (user.email or "").lower():
        return  # another address added later: the approvers already heard of this applicant
    notify_approvers(member)


@receiver(user_logged_in, dispatch_uid="accounts.audit_sign_in")
def audit_sign_in(sender, request, user, **kwargs):
    audit.record(audit.SIGN_IN, user=user, request=request)


@receiver(user_logged_out, dispatch_uid="accounts.audit_sign_out")
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.SIGN_OUT, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="accounts.audit_sign_in_failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs):
    audit.record(audit.SIGN_IN_FAILED, request=request, username=axes_username(request, credentials))


@receiver(user_locked_out, dispatch_uid="accounts.audit_lockout")
def audit_lockout(sender, request=None, username=None, **kwargs):
    scope = "account_at_address"
    if request is not None and address_throttled(request):
        scope = "address"
    elif request is not None and paused_from_new_addresses(request):
        scope = "account"
    audit.record(audit.LOCKOUT, request=request, username=(username or "").lower(), scope=scope)
    if scope == "account":
        warn_of_sign_in_attack((username or "").lower())


@receiver(account_signals.password_reset, dispatch_uid="accounts.lift_lock_on_password_reset")
def lift_lock_on_password_reset(sender, request, user, **kwargs):
    """A reset by the emailed link proves the owner: forget the failed guesses that paused their sign-in."""
    if lift_sign_in_lock(user.email):
        audit.record(audit.SIGN_IN_LOCK_LIFTED, user=user, obj=user, request=request, member=user.email, by="reset")


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.audit_mfa_added")
def audit_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit.record(audit.TWO_FACTOR_ENROLLED, user=user, request=request, method=authenticator.type)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts.audit_mfa_removed")
def audit_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit.record(audit.TWO_FACTOR_REMOVED, user=user, request=request, method=authenticator.type)


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="accounts.forget_group_memberships")
def forget_changed_memberships(sender, instance, action, reverse, **kwargs):
    """A user object whose groups changed asks the database again (roles.group_memberships remembers them)."""
    if action.startswith("post_") and not reverse:
        forget_group_memberships(instance)


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="accounts.audit_group_change")
def audit_group_change(sender, instance, action, reverse, pk_set, **kwargs):
    """Log every change to who belongs to which group (roles and working groups)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    User = get_user_model()
    request = _current_request()
    actor = request.user if request is not None and request.user.is_authenticated else None
    if action == "pre_clear":
        if reverse:
            pairs = [(user, instance) for user in instance.user_set.all()]
        else:
            pairs = [(instance, group) for group in instance.groups.all()]
    elif reverse:
        pairs = [(user, instance) for user in User.objects.filter(pk__in=pk_set or ())]
    else:
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set or ())]
    change = "added" if action == "post_add" else "removed"
    for user, group in pairs:
        audit.record(
            audit.ROLE_CHANGED,
            user=actor,
            obj=user,
            request=request,
            change=change,
            group=group.name,
            member=user.email or user.get_username(),
        )


def _describe(restriction):
    """Return what a restriction allows, for the log."""
    groups = sorted(restriction.groups.values_list("name", flat=True)) if restriction.pk else []
    return {"restriction": restriction.restriction_type, "groups": groups, "page": restriction.page.url_path}


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="accounts.audit_restriction_saved")
def audit_restriction_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        audit.record(audit.RESTRICTION_CHANGED, obj=instance.page, request=_current_request(), **_describe(instance))


@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="accounts.audit_restriction_groups")
def audit_restriction_groups(sender, instance, action, reverse, **kwargs):
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        audit.record(audit.RESTRICTION_CHANGED, obj=instance.page, request=_current_request(), **_describe(instance))


@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="accounts.audit_restriction_deleted")
def audit_restriction_deleted(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()  # gone when the page itself is being deleted
    audit.record(
        audit.RESTRICTION_REMOVED,
        obj=page,
        request=_current_request(),
        restriction=instance.restriction_type,
        page_id=instance.page_id,
    )


def _describe_collection(restriction):
    """Return what a collection restriction allows, for the log."""
    groups = sorted(restriction.groups.values_list("name", flat=True)) if restriction.pk else []
    return {"restriction": restriction.restriction_type, "groups": groups, "collection": restriction.collection.name}


@receiver(post_save, sender=CollectionViewRestriction, dispatch_uid="accounts.audit_collection_restriction_saved")
def audit_collection_restriction_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        audit.record(
            audit.RESTRICTION_CHANGED,
            obj=instance.collection,
            request=_current_request(),
            **_describe_collection(instance),
        )


@receiver(m2m_changed, sender=CollectionViewRestriction.groups.through, dispatch_uid="accounts.audit_collection_groups")
def audit_collection_restriction_groups(sender, instance, action, reverse, **kwargs):
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        audit.record(
            audit.RESTRICTION_CHANGED,
            obj=instance.collection,
            request=_current_request(),
            **_describe_collection(instance),
        )


@receiver(post_delete, sender=CollectionViewRestriction, dispatch_uid="accounts.audit_collection_restriction_deleted")
def audit_collection_restriction_deleted(sender, instance, **kwargs):
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    audit.record(
        audit.RESTRICTION_REMOVED,
        obj=collection,
        request=_current_request(),
        restriction=instance.restriction_type,
        collection_id=instance.collection_id,
    )
