"""Board management in the Wagtail admin, and the forum demo content."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from forum.models import Board, Post, Thread
from tests.factories.forum import create_forum_member

pytestmark = pytest.mark.django_db


def test_editor_adds_a_board_in_the_wagtail_admin(client):
    editor = create_forum_member("editor")
    client.force_login(editor)
    add_url = reverse("wagtailsnippets_forum_board:add")
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url,
        {
            "name": "Laos–Thailand border cooperation",
            "slug": "laos-thailand",
            "description": "Joint work across the Mekong crossings.",
            "kind": "partnership",
            "order": "1",
            "audience": "members",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    board = Board.objects.get(slug="laos-thailand")
    assert board.kind == "partnership"
    assert client.get(reverse("wagtailsnippets_forum_board:list")).status_code == 200


def test_participants_cannot_manage_boards(client):
    client.force_login(create_forum_member("participant"))
    response = client.get(reverse("wagtailsnippets_forum_board:add"))
    assert response.status_code in (302, 403)
    assert not Board.objects.exists()


def test_forum_demo_loads_once_in_five_languages(client):
    call_command("load_forum_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Board.objects.count(), Thread.objects.count(), Post.objects.count())
    call_command("load_forum_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Board.objects.count(), Thread.objects.count(), Post.objects.count()) == counts
    assert counts[0] == 7
    text = " ".join(Post.objects.values_list("body", flat=True))
    assert any("\u0e80" <= c <= "\u0eff" for c in text)  # Lao
    assert any("\u0e00" <= c <= "\u0e7f" for c in text)  # Thai
    assert any("\u1780" <= c <= "\u17ff" for c in text)  # Khmer
    assert "hộ chiếu" in text  # Vietnamese
    assert Board.objects.get(slug="officers-operations").audience == "officers"
    assert Board.objects.get(slug="mekong-liaison").groups.exists()


def test_board_holding_threads_is_not_deleted(client, members_board, participant):
    from tests.factories.forum import create_thread

    create_thread(members_board, participant)
    client.force_login(create_forum_member("administrator"))
    response = client.post(reverse("wagtailsnippets_forum_board:delete", args=[members_board.pk]), follow=True)
    assert response.status_code == 200
    assert "still holds threads" in response.content.decode()
    assert Board.objects.filter(pk=members_board.pk).exists()
