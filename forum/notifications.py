"""Who hears about a new post, in-app and by email; visibility is checked again when anything is sent."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Member, NotificationPreference, member_of
from accounts.notifications import member_language
from forum.models import ForumProfile, Notification, Post, Subscription
from search.follows import checks as followed_searches

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "forum.unsubscribe"


def mentioned_users(post):
    """Return the members whose @handle is linked in the post's rendered text."""
    profiles = ForumProfile.objects.select_related("user").filter(user__is_active=True)
    return [p.user for p in profiles.filter(handle__in=_linked_handles(post))]


def _linked_handles(post):
    import re

    return set(re.findall(r'href="/forum/members/([A-Za-z0-9_]+)/" class="mention"', post.body_html))


def can_see_post(user, post):
    """Return whether this member may read this post now."""
    return Post.objects.for_reader(user).published().filter(pk=post.pk).exists()


def notify_new_post(post):
    """Record notifications for mentions, thread followers and (for a new thread) board followers; return the ids of
    the members newly notified."""
    thread = post.thread
    opening = post.pk == thread.first_post.pk
    recipients = {}
    if opening:
        followers = Subscription.objects.filter(board=thread.board_id)
        kind = Notification.Kind.NEW_THREAD
    else:
        followers = Subscription.objects.filter(thread=thread)
        kind = Notification.Kind.REPLY
    for subscription in followers.select_related("user__member"):
        recipients[subscription.user.pk] = (subscription.user, kind)
    for user in mentioned_users(post):
        recipients[user.pk] = (user, Notification.Kind.MENTION)
    recipients.pop(post.author_id, None)
    already = set(Notification.objects.filter(post=post).values_list("recipient_id", flat=True))
    new = [
        Notification(recipient=user, post=post, kind=kind, actor_id=post.author_id)
        for user, kind in recipients.values()
        if user.pk not in already and user.is_active and can_see_post(user, post)
    ]
    # One statement for all; a second run of the task (or a twin) meanwhile: the unique constraint keeps one each.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    created = [notification.recipient_id for notification in new]
    # Every notification of the post not emailed yet, not only those created now: run again after a failure
    # half-way, the task emails those it had not reached.
    waiting = list(Notification.objects.filter(post=post, emailed_at__isnull=True).values_list("pk", flat=True))
    if waiting:
        # The same user objects: what they may see was worked out above and is remembered on them (forum.access).
        users = {user.pk: user for user, _kind in recipients.values()}
        transaction.on_commit(lambda: send_immediate(waiting, users=users))
    return created


def unsubscribe_token(user):
    """Return a signed token that stops forum email for this member, usable without signing in."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_for_token(token):
    """Return the member a valid unsubscribe token names, or None."""
    from django.contrib.auth import get_user_model

    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(user, subject, template, context, unsubscribe_url=None):
    unsubscribe_url = unsubscribe_url or _absolute(reverse("forum:unsubscribe", args=[unsubscribe_token(user)]))
    context = {**context, "user": user, "unsubscribe_url": unsubscribe_url, "site_url": _absolute("/")}
    message = EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()


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
    """Email, one by one, the listed notifications whose recipients asked for immediate email (`users`: recipients
    already loaded, by primary key)."""
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient__member", "post__thread", "actor__forum_profile"
    )
    for notification in pending:
        user = (users or {}).get(notification.recipient_id) or notification.recipient
        if not user.email or member_of(user).notifications != NotificationPreference.IMMEDIATELY:
            continue
        if not Notification.objects.for_reader(user).filter(pk=notification.pk).exists():
            continue
        with translation.override(member_language(user)), transaction.atomic():
            # Queuing the email (site email is a task) and marking the notification emailed commit together.
            if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            ):
                continue  # another run of the task emailed it meanwhile
            subject = _("[Frontline Exchange] New in “%(title)s”") % {"title": notification.post.thread.title}
            try:
                _send(user, subject, "forum/email/notification.txt", {"items": _items([notification])})
            except OSError:
                logger.exception("Could not send forum notification %s", notification.pk)
                transaction.set_rollback(True)


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
                _send(
                    user,
                    subject,
                    "forum/email/digest.txt",
                    {"items": _items(items), "followed": followed},
                    unsubscribe_url=unsubscribe_url,
                )
            except OSError:
                logger.exception("Could not send the forum digest to member %s", user.pk)
                transaction.set_rollback(True)
                continue
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        sent += 1
    return sent
