"""Build and create forum boards, threads and posts for tests."""

import itertools

from django.utils import timezone

from accounts.roles import requires_two_factor
from accounts.twofactor import enrol_totp
from forum.models import Board, ForumProfile, Post, Status, Subscription, Thread
from tests.factories.accounts import create_user

_counter = itertools.count(1)


def create_board(*, audience=Board.Audience.MEMBERS, groups=(), moderators=(), **fields):
    """Create a board (for all members unless told otherwise)."""
    number = next(_counter)
    fields.setdefault("name", f"Board {number}")
    fields.setdefault("slug", f"board-{number}")
    board = Board.objects.create(audience=audience, **fields)
    board.groups.set(groups)
    board.moderators.set(moderators)
    return board


def create_forum_member(role="participant", handle=None, **fields):
    """Create an approved member with a role (two-factor enrolled where the role requires it) and a handle."""
    user = create_user(role, **fields)
    if requires_two_factor(user):
        enrol_totp(user)
    if handle:
        set_handle(user, handle)
    return user


def set_handle(user, handle):
    """Give a member a forum handle."""
    profile = ForumProfile.for_user(user)
    profile.handle = handle
    profile.save()
    return profile


def create_thread(
    board, starter, *, title="Spotting fake job adverts on social media", body="What do you look for?", **fields
):
    """Create a published thread with its opening post, followed by its starter (no rate limit, no notifications)."""
    now = fields.pop("created_at", None) or timezone.now()
    thread = Thread.objects.create(
        board=board, title=title, starter=starter, created_at=now, last_post_at=now, post_count=1, **fields
    )
    Post.objects.create(thread=thread, author=starter, body=body, created_at=now)
    ForumProfile.for_user(starter)
    Subscription.objects.create(user=starter, thread=thread)
    return thread


def create_post(thread, author, body="A reply.", *, status=Status.PUBLISHED, created_at=None):
    """Create a post in a thread directly, keeping the thread's counters right."""
    post = Post.objects.create(
        thread=thread, author=author, body=body, status=status, created_at=created_at or timezone.now()
    )
    if status == Status.PUBLISHED:
        thread.post_count += 1
        thread.last_post_at = max(thread.last_post_at, post.created_at)
        thread.save(update_fields=["post_count", "last_post_at"])
    if author is not None:
        ForumProfile.for_user(author)
    return post
