"""Deleting one's own account: the person goes, their forum posts stay, shown as by a "former member".

Other apps that keep data about a member and want to act before the account disappears connect to
`account_deleting` (sent with `user`). Rows pointing at the user with on_delete=SET_NULL (forum posts,
threads) survive with no author, which the forum shows as "former member"; CASCADE rows (subscriptions,
read positions, forum profile) go with the account.
"""

from django.db import transaction
from django.dispatch import Signal

from accounts import audit
from accounts.models import AuditEvent

account_deleting = Signal()


def pseudonym(user_pk):
    """Return the name the audit log keeps for a deleted account."""
    return f"deleted member #{user_pk}"


def delete_account(user):
    """Delete a member's account and personal data; keep their posts, now without an author."""
    user_pk = user.pk
    with transaction.atomic():
        account_deleting.send(sender=user.__class__, user=user)
        AuditEvent.objects.filter(user=user).update(username=pseudonym(user_pk))
        user.delete()
        audit.record(audit.ACCOUNT_DELETED, username=pseudonym(user_pk), user_id=user_pk)
