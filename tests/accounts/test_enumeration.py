"""Sign-up and password reset answer alike for registered and unknown addresses; the mail leaves after the answer."""

import re

from django.core import mail
from django.core.cache import cache
from django.core.mail import send_mail
from django.core.signals import request_finished, request_started
from django.test import Client, TestCase, override_settings

from accounts.roles import PARTICIPANT
from tests.accounts.test_membership import registration
from tests.factories.accounts import create_user

DEFERRED_MAIL = override_settings(
    EMAIL_BACKEND="frontline.mail.DeferredEmailBackend",
    EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def page(response):
    """Return the final page of a followed response with its CSRF token blanked, and its messages."""
    body = CSRF.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())
    return response.redirect_chain, body, [str(message) for message in response.context["messages"]]


@DEFERRED_MAIL
class SignUpTests(TestCase):
    def setUp(self):
        cache.clear()

    def test_registered_email_gets_the_same_page_and_its_owner_an_email(self):
        create_user(PARTICIPANT, email="known@example.org")
        new = Client().post("/accounts/signup/", registration(email="new@example.org"), follow=True)
        registered = Client().post("/accounts/signup/", registration(email="known@example.org"), follow=True)
        self.assertEqual(page(new), page(registered))
        self.assertEqual(new.redirect_chain, [("/accounts/confirm-email/", 302)])
        self.assertNotIn("new@example.org", page(new)[1])

        to_new, to_known = (
            next(m for m in mail.outbox if m.to == [address]) for address in ("new@example.org", "known@example.org")
        )
        self.assertIn("/accounts/confirm-email/", to_new.body)
        self.assertIn("already exists", to_known.body)
        self.assertIn("/accounts/password/reset/", to_known.body)
        self.assertEqual(len(mail.outbox), 2)

    def test_asking_twice_about_a_registered_email_still_gets_the_same_page(self):
        create_user(PARTICIPANT, email="known@example.org")
        first = Client().post("/accounts/signup/", registration(email="known@example.org"), follow=True)
        again = Client().post("/accounts/signup/", registration(email="known@example.org"), follow=True)
        fresh = Client().post("/accounts/signup/", registration(email="fresh@example.org"), follow=True)
        self.assertEqual(page(first), page(again))
        self.assertEqual(page(again), page(fresh))


@DEFERRED_MAIL
class PasswordResetTests(TestCase):
    def setUp(self):
        cache.clear()

    def test_known_and_unknown_addresses_get_the_same_page_and_an_email_each(self):
        create_user(PARTICIPANT, email="known@example.org")
        known = Client().post("/accounts/password/reset/", {"email": "known@example.org"}, follow=True)
        unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
        self.assertEqual(page(known), page(unknown))
        to_known, to_unknown = (
            next(m for m in mail.outbox if m.to == [address]) for address in ("known@example.org", "nobody@example.org")
        )
        self.assertIn("/accounts/password/reset/key/", to_known.body)
        self.assertNotIn("/accounts/password/reset/key/", to_unknown.body)


@DEFERRED_MAIL
class DeferredMailTests(TestCase):
    def test_mail_sent_while_answering_a_request_leaves_when_the_response_is_closed(self):
        request_started.send(sender=self.__class__)
        send_mail("Subject", "Body", None, ["someone@example.org"], html_message="<p>Body</p>")
        self.assertEqual(mail.outbox, [])
        request_finished.send(sender=self.__class__)
        [message] = mail.outbox
        self.assertEqual((message.subject, message.body, message.to), ("Subject", "Body", ["someone@example.org"]))
        self.assertEqual(message.alternatives[0][0], "<p>Body</p>")

    def test_mail_sent_outside_a_request_leaves_at_once(self):
        send_mail("Digest", "Body", None, ["someone@example.org"])
        self.assertEqual([message.subject for message in mail.outbox], ["Digest"])
