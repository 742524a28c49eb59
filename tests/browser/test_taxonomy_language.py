"""On a phone in Lao, the library's filters name the countries and crime types in Lao."""

import os

import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_lao_reader_filters_the_library_by_countries_and_crime_types_named_in_lao(new_page, demo_site, screenshots):
    page = new_page(viewport=PHONE, device_scale_factor=2, locale="en-GB")
    page.context.add_cookies([{"name": "django_language", "value": "lo", "url": demo_site}])
    page.goto(demo_site + "/library/")
    expect(page.locator("html")).to_have_attribute("lang", "lo")

    countries = page.locator("section.facet", has=page.locator("#facet-country"))
    expect(countries.get_by_role("link", name="ລາວ")).to_have_count(1)
    expect(countries.get_by_role("link", name="ໄທ")).to_have_count(1)
    expect(countries).not_to_contain_text("Laos")
    expect(countries).not_to_contain_text("Thailand")
    crimes = page.locator("section.facet", has=page.locator("#facet-crime"))
    expect(crimes).to_contain_text("ການຄ້າມະນຸດເພື່ອບັງຄັບໃຊ້ແຮງງານ")
    expect(crimes).not_to_contain_text("Trafficking for")

    countries.get_by_role("link", name="ລາວ").click()
    expect(page).to_have_url(f"{demo_site}/library/?country=LA")
    expect(page.locator("article.card").first.get_by_text("ລາວ", exact=True)).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    path = os.path.join(screenshots, "library-facets-lo-360.png")
    page.screenshot(path=path, full_page=True)
    assert os.path.getsize(path) > 10_000
