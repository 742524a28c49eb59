"""A member opening an admin address from an old bookmark sees a page in their language, on a phone, with no loop."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from accounts.roles import EDITOR, OFFICER
from tests.conftest import PHONE
from tests.factories.accounts import create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADING = {"lo": "ບໍ່ແມ່ນສ່ວນໜຶ່ງຂອງບັນຊີຂອງທ່ານ", "vi": "Không thuộc quyền của tài khoản bạn"}
SHARED_CASES = {"lo": "ກໍລະນີທີ່ຂ້ອຍແບ່ງປັນ", "vi": "Vụ việc tôi đã chia sẻ"}


def signed_in_page(browser, live_server, user, language):
    """Open a phone-sized browser context signed in as this member, in this interface language."""
    client = Client()
    client.force_login(user, "django.contrib.auth.backends.ModelBackend")
    context = browser.new_context(viewport=PHONE)
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
             "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )  # fmt: skip
    return context, context.new_page()


@pytest.mark.parametrize(("role", "path", "language"), [(OFFICER, "/admin/", "lo"), (EDITOR, "/django-admin/", "vi")])
def test_an_admin_bookmark_opens_a_page_in_the_members_language_with_places_to_act(
    browser, live_server, screenshots, role, path, language
):
    member = create_user(role, ui_language=language)
    context, page = signed_in_page(browser, live_server, member, language)
    try:
        response = page.goto(live_server.url + path)
        assert response.status == 403
        assert response.request.redirected_from is None
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADING[language])
        expect(page.locator("main")).to_contain_text(member.email)
        page.get_by_role("link", name=SHARED_CASES[language]).click()
        assert page.url == live_server.url + "/share/mine/"
        page.go_back()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=f"{screenshots}/admin-refusal-{language}.png", full_page=True)
    finally:
        context.close()
