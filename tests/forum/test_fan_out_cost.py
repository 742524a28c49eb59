"""Telling a busy thread's followers: the worker decides for all of them at once (a burst of replies in a thread that
40 members follow waited 15-45 s for the worker, issue 14), and every follower who may see the reply is still told
and emailed, in their language; nobody else is, whatever they followed before."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import MemberStatus, NotificationPreference
from accounts.roles import OFFICER, PARTICIPANT
from forum import notifications, services
from forum.models import Board, Notification, Post, Subscription
from forum.models.boards import remember_readers
from tests.factories.forum import create_board, create_forum_member, create_post, create_thread
from tests.factories.workshops import create_workshop
from workshops.models import WorkshopPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_board(officer):
    """A board for one workshop's cohort; the officer facilitates the workshop (so reads it without joining)."""
    workshop = create_workshop(title="Border screening, Mukdahan", slug="mukdahan", facilitators=[officer])
    board = create_board(name="Mukdahan cohort", audience=Board.Audience.GROUPS, groups=[workshop.cohort])
    return workshop, board


def crowd(size, workshop):
    """Followers of every kind the fan-out tells apart: participants and officers of the cohort (two-factor),
    facilitators of the workshop (the workshops audience source), and participants outside the cohort."""
    kinds = itertools.cycle(["participant", "officer", "facilitator", "outsider"])
    people = []
    for kind in itertools.islice(kinds, size):
        user = create_forum_member(OFFICER if kind in ("officer", "facilitator") else PARTICIPANT)
        if kind in ("participant", "officer"):
            user.groups.add(workshop.cohort)
        if kind == "facilitator":
            workshop.facilitators.add(user)
        people.append((kind, user))
    workshop.save()  # the facilitators are the page's (parental) relation: saved with it
    return people


def fan_out_queries(thread, author, followers, django_capture_on_commit_callbacks):
    for user in followers:
        Subscription.objects.get_or_create(user=user, thread=thread)
    post = create_post(thread, author, "Seen again at the crossing.")
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        notifications.notify_new_post(post)
    return post, len(queries)


def test_the_fan_out_asks_as_many_queries_for_30_followers_as_for_3(
    officer, cohort_board, django_capture_on_commit_callbacks
):
    workshop, board = cohort_board
    thread = create_thread(board, officer, title="Crossing at dawn")
    few = crowd(4, workshop)
    many = few + crowd(32, workshop)
    post, base = fan_out_queries(thread, officer, [user for _kind, user in few], django_capture_on_commit_callbacks)
    post, more = fan_out_queries(thread, officer, [user for _kind, user in many], django_capture_on_commit_callbacks)
    print(f"queries: {base} for {len(few)} followers, {more} for {len(many)}")
    assert more <= base + 2  # 12-13 a follower before (issue 14)
    insiders = {user.pk for kind, user in many if kind != "outsider"}
    assert set(Notification.objects.filter(post=post).values_list("recipient_id", flat=True)) == insiders
    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for k, u in many if k != "outsider")


def test_a_follower_who_lost_access_after_following_is_told_nothing(
    officer, cohort_board, django_capture_on_commit_callbacks
):
    workshop, board = cohort_board
    thread = create_thread(board, officer, title="Crossing at dawn")
    people = {
        name: create_forum_member(role)
        for name, role in [
            ("left", PARTICIPANT),
            ("deactivated", PARTICIPANT),
            ("unapproved", PARTICIPANT),
            ("no_longer_trainer", OFFICER),
            ("stays_digest", PARTICIPANT),
            ("stays_thai", PARTICIPANT),
            ("stays_trainer", OFFICER),
        ]
    }
    for name, user in people.items():
        if "trainer" in name:
            workshop.facilitators.add(user)
        else:
            user.groups.add(workshop.cohort)
        Subscription.objects.create(user=user, thread=thread)
    workshop.save()
    # Then, before the reply: one leaves the cohort, one is deactivated, one loses approval, one stops facilitating.
    people["left"].groups.remove(workshop.cohort)
    people["deactivated"].is_active = False
    people["deactivated"].save()
    people["unapproved"].member.status = MemberStatus.REJECTED
    people["unapproved"].member.save()
    page = WorkshopPage.objects.get(pk=workshop.pk)
    page.facilitators = [user for user in page.facilitators.all() if user != people["no_longer_trainer"]]
    page.save_revision().publish()
    people["stays_digest"].member.notifications = NotificationPreference.DAILY
    people["stays_digest"].member.save()
    people["stays_thai"].member.ui_language = "th"
    people["stays_thai"].member.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.create_reply(thread, officer, "The van came back at dawn.")
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {people[name].pk for name in ("stays_digest", "stays_thai", "stays_trainer")}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people["stays_thai"].email, people["stays_trainer"].email]
    )
    with translation.override("th"):
        thai = translation.gettext("[Frontline Exchange] New in “%(title)s”") % {"title": "Crossing at dawn"}
    assert [m.subject for m in mail.outbox if m.to == [people["stays_thai"].email]] == [thai]


def test_nobody_is_told_of_a_post_that_is_no_longer_published(officer, participant, members_board):
    thread = create_thread(members_board, participant)
    post = create_post(thread, officer, "Soon hidden")
    Post.objects.filter(pk=post.pk).update(status="hidden")
    assert notifications.notify_new_post(post) == []
    assert not Notification.objects.exists()


def test_running_the_fan_out_again_tells_and_emails_nobody_twice(
    officer, participant, members_board, django_capture_on_commit_callbacks
):
    thread = create_thread(members_board, participant)
    post = create_post(thread, officer, "A reply")
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notify_new_post(post) == [participant.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notify_new_post(post) == []
    assert Notification.objects.filter(post=post).count() == 1
    assert [message.to for message in mail.outbox] == [[participant.email]]


def test_readers_decided_at_once_agree_with_each_readers_own_querysets(
    officer, participant, moderator, cohort_board, members_board, officers_board
):
    workshop, board = cohort_board
    members = [officer, participant, moderator] + [user for _kind, user in crowd(4, workshop)]
    pending = create_forum_member(PARTICIPANT, approved=False)
    posts = [
        create_post(create_thread(b, officer, title=f"On {b.name}"), officer, "x")
        for b in (board, members_board, officers_board)
    ]
    everyone = get_user_model().objects.filter(pk__in=[u.pk for u in [*members, pending]])
    for post in posts:
        users = list(everyone.select_related("member"))
        remember_readers(users)
        at_once = {user.pk for user in Post.objects.readers_of(post, users)}
        one_by_one = {u.pk for u in everyone if Post.objects.for_reader(u).published().filter(pk=post.pk).exists()}
        assert at_once == one_by_one, post.thread.board
        assert one_by_one  # each board has readers among them
