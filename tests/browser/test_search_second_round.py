"""Issue 15 as its users try it, in Chromium at 360 px: the library in Lao, a Lao noun form, a misspelt query, and a
followed search that alerts its Vietnamese follower once (email and notification) and never for a restricted page."""

import os
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import OFFICER
from safety.permits import data_load
from search.follows import checks, core
from search.follows.models import FollowedSearch, SearchAlert
from tests.factories.accounts import create_user, restrict_to_officers
from tests.factories.library import TEST_DATA, create_case_study

from .conftest import PHONE, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FORCED_MARRIAGE = "ສັນຍາວ່າຈະມີວຽກເຮັດ ແຕ່ຖືກຂາຍໃຫ້ແຕ່ງງານຂ້າມຊາຍແດນພາກເໜືອ"


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_lao_reader_finds_the_forced_marriage_case_and_a_misspelling_is_corrected(new_page, demo_site, screenshots):
    page = new_page(viewport=PHONE, device_scale_factor=2)
    page.context.add_cookies([{"name": "django_language", "value": "lo", "url": demo_site}])
    page.goto(demo_site + "/library/")
    countries = page.locator("section.facet", has=page.locator("#facet-country"))
    expect(countries.get_by_role("link", name="ລາວ")).to_have_count(1)
    expect(countries.get_by_role("link", name="ໄທ")).to_have_count(1)
    crimes = page.locator("section.facet", has=page.locator("#facet-crime"))
    expect(crimes).to_contain_text("ການຄ້າມະນຸດເພື່ອບັງຄັບແຕ່ງງານ")
    expect(crimes).not_to_contain_text("forced marriage")
    assert fits_the_phone(page)

    page.goto(demo_site + "/search/")
    page.get_by_role("searchbox").fill("ການແຕ່ງງານ")
    page.get_by_role("searchbox").press("Enter")
    expect(page.locator("article.card").first.locator("h3")).to_have_text(FORCED_MARRIAGE)
    assert fits_the_phone(page)
    page.screenshot(path=os.path.join(screenshots, "search-lao-noun-360.png"), full_page=True)

    page.get_by_role("searchbox").fill("traficking")
    page.get_by_role("searchbox").press("Enter")
    note = page.locator("p.suggestion")
    expect(note).to_contain_text("trafficking")
    expect(note.get_by_role("link")).to_have_attribute("href", re.compile(r"as_typed=1"))
    expect(page.locator("article.card").first).to_be_visible()
    assert fits_the_phone(page)
    page.screenshot(path=os.path.join(screenshots, "search-corrected-lo-360.png"), full_page=True)


def test_a_vietnamese_follower_hears_once_of_a_new_case_and_never_of_a_restricted_one(new_page, demo_site, screenshots):
    follower = create_user(None, country_code="VN", ui_language="vi", email="lan@example.org")
    officer = create_user(OFFICER, country_code="KH", ui_language="en", email="officer@example.org")
    page = new_page(viewport=PHONE, device_scale_factor=2)
    page.context.add_cookies([session_cookie(follower, demo_site)])
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": demo_site}])

    page.goto(demo_site + "/search/?q=scam+compound")
    filters = page.locator("nav.filters")
    filters.locator("section.facet", has=page.locator("#facet-country")).get_by_role("link", name="Campuchia").click()
    expect(page).to_have_url(re.compile(r"country=KH"))
    page.get_by_role("button", name="Theo dõi tìm kiếm này").click()
    expect(page.locator(".follow-search__state")).to_be_visible()
    assert fits_the_phone(page)
    page.screenshot(path=os.path.join(screenshots, "follow-vi-360.png"), full_page=True)
    followed = FollowedSearch.objects.get(user=follower)
    assert followed.query == "scam compound" and followed.filters == {"country": ["KH"]}
    core.follow(officer, source="search", query="scam compound", filters={"country": ["KH"]})

    mail.outbox.clear()
    # An editor publishes a matching case study, and another one only officers may open.
    create_case_study(
        title="Scam compound raid in Sihanoukville",
        summary="Workers held in a scam compound were freed.",
        countries=(("VN", "origin"), ("KH", "destination")),
        crimes=("scam-compounds",),
    )
    secret = create_case_study(
        title="Scam compound informant notes",
        summary="Officers only.",
        countries=(("KH", "destination"),),
        crimes=("scam-compounds",),
        publish=False,
    )
    restrict_to_officers(secret)
    with data_load(TEST_DATA):
        secret.save_revision().publish()

    checks.run(now=timezone.now() + timedelta(minutes=5))  # the worker's periodic check
    checks.run(now=timezone.now() + timedelta(minutes=10))  # and its next run: nothing twice

    to_follower = [message for message in mail.outbox if message.to == ["lan@example.org"]]
    assert len(to_follower) == 1
    email = to_follower[0]
    assert "Có nội dung mới cho tìm kiếm bạn theo dõi “scam compound · Campuchia”" in email.subject
    assert "Scam compound raid in Sihanoukville" in email.body and "informant" not in email.body
    assert not SearchAlert.objects.filter(user=follower, doc_id=f"page:{secret.pk}").exists()
    assert SearchAlert.objects.filter(user=officer, doc_id=f"page:{secret.pk}").exists()

    page.goto(demo_site + "/search/following/")
    expect(page.get_by_role("link", name="Scam compound raid in Sihanoukville")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("informant")
    assert fits_the_phone(page)
    page.screenshot(path=os.path.join(screenshots, "following-vi-360.png"), full_page=True)
    page.get_by_role("link", name="Scam compound raid in Sihanoukville").click()
    expect(page.locator("h1")).to_have_text("Scam compound raid in Sihanoukville")
