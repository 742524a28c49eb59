"""What members and moderators do in the forum, each in one transaction with its counters, log and notices."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from forum import counters, search_index, tasks
from forum.models import (
    Board,
    Flag,
    ForumProfile,
    ModerationLog,
    Post,
    PostRevision,
    Reaction,
    Status,
    Subscription,
    Thread,
)
from forum.models.boards import moderated_board_ids
from forum.uploads import save_attachments

NEW_MEMBER_DAYS = 7
NEW_MEMBER_POSTS = 5


class PostingNotAllowed(Exception):
    """Raised with a message for the member when they may not post now."""


def can_moderate(user, board):
    """Return whether this member moderates the board (and may see it)."""
    if not (user and user.is_authenticated):
        return False
    return board.pk in moderated_board_ids(user)


def moderated_boards(user):
    """Return the boards this member moderates."""
    return Board.objects.moderated_by(user)


def is_new_member(user):
    """Return whether the member joined under a week ago or has fewer than five published posts."""
    if user.date_joined and user.date_joined > timezone.now() - timedelta(days=NEW_MEMBER_DAYS):
        return True
    return Post.objects.filter(author=user, status=Status.PUBLISHED).count() < NEW_MEMBER_POSTS


def check_can_post(user, thread=None):
    """Raise PostingNotAllowed if this member may not post now (suspended, locked thread, too fast)."""
    ForumProfile.for_user(user)
    profile = ForumProfile.objects.get(user=user)
    if profile.is_suspended:
        until = timezone.localtime(profile.suspended_until).strftime("%Y-%m-%d %H:%M")
        raise PostingNotAllowed(_("Your posting is suspended until %(date)s.") % {"date": until})
    if thread is not None and thread.is_locked and not can_moderate(user, thread.board):
        raise PostingNotAllowed(_("This thread is locked: no new replies."))


def take_rate_slot(user):
    """Count one post against the member's per-minute allowance; raise PostingNotAllowed when it is used up."""
    limits = getattr(settings, "FORUM_POSTS_PER_MINUTE", {"member": 6, "new_member": 2})
    allowed = limits["new_member"] if is_new_member(user) else limits["member"]
    key = f"forum:rate:{user.pk}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=120)
        count = 1
    if count > allowed:
        raise PostingNotAllowed(
            _("You are posting too fast. Please wait a minute and try again (limit: %(n)s posts a minute).")
            % {"n": allowed}
        )


def _needs_approval(user, board):
    """Return whether this post waits for a moderator: the board holds the first five posts of each member."""
    if not board.hold_new_member_posts or can_moderate(user, board):
        return False
    return Post.objects.filter(author=user, status=Status.PUBLISHED).count() < NEW_MEMBER_POSTS


def _follow_thread(user, thread):
    Subscription.objects.get_or_create(user=user, thread=thread)


def create_thread(board, author, title, body, *, library_page=None, files=()):
    """Start a thread with its opening post; return the thread (pending if the board holds new members' posts)."""
    check_can_post(author)
    take_rate_slot(author)
    status = Status.PENDING if _needs_approval(author, board) else Status.PUBLISHED
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            board=board,
            title=title,
            starter=author,
            library_page=library_page,
            status=status,
            created_at=now,
            last_post_at=now,
            post_count=1 if status == Status.PUBLISHED else 0,
        )
        post = Post.objects.create(thread=thread, author=author, body=body, status=status, created_at=now)
        save_attachments(post, files)
        _follow_thread(author, thread)
        if status == Status.PUBLISHED:
            tasks.fan_out_post.enqueue(post.pk)
        search_index.update(thread, post)
    return thread


def create_reply(thread, author, body, *, files=()):
    """Add a reply to a thread; return the post (pending if held for approval)."""
    check_can_post(author, thread)
    take_rate_slot(author)
    status = Status.PENDING if _needs_approval(author, thread.board) else Status.PUBLISHED
    with transaction.atomic():
        locked = Thread.objects.select_for_update().filter(pk=thread.pk).first()
        post = Post.objects.create(thread=thread, author=author, body=body, status=status)
        save_attachments(post, files)
        if status == Status.PUBLISHED:
            _count_published(post)
            if locked.status == Status.PUBLISHED:
                counters.add_reply(locked, post.created_at)
        _follow_thread(author, thread)
        if status == Status.PUBLISHED:
            tasks.fan_out_post.enqueue(post.pk)
        search_index.update(post)
    return post


def _count_published(post, delta=1):
    """Count a post in or out of its thread's figures (a thread's own; the caller keeps its board's)."""
    thread_changes = {"post_count": F("post_count") + delta}
    if delta > 0:
        thread_changes["last_post_at"] = Greatest("last_post_at", Value(post.created_at))  # a restored post is older
    Thread.objects.filter(pk=post.thread_id).update(**thread_changes)
    if delta < 0:
        latest = Post.objects.filter(thread_id=post.thread_id, status=Status.PUBLISHED).order_by("-created_at").first()
        if latest:
            Thread.objects.filter(pk=post.thread_id).update(last_post_at=latest.created_at)


def edit_post(post, editor, body):
    """Save new text for a post, keeping the previous text in its edit history."""
    if body == post.body:
        return post
    with transaction.atomic():
        PostRevision.objects.create(post=post, body=post.body, edited_by=editor)
        post.body = body
        post.edited_at = timezone.now()
        post.save()
        search_index.update(post, post.thread)
    return post


def delete_post(post, user):
    """Soft-delete one's own post: it shows as "This post was deleted"."""
    with transaction.atomic():
        was_published = post.status == Status.PUBLISHED
        post.status = Status.DELETED
        post.save(update_fields=["status"])
        if was_published:
            _count_published(post, -1)
            counters.recount(post.thread.board_id)
        if post.thread.answer_id == post.pk:
            Thread.objects.filter(pk=post.thread_id).update(answer=None)
        search_index.update(post, post.thread)


