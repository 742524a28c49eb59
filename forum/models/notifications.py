from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .boards import remember_readers, visible_board_ids
from .threads import Status, Thread


class NotificationQuerySet(models.QuerySet):
    def _of_published_posts(self):
        return self.filter(post__status=Status.PUBLISHED, post__thread__status=Status.PUBLISHED)

    def for_reader(self, user):
        """Return this member's notifications about posts they may still see."""
        return self._of_published_posts().filter(recipient=user, post__thread__board_id__in=visible_board_ids(user))

    def seen_by_recipients(self, users=None):
        """Return, as a list, those of these notifications that for_reader(recipient) shows each one's recipient.

        The same rule for many recipients at once, in a fixed number of queries: the notifications of published
        posts with their recipients (and member profiles), post and thread, then each recipient's boards worked out
        for all of them together (remember_readers). users: recipients already worked out, by primary key (their
        objects are used instead of loading them again).
        """
        users = dict(users or {})
        rows = list(self._of_published_posts().select_related("recipient__member", "post__thread"))
        for notification in rows:
            notification.recipient = users.setdefault(notification.recipient_id, notification.recipient)
        recipients = {notification.recipient_id for notification in rows}
        remember_readers([user for pk, user in users.items() if pk in recipients])
        return [n for n in rows if n.post.thread.board_id in visible_board_ids(n.recipient)]

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something in the forum a member should know about: a reply, a mention, a new thread."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply")
        MENTION = "mention", _("Mention")
        NEW_THREAD = "new_thread", _("New thread")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "post"], name="forum_one_notification_per_post")]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def thread(self) -> Thread:
        return self.post.thread
