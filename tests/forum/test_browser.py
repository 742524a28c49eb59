"""The forum in Chromium on a phone, without JavaScript: read a thread, quote a post, reply; followers told."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from forum.models import Board, Subscription
from tests.conftest import PHONE
from tests.factories.accounts import create_working_group
from tests.factories.forum import create_board, create_forum_member, create_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium(browser):
    """Return the session's Chromium (tests/conftest.py): one Playwright per test process."""
    return browser


def _signed_in_page(chromium, live_server, user):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "domain": host, "path": "/"}]
    )  # fmt: skip
    return context, context.new_page()


def test_member_quotes_and_replies_on_a_phone_without_javascript(chromium, live_server):
    member = create_forum_member("participant", handle="poipet_trainee")
    starter = create_forum_member("participant", handle="mukdahan_screening")
    board = create_board(name="Online recruitment", slug="online-recruitment")
    thread = create_thread(board, starter, title="Fake job adverts", body="Check who paid the ticket.")
    context, page = _signed_in_page(chromium, live_server, member)
    try:
        page.goto(live_server.url + "/forum/")
        page.get_by_role("link", name="Online recruitment").click()
        page.get_by_role("link", name="Fake job adverts").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Fake job adverts")
        wide = page.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 360)"
            ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], wide

        page.get_by_role("link", name="Quote").click()
        message = page.get_by_label("Message")
        expect(message).to_have_value(re.compile(r"^@mukdahan_screening:\s+> Check who paid the ticket\."))
        message.press("End")
        message.fill(message.input_value() + "We also ask to see the chat.")
        page.get_by_role("button", name="Post reply").click()

        expect(page).to_have_url(re.compile(rf"/forum/t/{thread.pk}/\?page=1#post-\d+$"))
        expect(page.get_by_text("We also ask to see the chat.")).to_be_visible()
        expect(page.locator(".post__body blockquote").last).to_have_text("Check who paid the ticket.")
    finally:
        context.close()


def test_a_reply_reaches_the_working_groups_followers_and_not_one_who_left(chromium, live_server):
    group = create_working_group("Mekong border liaison working group")
    board = create_board(name="Mekong liaison", slug="mekong-liaison", audience=Board.Audience.GROUPS, groups=[group])
    starter = create_forum_member("participant", handle="mukdahan_screening")
    stays = create_forum_member("participant", handle="nong_khai_desk")
    leaves = create_forum_member("participant", handle="lao_cai_guard")
    for user in (starter, stays, leaves):
        user.groups.add(group)
    stays.member.ui_language = "th"
    stays.member.save()
    thread = create_thread(board, starter, title="Van seen at the bridge")
    for user in (stays, leaves):
        Subscription.objects.create(user=user, thread=thread)
    leaves.groups.remove(group)  # left the working group after following the thread
    mail.outbox.clear()

    context, page = _signed_in_page(chromium, live_server, starter)
    try:
        page.goto(f"{live_server.url}/forum/t/{thread.pk}/")
        page.get_by_label("Message").fill("It came back at dawn.")
        page.get_by_role("button", name="Post reply").click()
        expect(page.get_by_text("It came back at dawn.")).to_be_visible()
    finally:
        context.close()
    assert [message.to for message in mail.outbox] == [[stays.email]]

    context, page = _signed_in_page(chromium, live_server, stays)
    try:
        page.goto(f"{live_server.url}/forum/notifications/")
        expect(page.locator(".notification-list").last).to_contain_text("Van seen at the bridge")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path="/tmp/fanout-bench/notified-360.png", full_page=True)
    finally:
        context.close()
    context, page = _signed_in_page(chromium, live_server, leaves)
    try:
        page.goto(f"{live_server.url}/forum/notifications/")
        expect(page.locator("body")).not_to_contain_text("Van seen at the bridge")
        assert page.goto(f"{live_server.url}/forum/t/{thread.pk}/").status == 404
        page.screenshot(path="/tmp/fanout-bench/left-360.png", full_page=True)
    finally:
        context.close()
