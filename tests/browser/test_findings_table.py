"""The findings table in Chromium: field names as editors know them, in their language, fitting 1280 px and 360 px."""

import os

import pytest
from django.test import Client
from wagtail.models import Revision
from wagtail.users.models import UserProfile

from accounts.roles import EDITOR
from tests.factories.accounts import create_user
from tests.factories.library import create_case_study

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASTED = (
    "<p>The victim Ms. Somchai Jaidee was recruited by a broker who called her on +66 81 234 5678 and wrote to her "
    "from https://www.facebook.com/somchai.jaidee.1985 about a job in a seafood factory far from her village.</p>"
)
FIELD_NAMES = {"lo": "ວິທີການກະທຳຜິດ", "vi": "Phương thức, thủ đoạn"}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def session_of(user):
    """Return a session key of the user (as after signing in with two factors)."""
    client = Client()
    client.force_login(user, "django.contrib.auth.backends.ModelBackend")
    return client.cookies["sessionid"].value


def signed_in_context(browser, live_server, user, session=None, **options):
    """Return a browser context carrying a session of the user: `session`, or a new one.

    Make sessions before the live server has work in hand: the in-memory test database is one connection shared with
    the server's thread, and a request of the page just closed, still finishing there, would be in
    a transaction when force_login starts its own."""
    context = browser.new_context(**options)
    context.add_cookies([{"name": "sessionid", "value": session or session_of(user), "url": live_server.url}])
    return context


@pytest.mark.parametrize("language", ["lo", "vi"])
def test_findings_table_fits_and_names_fields_in_the_editors_language(
    browser, live_server, django_db_serialized_rollback, screenshots, language
):
    editor = create_user(EDITOR)
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    case = create_case_study(title="Seafood factory case", slug="seafood", publish=False)
    case.modus_operandi = PASTED
    case.save_revision(user=editor)
    findings_url = f"{live_server.url}/admin/safety/pages/{case.pk}/findings/"
    edit_url = f"{live_server.url}/admin/pages/{case.pk}/edit/"
    session = session_of(editor)
    for width, height in ((1280, 900), (360, 740)):
        context = signed_in_context(browser, live_server, editor, session, viewport={"width": width, "height": height})
        page = context.new_page()
        for name, url in (("findings", findings_url), ("editor", edit_url)):
            assert page.goto(url).status == 200
            table = page.locator("table.anonymity-findings")
            table.wait_for()
            page.screenshot(path=os.path.join(screenshots, f"{name}-{language}-{width}.png"), full_page=True)
            text = table.inner_text()
            assert FIELD_NAMES[language] in text
            assert "modus_operandi" not in text and "social_media" not in text
            assert page.evaluate(OVERFLOW) <= 0, f"{name} page scrolls sideways at {width} px"
            box = table.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{name} table overflows at {width} px"
        context.close()


def test_redact_all_in_the_browser_leaves_no_value_at_any_revision_address(
    browser, live_server, django_db_serialized_rollback, screenshots
):
    editor = create_user(EDITOR)
    case = create_case_study(title="Seafood factory case", slug="seafood", publish=False)
    case.modus_operandi = PASTED
    case.save_revision(user=editor)
    context = signed_in_context(browser, live_server, editor, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/safety/pages/{case.pk}/findings/")
    page.get_by_role("button", name="Redact all").click()
    page.wait_for_load_state()
    page.screenshot(path=os.path.join(screenshots, "redacted-360.png"), full_page=True)
    body = page.locator("body").inner_text()
    assert "Removed from every earlier copy of the page" in body
    assert "Somchai" not in body
    revisions = list(Revision.objects.filter(object_id=str(case.pk)).order_by("pk"))
    urls = [f"/admin/pages/{case.pk}/revisions/{revision.pk}/view/" for revision in revisions]
    urls.append(f"/admin/pages/{case.pk}/revisions/compare/{revisions[0].pk}...{revisions[-1].pk}/")
    for url in urls:
        page.goto(live_server.url + url)
        content = page.content()
        for value in ("Somchai", "234 5678", "somchai.jaidee"):
            assert value not in content, url
    context.close()
