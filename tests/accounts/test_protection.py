"""Sign-in lockout and resistance to learning whether an email is registered."""

import re

from axes.utils import reset
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import TestCase, override_settings

from accounts.models import AuditEvent
from accounts.roles import PARTICIPANT
from tests.factories.accounts import PASSWORD, create_user

LOGIN = "/accounts/login/"


def normalized(response):
    """Return a response body with the per-request CSRF token and the typed email removed."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    return body


class LockoutTests(TestCase):
    """Failures pause one account at one address; an address as a whole only when it tries many accounts."""

    def setUp(self):
        cache.clear()
        reset()

    def fail_sign_in(self, email, times, ip="10.0.0.1"):
        responses = []
        for _ in range(times):
            responses.append(self.client.post(LOGIN, {"login": email, "password": "not the password"}, REMOTE_ADDR=ip))
        return responses

    def sign_in(self, email, ip):
        """Sign in with the right password from an address; return the response and sign out again."""
        response = self.client.post(LOGIN, {"login": email, "password": PASSWORD}, REMOTE_ADDR=ip)
        signed_in = "_auth_user_id" in self.client.session
        self.client.logout()
        return response, signed_in

    def test_repeated_failures_pause_the_account_at_that_address_even_for_the_right_password(self):
        member = create_user(PARTICIPANT)
        limit = settings.AXES_FAILURE_LIMIT
        responses = self.fail_sign_in(member.email, limit - 1)
        self.assertTrue(all(r.status_code == 200 for r in responses))
        self.assertEqual(self.fail_sign_in(member.email, 1)[0].status_code, 429)
        response, signed_in = self.sign_in(member.email, "10.0.0.1")
        self.assertFalse(signed_in)
        self.assertContains(response, "Too many sign-in attempts", status_code=429)
        self.assertContains(response, "Signing in to this account from your network has been paused", status_code=429)

    def test_the_same_officer_signs_in_from_a_phone_on_another_network(self):
        officer = create_user(PARTICIPANT)
        self.fail_sign_in(officer.email, 10, ip="10.0.0.1")
        response, signed_in = self.sign_in(officer.email, "172.16.5.9")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(signed_in)

    def test_a_colleague_behind_the_same_office_address_signs_in(self):
        officer, colleague = create_user(PARTICIPANT), create_user(PARTICIPANT)
        self.fail_sign_in(officer.email, 10, ip="10.0.0.1")
        response, signed_in = self.sign_in(colleague.email, "10.0.0.1")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(signed_in)

    def test_lockout_ignores_the_case_of_the_email(self):
        member = create_user(PARTICIPANT, email="casey@example.org")
        self.fail_sign_in("CASEY@example.org", 3)
        self.fail_sign_in("casey@EXAMPLE.org", settings.AXES_FAILURE_LIMIT - 3)
        response, signed_in = self.sign_in(member.email, "10.0.0.1")
        self.assertEqual(response.status_code, 429)
        self.assertFalse(signed_in)

    @override_settings(SIGN_IN_ADDRESS_FAILURE_LIMIT=12, SIGN_IN_ADDRESS_ACCOUNTS=6)
    def test_an_address_trying_many_accounts_is_throttled_without_naming_one(self):
        member = create_user(PARTICIPANT)
        for n in range(6):
            self.fail_sign_in(f"guess{n}@example.org", 2, ip="10.9.9.9")
        response, signed_in = self.sign_in(member.email, "10.9.9.9")
        self.assertFalse(signed_in)
        self.assertContains(response, "Too many failed sign-ins to different accounts", status_code=429)
        self.assertNotContains(response, member.email, status_code=429)
        self.assertNotContains(response, "guess", status_code=429)
        _response, signed_in_elsewhere = self.sign_in(member.email, "10.9.9.10")
        self.assertTrue(signed_in_elsewhere)
        lockout = AuditEvent.objects.filter(event="lockout", ip_address="10.9.9.9").last()
        self.assertEqual(lockout.data["scope"], "address")

    @override_settings(SIGN_IN_ADDRESS_FAILURE_LIMIT=12, SIGN_IN_ADDRESS_ACCOUNTS=6)
    def test_one_member_retrying_their_own_account_never_throttles_the_office(self):
        officer, colleague = create_user(PARTICIPANT), create_user(PARTICIPANT)
        self.fail_sign_in(officer.email, 20)
        _response, signed_in = self.sign_in(colleague.email, "10.0.0.1")
        self.assertTrue(signed_in)

    def test_successful_sign_in_before_the_limit_resets_the_count(self):
        member = create_user(PARTICIPANT)
        self.fail_sign_in(member.email, settings.AXES_FAILURE_LIMIT - 1)
        self.sign_in(member.email, "10.0.0.1")
        self.assertEqual(self.fail_sign_in(member.email, settings.AXES_FAILURE_LIMIT - 1)[-1].status_code, 200)

    def test_failures_and_lockout_are_in_the_audit_log(self):
        member = create_user(PARTICIPANT)
        limit = settings.AXES_FAILURE_LIMIT
        self.fail_sign_in(member.email, limit)
        self.assertEqual(AuditEvent.objects.filter(event="sign_in_failed", username=member.email).count(), limit)
        lockout = AuditEvent.objects.get(event="lockout", username=member.email)
        self.assertEqual((lockout.ip_address, lockout.data["scope"]), ("10.0.0.1", "account_at_address"))

    def test_lockout_reads_the_same_for_registered_and_unknown_emails(self):
        member = create_user(PARTICIPANT)
        limit = settings.AXES_FAILURE_LIMIT
        known = self.fail_sign_in(member.email, limit + 1, ip="10.0.1.1")
        unknown = self.fail_sign_in("nobody-here@example.org", limit + 1, ip="10.0.1.2")
        self.assertEqual([r.status_code for r in known], [r.status_code for r in unknown])
        self.assertEqual([r.status_code for r in known], [200] * (limit - 1) + [429, 429])
        for first, second in zip(known, unknown, strict=True):
            self.assertEqual(
                normalized(first).replace(member.email, "EMAIL"),
                normalized(second).replace("nobody-here@example.org", "EMAIL"),
            )


class EnumerationTests(TestCase):
    def setUp(self):
        cache.clear()
        reset()

    def test_wrong_password_and_unknown_email_get_the_same_answer(self):
        member = create_user(PARTICIPANT)
        wrong = self.client.post(LOGIN, {"login": member.email, "password": "wrong password here"})
        unknown = self.client.post(LOGIN, {"login": "ghost@example.org", "password": "wrong password here"})
        self.assertEqual(wrong.status_code, unknown.status_code)
        self.assertEqual(
            normalized(wrong).replace(member.email, "EMAIL"), normalized(unknown).replace("ghost@example.org", "EMAIL")
        )

    def test_password_reset_answers_the_same_and_only_the_account_gets_a_reset_link(self):
        member = create_user(PARTICIPANT)
        known = self.client.post("/accounts/password/reset/", {"email": member.email})
        unknown = self.client.post("/accounts/password/reset/", {"email": "ghost@example.org"})
        self.assertEqual((known.status_code, known["Location"]), (unknown.status_code, unknown["Location"]))
        # Both addresses get an email (the same work either way); only the account's holds a reset link.
        self.assertEqual([message.to for message in mail.outbox], [[member.email], ["ghost@example.org"]])
        self.assertIn("/accounts/password/reset/key/", mail.outbox[0].body)
        self.assertNotIn("/accounts/password/reset/key/", mail.outbox[1].body)

    def test_registering_an_existing_email_answers_like_a_new_one(self):
        from library.models import Country

        member = create_user(PARTICIPANT)
        country = Country.objects.get(code="KH")

        def register(email):
            return self.client.post(
                "/accounts/signup/",
                {
                    "email": email,
                    "password1": "a fresh long passphrase 7",
                    "password2": "a fresh long passphrase 7",
                    "name": "Dara Sok",
                    "country": country.pk,
                    "agency": "Immigration Police",
                    "position": "Inspector",
                    "work_email": "dara@police.example",
                    "languages": ["km", "en"],
                },
            )

        existing = register(member.email)
        new = register("newcomer@example.org")
        self.assertEqual(existing.status_code, 302)
        self.assertEqual((existing.status_code, existing["Location"]), (new.status_code, new["Location"]))
        self.assertEqual(type(member).objects.filter(email__iexact=member.email).count(), 1)
