"""Telling a busy thread's followers: the worker's work per follower stays small (a burst of replies in a thread
that 40 members follow waited 15-30 s for the worker, issue 14), and every follower is still told and emailed."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import notifications
from forum.models import Notification, Subscription
from tests.factories.forum import create_forum_member, create_post, create_thread

pytestmark = pytest.mark.django_db


def fan_out_queries(thread, author, followers, django_capture_on_commit_callbacks):
    for user in followers:
        Subscription.objects.get_or_create(user=user, thread=thread)
    post = create_post(thread, author, "Seen again at the crossing.")
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        notifications.notify_new_post(post)
    assert set(Notification.objects.filter(post=post).values_list("recipient_id", flat=True)) >= {
        user.pk for user in followers
    }
    assert {message.to[0] for message in mail.outbox} >= {user.email for user in followers}
    return len(queries)


def test_each_more_follower_costs_a_few_queries(officer, members_board, django_capture_on_commit_callbacks):
    thread = create_thread(members_board, officer, title="Crossing at dawn")
    few = [create_forum_member("participant") for _ in range(3)]
    many = few + [create_forum_member("participant") for _ in range(10)]
    base = fan_out_queries(thread, officer, few, django_capture_on_commit_callbacks)
    more = fan_out_queries(thread, officer, many, django_capture_on_commit_callbacks)
    per_follower = (more - base) / 10
    print(f"queries: {base} for 3 followers, {more} for 13: {per_follower:.1f} a follower")
    assert per_follower <= 13  # 24 before the recipients were reused and their notifications written at once
