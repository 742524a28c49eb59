"""A new officer's path at 360 px in Lao: register, confirm, get approved, sign in, enrol, continue."""

import re

import pytest
from django.core import mail

from accounts.roles import FOCAL_POINT
from accounts.twofactor import totp_code
from tests.conftest import PHONE
from tests.factories.accounts import PASSWORD, create_user

pytestmark = pytest.mark.browser
NEW_PASSWORD = "Savannakhet border post 2026"


def fits(page):
    """Return whether the page fits the phone's width (nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def submit(page):
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def sign_in(page, url, email, password, secret=None):
    page.goto(url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit(page)
    if secret:
        page.fill("input[name=code]", totp_code(secret))
        submit(page)


def test_new_officer_goes_from_registration_to_a_page_without_typing_the_password_twice(
    browser, live_server, django_db_serialized_rollback
):
    from library.models import Country

    focal = create_user(FOCAL_POINT, country_code="LA", email="focal-la@example.org", ui_language="lo")
    laos = Country.objects.get(code="LA")
    applicant = browser.new_context(viewport=PHONE)
    applicant.add_cookies([{"name": "django_language", "value": "lo", "url": live_server.url}])
    page = applicant.new_page()

    page.goto(live_server.url + "/accounts/signup/")
    page.fill("input[name=email]", "khamla@example.org")
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.fill("input[name=name]", "Khamla Phommavong")
    page.select_option("select[name=country]", str(laos.pk))
    page.fill("input[name=agency]", "ກົມຕຳຫຼວດ")
    page.fill("input[name=position]", "ນັກສືບສວນ")
    page.fill("input[name=work_email]", "khamla@police.example")
    page.check("input[name=languages][value=lo]")
    submit(page)
    assert page.url.endswith("/accounts/confirm-email/") and fits(page)
    assert [message.to for message in mail.outbox] == [["khamla@example.org"]]  # approvers wait for confirmation

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    page.goto(live_server.url + link)
    submit(page)
    assert focal.email in [message.to[0] for message in mail.outbox]
    # Confirmed in the browser that registered: signed in, told that approval comes next; back another day.
    assert page.locator(".messages").count() and fits(page)
    page.goto(live_server.url + "/accounts/logout/")
    submit(page)

    approver = browser.new_context(viewport=PHONE).new_page()
    sign_in(approver, live_server.url, focal.email, PASSWORD, focal.totp_secret)
    approver.goto(live_server.url + "/members/pending/")
    assert "Khamla Phommavong" in approver.content() and fits(approver)
    approver.locator("article.card", has_text="khamla@example.org").locator("button[value=approve]").click()
    approver.wait_for_load_state()
    assert fits(approver)

    sign_in(page, live_server.url, "khamla@example.org", NEW_PASSWORD)
    assert "/accounts/2fa/totp/activate/" in page.url and fits(page)
    assert page.locator("input[type=password]").count() == 0
    assert page.locator("html").get_attribute("lang") == "lo"
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", totp_code(secret))
    submit(page)
    assert "/accounts/2fa/recovery-codes/" in page.url and fits(page)
    page.get_by_role("link", name="ສືບຕໍ່").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/" and fits(page)
    assert "/accounts/" not in page.url
    applicant.close()
