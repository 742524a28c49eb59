"""Fifty participants open the library at the same minute: the visitors' page cache, walked in Chromium at 360 px.

A visitor reads the library (the second reader is answered from the cache), then signs in on the same browser:
no visitor page is shown after the sign-in and the interface language stays. An attacker behind a proxy (forged
X-Forwarded-* headers, cache-busting query strings) asks for a members-only page before and after a member does:
it is never shown to the attacker, from the cache or otherwise.
"""

import os

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from accounts.roles import PARTICIPANT
from tests.factories.accounts import PASSWORD, create_user

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEMBERS_ONLY = "/library/money-mule-accounts/"
MEMBERS_ONLY_TITLE = "Rented bank accounts moving scam proceeds"
# The interface language, the browser's Accept-Language, and the header's "Sign in" / "Sign out" in it.
LANGUAGES = {"en": ("en-GB", "Sign in", "Sign out"), "th": ("th-TH", "เข้าสู่ระบบ", "ออกจากระบบ")}
FORGED = {"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def sign_in(page, url, email):
    page.goto(url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_visitor_then_a_member_on_the_same_phone_see_their_own_pages(
    new_page, demo_site, page_cache, screenshots, language
):
    locale, sign_in_label, sign_out_label = LANGUAGES[language]
    member = create_user(PARTICIPANT)
    first = new_page(viewport=PHONE, locale=locale)
    first.goto(demo_site + "/library/")
    visitor = new_page(viewport=PHONE, locale=locale)
    answer = visitor.goto(demo_site + "/library/")
    assert answer.headers.get("x-page-cache") == "hit"
    expect(visitor.locator("html")).to_have_attribute("lang", language)
    nav = visitor.locator("nav.site-nav")
    expect(nav.get_by_role("link", name=sign_in_label, exact=True)).to_be_visible()
    assert visitor.goto(demo_site + MEMBERS_ONLY).status == 404

    sign_in(visitor, demo_site, member.email)
    answer = visitor.goto(demo_site + "/library/")
    assert answer.headers.get("x-page-cache") == "bypass"
    expect(visitor.locator("html")).to_have_attribute("lang", language)
    expect(nav.get_by_role("link", name=sign_out_label, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=sign_in_label, exact=True)).to_have_count(0)
    assert visitor.goto(demo_site + MEMBERS_ONLY).status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text(MEMBERS_ONLY_TITLE)
    visitor.go_back()  # the browser's back button reloads the library as the member sees it
    visitor.reload()
    expect(nav.get_by_role("link", name=sign_out_label, exact=True)).to_be_visible()
    visitor.screenshot(path=os.path.join(screenshots, f"page-cache-member-{language}-360.png"))

    # The other visitor switches the interface language: the next page is in it, not a kept page of the old one.
    other = "th" if language == "en" else "en"
    first.locator("select[name=language]").select_option(other)
    first.locator("form.language-switcher button[type=submit]").click()
    first.wait_for_load_state()
    expect(first.locator("html")).to_have_attribute("lang", other)
    first.screenshot(path=os.path.join(screenshots, f"page-cache-switched-{other}-360.png"))


def test_an_attacker_behind_a_proxy_never_gets_a_members_page(browser, new_page, demo_site, page_cache, screenshots):
    member = create_user(PARTICIPANT)
    attacker_context = browser.new_context(viewport=PHONE, extra_http_headers=FORGED)
    try:
        attacker = attacker_context.new_page()
        for suffix in ("", "?utm_source=x", "?page=1&bust=1", "?bust=1&page=1"):
            answer = attacker.goto(demo_site + MEMBERS_ONLY + suffix)
            assert answer.status == 404, suffix
            expect(attacker.get_by_text(MEMBERS_ONLY_TITLE)).to_have_count(0)

        officer = new_page(viewport=PHONE)
        sign_in(officer, demo_site, member.email)
        for suffix in ("", "?utm_source=x", "?page=1&bust=1"):
            assert officer.goto(demo_site + MEMBERS_ONLY + suffix).status == 200
            expect(officer.get_by_role("heading", level=1)).to_have_text(MEMBERS_ONLY_TITLE)

        for suffix in ("", "?utm_source=x", "?page=1&bust=1", "?bust=1&page=1"):
            answer = attacker.goto(demo_site + MEMBERS_ONLY + suffix)
            assert answer.status == 404, suffix
            assert answer.headers.get("x-page-cache") != "hit"
            expect(attacker.get_by_text(MEMBERS_ONLY_TITLE)).to_have_count(0)
        # The library the attacker is shown never lists the members' page, whatever the officer read first.
        officer.goto(demo_site + "/library/?bust=2")
        for _ in range(3):
            attacker.goto(demo_site + "/library/?bust=2")
            expect(attacker.get_by_text(MEMBERS_ONLY_TITLE)).to_have_count(0)
        attacker.screenshot(path=os.path.join(screenshots, "page-cache-attacker-360.png"))
    finally:
        attacker_context.close()
