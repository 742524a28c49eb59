"""Keep a member profile beside every user account."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Member, MemberStatus


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.create_member_profile")
def create_member_profile(sender, instance, created, raw=False, **kwargs):
    """Give a new user a member profile: pending, unless a superuser."""
    if created and not raw:
        Member.objects.get_or_create(
            user=instance,
            defaults={"status": MemberStatus.APPROVED if instance.is_superuser else MemberStatus.PENDING},
        )
