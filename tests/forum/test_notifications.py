"""Following, in-app notifications, email (immediate and digest) and one-click unsubscribe."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Member, NotificationPreference, member_of
from forum import services
from forum.models import ForumProfile, Notification
from forum.notifications import unsubscribe_token
from tests.factories.forum import create_thread

pytestmark = pytest.mark.django_db


def _unread_badge(client):
    page = client.get(reverse("forum:index")).content.decode()
    match = re.search(r'class="count-badge">(\d+)', page)
    return int(match.group(1)) if match else 0


def test_reply_notifies_the_starter_in_app_and_by_email(
    client, participant, officer, members_board, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forum:thread_create", args=[members_board.slug]),
            {"title": "Interpreter lists", "body": "Who keeps one?"},
        )
    thread = members_board.threads.get()
    client.force_login(participant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:reply", args=[thread.pk]), {"body": "The liaison office does."})
    notification = Notification.objects.get(recipient=officer)
    assert notification.kind == Notification.Kind.REPLY
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert "Interpreter lists" in message.subject
    assert "The liaison office does." not in message.body
    assert "/forum/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client.force_login(officer)
    assert _unread_badge(client) == 1
    response = client.get(reverse("forum:notification", args=[notification.pk]))
    assert response.status_code == 302
    assert _unread_badge(client) == 0


def test_following_a_board_notifies_of_new_threads(
    client, participant, officer, members_board, django_capture_on_commit_callbacks
):
    client.force_login(participant)
    client.post(reverse("forum:follow_board", args=[members_board.slug]))
    with django_capture_on_commit_callbacks(execute=True):
        services.create_thread(members_board, officer, "New pattern", "Details")
    assert Notification.objects.get(recipient=participant).kind == Notification.Kind.NEW_THREAD


def test_mention_links_and_notifies_a_member_who_can_see_the_board(
    participant, officer, members_board, django_capture_on_commit_callbacks
):
    thread = create_thread(members_board, participant)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.create_reply(thread, officer, "@poipet_trainee could you share the form?")
    assert 'href="/forum/members/poipet_trainee/" class="mention"' in post.body_html
    assert Notification.objects.get(recipient=participant).kind == Notification.Kind.MENTION
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_mention_of_a_member_who_cannot_see_the_board_notifies_nobody(
    participant, officer, officers_board, django_capture_on_commit_callbacks
):
    thread = create_thread(officers_board, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_reply(thread, officer, "@poipet_trainee should see this")
    assert not Notification.objects.filter(recipient=participant).exists()
    assert mail.outbox == []


def test_notification_disappears_when_the_member_loses_access(
    client, participant, officer, members_board, officers_board, moderator
):
    thread = create_thread(members_board, participant)
    services.create_reply(thread, officer, "A reply")
    client.force_login(participant)
    assert _unread_badge(client) == 1
    services.move_thread(thread, moderator, officers_board)
    assert _unread_badge(client) == 0
    assert "A reply" not in client.get(reverse("forum:notifications")).content.decode()
    notification = Notification.objects.get(recipient=participant)
    assert client.get(reverse("forum:notification", args=[notification.pk])).status_code == 404


def test_email_is_not_sent_if_the_post_was_hidden_before_sending(
    participant, officer, moderator, members_board, django_capture_on_commit_callbacks
):
    thread = create_thread(members_board, participant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = services.create_reply(thread, officer, "Soon hidden")
    services.hide_post(post, moderator, "names a witness")
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_daily_digest_collects_unread_notifications(
    participant, officer, members_board, django_capture_on_commit_callbacks
):
    participant.member.notifications = NotificationPreference.DAILY
    participant.member.save()
    thread = create_thread(members_board, participant, title="Transit routes")
    with django_capture_on_commit_callbacks(execute=True):
        services.create_reply(thread, officer, "One")
        services.create_reply(thread, officer, "@poipet_trainee two")
    assert mail.outbox == []
    call_command("send_forum_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert "Transit routes" in mail.outbox[0].body
    assert "2 new" in mail.outbox[0].subject
    call_command("send_forum_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


def test_unsubscribe_link_works_without_signing_in(client, participant):
    url = reverse("forum:unsubscribe", args=[unsubscribe_token(participant)])
    page = client.get(url)
    assert page.status_code == 200
    assert member_of(participant).notifications == NotificationPreference.IMMEDIATELY
    response = client.post(url)
    assert "You will get no more forum email" in response.content.decode()
    assert Member.objects.get(user=participant).notifications == NotificationPreference.OFF


def test_tampered_unsubscribe_token_is_refused(client, participant):
    token = unsubscribe_token(participant)
    response = client.post(reverse("forum:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert Member.objects.get(user=participant).notifications == NotificationPreference.IMMEDIATELY


def test_member_chooses_no_email(client, participant, officer, members_board, django_capture_on_commit_callbacks):
    client.force_login(participant)
    response = client.post(
        reverse("forum:preferences"), {"handle": "Poipet_Trainee", "display_name": "Trainee", "notifications": "off"}
    )
    assert response.status_code == 302
    thread = create_thread(members_board, participant)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_reply(thread, officer, "reply")
    assert Notification.objects.filter(recipient=participant).exists()
    assert mail.outbox == []


def test_handle_must_be_unique(client, participant, officer):
    client.force_login(participant)
    response = client.post(reverse("forum:preferences"), {"handle": "mukdahan_screening", "notifications": "daily"})
    assert "Another member already uses this handle." in response.content.decode()


def test_forum_emails_reach_each_member_in_their_own_language(
    participant, officer, members_board, django_capture_on_commit_callbacks
):
    from django.utils import translation

    officer.member.ui_language = "vi"
    officer.member.save()
    participant.member.notifications = NotificationPreference.DAILY
    participant.member.save()
    participant.member.ui_language = "th"
    participant.member.save()
    thread = create_thread(members_board, officer, title="Transit routes")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.create_reply(thread, participant, "A reply written by a Thai member")
    with translation.override("vi"):
        vietnamese = translation.gettext("[Frontline Exchange] New in “%(title)s”") % {"title": "Transit routes"}
    assert [message.subject for message in mail.outbox] == [vietnamese]
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.create_reply(thread, officer, "A reply from the Vietnamese officer")
    call_command("send_forum_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with translation.override("th"):
        thai = translation.gettext("[Frontline Exchange] Your forum digest: %(count)s new") % {"count": 1}
    assert mail.outbox[-1].subject == thai
    assert thai != "[Frontline Exchange] Your forum digest: 1 new"


def test_the_email_preference_is_one_setting_shown_in_the_profile_and_the_forum(client, participant):
    client.force_login(participant)
    profile_form = {
        "first_name": "Dara",
        "agency": "Police",
        "position": "Trainee",
        "work_email": "dara@police.example",
        "languages": ["km"],
        "ui_language": "",
    }
    client.post(reverse("accounts:profile"), {**profile_form, "notifications": "daily"})
    forum_page = client.get(reverse("forum:preferences")).content.decode()
    assert re.search(r'value="daily"[^>]*checked', forum_page)
    assert "Email me a daily digest" in forum_page

    handle = ForumProfile.for_user(participant).handle
    client.post(reverse("forum:preferences"), {"handle": handle, "notifications": "immediately"})
    profile_page = client.get(reverse("accounts:profile")).content.decode()
    assert re.search(r'value="immediately"[^>]*checked', profile_page)
    assert not re.search(r'value="daily"[^>]*checked', profile_page)

    client.post(reverse("forum:unsubscribe", args=[unsubscribe_token(participant)]))
    for url in (reverse("accounts:profile"), reverse("forum:preferences")):
        assert re.search(r'value="off"[^>]*checked', client.get(url).content.decode()), url
