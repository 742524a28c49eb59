"""Which boards a reader's audience tokens open is kept in the shared cache between requests (forum.models.boards):
a signed-in page then asks the database nothing about the boards, and any change of a board's audience, its working
groups or a group is seen on the next page, by every reader, without a stale board showing."""

from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import Board
from forum.models.boards import outside_transaction, visible_board_ids

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept_as_outside_a_transaction():
    """Each test runs inside a transaction, where nothing is kept; a request in production runs outside one."""
    with mock.patch("forum.models.boards.outside_transaction", return_value=True):
        yield


def _forum_home(client):
    response = client.get(reverse("forum:index"))
    assert response.status_code == 200
    return response.content.decode()


def _board_queries(client):
    with CaptureQueriesContext(connection) as queries:
        _forum_home(client)
    return [
        query["sql"] for query in queries if 'FROM "forum_board" WHERE' in query["sql"] and "audience" in query["sql"]
    ]


def test_a_second_page_asks_the_database_nothing_about_which_boards_open(client, participant, members_board):
    client.force_login(participant)
    assert _board_queries(client)  # worked out once…
    assert _board_queries(client) == []  # …then kept
    assert members_board.name in _forum_home(client)


def test_a_board_moved_to_officers_disappears_for_a_participant_on_the_next_page(
    client, participant, officer, members_board
):
    client.force_login(participant)
    assert members_board.name in _forum_home(client)
    members_board.audience = Board.Audience.OFFICERS
    members_board.save()
    assert members_board.name not in _forum_home(client)
    assert client.get(members_board.get_absolute_url()).status_code == 404
    client.force_login(officer)
    assert members_board.name in _forum_home(client)


def test_readers_with_other_tokens_never_get_each_others_boards(client, participant, officer, officers_board):
    client.force_login(officer)
    assert officers_board.name in _forum_home(client)  # the officer's answer is kept…
    client.force_login(participant)
    assert officers_board.name not in _forum_home(client)  # …and is not the participant's
    assert client.get(officers_board.get_absolute_url()).status_code == 404


def test_working_group_changes_are_seen_on_the_next_page(client, participant, working_group, group_board):
    participant.groups.add(working_group)
    client.force_login(participant)
    assert group_board.name in _forum_home(client)
    group_board.groups.remove(working_group)  # the board leaves the group
    assert group_board.name not in _forum_home(client)
    group_board.groups.add(working_group)
    assert group_board.name in _forum_home(client)
    participant.groups.remove(working_group)  # the member leaves the group
    assert group_board.name not in _forum_home(client)


def test_a_renamed_officer_group_no_longer_opens_officer_boards(client, officer, officers_board):
    client.force_login(officer)
    assert officers_board.name in _forum_home(client)
    group = officer.groups.get(name="Officers")
    group.name = "Former officers"
    group.save()
    assert officers_board.name not in _forum_home(client)


def test_a_change_rolled_back_is_never_kept(participant, officers_board):
    with pytest.raises(RuntimeError), transaction.atomic():
        officers_board.audience = Board.Audience.MEMBERS
        officers_board.save()
        with mock.patch("forum.models.boards.outside_transaction", outside_transaction):  # the real check
            assert officers_board.pk in visible_board_ids(type(participant).objects.get(pk=participant.pk))
        raise RuntimeError("the editor's change failed")
    assert officers_board.pk not in visible_board_ids(type(participant).objects.get(pk=participant.pk))
