"""On a phone, switching the interface to Khmer or Lao translates the pages and keeps them within the screen."""

import os
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import expect

from library.models import LibraryPage

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The language, then what a reader of it sees: the switcher's label, the main menu, its Library link, the filters.
INTERFACE = {
    "km": ("ភាសា", "ម៉ឺនុយមេ", "បណ្ណាល័យ", "ត្រងបណ្ណាល័យ"),
    "lo": ("ພາສາ", "ເມນູຫຼັກ", "ຫ້ອງສະໝຸດ", "ກັ່ນຕອງຫ້ອງສະໝຸດ"),
}


def assert_fits_the_phone(page):
    """Fail when the page scrolls sideways on the phone's screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.body.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", sorted(INTERFACE))
def test_switching_the_interface_on_a_phone_translates_the_pages_without_sideways_scrolling(
    new_page, demo_site, screenshots, language
):
    switcher_label, menu, library, filters = INTERFACE[language]
    page = new_page(viewport=PHONE, device_scale_factor=2, locale="en-GB")
    page.goto(demo_site + "/library/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Language", exact=True).select_option(language)
    page.get_by_role("button", name="Change", exact=True).click()

    expect(page).to_have_url(re.compile(r"/library/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_label(switcher_label, exact=True)).to_have_value(language)
    expect(page.get_by_role("navigation", name=menu).get_by_role("link", name=library, exact=True)).to_be_visible()
    expect(page.get_by_role("navigation", name=filters)).to_be_attached()
    expect(page.get_by_text("Filter the library")).to_have_count(0)
    assert_fits_the_phone(page)

    # A page written in the same language, read with the interface in that language: still on the screen.
    written = LibraryPage.objects.visible_to(AnonymousUser()).filter(language=language).order_by("pk").first()
    page.goto(demo_site + written.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(written.title)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_fits_the_phone(page)

    path = os.path.join(screenshots, f"interface-{language}-360.png")
    page.screenshot(path=path, full_page=False)
    assert os.path.getsize(path) > 10_000

    # The registration form, with its long translated labels and help texts, fits as well.
    page.goto(demo_site + "/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_text("Work email")).to_have_count(0)
    assert_fits_the_phone(page)
    page.screenshot(path=os.path.join(screenshots, f"signup-{language}-360.png"), full_page=True)
