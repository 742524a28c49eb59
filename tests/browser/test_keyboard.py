"""An officer who cannot use a pointer signs in (with the two-factor step), searches, opens a result and replies in a
forum thread with Tab, Shift+Tab, Enter and Space only, and sees where the focus is at every stop."""

import os
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.roles import OFFICER
from accounts.twofactor import totp_code
from forum.models import Post
from tests.factories.accounts import PASSWORD, create_user
from tests.factories.forum import create_board, create_post, create_thread, set_handle

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# What shows where the focus is: the focused element's own outline or box shadow (the site's focus ring).
FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== "none";
    const label = element.getAttribute("aria-label") || element.innerText || element.name || element.id || "";
    return {element: `${element.tagName.toLowerCase()} ${label.trim().slice(0, 40)}`, visible: outline || shadow};
}"""


class Keyboard:
    """Move the focus with Tab and Shift+Tab only, noting every focus stop that does not show it is focused."""

    def __init__(self, page):
        self.page = page
        self.unseen = []

    def tab_to(self, target, *, backwards=False, limit=80):
        """Press Tab (Shift+Tab backwards) until the target has the focus; fail when it never gets it."""
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            focus = self.page.evaluate(FOCUS)
            if focus and not focus["visible"]:
                self.unseen.append((self.page.url, focus["element"]))
            if target.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"{limit} presses of Tab did not reach {target} on {self.page.url}")

    def activate(self, target, key="Enter", *, navigates=True, **options):
        """Tab to the target and press Enter (or Space), waiting for the page it leads to."""
        self.tab_to(target, **options)
        self.press(key, navigates=navigates)

    def press(self, key, *, navigates=True):
        """Press a key, waiting for the page it leads to when it leads to one."""
        if not navigates:
            self.page.keyboard.press(key)
            return
        with self.page.expect_navigation():
            self.page.keyboard.press(key)


@pytest.mark.parametrize(("language", "viewport"), [("en", {"width": 1280, "height": 900}), ("km", PHONE)])
def test_an_officer_signs_in_searches_and_replies_with_the_keyboard_only(
    new_page, demo_site, screenshots, language, viewport
):
    officer = create_user(OFFICER, email="kampot-screening@example.org", country_code="KH")
    set_handle(officer, "kampot_screening")
    board = create_board(name="Online recruitment and fake job adverts", slug="online-recruitment")
    thread = create_thread(board, officer, title="Fake job adverts that promise work across the border")
    create_post(thread, officer, "Check the agency's licence number with the labour office.")

    page = new_page(viewport=viewport)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": demo_site}])
    keys = Keyboard(page)
    page.goto(demo_site + "/")

    # The first Tab reaches a visible skip link; Enter moves the focus to the main content.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate(FOCUS)["visible"]
    page.screenshot(path=os.path.join(screenshots, f"keyboard-{language}-skip-link.png"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    # Back up into the header to sign in: email, password, then the authenticator's code.
    keys.activate(page.locator("header a[href^='/accounts/login/']"), backwards=True)
    expect(page).to_have_url(re.compile("/accounts/login/"))
    keys.tab_to(page.locator("input[name=login]"))
    page.keyboard.type(officer.email)
    page.keyboard.press("Tab")
    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.screenshot(path=os.path.join(screenshots, f"keyboard-{language}-sign-in.png"))
    keys.activate(page.locator("main form button[type=submit]").last)
    expect(page).to_have_url(re.compile("/accounts/2fa/authenticate/"))
    keys.tab_to(page.locator("input[name=code]"))
    page.keyboard.type(totp_code(officer.totp_secret))
    keys.activate(page.locator("main form button[type=submit]").last, key="Space")
    expect(page.locator("header a[href='/members/profile/']")).to_have_count(1)

    # Search from the header's link, skip to the results and open the first one.
    keys.activate(page.locator("header a[href='/search/']"))
    keys.tab_to(page.locator("main input[name=q]"))
    page.keyboard.type("trafficking")
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=trafficking"))
    keys.activate(page.locator("a.skip-link[href='#results-heading']"), navigates=False)
    expect(page.locator("#results-heading")).to_be_focused()
    first = page.locator(".results article.card h3 a").first
    title = first.inner_text()
    keys.tab_to(first, limit=5)
    page.screenshot(path=os.path.join(screenshots, f"keyboard-{language}-result-focused.png"))
    keys.press("Enter")
    expect(page.locator("main h1")).to_have_text(title)

    # The forum: board, thread, the reply box, then Space on the button posts the reply.
    keys.activate(page.locator("header a[href='/forum/']"), backwards=True)
    keys.activate(page.locator(f"main a[href='{board.get_absolute_url()}']"))
    keys.activate(page.locator(f"main a[href='{thread.get_absolute_url()}']"))
    keys.tab_to(page.locator("#reply textarea"))
    page.keyboard.type("Ask for the recruiter's phone number and check it against earlier reports.")
    reply_button = page.locator("#reply button[type=submit]")
    keys.tab_to(reply_button, limit=6)  # past the attachments' file input
    page.screenshot(path=os.path.join(screenshots, f"keyboard-{language}-reply-button.png"))
    keys.press("Space")
    expect(page.locator(".post-list")).to_contain_text("check it against earlier reports")
    assert Post.objects.filter(thread=thread, author=officer, body__contains="earlier reports").count() == 1

    assert keys.unseen == [], f"focus stops that do not show the focus: {keys.unseen}"
