"""Who hears about a new post, in-app and by email; visibility is checked again when anything is sent."""

import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Member, NotificationPreference, member_of
from accounts.notifications import member_language
from forum.models import ForumProfile, Notification, Post, Subscription
from forum.models.boards import remember_readers
from search.follows import checks as followed_searches

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "forum.unsubscribe"


MENTION_RE = re.compile(r'href="/forum/members/([A-Za-z0-9_]+)/" class="mention"')


def mentioned_user_ids(post):
    """Return the ids of the active members whose @handle is linked in the post's rendered text."""
    handles = set(MENTION_RE.findall(post.body_html))
    if not handles:
        return []
    profiles = ForumProfile.objects.filter(handle__in=handles, user__is_active=True)
    return list(profiles.values_list("user_id", flat=True))


def can_see_post(user, post):
    """Return whether this member may read this post now."""
    return Post.objects.published_for_reader(user).filter(pk=post.pk).exists()


def notify_new_post(post):
    """Record notifications for mentions, thread followers and (for a new thread) board followers; return the ids of
    the members newly notified.

    Who may see the post is decided for all of them at once, in a fixed number of queries however many follow
    (forum.models.remember_readers, Post.objects.readers_of): the same rule as can_see_post for each.
    """
    thread = post.thread
    opening = post.pk == thread.first_post.pk
    if opening:
        followers = Subscription.objects.filter(board=thread.board_id)
        kind = Notification.Kind.NEW_THREAD
    else:
        followers = Subscription.objects.filter(thread=thread)
        kind = Notification.Kind.REPLY
    kinds = dict.fromkeys(followers.values_list("user_id", flat=True), kind)
    kinds.update(dict.fromkeys(mentioned_user_ids(post), Notification.Kind.MENTION))
    kinds.pop(post.author_id, None)
    already = set(Notification.objects.filter(post=post).values_list("recipient_id", flat=True))
    users = list(get_user_model().objects.filter(pk__in=list(kinds), is_active=True).select_related("member"))
    remember_readers(users)
    readers = Post.objects.readers_of(post, users)
    new = [
        Notification(recipient=user, post=post, kind=kinds[user.pk], actor_id=post.author_id)
        for user in readers
        if user.pk not in already
    ]
    # One statement for all; a second run of the task (or a twin) meanwhile: the unique constraint keeps one each.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    created = [notification.recipient_id for notification in new]
    # Every notification of the post not emailed yet, not only those created now: run again after a failure
    # half-way, the task emails those it had not reached.
    waiting = list(Notification.objects.filter(post=post, emailed_at__isnull=True).values_list("pk", flat=True))
    if waiting:
        # The same user objects: what they may see was worked out above and is remembered on them (forum.access).
        known = {user.pk: user for user in users}
        transaction.on_commit(lambda: send_immediate(waiting, users=known))
    return created


def unsubscribe_token(user):
    """Return a signed token that stops forum email for this member, usable without signing in."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_for_token(token):
    """Return the member a valid unsubscribe token names, or None."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _message(user, subject, template, context, unsubscribe_url=None):
    unsubscribe_url = unsubscribe_url or _absolute(reverse("forum:unsubscribe", args=[unsubscribe_token(user)]))
    context = {**context, "user": user, "unsubscribe_url": unsubscribe_url, "site_url": _absolute("/")}
    return EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def _items(notifications):
    return [
        {
            "notification": n,
            "actor": _actor_name(n.actor),
            "url": _absolute(reverse("forum:notification", args=[n.pk])),
        }
        for n in notifications
    ]


def _actor_name(user):
    if user is None:
        return _("A former member")
    return ForumProfile.for_user(user).name


