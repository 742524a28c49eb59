"""Cookies carry no personal data: messages live in the session, and no message names the member's email."""

from axes.utils import reset
from django.core.cache import cache
from django.test import TestCase

from accounts.roles import PARTICIPANT
from library.models import Country
from tests.factories.accounts import PASSWORD, create_user


class CookieContentTests(TestCase):
    def setUp(self):
        cache.clear()
        reset()

    def assert_no_personal_data_in_cookies(self, response, *values):
        cookies = {name: morsel.value for name, morsel in response.cookies.items()}
        self.assertNotIn("messages", cookies)
        for value in values:
            for name, content in cookies.items():
                self.assertNotIn(value.lower(), content.lower(), name)
                self.assertNotIn(value.split("@")[0].lower(), content.lower(), name)

    def test_signing_in_sets_no_cookie_with_the_email_and_still_greets_the_member(self):
        member = create_user(PARTICIPANT, email="dara.sok@police.example")
        response = self.client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.assert_no_personal_data_in_cookies(response, member.email)
        page = self.client.get(response["Location"])
        self.assertContains(page, "You are signed in.")
        self.assertNotContains(page, "dara.sok")

    def test_signing_up_sets_no_cookie_with_the_email(self):
        response = self.client.post(
            "/accounts/signup/",
            {
                "email": "vanna.chea@police.example",
                "password1": "a fresh long passphrase 7",
                "password2": "a fresh long passphrase 7",
                "name": "Vanna Chea",
                "country": Country.objects.get(code="KH").pk,
                "agency": "Immigration Police",
                "position": "Inspector",
                "work_email": "vanna@police.example",
                "languages": ["km", "en"],
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assert_no_personal_data_in_cookies(response, "vanna.chea@police.example", "vanna@police.example")

    def test_changing_the_password_sets_no_cookie_with_the_email(self):
        member = create_user(PARTICIPANT, email="somsak.k@police.example")
        self.client.force_login(member)
        response = self.client.post(
            "/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": "another long passphrase 9",
                "password2": "another long passphrase 9",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assert_no_personal_data_in_cookies(response, member.email)

    def test_the_language_cookie_is_http_only_and_same_site(self):
        response = self.client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
        cookie = response.cookies["django_language"]
        self.assertEqual((cookie.value, cookie["httponly"], cookie["samesite"]), ("vi", True, "Lax"))
