"""axe-core finds no serious or critical accessibility violation on the pages officers use, in every language, on a
360 px phone and a 1280 px desktop.

axe-core runs from the copy bundled inside axe-playwright-python (axe.min.js in the package): nothing is fetched.
"""

from collections import defaultdict

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from accounts.roles import OFFICER
from library.models import CaseStudyPage
from tests.factories.forum import create_board, create_forum_member, create_post, create_thread
from tests.factories.workshops import create_workshop

from .conftest import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = ["en", "km", "lo", "th", "vi"]
WIDTHS = {360: {"width": 360, "height": 740}, 1280: {"width": 1280, "height": 900}}
# Only what blocks or seriously hinders a reader fails the test; axe's "moderate" and "minor" are advice.
FAILING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
}


def describe(violation):
    """Return one violation as readable lines: rule, impact, help, and each element with axe's reason."""
    lines = [f"  {violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:6]:
        reasons = "; ".join(check["message"] for key in ("any", "all", "none") for check in node.get(key, []))
        lines.append(f"    {' '.join(map(str, node['target']))}: {reasons}")
    if len(violation["nodes"]) > 6:
        lines.append(f"    … and {len(violation['nodes']) - 6} more")
    return "\n".join(lines)


@pytest.fixture
def member_pages(demo_site):
    """Return the member's paths to check, with the forum thread and workshop they need."""
    officer = create_forum_member(OFFICER, handle="mukdahan_screening")
    board = create_board(name="Online recruitment and fake job adverts", slug="online-recruitment")
    thread = create_thread(board, officer, title="Fake job adverts that promise work across the border")
    create_post(thread, officer, "Check the agency's licence number with the labour office before the interview.")
    workshop = create_workshop()
    case_study = CaseStudyPage.objects.live().public().filter(language="en").first()
    paths = {
        "home": "/",
        "library": "/library/",
        "case study": case_study.url,
        "search results": "/search/?q=trafficking",
        "forum thread": thread.get_absolute_url(),
        "share a case": "/share/",
        "profile": "/members/profile/",
        "workshops": "/workshops/",
        "workshop": workshop.url,
        "insights": "/insights/",
    }
    return officer, paths


def test_no_serious_or_critical_axe_violation_in_any_language_at_phone_and_desktop_width(
    browser, demo_site, member_pages
):
    officer, paths = member_pages
    axe = Axe()
    found = defaultdict(list)
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        signed_in = session_cookie(officer, demo_site)
        try:
            for language in LANGUAGES:
                context.clear_cookies()
                context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": demo_site}])
                # The sign-in page as a visitor, then the member's pages with the member's session.
                walk = [("sign-in", "/accounts/login/"), (None, None), *paths.items()]
                for name, path in walk:
                    if path is None:
                        context.add_cookies([signed_in])
                        continue
                    response = page.goto(demo_site + path)
                    assert response.status == 200, (name, path, language, response.status)
                    assert page.evaluate("document.documentElement.lang") == language, (name, language)
                    results = axe.run(page, options=AXE_OPTIONS)
                    for violation in results.response["violations"]:
                        if violation["impact"] in FAILING_IMPACTS:
                            found[(name, path, language, width)].append(violation)
        finally:
            page.wait_for_load_state("networkidle")
            context.close()
    report = [
        f"{name} {path} [{language}, {width} px]:\n" + "\n".join(describe(violation) for violation in violations)
        for (name, path, language, width), violations in found.items()
    ]
    assert not found, f"{len(found)} page views with serious or critical violations:\n" + "\n".join(report)