def send_immediate(notification_ids, users=None):
    """Email the listed notifications whose recipients asked for immediate email and may still see the post, each in
    its recipient's language (`users`: recipients already loaded, by primary key).

    All of them in one transaction, in a fixed number of queries: the notifications not emailed yet are claimed
    (locked where the database can, and marked emailed) and their emails queued in the same transaction, so a run
    again after a failure, or a twin run meanwhile, emails none twice.
    """
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "actor__forum_profile"
    )
    due = [
        notification
        for notification in pending.seen_by_recipients(users)
        if notification.recipient.email
        and member_of(notification.recipient).notifications == NotificationPreference.IMMEDIATELY
    ]
    if not due:
        return 0
    with transaction.atomic():
        claimed = set(
            Notification.objects.select_for_update()
            .filter(pk__in=[n.pk for n in due], emailed_at__isnull=True)
            .values_list("pk", flat=True)
        )
        due = [n for n in due if n.pk in claimed]  # the others were emailed by another run meanwhile
        Notification.objects.filter(pk__in=claimed).update(emailed_at=timezone.now())
        messages = []
        for notification in due:
            user = notification.recipient
            with translation.override(member_language(user)):
                subject = _("[Frontline Exchange] New in “%(title)s”") % {"title": notification.post.thread.title}
                messages.append(
                    _message(user, subject, "forum/email/notification.txt", {"items": _items([notification])})
                )
        sent = _send_batch(messages, due)
    return sent


def _send_batch(messages, notifications):
    """Send these messages (inside the transaction that marked their notifications emailed); return how many went.

    A backend that queues a whole call in the transaction (the site's: frontline.mail) takes them in one call; any
    other sends them one by one, and a failure leaves that notification and the rest unmarked for a later run.
    """
    connection = get_connection()
    if getattr(connection, "queues_in_transaction", False):
        try:
            connection.send_messages(messages)
        except OSError:
            logger.exception("Could not queue %s forum notification emails", len(messages))
            transaction.set_rollback(True)
            return 0
        return len(messages)
    with connection:
        for sent, (message, notification) in enumerate(zip(messages, notifications, strict=True)):
            try:
                connection.send_messages([message])
            except OSError:
                logger.exception("Could not send forum notification %s", notification.pk)
                Notification.objects.filter(pk__in=[n.pk for n in notifications[sent:]]).update(emailed_at=None)
                return sent
    return len(messages)


def send_digests(now=None):
    """Send each daily-digest member one email: their unread, unsent notifications and the new matches of the
    searches they follow with the daily digest (search.follows); return the emails sent."""
    now = now or timezone.now()
    sent = 0
    members = Member.objects.filter(
        Q(notifications=NotificationPreference.DAILY) | Q(user_id__in=followed_searches.digest_recipients()),
        user__is_active=True,
    )
    for member in members.select_related("user"):
        user = member.user
        if not user.email:
            continue
        items = []
        if member.notifications == NotificationPreference.DAILY:
            waiting = (
                Notification.objects.for_reader(user)
                .filter(Q(emailed_at__isnull=True), read_at__isnull=True, created_at__lte=now)
                .select_related("post__thread", "actor")
                .order_by("created_at", "pk")
            )
            items = list(waiting[:50])
        with translation.override(member_language(user)), transaction.atomic():
            followed = followed_searches.digest_section(user, now)
            # Marking the followed-search matches and queuing the email (a task) commit together.
            if followed is not None and not followed.claim(now):
                followed = None  # another run sent them meanwhile
            if not items and followed is None:
                continue
            if items:
                subject = _("[Frontline Exchange] Your forum digest: %(count)s new") % {"count": len(items)}
                unsubscribe_url = None
            else:
                subject = _("[Frontline Exchange] New for your followed searches: %(count)s") % {
                    "count": followed.count
                }
                unsubscribe_url = followed.unsubscribe_url
            try:
                _message(
                    user,
                    subject,
                    "forum/email/digest.txt",
                    {"items": _items(items), "followed": followed},
                    unsubscribe_url=unsubscribe_url,
                ).send()
            except OSError:
                logger.exception("Could not send the forum digest to member %s", user.pk)
                transaction.set_rollback(True)
                continue
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        sent += 1
    return sent
