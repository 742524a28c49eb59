import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HANDLE_RE = re.compile(r"^[A-Za-z0-9_]{3,30}$")


def validate_handle(value):
    if not HANDLE_RE.match(value):
        raise ValidationError(_("Use 3 to 30 letters (a–z), digits or underscores."))


class ForumProfile(models.Model):
    """A member's forum identity: a handle, not their email (how they get email is the member's one setting)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_profile")
    handle = models.CharField(
        _("handle"),
        max_length=30,
        unique=True,
        validators=[validate_handle],
        help_text=_("How others mention you: @handle. Letters a–z, digits and underscores."),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown beside your posts. Leave blank to show your handle."),
    )
    suspended_until = models.DateTimeField(_("posting suspended until"), null=True, blank=True)
    suspension_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("forum profile")

    def __str__(self):
        return self.handle

    def save(self, *args, **kwargs):
        self.handle = self.handle.lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:member", args=[self.handle])

    @property
    def name(self):
        return self.display_name or self.handle

    @property
    def is_suspended(self):
        return bool(self.suspended_until and self.suspended_until > timezone.now())

    @classmethod
    def for_user(cls, user):
        """Return the member's profile, creating one with a neutral handle on first use."""
        try:
            return user.forum_profile
        except cls.DoesNotExist:
            pass
        base = f"member{user.pk}"
        for attempt in range(10):
            handle = base if attempt == 0 else f"{base}_{attempt}"
            try:
                with transaction.atomic():
                    profile = cls.objects.create(user=user, handle=handle)
            except IntegrityError:
                existing = cls.objects.filter(user=user).first()
                if existing:
                    return existing
                continue
            user.forum_profile = profile
            return profile
        raise IntegrityError("no free handle")


class Subscription(models.Model):
    """A member following a thread or a whole board."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions")
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    board = models.ForeignKey(
        "forum.Board", null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forum_follow_thread_once"),
            models.UniqueConstraint(fields=["user", "board"], name="forum_follow_board_once"),
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, board__isnull=True)
                | models.Q(thread__isnull=True, board__isnull=False),
                name="forum_follow_thread_or_board",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.thread or self.board}"


class ReadPosition(models.Model):
    """The last post a member has seen in a thread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="read_positions")
    post = models.ForeignKey("forum.Post", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="forum_one_read_position")]

    def __str__(self):
        return f"{self.user} read {self.thread} to {self.post_id}"
