"""Boards are invisible to everyone outside their audience: lists, threads, posts, attachments, search, counts."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.access import reader_audience
from forum import search_index
from forum.models import Attachment, Post, Status, Thread
from search.backends import SearchQuery, get_embedded_engine
from tests.factories.forum import create_forum_member, create_post, create_thread

pytestmark = pytest.mark.django_db


def _search(user, text):
    return get_embedded_engine().search(SearchQuery(text=text, audience=frozenset(reader_audience(user))))


@pytest.fixture
def secret_thread(officers_board, officer):
    thread = create_thread(officers_board, officer, title="Checkpoint rotation pattern", body="Kestrel route details")
    reply = create_post(thread, officer, "Kestrel convoy changes vehicles twice")
    attachment = Attachment(post=reply, kind="pdf", name="route.pdf", size=9)
    attachment.file.save("route.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    search_index.update(thread, *thread.posts.all())
    return thread


def test_participant_cannot_see_officers_board_in_the_forum_home(client, participant, officers_board, members_board):
    client.force_login(participant)
    response = client.get(reverse("forum:index"))
    assert response.status_code == 200
    assert "Online recruitment" in response.content.decode()
    assert officers_board.name not in response.content.decode()


def test_officer_sees_officers_board(client, officer, officers_board):
    client.force_login(officer)
    assert officers_board.name in client.get(reverse("forum:index")).content.decode()
    assert client.get(officers_board.get_absolute_url()).status_code == 200


def test_guessed_urls_of_an_officers_board_give_404_to_a_participant(client, participant, secret_thread):
    client.force_login(participant)
    reply = secret_thread.posts.last()
    urls = [
        secret_thread.board.get_absolute_url(),
        reverse("forum:thread_create", args=[secret_thread.board.slug]),
        secret_thread.get_absolute_url(),
        reverse("forum:thread_unread", args=[secret_thread.pk]),
        reverse("forum:reply", args=[secret_thread.pk]),
        reverse("forum:post", args=[reply.pk]),
        reverse("forum:post_flag", args=[reply.pk]),
        reverse("forum:post_edit", args=[reply.pk]),
        reverse("forum:attachment", args=[reply.attachments.get().pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("forum:post_helpful", args=[reply.pk])).status_code == 404
    assert client.post(reverse("forum:follow_thread", args=[secret_thread.pk])).status_code == 404
    assert client.post(reverse("forum:reply", args=[secret_thread.pk]), {"body": "sneaky"}).status_code == 404
    assert secret_thread.posts.count() == 2


def test_participant_cannot_find_officers_posts_by_search(participant, officer, secret_thread):
    assert _search(participant, "Kestrel").total == 0
    found = _search(officer, "Kestrel")
    assert found.total == 2
    assert {hit.kind for hit in found.hits} == {"discussion"}


def test_working_group_board_is_seen_only_by_its_members(client, group_board, working_group, officer, other_officer):
    officer.groups.add(working_group)
    thread = create_thread(group_board, officer, title="Liaison agenda")
    client.force_login(other_officer)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Mekong liaison" not in client.get(reverse("forum:index")).content.decode()
    client.force_login(officer)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_pending_member_sees_no_board(client, members_board):
    applicant = create_forum_member(None, approved=False)
    thread = create_thread(members_board, create_forum_member("participant"))
    client.force_login(applicant)
    response = client.get(reverse("forum:index"))
    assert members_board.name not in response.content.decode()
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_visitors_are_sent_to_sign_in(client, members_board):
    response = client.get(members_board.get_absolute_url())
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_counts_on_forum_home_only_cover_what_the_reader_may_see(client, participant, members_board, officer):
    create_thread(members_board, officer, title="Visible one")
    hidden = create_thread(members_board, officer, title="Hidden one")
    hidden.status = "hidden"
    hidden.save()
    client.force_login(participant)
    body = client.get(reverse("forum:index")).content.decode()
    assert "1 thread" in body
    assert "1 post" in body
    assert "Hidden one" not in body


def test_queryset_methods_agree_with_the_pages(participant, officer, secret_thread, members_board):
    open_thread = create_thread(members_board, officer)
    assert list(Thread.objects.for_reader(participant).published()) == [open_thread]
    assert set(Thread.objects.for_reader(officer).published()) == {open_thread, secret_thread}


def test_for_reader_opens_own_pending_and_placeholders_and_moderators_open_everything(
    client, participant, officer, moderator, members_board, secret_thread
):
    open_thread = create_thread(members_board, officer)
    own_pending = create_thread(members_board, participant, title="Mine, held", status=Status.PENDING)
    others_pending = create_thread(members_board, officer, title="Theirs, held", status=Status.PENDING)
    deleted = create_post(open_thread, officer, status=Status.DELETED)
    hidden = create_post(open_thread, officer, status=Status.HIDDEN)
    mine_held = create_post(open_thread, participant, status=Status.PENDING)
    theirs_held = create_post(open_thread, officer, status=Status.PENDING)

    threads = set(Thread.objects.for_reader(participant))
    assert threads == {open_thread, own_pending}
    posts = set(Post.objects.for_reader(participant))
    assert {deleted, mine_held, own_pending.first_post} <= posts
    assert not posts & {hidden, theirs_held, others_pending.first_post, *secret_thread.posts.all()}
    assert set(Post.objects.for_reader(participant).published()) == {open_thread.first_post}
    assert {others_pending, open_thread} <= set(Thread.objects.for_reader(moderator))
    assert {hidden, theirs_held} <= set(Post.objects.for_reader(moderator))

    client.force_login(participant)
    assert client.get(reverse("forum:post", args=[mine_held.pk])).status_code == 302
    assert client.get(reverse("forum:post", args=[theirs_held.pk])).status_code == 404
    assert client.get(reverse("forum:thread", args=[others_pending.pk])).status_code == 404


def test_changing_a_boards_audience_updates_search(participant, officer, members_board):
    thread = create_thread(members_board, officer, title="Quetzal pattern", body="Quetzal details")
    search_index.update(thread)
    assert _search(participant, "Quetzal").total == 1
    members_board.audience = "officers"
    members_board.save()
    assert _search(participant, "Quetzal").total == 0
    assert _search(officer, "Quetzal").total == 1


def test_search_page_shows_officers_posts_only_to_officers(client, participant, officer, secret_thread):
    client.force_login(participant)
    response = client.get("/search/", {"q": "Kestrel"})
    assert response.status_code == 200
    assert "Checkpoint rotation pattern" not in response.content.decode()
    assert "changes vehicles twice" not in response.content.decode()
    client.force_login(officer)
    found = client.get("/search/", {"q": "Kestrel"}).content.decode()
    assert "Checkpoint rotation pattern" in found
    assert "changes vehicles twice" in found
