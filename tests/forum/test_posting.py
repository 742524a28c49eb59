"""Starting threads, replying, quoting, editing, deleting, reactions, answers, limits and attachments."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from forum import services
from forum.models import ModerationLog, Post, Reaction, Status, Thread
from tests.factories.forum import create_forum_member, create_post, create_thread

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_member_starts_a_thread_and_replies(client, participant, members_board):
    client.force_login(participant)
    response = client.post(
        reverse("forum:thread_create", args=[members_board.slug]),
        {"title": "Fake adverts on video apps", "body": "Seen any **new** patterns?"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Following up."})
    assert response.status_code == 302
    body = _page(client, thread.get_absolute_url())
    assert "<strong>new</strong>" in body
    assert "Following up." in body
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_empty_reply_shows_a_clear_error(client, participant, members_board, officer):
    thread = create_thread(members_board, officer)
    client.force_login(participant)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        '<a href="https://evil.example" onclick="alert(1)">x</a>',
        "[y](JaVaScRiPt:alert(1))",
        "[z](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_dangerous_markup_is_shown_harmlessly(client, participant, members_board, source):
    thread = create_thread(members_board, participant, body=source)
    client.force_login(participant)
    page = BeautifulSoup(_page(client, thread.get_absolute_url()), "html.parser")
    body = page.select_one(".post__body")
    assert body is not None
    assert not body.find_all(["script", "img", "iframe", "style"])
    for element in body.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")]
        href = element.get("href", "")
        assert not href or href.startswith(("https://", "http://", "mailto:", "/"))
    assert "alert(1)" in body.get_text() or "PHNjcmlwdD4" in body.get_text()


def test_script_text_is_escaped_not_dropped(members_board, participant):
    thread = create_thread(members_board, participant, body="<script>alert(1)</script>")
    assert thread.first_post.body_html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def test_links_get_nofollow_noopener_and_only_safe_schemes(members_board, participant):
    thread = create_thread(
        members_board, participant, body="[a](https://example.org) [b](ftp://x.org) [c](mailto:a@b.c)"
    )
    html = thread.first_post.body_html
    assert '<a href="https://example.org" rel="nofollow noopener">a</a>' in html
    assert "ftp://" not in html
    assert 'href="mailto:a@b.c"' in html


def test_quote_link_prefills_the_reply_form(client, participant, officer, members_board):
    thread = create_thread(members_board, officer, body="Check the chat history.\nAsk who paid the ticket.")
    client.force_login(participant)
    thread_page = _page(client, thread.get_absolute_url())
    quote_url = f"{reverse('forum:reply', args=[thread.pk])}?quote={thread.first_post.pk}"
    assert quote_url in thread_page
    form = _page(client, quote_url)
    assert "@mukdahan_screening:\n\n&gt; Check the chat history.\n&gt; Ask who paid the ticket." in form


def test_edit_keeps_history_visible_to_moderators_only(client, participant, moderator, members_board):
    thread = create_thread(members_board, participant, body="First wording")
    post = thread.first_post
    client.force_login(participant)
    client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "Second wording"})
    post.refresh_from_db()
    assert post.body == "Second wording"
    assert post.edited_at is not None
    assert client.get(reverse("forum:post_history", args=[post.pk])).status_code == 404
    client.force_login(moderator)
    history = _page(client, reverse("forum:post_history", args=[post.pk]))
    assert "First wording" in history
    assert "Second wording" in history


def test_member_cannot_edit_someone_elses_post(client, participant, officer, members_board):
    thread = create_thread(members_board, officer)
    client.force_login(participant)
    assert client.get(reverse("forum:post_edit", args=[thread.first_post.pk])).status_code == 404


def test_deleting_ones_own_post_leaves_a_placeholder(client, participant, officer, members_board):
    thread = create_thread(members_board, officer)
    reply = create_post(thread, participant, "Oops, wrong thread")
    client.force_login(participant)
    client.post(reverse("forum:post_delete", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.status == Status.DELETED
    body = _page(client, thread.get_absolute_url())
    assert "This post was deleted." in body
    assert "Oops, wrong thread" not in body
    thread.refresh_from_db()
    assert thread.post_count == 1


def test_posts_of_deleted_accounts_stay_as_former_member(client, participant, officer, members_board):
    from accounts.deletion import delete_account

    thread = create_thread(members_board, officer)
    leaving = create_forum_member("participant", handle="leaving_member")
    create_post(thread, leaving, "Advice that stays")
    services.toggle_helpful(thread.first_post, leaving)
    delete_account(leaving)
    client.force_login(participant)
    body = _page(client, thread.get_absolute_url())
    assert "Advice that stays" in body
    assert "former member" in body
    assert "leaving_member" not in body
    assert Post.objects.get(pk=thread.first_post.pk).helpful_count == 0


def test_two_replies_in_the_same_second_are_both_kept_in_order(client, participant, officer, members_board):
    thread = create_thread(members_board, officer)
    same_second = timezone.now().replace(microsecond=0) + timedelta(minutes=1)
    first = create_post(thread, participant, "Reply from Poipet", created_at=same_second)
    second = create_post(thread, officer, "Reply from Mukdahan", created_at=same_second)
    assert list(thread.posts.in_order())[-2:] == [first, second]
    client.force_login(participant)
    body = _page(client, thread.get_absolute_url())
    assert body.index("Reply from Poipet") < body.index("Reply from Mukdahan")


def test_concurrent_service_replies_count_both(participant, officer, members_board):
    thread = create_thread(members_board, officer)
    stale_copy = Thread.objects.get(pk=thread.pk)
    services.create_reply(thread, participant, "One")
    services.create_reply(stale_copy, officer, "Two")
    thread.refresh_from_db()
    assert thread.post_count == 3
    assert [p.body for p in thread.posts.in_order()] == ["What do you look for?", "One", "Two"]


def test_long_threads_are_paginated_with_a_link_to_the_first_unread_post(client, participant, officer, members_board):
    thread = create_thread(members_board, officer)
    start = timezone.now()
    for number in range(1, 45):
        create_post(thread, officer, f"Reply number {number}", created_at=start + timedelta(seconds=number))
    client.force_login(participant)
    first_page = _page(client, thread.get_absolute_url())
    assert "Page 1 of 3" in first_page
    assert "Reply number 19" in first_page
    assert "Reply number 20" not in first_page
    later = create_post(thread, officer, "Brand new reply", created_at=start + timedelta(minutes=5))
    again = _page(client, thread.get_absolute_url())
    assert "Go to first unread post" in again
    expected = f"{thread.get_absolute_url()}?page=2#post-{thread.posts.in_order()[20].pk}"
    assert expected.replace("&", "&amp;") in again
    response = client.get(reverse("forum:thread_unread", args=[thread.pk]))
    assert response["Location"].endswith(f"#post-{thread.posts.in_order()[20].pk}")
    assert later.pk != thread.posts.in_order()[20].pk


def test_helpful_is_once_per_member(client, participant, officer, members_board):
    thread = create_thread(members_board, officer)
    post = thread.first_post
    client.force_login(participant)
    client.post(reverse("forum:post_helpful", args=[post.pk]))
    post.refresh_from_db()
    assert post.helpful_count == 1
    client.post(reverse("forum:post_helpful", args=[post.pk]))
    post.refresh_from_db()
    assert post.helpful_count == 0
    assert not Reaction.objects.exists()


def test_author_cannot_mark_own_post_helpful(client, officer, members_board):
    thread = create_thread(members_board, officer)
    client.force_login(officer)
    assert client.post(reverse("forum:post_helpful", args=[thread.first_post.pk])).status_code == 404


def test_starter_marks_a_reply_as_the_answer(client, participant, officer, members_board):
    thread = create_thread(members_board, participant)
    reply = create_post(thread, officer, "Check the employer register.")
    client.force_login(participant)
    client.post(reverse("forum:post_answer", args=[reply.pk]))
    thread.refresh_from_db()
    assert thread.answer == reply
    assert "badge--answered" in _page(client, thread.get_absolute_url())


def test_others_cannot_mark_the_answer(client, participant, officer, other_officer, members_board):
    thread = create_thread(members_board, participant)
    reply = create_post(thread, officer, "Answer")
    client.force_login(other_officer)
    assert client.post(reverse("forum:post_answer", args=[reply.pk])).status_code == 404
    thread.refresh_from_db()
    assert thread.answer is None


def test_locked_thread_refuses_replies(client, participant, officer, moderator, members_board):
    thread = create_thread(members_board, officer)
    services.set_thread_state(thread, moderator, ModerationLog.Action.LOCK)
    client.force_login(participant)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "late"}, follow=True)
    assert "This thread is locked" in response.content.decode()
    assert thread.posts.count() == 1


def test_posting_is_rate_limited_more_strictly_for_new_members(client, participant, members_board, officer):
    thread = create_thread(members_board, officer)
    client.force_login(participant)
    for number in range(2):
        assert client.post(reverse("forum:reply", args=[thread.pk]), {"body": f"r{number}"}).status_code == 302
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "third"})
    assert response.status_code == 200
    assert response.content.decode().count("You are posting too fast") == 1  # once, above the form
    assert thread.posts.count() == 3
    for path in (reverse("forum:thread_create", args=[members_board.slug]),):
        page = client.post(path, {"title": "A fourth post", "body": "fourth"}).content.decode()
        assert page.count("You are posting too fast") == 1


def test_suspended_member_cannot_post(client, participant, moderator, members_board, officer):
    thread = create_thread(members_board, officer)
    services.suspend_member(participant, moderator, 3, "Shared a name")
    client.force_login(participant)
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "hello"})
    assert "Your posting is suspended until" in response.content.decode()


def test_board_holds_new_members_first_posts_for_approval(client, participant, moderator, members_board, officer):
    members_board.hold_new_member_posts = True
    members_board.save()
    thread = create_thread(members_board, officer)
    client.force_login(participant)
    client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Held reply"})
    post = Post.objects.get(body="Held reply")
    assert post.status == Status.PENDING
    client.force_login(officer)
    assert "Held reply" not in _page(client, thread.get_absolute_url())
    client.force_login(moderator)
    assert "Held reply" in _page(client, reverse("forum:moderation"))
    client.post(reverse("forum:moderate_post", args=[post.pk]), {"action": "approve"})
    client.force_login(officer)
    assert "Held reply" in _page(client, thread.get_absolute_url())


def _jpeg_with_gps():
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (13.0, 45.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_attached_photo_is_reencoded_without_metadata(client, participant, members_board, officer):
    thread = create_thread(members_board, officer)
    raw = _jpeg_with_gps()
    assert b"PhoneMaker" in raw
    client.force_login(participant)
    upload = SimpleUploadedFile("checkpoint.jpg", raw, content_type="image/jpeg")
    client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Photo of the form", "attachments": [upload]})
    attachment = Post.objects.get(body="Photo of the form").attachments.get()
    stored = attachment.file.read()
    assert b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_pdf_is_checked_by_content(client, participant, members_board, officer):
    thread = create_thread(members_board, officer)
    client.force_login(participant)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "See file", "attachments": [fake]})
    assert response.status_code == 200
    assert "report.pdf is not an image or a PDF." in response.content.decode()
    real = SimpleUploadedFile("report.pdf", _pdf(), content_type="application/pdf")
    client.post(reverse("forum:reply", args=[thread.pk]), {"body": "See file", "attachments": [real]})
    assert Post.objects.get(body="See file").attachments.get().kind == "pdf"


def test_oversized_attachment_is_refused(client, participant, members_board, officer, settings):
    thread = create_thread(members_board, officer)
    client.force_login(participant)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), content_type="application/pdf")
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Big", "attachments": [big]})
    assert "big.pdf is too large" in response.content.decode()
    assert not Post.objects.filter(body="Big").exists()


def test_board_filters_unanswered_mine_and_following(client, participant, officer, members_board):
    quiet = create_thread(members_board, officer, title="Nobody replied yet")
    busy = create_thread(members_board, officer, title="Lively discussion")
    create_post(busy, participant, "My reply")
    followed = create_thread(members_board, officer, title="Followed by the participant")
    create_post(followed, officer, "more")
    client.force_login(participant)
    client.post(reverse("forum:follow_thread", args=[followed.pk]))
    url = members_board.get_absolute_url()
    unanswered = _page(client, url + "?filter=unanswered")
    assert quiet.title in unanswered
    assert busy.title not in unanswered
    mine = _page(client, url + "?filter=mine")
    assert busy.title in mine
    assert quiet.title not in mine
    following = _page(client, url + "?filter=following")
    assert followed.title in following
    assert quiet.title not in following


def test_new_members_thread_waits_for_approval(client, participant, officer, moderator, members_board):
    members_board.hold_new_member_posts = True
    members_board.save()
    client.force_login(participant)
    response = client.post(
        reverse("forum:thread_create", args=[members_board.slug]), {"title": "Held thread", "body": "Hello"}
    )
    thread = Thread.objects.get(title="Held thread")
    assert thread.status == Status.PENDING
    assert "A moderator will review" in client.get(response["Location"]).content.decode()
    client.force_login(officer)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Held thread" not in _page(client, members_board.get_absolute_url())
    client.force_login(moderator)
    client.post(reverse("forum:moderate_post", args=[thread.first_post.pk]), {"action": "approve"})
    client.force_login(officer)
    assert "Held thread" in _page(client, members_board.get_absolute_url())


def test_unknown_handles_are_left_as_text(members_board, participant):
    thread = create_thread(members_board, participant, body="Ask @nobody_here and @poipet_trainee")
    html = thread.first_post.body_html
    assert "@nobody_here" in html
    assert 'href="/forum/members/nobody_here/"' not in html
    assert 'href="/forum/members/poipet_trainee/"' in html


def test_mentions_inside_code_are_not_links(members_board, participant):
    thread = create_thread(members_board, participant, body="Type `@poipet_trainee` to mention")
    assert 'class="mention"' not in thread.first_post.body_html


def test_behind_nginx_an_attachment_is_handed_over_only_after_the_board_check(
    client, participant, officer, officers_board, settings
):
    """With MEDIA_ACCEL_REDIRECT the site answers an allowed reader with an empty body and nginx's internal path."""
    settings.MEDIA_ACCEL_REDIRECT = "/internal-media/"
    thread = create_thread(officers_board, officer)
    client.force_login(officer)
    report = SimpleUploadedFile("route report.pdf", _pdf(), content_type="application/pdf")
    client.post(reverse("forum:reply", args=[thread.pk]), {"body": "The route report", "attachments": [report]})
    attachment = Post.objects.get(body="The route report").attachments.get()
    allowed = client.get(attachment.get_absolute_url())
    assert allowed.status_code == 200
    assert allowed["X-Accel-Redirect"] == "/internal-media/" + attachment.file.name.replace(" ", "%20")
    assert allowed.content == b""
    assert allowed["Content-Type"] == "application/pdf"
    assert allowed["Content-Disposition"].startswith("attachment;") and "route" in allowed["Content-Disposition"]
    assert allowed["Cache-Control"] == "private, max-age=3600"
    # A participant may not read the officers' board: the same 404 as for a missing file, nothing for nginx to send.
    client.force_login(participant)
    refused = client.get(attachment.get_absolute_url())
    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused
    client.logout()
    assert "X-Accel-Redirect" not in client.get(attachment.get_absolute_url())
