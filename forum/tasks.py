"""The forum's background tasks: telling followers about a new post, and the daily digest.

A reply's request only queues ``fan_out_post`` (in the reply's own transaction); the worker records each
follower's and mentioned member's notification and queues their emails. Both tasks are idempotent: a follower
has at most one notification per post, and a notification is emailed once (``emailed_at``).
"""

from datetime import timedelta

from django.conf import settings

from background.queue import task
from background.schedule import register_periodic
from forum import notifications
from forum.models import Post

# Ahead of the queued emails (priority 0): in a burst of replies each reply's followers are told as soon as the
# worker is free, not after the emails of every earlier reply have gone (their delivery follows).
FAN_OUT_PRIORITY = 10


@task(max_attempts=5, backoff=10, priority=FAN_OUT_PRIORITY)
def fan_out_post(post_id):
    """Notify the followers and mentioned members of a published post (in-app, and by email if they asked)."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None:  # deleted before the worker came to it: nobody to tell
        return 0
    return len(notifications.notify_new_post(post))


@task(max_attempts=3, backoff=300)
def send_forum_digest():
    """Email each daily-digest member their unread, unsent notifications."""
    return notifications.send_digests()


def register_periodic_tasks():
    register_periodic(
        send_forum_digest,
        every=timedelta(hours=getattr(settings, "FORUM_DIGEST_EVERY_HOURS", 24)),
        name="forum.send_forum_digest",
    )
