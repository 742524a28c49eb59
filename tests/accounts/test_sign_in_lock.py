"""Administrators see where a member's sign-in is paused and lift the pause from the member's page."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.cache import cache
from django.test import Client, TestCase
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import ADMINISTRATOR, EDITOR, PARTICIPANT
from tests.factories.accounts import PASSWORD, create_user

LOGIN = "/accounts/login/"


def member_page(user):
    return reverse("wagtailusers_users:edit", args=[user.pk])


def lift_url(user):
    return f"/admin/members/{user.pk}/lift-sign-in-lock/"


class LiftSignInLockTests(TestCase):
    def setUp(self):
        cache.clear()
        reset()
        self.officer = create_user(PARTICIPANT)
        self.admin = create_user(ADMINISTRATOR)
        self.office = Client()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.office.post(LOGIN, {"login": self.officer.email, "password": "mistyped"}, REMOTE_ADDR="10.0.0.1")

    def sign_in_at_the_office(self):
        response = self.office.post(LOGIN, {"login": self.officer.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
        return response.status_code

    def test_the_member_page_shows_the_paused_address_and_the_lift_button(self):
        self.client.force_login(self.admin)
        response = self.client.get(member_page(self.officer))
        self.assertContains(response, "Sign-in paused")
        self.assertContains(response, "10.0.0.1")
        self.assertContains(response, f'action="{lift_url(self.officer)}"')
        self.assertContains(response, "Lift sign-in lock")
        listing = self.client.get("/admin/members/")
        self.assertContains(listing, "Sign-in paused", count=1)

    def test_lifting_lets_the_member_sign_in_at_the_same_address_and_is_audit_logged(self):
        self.assertEqual(self.sign_in_at_the_office(), 429)
        self.client.force_login(self.admin)
        response = self.client.post(lift_url(self.officer), REMOTE_ADDR="10.20.0.5")
        self.assertRedirects(response, member_page(self.officer), fetch_redirect_response=False)
        self.assertFalse(AccessAttempt.objects.filter(username=self.officer.email).exists())
        event = AuditEvent.objects.get(event="sign_in_lock_lifted")
        self.assertEqual(
            (event.user, event.object_id, event.ip_address, event.data),
            (self.admin, str(self.officer.pk), "10.20.0.5", {"member": self.officer.email, "addresses": ["10.0.0.1"]}),
        )
        self.assertNotContains(self.client.get(member_page(self.officer)), "Lift sign-in lock")
        self.assertEqual(self.sign_in_at_the_office(), 302)

    def test_only_administrators_may_lift_and_only_by_post_with_a_csrf_token(self):
        editor = create_user(EDITOR)
        self.client.force_login(editor)
        self.assertIn(
            self.client.post(lift_url(self.officer)).status_code, (302, 403)
        )  # Wagtail: back to the dashboard
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(lift_url(self.officer)).status_code, 405)
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(self.admin)
        self.assertEqual(strict.post(lift_url(self.officer)).status_code, 403)
        self.assertEqual(self.sign_in_at_the_office(), 429)
        self.assertFalse(AuditEvent.objects.filter(event="sign_in_lock_lifted").exists())
