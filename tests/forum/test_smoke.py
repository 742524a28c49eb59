import pytest
from django.urls import reverse

from tests.factories.forum import create_board, create_forum_member, create_post, create_thread

pytestmark = pytest.mark.django_db


def test_pages_render_for_a_member(client):
    member = create_forum_member("officer")
    board = create_board(name="Online recruitment")
    thread = create_thread(board, member)
    create_post(thread, member, "Second")
    client.force_login(member)
    for url in [
        reverse("forum:index"),
        board.get_absolute_url(),
        thread.get_absolute_url(),
        reverse("forum:reply", args=[thread.pk]),
        reverse("forum:notifications"),
        reverse("forum:preferences"),
        reverse("forum:thread_create", args=[board.slug]),
        "/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
