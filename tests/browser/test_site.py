import os
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import expect

from library.models import CaseStudyPage, LibraryPage

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KHMER = re.compile("[\u1780-\u17ff]")


def test_khmer_case_study_renders_on_a_phone_without_horizontal_scrolling(new_page, demo_site, screenshots):
    case = CaseStudyPage.objects.filter(language="km").live().exclude(translation_of=None).first()
    page = new_page(viewport=PHONE, device_scale_factor=2, locale="km-KH")
    page.goto(demo_site + case.url)

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(case.title)
    expect(heading).to_be_visible()
    expect(page.get_by_text(case.summary)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.body.scrollWidth") <= PHONE["width"]

    # A font without Khmer draws every character as the same missing-glyph box: real glyphs differ in width.
    widths = page.evaluate(
        """() => {
            const context = document.createElement("canvas").getContext("2d");
            context.font = getComputedStyle(document.querySelector("h1")).font;
            return ["\u1780", "\u17a2", "\u17d2\u1799", "\ue000"].map((text) => context.measureText(text).width);
        }"""
    )
    assert len({round(width, 1) for width in widths[:3]}) > 1, widths
    assert widths[0] != widths[3], widths

    path = os.path.join(screenshots, "khmer-case-study-360.png")
    page.screenshot(path=path, full_page=False)
    assert os.path.getsize(path) > 10_000


def test_filter_library_by_laos_and_forced_marriage_without_javascript(new_page, demo_site):
    page = new_page(java_script_enabled=False, viewport=PHONE)
    page.goto(demo_site + "/library/")
    filters = page.get_by_role("navigation", name="Filter the library")

    filters.get_by_role("link", name=re.compile(r"^Laos \(")).click()
    expect(page).to_have_url(re.compile(r"country=LA"))
    filters.get_by_role("link", name=re.compile(r"^Trafficking for forced marriage \(")).click()
    expect(page).to_have_url(re.compile(r"country=LA.*crime=forced-marriage|crime=forced-marriage.*country=LA"))

    found = (
        LibraryPage.objects.visible_to(AnonymousUser())
        .filter(countries__code="LA", crime_types__slug="forced-marriage")
        .distinct()
    )
    # A page and its translations are one entry (counted once, shown in the reader's language).
    expected = len({page.translation_of_id or page.pk for page in found})
    assert expected >= 2
    expect(page.get_by_role("heading", name=f"{expected} pages")).to_be_visible()
    cards = page.locator(".results article.card")
    expect(cards).to_have_count(expected)
    for title in cards.locator("h3").all_inner_texts():
        page_obj = LibraryPage.objects.get(title=title)
        assert "LA" in page_obj.countries.values_list("code", flat=True)


def test_keyboard_reaches_the_skip_link_first_and_then_the_search_box(new_page, demo_site):
    page = new_page(viewport={"width": 1024, "height": 768})
    page.goto(demo_site + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))

    search = page.get_by_role("searchbox").first
    for _ in range(40):
        if search.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(search).to_be_focused()
    page.keyboard.type("buôn bán người")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
