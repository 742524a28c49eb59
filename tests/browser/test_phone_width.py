"""On a 360 px phone no page a member can reach scrolls sideways, in English, Lao and Vietnamese, for every role."""

import os

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.roles import EDITOR, MODERATOR, OFFICER, PARTICIPANT
from library.models import CaseStudyPage, MethodPage, ResourcePage
from tests.factories.forum import create_board, create_forum_member, create_post, create_thread

from .conftest import PHONE, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Elements whose right edge passes the screen's, to name the culprit when a page scrolls sideways.
WIDE_ELEMENTS = """(width) => [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((element) => `${element.tagName}.${element.className} ${Math.round(element.getBoundingClientRect().right)}`)"""


def pages_for(role, *, board, thread, handle, library_page):
    """Return the public-site paths a member of this role (None: a visitor) can open."""
    library = CaseStudyPage.objects.live().public()
    visitor = [
        "/",
        "/library/",
        "/library/?country=LA&crime=forced-marriage",
        library.filter(language="lo").first().url,
        library.filter(language="vi").first().url,
        library_page.url,
        MethodPage.objects.live().public().first().url,
        ResourcePage.objects.live().public().first().url,
        "/search/?q=trafficking",
        "/search/?q=ການຄ້າມະນຸດ",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]
    if role is None:
        return visitor
    member = [
        *visitor[:-3],
        "/forum/",
        board.get_absolute_url(),
        thread.get_absolute_url(),
        f"/forum/t/{thread.pk}/reply/",
        f"{board.get_absolute_url()}new/",
        f"/forum/discuss/{library_page.pk}/",
        f"/forum/members/{handle}/",
        "/forum/settings/",
        "/forum/notifications/",
        "/members/profile/",
        "/members/profile/delete/",
        "/share/",
        "/accounts/password/change/",
    ]
    if role != PARTICIPANT:
        member += ["/share/mine/", "/accounts/2fa/"]
    if role == MODERATOR:
        member += ["/forum/moderation/"]
    return member


def open_as(browser, live_server, user, language):
    """Return a phone-sized page in a new context, signed in as this member (None: a visitor), in this language."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if user is not None:
        cookies.append(session_cookie(user, live_server.url))
    context.add_cookies(cookies)
    return context, context.new_page()


@pytest.mark.parametrize("language", ["en", "lo", "vi"])
def test_no_page_a_member_can_reach_scrolls_sideways_on_a_phone(browser, live_server, demo_site, screenshots, language):
    officer = create_forum_member(OFFICER, handle="mukdahan_screening")
    board = create_board(name="Online recruitment and fake job adverts", slug="online-recruitment")
    thread = create_thread(board, officer, title="Fake job adverts that promise work across the border")
    create_post(thread, officer, "A long link: https://example.org/" + "very-long-path-segment-" * 8)
    library_page = CaseStudyPage.objects.live().public().first()
    members = {
        None: None,
        PARTICIPANT: create_forum_member(PARTICIPANT, handle="poipet_trainee"),
        OFFICER: officer,
        MODERATOR: create_forum_member(MODERATOR, handle="vientiane_mod"),
        EDITOR: create_forum_member(EDITOR, handle="library_editor"),
    }
    board.moderators.add(members[MODERATOR])
    too_wide = []
    for role, user in members.items():
        context, page = open_as(browser, live_server, user, language)
        try:
            for path in pages_for(
                role, board=board, thread=thread, handle="mukdahan_screening", library_page=library_page
            ):
                response = page.goto(live_server.url + path)
                assert response.status in (200, 403), (role, path, response.status)  # 403: /share/ tells why not
                expect(page.locator("html")).to_have_attribute("lang", language)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"]:
                    too_wide.append((role, path, width, page.evaluate(WIDE_ELEMENTS, PHONE["width"])))
            if role == OFFICER:
                page.goto(live_server.url + "/share/")
                for file_input in page.locator("input[type=file]").all():
                    box = file_input.bounding_box()
                    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
                help_texts = page.locator("input[type=file] ~ .helptext")
                expect(help_texts.first).to_be_visible()
                for help_text in help_texts.all():
                    box = help_text.bounding_box()
                    assert box["x"] + box["width"] <= PHONE["width"], box
                page.locator("input[type=file]").first.scroll_into_view_if_needed()
                page.screenshot(path=os.path.join(screenshots, f"share-files-{language}-360.png"))
        finally:
            page.wait_for_load_state("networkidle")
            context.close()
    assert too_wide == []
