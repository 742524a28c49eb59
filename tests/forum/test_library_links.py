"""Discussing library pages: the "Discuss this case study" action and the page's list of threads."""

import pytest
from django.urls import reverse

from forum.models import Thread
from tests.factories.accounts import restrict_to_officers
from tests.factories.forum import create_thread
from tests.factories.library import create_case_study

pytestmark = pytest.mark.django_db


def test_discuss_action_starts_a_thread_about_the_page(client, participant, members_board):
    page = create_case_study(title="Recruited through a fake modelling agency")
    client.force_login(participant)
    library_page = client.get(page.url).content.decode()
    discuss_url = reverse("forum:discuss", args=[page.pk])
    assert discuss_url in library_page
    assert "Discuss this case study" in library_page
    form = client.get(discuss_url).content.decode()
    assert "Discussing: Recruited through a fake modelling agency" in form
    response = client.post(
        discuss_url,
        {"board": members_board.pk, "title": "Lessons from the agency case", "body": "What would you do first?"},
    )
    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url()
    assert thread.library_page_id == page.pk
    assert "Lessons from the agency case" in client.get(page.url).content.decode()
    assert "Lessons from the agency case" in client.get(discuss_url).content.decode()


def test_page_lists_only_threads_the_reader_may_see(client, participant, officer, members_board, officers_board):
    page = create_case_study()
    create_thread(members_board, officer, title="Open discussion of the case", library_page=page)
    create_thread(officers_board, officer, title="Officers-only follow-up", library_page=page)
    client.force_login(participant)
    body = client.get(page.url).content.decode()
    assert "Open discussion of the case" in body
    assert "Officers-only follow-up" not in body
    client.force_login(officer)
    assert "Officers-only follow-up" in client.get(page.url).content.decode()


def test_cannot_post_to_a_board_one_cannot_see(client, participant, officers_board, members_board):
    page = create_case_study()
    client.force_login(participant)
    response = client.post(
        reverse("forum:discuss", args=[page.pk]), {"board": officers_board.pk, "title": "x", "body": "y"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Thread.objects.exists()


def test_discussing_a_restricted_page_one_cannot_open_gives_404(client, participant, members_board):
    page = create_case_study()
    restrict_to_officers(page)
    client.force_login(participant)
    assert client.get(reverse("forum:discuss", args=[page.pk])).status_code == 404


def test_visitors_see_no_discussions_block(client, members_board, officer):
    page = create_case_study()
    create_thread(members_board, officer, title="Members talk", library_page=page)
    body = client.get(page.url).content.decode()
    assert "Members talk" not in body
    assert reverse("forum:discuss", args=[page.pk]) not in body


def test_restricted_page_is_discussed_only_in_boards_no_wider_than_its_audience(
    client, officer, members_board, officers_board
):
    page = create_case_study(title="Officers-only operation review")
    restrict_to_officers(page)
    client.force_login(officer)
    form = client.get(reverse("forum:discuss", args=[page.pk])).content.decode()
    assert officers_board.name in form
    assert members_board.name not in form
    response = client.post(
        reverse("forum:discuss", args=[page.pk]), {"board": members_board.pk, "title": "Leak", "body": "x"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Thread.objects.exists()


def test_next_parameter_cannot_send_members_off_site(client, participant, officer, members_board):
    thread = create_thread(members_board, officer)
    client.force_login(participant)
    for target in ["//evil.example/", "/\\evil.example/", "https://evil.example/"]:
        response = client.post(reverse("forum:post_helpful", args=[thread.first_post.pk]), {"next": target})
        assert response["Location"] == reverse("forum:post", args=[thread.first_post.pk]), target