def _is_opening(post):
    return post.thread.first_post.pk == post.pk


def _log(actor, action, *, board=None, thread=None, post=None, member=None, reason=""):
    if post is not None and thread is None:
        thread = post.thread
    if thread is not None and board is None:
        board = thread.board
    ModerationLog.objects.create(
        actor=actor, action=action, board=board, thread=thread, post=post, member=member, reason=reason[:500]
    )


def _resolve_flags(post, moderator):
    post.flags.filter(resolved_at__isnull=True).update(resolved_at=timezone.now(), resolved_by=moderator)


def hide_post(post, moderator, reason=""):
    """Hide a post from everyone but moderators; hiding an opening post hides its thread."""
    with transaction.atomic():
        was_published = post.status == Status.PUBLISHED
        post.status = Status.HIDDEN
        post.save(update_fields=["status"])
        if was_published:
            _count_published(post, -1)
        thread = post.thread
        if _is_opening(post):
            thread.status = Status.HIDDEN
            thread.save(update_fields=["status"])
        counters.recount(thread.board_id)
        _resolve_flags(post, moderator)
        _log(moderator, ModerationLog.Action.HIDE, post=post, reason=reason)
        search_index.update(post, thread, *(thread.posts.all() if thread.status != Status.PUBLISHED else ()))


def restore_post(post, moderator, reason=""):
    """Show a hidden post again (and its thread, if it opened one)."""
    _publish(post, moderator, ModerationLog.Action.RESTORE, reason, notify=False)


def approve_post(post, moderator):
    """Publish a post held for approval and send its notifications."""
    _publish(post, moderator, ModerationLog.Action.APPROVE, "", notify=True)


def _publish(post, moderator, action, reason, *, notify):
    with transaction.atomic():
        post.status = Status.PUBLISHED
        post.save(update_fields=["status"])
        thread = post.thread
        if thread.status != Status.PUBLISHED and _is_opening(post):
            thread.status = Status.PUBLISHED
            thread.save(update_fields=["status"])
        _count_published(post)
        counters.recount(thread.board_id)
        _log(moderator, action, post=post, reason=reason)
        if notify:
            tasks.fan_out_post.enqueue(post.pk)
        search_index.update(post, thread, *thread.posts.all())


def dismiss_flags(post, moderator):
    """Close the open flags on a post without acting on it."""
    with transaction.atomic():
        _resolve_flags(post, moderator)
        _log(moderator, ModerationLog.Action.DISMISS, post=post)


def set_thread_state(thread, moderator, action, reason=""):
    """Lock, unlock, pin or unpin a thread."""
    field, value = {
        ModerationLog.Action.LOCK: ("is_locked", True),
        ModerationLog.Action.UNLOCK: ("is_locked", False),
        ModerationLog.Action.PIN: ("is_pinned", True),
        ModerationLog.Action.UNPIN: ("is_pinned", False),
    }[action]
    with transaction.atomic():
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        _log(moderator, action, thread=thread, reason=reason)


def move_thread(thread, moderator, board, reason=""):
    """Move a thread to another board; its posts take that board's audience."""
    with transaction.atomic():
        source = thread.board
        thread.board = board
        thread.save(update_fields=["board"])
        counters.recount(source.pk, board.pk)
        _log(moderator, ModerationLog.Action.MOVE, board=source, thread=thread, reason=reason or str(board))
        search_index.update(thread, *thread.posts.all())


def suspend_member(member, moderator, days, reason):
    """Stop a member posting for a number of days (0 lifts a suspension)."""
    profile = ForumProfile.for_user(member)
    with transaction.atomic():
        if days:
            profile.suspended_until = timezone.now() + timedelta(days=days)
            profile.suspension_reason = reason
            action = ModerationLog.Action.SUSPEND
        else:
            profile.suspended_until = None
            profile.suspension_reason = ""
            action = ModerationLog.Action.UNSUSPEND
        profile.save(update_fields=["suspended_until", "suspension_reason"])
        ModerationLog.objects.create(actor=moderator, action=action, member=member, reason=reason[:500])


def flag_post(post, reporter, reason, details=""):
    """Report a post to the moderators; one open flag per member per post."""
    flag = Flag.objects.filter(post=post, reporter=reporter, resolved_at__isnull=True).first()
    if flag:
        return flag
    return Flag.objects.create(post=post, reporter=reporter, reason=reason, details=details)


def toggle_helpful(post, user):
    """Mark a post helpful, or take the mark back; return whether it is now marked."""
    with transaction.atomic():
        deleted, _detail = Reaction.objects.filter(post=post, user=user).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
            return False
        try:
            with transaction.atomic():
                Reaction.objects.create(post=post, user=user)
        except IntegrityError:
            return True
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
        return True


def can_mark_answer(user, thread):
    """Return whether this member may choose the thread's answer (its starter or a moderator)."""
    return user.is_authenticated and (thread.starter_id == user.pk or can_moderate(user, thread.board))


def mark_answer(thread, post):
    """Mark a reply as the thread's answer, or clear it when it already is."""
    thread.answer = None if thread.answer_id == post.pk else post
    thread.save(update_fields=["answer"])
    return thread.answer is not None


def on_account_deleting(sender, user, **kwargs):
    """Take back a leaving member's "helpful" marks so the counts stay right; their posts stay, authorless."""
    for post_id in Reaction.objects.filter(user=user).values_list("post_id", flat=True):
        Post.objects.filter(pk=post_id, helpful_count__gt=0).update(helpful_count=F("helpful_count") - 1)
