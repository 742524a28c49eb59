"""A Thai officer on a phone reads the insights in Thai, taps a bar and lands on the case studies behind it."""

import os
import re

import pytest
from playwright.sync_api import expect

from accounts.roles import OFFICER
from tests.factories.accounts import create_user

from .conftest import PHONE, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_thai_officer_taps_a_bar_and_lands_on_its_case_studies(new_page, demo_site, screenshots):
    page = new_page(viewport=PHONE, device_scale_factor=2, locale="th-TH")
    page.context.add_cookies(
        [{"name": "django_language", "value": "th", "url": demo_site}, session_cookie(create_user(OFFICER), demo_site)]
    )
    page.goto(demo_site + "/insights/?country=TH")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", name="กรณีศึกษาตามช่องทางการชักชวนและปี")).to_be_visible()
    expect(page.locator("svg.chart--map")).to_contain_text("ไทย")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=os.path.join(screenshots, "insights-th-360.png"), full_page=True)

    chart = page.locator("section", has=page.locator("#crime-trend-heading")).locator("svg.chart")
    bar = chart.locator("a").first
    title = bar.locator("title").text_content()
    count = int(re.search(r": (\d+) กรณีศึกษา", title).group(1))
    bar.click()
    expect(page).to_have_url(re.compile(r"/library/\?type=case-study&country=TH&crime=[-a-z]+&year=\d{4}$"))
    expect(page.locator("#results-heading")).to_contain_text(str(count))
    expect(page.locator("article.card")).to_have_count(count)
    page.screenshot(path=os.path.join(screenshots, "insights-th-bar-to-library.png"), full_page=True)


def test_a_thai_officer_taps_a_recruitment_channel_bar_and_lands_on_exactly_its_case_studies(
    new_page, demo_site, screenshots
):
    """The Thai–Myanmar border: the channel bars link to the listing filtered on channel, year and countries."""
    page = new_page(viewport=PHONE, device_scale_factor=2, locale="th-TH")
    page.context.add_cookies(
        [{"name": "django_language", "value": "th", "url": demo_site}, session_cookie(create_user(OFFICER), demo_site)]
    )
    page.goto(demo_site + "/insights/?country=TH&country=MM")
    chart = page.locator("section", has=page.locator("#channel-trend-heading")).locator("svg.chart")
    bar = chart.locator("a").first
    count = int(re.search(r": (\d+) กรณีศึกษา", bar.locator("title").text_content()).group(1))
    bar.click()
    expect(page).to_have_url(
        re.compile(r"/library/\?type=case-study&country=TH&country=MM&year=\d{4}&channel=[-a-z]+$")
    )
    expect(page.locator("#results-heading")).to_contain_text(str(count))
    expect(page.locator("article.card")).to_have_count(count)
    expect(page.locator(".active-filters")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=os.path.join(screenshots, "insights-th-channel-bar-to-library.png"), full_page=True)


def test_a_visitor_in_thai_sees_the_route_map_and_small_victim_cells_as_fewer_than_5(new_page, demo_site, screenshots):
    page = new_page(viewport=PHONE, device_scale_factor=2, locale="th-TH")
    page.context.add_cookies([{"name": "django_language", "value": "th", "url": demo_site}])
    page.goto(demo_site + "/insights/")
    route_map = page.locator("svg.chart--map")
    expect(route_map).to_contain_text("ไทย")
    assert route_map.locator("a").count() >= 3  # arrows, each a link to its case studies
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cells = page.locator("table.profile td")
    texts = [text.strip() for text in cells.all_text_contents()]
    assert "น้อยกว่า 5" in texts
    # No victim-profile figure a visitor reads is a count under 5 (hidden ones, and those that would give them away).
    assert all(text == "น้อยกว่า 5" or int(text) == 0 or int(text) >= 5 for text in texts)
    page.locator("table.profile td.suppressed").first.scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(screenshots, "insights-th-visitor-fewer-than-5.png"))
