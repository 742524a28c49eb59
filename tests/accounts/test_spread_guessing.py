"""One account guessed at from many addresses at once: paused from new addresses, its owner still gets in and is told."""

import re

from axes.utils import reset
from django.core import mail
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import ADMINISTRATOR, PARTICIPANT
from tests.factories.accounts import PASSWORD, create_user

LOGIN = "/accounts/login/"
BOTNET = [f"203.0.113.{n}" for n in range(1, 9)]


@override_settings(SIGN_IN_ACCOUNT_FAILURE_LIMIT=8, SIGN_IN_ACCOUNT_ADDRESSES=4, AXES_FAILURE_LIMIT=5)
class SpreadGuessingTests(TestCase):
    def setUp(self):
        cache.clear()
        reset()
        self.officer = create_user(PARTICIPANT)

    def attempt(self, email, password, ip):
        response = self.client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)
        signed_in = "_auth_user_id" in self.client.session
        self.client.logout()
        return response, signed_in

    def guess_from_the_botnet(self, email, per_address=1):
        """Two wrong passwords from each of eight addresses: never the per-address limit, 16 failures in all."""
        for ip in BOTNET:
            for _ in range(per_address):
                self.attempt(email, "a guessed password", ip)

    def test_guesses_from_many_addresses_pause_new_addresses_even_with_the_right_password(self):
        self.guess_from_the_botnet(self.officer.email, per_address=2)
        response, signed_in = self.attempt(self.officer.email, PASSWORD, "198.51.100.77")
        self.assertFalse(signed_in)
        self.assertContains(response, "come from different networks", status_code=429)
        self.assertNotContains(response, self.officer.email, status_code=429)
        lockout = AuditEvent.objects.filter(event="lockout", ip_address="198.51.100.77").last()
        self.assertEqual(lockout.data["scope"], "account")

    def test_the_owner_still_signs_in_from_an_address_used_lately(self):
        _response, signed_in = self.attempt(self.officer.email, PASSWORD, "192.0.2.10")  # the office, last week
        self.assertTrue(signed_in)
        self.guess_from_the_botnet(self.officer.email, per_address=2)
        _response, signed_in = self.attempt(self.officer.email, PASSWORD, "192.0.2.10")
        self.assertTrue(signed_in)

    def test_other_accounts_are_not_paused(self):
        colleague = create_user(PARTICIPANT)
        self.guess_from_the_botnet(self.officer.email, per_address=2)
        _response, signed_in = self.attempt(colleague.email, PASSWORD, "198.51.100.77")
        self.assertTrue(signed_in)

    def test_a_few_failures_from_a_few_places_pause_nothing(self):
        for ip in BOTNET[:3]:
            self.attempt(self.officer.email, "mistyped", ip)
            self.attempt(self.officer.email, "mistyped", ip)
        _response, signed_in = self.attempt(self.officer.email, PASSWORD, "198.51.100.77")
        self.assertTrue(signed_in)

    def test_the_owner_is_warned_once_in_their_language_with_a_reset_link(self):
        self.officer.member.ui_language = "th"
        self.officer.member.save()
        mail.outbox.clear()
        self.guess_from_the_botnet(self.officer.email, per_address=3)
        warnings = [m for m in mail.outbox if self.officer.email in m.to]
        self.assertEqual(len(warnings), 1)
        self.assertIn("/accounts/password/reset/", warnings[0].body)
        self.assertNotIn("203.0.113", warnings[0].body)
        self.assertNotEqual(warnings[0].subject, "[Frontline Exchange] Someone is trying to guess your password")
        self.assertEqual(AuditEvent.objects.filter(event="sign_in_attack_warned", user=self.officer).count(), 1)

    def test_unknown_and_registered_emails_read_the_same_and_nobody_is_emailed_for_an_unknown_one(self):
        mail.outbox.clear()
        self.guess_from_the_botnet("nobody-here@example.org", per_address=2)
        unknown, _ = self.attempt("nobody-here@example.org", "x", "198.51.100.77")
        self.assertEqual(mail.outbox, [])
        self.guess_from_the_botnet(self.officer.email, per_address=2)
        known, _ = self.attempt(self.officer.email, "x", "198.51.100.77")
        self.assertEqual(known.status_code, unknown.status_code)

        def normalized(response, email):
            body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
            return body.replace(email, "EMAIL")

        self.assertEqual(normalized(known, self.officer.email), normalized(unknown, "nobody-here@example.org"))

    def test_a_password_reset_by_email_lifts_the_pause(self):
        self.guess_from_the_botnet(self.officer.email, per_address=2)
        mail.outbox.clear()
        self.client.post("/accounts/password/reset/", {"email": self.officer.email})
        link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
        form_page = self.client.get(link, follow=True)
        self.client.post(
            form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
            {"password1": "a new long passphrase 2026", "password2": "a new long passphrase 2026"},
        )
        self.client.logout()
        _response, signed_in = self.attempt(self.officer.email, "a new long passphrase 2026", "198.51.100.77")
        self.assertTrue(signed_in)
        self.assertTrue(AuditEvent.objects.filter(event="sign_in_lock_lifted", user=self.officer).exists())

    def test_the_administrator_sees_the_pause_on_the_member_page_and_lifts_it(self):
        admin = create_user(ADMINISTRATOR)
        self.guess_from_the_botnet(self.officer.email, per_address=2)
        self.client.force_login(admin)
        page = self.client.get(reverse("wagtailusers_users:edit", args=[self.officer.pk]))
        self.assertContains(page, "being guessed at from many places")
        self.assertContains(self.client.get("/admin/members/"), "Sign-in paused")
        self.client.post(f"/admin/members/{self.officer.pk}/lift-sign-in-lock/")
        self.client.logout()
        _response, signed_in = self.attempt(self.officer.email, PASSWORD, "198.51.100.77")
        self.assertTrue(signed_in)
