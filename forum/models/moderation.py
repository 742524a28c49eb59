from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Flag(models.Model):
    """A member's report that a post needs a moderator's attention."""

    class Reason(models.TextChoices):
        IDENTIFYING = "identifying", _("Names or identifies a victim, witness or suspect")
        SENSITIVE = "sensitive", _("Discloses operational details")
        ABUSIVE = "abusive", _("Abusive or off-topic")
        SPAM = "spam", _("Spam")
        OTHER = "other", _("Something else")

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.post}"


class ModerationLog(models.Model):
    """One moderation action: who did what to which post, thread or member, and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hid a post")
        RESTORE = "restore", _("Restored a post")
        APPROVE = "approve", _("Approved a post")
        LOCK = "lock", _("Locked a thread")
        UNLOCK = "unlock", _("Unlocked a thread")
        PIN = "pin", _("Pinned a thread")
        UNPIN = "unpin", _("Unpinned a thread")
        MOVE = "move", _("Moved a thread")
        SUSPEND = "suspend", _("Suspended a member's posting")
        UNSUSPEND = "unsuspend", _("Lifted a suspension")
        DISMISS = "dismiss", _("Dismissed flags")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    board = models.ForeignKey("forum.Board", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    thread = models.ForeignKey("forum.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey("forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"
