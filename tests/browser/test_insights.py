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


def test_a_thai_officer_sees_online_recruitment_overtake_brokers_on_the_thai_myanmar_border(
    new_page, demo_site, screenshots
):
    """The issue's first line: the border filter, the channel trend since 2021, a bar to exactly its case studies,
    each once and in Thai where a Thai translation exists."""
    page = new_page(viewport=PHONE, device_scale_factor=2, locale="th-TH")
    page.context.add_cookies(
        [{"name": "django_language", "value": "th", "url": demo_site}, session_cookie(create_user(OFFICER), demo_site)]
    )
    page.goto(demo_site + "/insights/")
    page.locator("select[name=border]").select_option("MM-TH")
    page.locator(".insights-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"border=MM-TH"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chart = page.locator("section", has=page.locator("#channel-trend-heading")).locator("svg.chart")
    page.screenshot(path=os.path.join(screenshots, "insights-th-border-mm-th.png"), full_page=True)
    # The 2023 bar of social media opens the river-border case once, in its Thai translation.
    link = chart.locator('a[href*="channel=social-media"][href*="year=2023"]').first
    title = link.locator("title").text_content()
    assert "สื่อสังคมออนไลน์" in title
    count = int(re.search(r": (\d+) กรณีศึกษา", title).group(1))
    link.click()
    expect(page).to_have_url(re.compile(r"/library/\?type=case-study&border=MM-TH&year=2023&channel=social-media$"))
    expect(page.locator("#results-heading")).to_contain_text(str(count))
    expect(page.locator("article.card")).to_have_count(count)
    titles = page.locator(".card__title").all_text_contents()
    assert len(set(titles)) == len(titles)
    assert any(re.search(r"[\u0e00-\u0e7f]", title) for title in titles)
    page.screenshot(path=os.path.join(screenshots, "insights-th-border-bar-to-library.png"), full_page=True)
