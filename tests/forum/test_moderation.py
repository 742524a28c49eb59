"""Flags, the moderation queue, hiding and restoring, locking, pinning, moving, suspending, and the log."""

import pytest
from django.urls import reverse

from accounts.access import reader_audience
from forum import search_index, services
from forum.models import Flag, ModerationLog, Notification, Status
from search.backends import SearchQuery, get_embedded_engine
from tests.factories.forum import create_thread

pytestmark = pytest.mark.django_db


def _search(user, text):
    return get_embedded_engine().search(SearchQuery(text=text, audience=frozenset(reader_audience(user))))


def test_moderator_hides_a_flagged_post_everywhere(client, participant, officer, moderator, members_board):
    thread = create_thread(members_board, participant, title="Checkpoint questions")
    reply = services.create_reply(thread, officer, "The witness Nightjar lives near the market")
    search_index.update(thread)
    assert _search(participant, "Nightjar").total == 1
    assert Notification.objects.filter(recipient=participant, post=reply).exists()

    client.force_login(participant)
    client.post(reverse("forum:post_flag", args=[reply.pk]), {"reason": "identifying", "details": "names a witness"})
    assert Flag.objects.get().reason == "identifying"

    client.force_login(moderator)
    queue = client.get(reverse("forum:moderation")).content.decode()
    assert "Nightjar" in queue
    assert "names a witness" in queue
    client.post(reverse("forum:moderate_post", args=[reply.pk]), {"action": "hide", "reason": "identifying detail"})
    reply.refresh_from_db()
    assert reply.status == Status.HIDDEN

    client.force_login(participant)
    assert "Nightjar" not in client.get(thread.get_absolute_url()).content.decode()
    assert client.get(reverse("forum:post", args=[reply.pk])).status_code == 404
    assert _search(participant, "Nightjar").total == 0
    assert "Checkpoint questions" not in client.get(reverse("forum:notifications")).content.decode()
    log = ModerationLog.objects.get(action=ModerationLog.Action.HIDE)
    assert (log.actor, log.post, log.reason) == (moderator, reply, "identifying detail")
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()

    client.force_login(moderator)
    assert "Nightjar" in client.get(thread.get_absolute_url()).content.decode()
    client.post(reverse("forum:moderate_post", args=[reply.pk]), {"action": "restore"})
    assert _search(participant, "Nightjar").total == 1
    assert ModerationLog.objects.filter(action=ModerationLog.Action.RESTORE).exists()


def test_hiding_the_opening_post_hides_the_thread(client, participant, moderator, members_board):
    thread = create_thread(members_board, participant, title="Wrongly posted details")
    services.hide_post(thread.first_post, moderator, "")
    client.force_login(participant)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Wrongly posted details" not in client.get(members_board.get_absolute_url()).content.decode()


def test_members_cannot_reach_moderation(client, participant, officer, members_board):
    thread = create_thread(members_board, officer)
    client.force_login(participant)
    assert client.get(reverse("forum:moderation")).status_code == 404
    assert (
        client.post(reverse("forum:moderate_post", args=[thread.first_post.pk]), {"action": "hide"}).status_code == 404
    )
    assert client.post(reverse("forum:moderate_thread", args=[thread.pk]), {"action": "lock"}).status_code == 404
    assert client.get(reverse("forum:suspend", args=["mukdahan_screening"])).status_code == 404
    thread.first_post.refresh_from_db()
    assert thread.first_post.status == Status.PUBLISHED


def test_board_moderator_moderates_only_their_board(client, participant, officer, members_board):
    from tests.factories.forum import create_board

    other_board = create_board(name="Document fraud")
    members_board.moderators.add(officer)
    mine = create_thread(members_board, participant)
    theirs = create_thread(other_board, participant)
    client.force_login(officer)
    client.post(reverse("forum:moderate_thread", args=[mine.pk]), {"action": "pin"})
    assert client.post(reverse("forum:moderate_thread", args=[theirs.pk]), {"action": "pin"}).status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.is_pinned, theirs.is_pinned) == (True, False)


def test_lock_pin_and_move_are_logged(client, participant, moderator, members_board, officers_board):
    thread = create_thread(members_board, participant, title="Operational detail")
    older = create_thread(members_board, participant, title="Older thread")
    client.force_login(moderator)
    client.post(reverse("forum:moderate_thread", args=[older.pk]), {"action": "pin"})
    board_page = client.get(members_board.get_absolute_url()).content.decode()
    assert board_page.index("Older thread") < board_page.index("Operational detail")
    client.post(reverse("forum:moderate_thread", args=[thread.pk]), {"action": "lock"})
    client.post(
        reverse("forum:moderate_thread", args=[thread.pk]),
        {"action": "move", "board": officers_board.pk, "reason": "operational"},
    )
    thread.refresh_from_db()
    assert thread.is_locked
    assert thread.board == officers_board
    actions = set(ModerationLog.objects.values_list("action", flat=True))
    assert {"pin", "lock", "move"} <= actions
    client.force_login(participant)
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_moderator_suspends_a_members_posting(client, participant, moderator, members_board):
    client.force_login(moderator)
    response = client.post(reverse("forum:suspend", args=["poipet_trainee"]), {"days": 7, "reason": "Shared a name"})
    assert response.status_code == 302
    assert participant.forum_profile.__class__.objects.get(user=participant).is_suspended
    log = ModerationLog.objects.get(action=ModerationLog.Action.SUSPEND)
    assert log.member == participant
    with pytest.raises(services.PostingNotAllowed):
        services.create_thread(members_board, participant, "x", "y")


def test_suspend_form_rejects_bad_input(client, participant, moderator, members_board):
    client.force_login(moderator)
    response = client.post(reverse("forum:suspend", args=["poipet_trainee"]), {"days": -3, "reason": ""})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
