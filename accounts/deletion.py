"""Deleting one's own account: the person goes, their forum posts stay, shown as by a "former member".

Other apps that keep data about a member and want to act before the account disappears connect to
`account_deleting` (sent with `user`). Rows pointing at the user with on_delete=SET_NULL (forum posts,
threads) survive with no author, which the forum shows as "former member"; CASCADE rows (subscriptions,
read positions, forum profile) go with the account.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal

from accounts import audit
from accounts.models import AuditEvent

account_deleting = Signal()


def pseudonym(user_pk):
    """Return the name the audit log keeps for a deleted account."""
    return f"deleted member #{user_pk}"


def _pseudonymize_audit(user):
    """Replace the member's email and name in the audit log by their pseudonym."""
    name = pseudonym(user.pk)
    secrets = {value for value in (user.email, user.get_username(), user.get_full_name()) if value}
    member_pk = getattr(getattr(user, "member", None), "pk", None)
    about = Q(user=user) | Q(object_type="auth.user", object_id=str(user.pk))
    if member_pk is not None:
        about |= Q(object_type="accounts.member", object_id=str(member_pk))
    if user.email:
        about |= Q(username__iexact=user.email)

    def scrub(value):
        if isinstance(value, str):
            for secret in secrets:
                value = value.replace(secret, name)
            return value
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        return value

    for event in AuditEvent.objects.filter(about):
        event.username = name if event.username else ""
        event.object_repr = scrub(event.object_repr)
        event.data = scrub(event.data)
        event.save(update_fields=["username", "object_repr", "data"])


def _forget_sign_in_attempts(user):
    """Drop the sign-in throttling records kept under the member's email."""
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()


def delete_account(user):
    """Delete a member's account and personal data; keep their posts, now without an author."""
    user_pk = user.pk
    with transaction.atomic():
        account_deleting.send(sender=user.__class__, user=user)
        _pseudonymize_audit(user)
        if user.email:
            _forget_sign_in_attempts(user)
        user.delete()
        audit.record(audit.ACCOUNT_DELETED, username=pseudonym(user_pk), user_id=user_pk)
