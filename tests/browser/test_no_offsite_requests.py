"""No request leaves the site: every public and admin page in Chromium, with its network log and CSP reports open."""

import os
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from accounts.roles import ADMINISTRATOR, EDITOR, OFFICER
from library.models import CaseStudyPage, MethodPage, ResourcePage
from tests.factories.accounts import create_user
from tests.factories.forum import create_board, create_thread
from tests.factories.library import create_case_study
from tests.library.test_media_access import create_image, image_body

from .conftest import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => console.error(
    `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI} in ${event.sourceFile}:${event.lineNumber}`
));"""
DESKTOP = {"width": 1280, "height": 900}


class Watched:
    """A browser context whose every request to another host and every CSP violation is written down."""

    def __init__(self, browser, live_server, user=None):
        self.origin = urlsplit(live_server.url).netloc
        self.base = live_server.url
        self.offsite = []
        self.violations = []
        self.context = browser.new_context(viewport=DESKTOP)
        self.context.add_init_script(REPORT_VIOLATIONS)
        if user is not None:
            self.context.add_cookies([session_cookie(user, self.base)])
        self.page = self.context.new_page()
        self.page.on("request", self._request)
        self.page.on("console", self._console)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.origin:
            self.offsite.append(f"{request.url} (from {self.page.url})")

    def _console(self, message):
        if "Content Security Policy" in message.text or message.text.startswith("CSP violation"):
            self.violations.append(f"{self.page.url}: {message.text}")

    def visit(self, path):
        """Open a page and wait until it has loaded everything it asks for; return the response's status."""
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return response.status

    def close(self):
        self.page.wait_for_load_state("networkidle")
        self.context.close()


@pytest.fixture
def watched(browser, live_server):
    contexts = []

    def open_context(user=None):
        context = Watched(browser, live_server, user)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


def menu_urls(sidebar):
    """Return every admin URL in the Wagtail sidebar's menu data (submenus included), in order."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            url = node.get("url")
            if isinstance(url, str) and url.startswith("/") and "logout" not in url:
                found.append(url)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(sidebar)
    return list(dict.fromkeys(found))


def test_public_pages_ask_nothing_of_another_host_and_run_no_inline_script(watched, demo_site, screenshots):
    board = create_board(name="Online recruitment", slug="online-recruitment")
    officer = create_user(OFFICER)
    thread = create_thread(board, officer, title="Fake job adverts")
    pictured = create_case_study(title="Checkpoint with a map", body=image_body(create_image("Checkpoint map")))
    visitor = watched()
    public = [
        "/",
        "/library/",
        pictured.url,
        CaseStudyPage.objects.live().public().exclude(pk=pictured.pk).first().url,
        MethodPage.objects.live().public().first().url,
        ResourcePage.objects.live().public().first().url,
        "/search/?q=trafficking",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]
    for path in public:
        assert visitor.visit(path) == 200, path
    member = watched(officer)
    for path in (
        "/forum/",
        board.get_absolute_url(),
        thread.get_absolute_url(),
        f"/forum/t/{thread.pk}/reply/",
        "/share/",
        "/share/mine/",
        "/members/profile/",
        "/forum/settings/",
        "/forum/notifications/",
        "/accounts/2fa/",
    ):
        assert member.visit(path) == 200, path
    assert visitor.offsite + member.offsite == []
    assert visitor.violations + member.violations == []

    # The watch works, and the policy holds: an injected inline script and an image from elsewhere are refused.
    member.visit(thread.get_absolute_url())
    member.page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
            const image = document.createElement("img");
            image.src = "https://tracker.invalid/pixel.gif";
            document.body.append(image);
        }"""
    )
    member.page.wait_for_timeout(300)
    assert member.page.evaluate("window.injected") is None
    assert any("script-src" in violation for violation in member.violations), member.violations
    assert any("img-src" in violation for violation in member.violations), member.violations
    member.page.screenshot(path=os.path.join(screenshots, "no-offsite-thread.png"))


def test_every_admin_page_and_the_page_editor_work_under_the_admin_policy(watched, demo_site, screenshots):
    case = CaseStudyPage.objects.live().public().first()
    for role in (EDITOR, ADMINISTRATOR):
        member = watched(create_user(role, name=f"Test {role.title()}"))
        assert member.visit("/admin/") == 200
        sidebar = member.page.evaluate("() => JSON.parse(document.getElementById('wagtail-sidebar-props').textContent)")
        urls = menu_urls(sidebar)
        assert "/admin/pages/" in urls and "/admin/images/" in urls, urls
        for path in [*urls, "/admin/account/", f"/admin/pages/{case.get_parent().pk}/"]:
            assert member.visit(path) in (200, 302), path
        # Avatars are initials drawn in the page: no Gravatar, not even a blocked attempt.
        member.visit("/admin/")
        images = member.page.evaluate("() => [...document.images].map((image) => image.src)")
        assert any(src.startswith("data:image/svg+xml,") for src in images), images
        assert member.offsite == [], role
        assert member.violations == [], role

    # The page editor: StreamField, the image chooser, an inline panel, the live preview, then Save draft.
    editor = watched(create_user(EDITOR, name="Draft Saver"))
    editor.visit(f"/admin/pages/{case.pk}/edit/")
    page = editor.page
    body = page.locator("[data-contentpath='body']")
    body.locator("button.c-sf-add-button").last.click()
    page.get_by_role("option", name="image").click()
    page.get_by_role("button", name=re.compile("Choose an image")).last.click()
    chooser = page.get_by_role("dialog")
    expect(chooser.get_by_role("tab", name="Upload")).to_be_visible()
    chooser.get_by_role("tab", name="Upload").click()
    expect(chooser.locator("input[type=file]").first).to_be_attached()
    page.screenshot(path=os.path.join(screenshots, "admin-image-chooser.png"))
    page.keyboard.press("Escape")
    expect(chooser).to_be_hidden()
    body.locator("[data-streamfield-child]").last.locator("button:has(svg.icon-bin)").first.click()
    rows = page.locator("[data-inline-panel-child]:visible")
    count = rows.count()
    page.get_by_role("button", name=re.compile("Add country", re.I)).first.click()
    expect(rows).to_have_count(count + 1)
    rows.last.locator("button:has(svg.icon-bin)").first.click()
    expect(rows).to_have_count(count)
    page.locator("button[data-side-panel-toggle='preview']").first.click()
    preview = page.frame_locator("#w-preview-iframe")  # the shown one; Wagtail loads each refresh beside it
    expect(preview.get_by_role("heading", level=1)).to_have_text(case.title, timeout=15_000)
    summary = page.locator("textarea[name=summary]")
    summary.fill(summary.input_value() + " Reviewed for the security policy.")
    page.get_by_role("button", name=re.compile("^Save draft")).click()
    # Saving runs the anonymity check on the new revision: allow it time on a busy machine.
    expect(page.get_by_text(re.compile("has been updated"))).to_be_visible(timeout=30_000)
    page.screenshot(path=os.path.join(screenshots, "admin-draft-saved.png"))
    assert (
        CaseStudyPage.objects.get(pk=case.pk)
        .get_latest_revision_as_object()
        .summary.endswith("Reviewed for the security policy.")
    )
    assert editor.offsite == []
    assert editor.violations == []
