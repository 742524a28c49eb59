"""The forum in Chromium on a phone, without JavaScript: read a thread, quote a post, reply."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.conftest import PHONE
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
