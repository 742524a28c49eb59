"""The forum home's figures per board (threads, posts, latest thread) are kept on the board by whatever changes them,
agree with a count from the threads, and show only for boards the reader may see."""

import re

import pytest
from django.db.models import Count, Sum
from django.urls import reverse

from forum import counters, services
from forum.models import Board, Status, Thread
from tests.factories.forum import create_board, create_forum_member, create_thread

pytestmark = pytest.mark.django_db


def counted_from_threads(board):
    """Return (threads, posts, latest thread id) of a board, counted from its published threads."""
    published = Thread.objects.filter(board=board, status=Status.PUBLISHED)
    totals = published.aggregate(threads=Count("pk"), posts=Sum("post_count"))
    latest = published.order_by("-last_post_at", "-pk").first()
    return totals["threads"], totals["posts"] or 0, latest.pk if latest else None


def kept(board):
    board = Board.objects.get(pk=board.pk)
    return board.thread_count, board.post_count, board.latest_thread_id


def home_figures(client, board):
    """Return the forum home's line of figures under a board's name, as the reader sees it."""
    page = client.get(reverse("forum:index")).content.decode()
    card = page[page.index(board.name) :]
    return " ".join(re.sub(r"<[^>]+>", " ", card[card.index('class="card__meta">') + 19 : card.index("</p>")]).split())


def test_replies_new_threads_deletions_hiding_and_restoring_keep_the_figures(
    client, participant, officer, moderator, members_board
):
    assert kept(members_board) == (0, 0, None)
    first = services.create_thread(members_board, participant, "Fake job adverts", "What do you look for?")
    second = services.create_thread(members_board, officer, "Visa-run buses", "Seen at Poipet?")
    assert kept(members_board) == (2, 2, second.pk) == counted_from_threads(members_board)

    reply = services.create_reply(first, officer, "The salary is always too high.")
    services.create_reply(first, participant, "And the employer has no address.")
    assert kept(members_board) == (2, 4, first.pk) == counted_from_threads(members_board)

    services.delete_post(reply, officer)
    assert kept(members_board) == (2, 3, first.pk) == counted_from_threads(members_board)

    services.hide_post(first.first_post, moderator, "names a witness")  # the opening post: the thread goes
    assert kept(members_board) == (1, 1, second.pk) == counted_from_threads(members_board)
    client.force_login(participant)
    figures = home_figures(client, members_board)
    assert figures.startswith("1 thread · 1 post · Latest: Visa-run buses")
    assert "Fake job adverts" not in client.get(reverse("forum:index")).content.decode()

    services.restore_post(Thread.objects.get(pk=first.pk).first_post, moderator)
    assert kept(members_board) == counted_from_threads(members_board) == (2, 3, first.pk)
    assert home_figures(client, members_board).startswith("2 threads · 3 posts · Latest: Fake job adverts")
    assert Thread.objects.get(pk=first.pk).last_post_at > second.last_post_at  # its replies, not its opening


def test_a_post_held_for_approval_counts_once_approved(participant, officer, moderator):
    held = create_board(name="Held board", slug="held", hold_new_member_posts=True)
    newcomer = create_forum_member("participant")
    thread = services.create_thread(held, moderator, "Boat landings", "Where were they seen?")
    waiting = services.create_reply(thread, newcomer, "Near the old pier.")
    assert waiting.status == Status.PENDING
    assert kept(held) == (1, 1, thread.pk)
    services.approve_post(waiting, moderator)
    assert kept(held) == (1, 2, thread.pk) == counted_from_threads(held)


def test_moving_a_thread_moves_its_figures(moderator, officer, members_board, officers_board):
    thread = services.create_thread(members_board, officer, "Checkpoint rotation", "Which days?")
    services.create_reply(thread, moderator, "Tuesdays.")
    services.move_thread(thread, moderator, officers_board, "operational detail")
    assert kept(members_board) == (0, 0, None)
    assert kept(officers_board) == (1, 2, thread.pk) == counted_from_threads(officers_board)


def test_a_thread_saved_another_way_counts_its_board_again(participant, officer, members_board):
    visible = create_thread(members_board, officer, title="Visible one")
    hidden = create_thread(members_board, officer, title="Hidden one")
    hidden.status = Status.HIDDEN
    hidden.save()
    assert kept(members_board) == (1, 1, visible.pk)
    Thread.objects.filter(pk=hidden.pk).update(status=Status.PUBLISHED)  # raw change: recount_all puts it right
    counters.recount_all()
    assert kept(members_board) == counted_from_threads(members_board) == (2, 2, hidden.pk)


def test_a_restricted_boards_figures_and_latest_thread_never_reach_a_reader_outside_it(
    client, participant, officer, members_board, officers_board
):
    services.create_thread(officers_board, officer, "Kestrel convoy timetable", "Changes vehicles twice.")
    services.create_thread(members_board, officer, "Open question", "Anyone?")
    client.force_login(participant)
    page = client.get(reverse("forum:index")).content.decode()
    assert "Kestrel" not in page
    assert officers_board.name not in page
    assert home_figures(client, members_board).startswith("1 thread · 1 post · Latest: Open question")
    client.force_login(officer)
    assert home_figures(client, officers_board).startswith("1 thread · 1 post · Latest: Kestrel convoy timetable")


def test_the_forum_home_asks_the_same_queries_however_many_threads(
    client, participant, officer, members_board, django_assert_max_num_queries
):
    other = create_board(name="Second board", slug="second")
    for board in (members_board, other):
        create_thread(board, officer, title="One")
    client.force_login(participant)
    client.get(reverse("forum:index"))
    with django_assert_max_num_queries(100) as few:
        client.get(reverse("forum:index"))
    for number in range(20):
        create_thread(members_board if number % 2 else other, officer, title=f"More {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("forum:index"))
    assert "11 threads" in client.get(reverse("forum:index")).content.decode()
