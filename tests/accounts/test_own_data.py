"""A member's own data: profile and preferences, export as JSON, deleting the account."""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import TestCase

from accounts.deletion import delete_account, pseudonym
from accounts.models import AuditEvent, Member
from accounts.roles import OFFICER, PARTICIPANT
from tests.factories.accounts import PASSWORD, create_user


class ProfileTests(TestCase):
    def test_member_updates_preferences(self):
        member = create_user(PARTICIPANT, name="Somchai Dee")
        self.client.force_login(member)
        response = self.client.get("/members/profile/")
        self.assertContains(response, "Somchai")
        response = self.client.post(
            "/members/profile/",
            {
                "first_name": "Somchai",
                "last_name": "Dee",
                "agency": "Royal Thai Police",
                "position": "Sergeant",
                "work_email": "somchai@police.example",
                "languages": ["th", "lo"],
                "ui_language": "th",
                "notifications": "off",
            },
        )
        self.assertRedirects(response, "/members/profile/", fetch_redirect_response=False)
        self.assertEqual(response.cookies["django_language"].value, "th")
        profile = Member.objects.get(user=member)
        self.assertEqual(
            (profile.agency, profile.languages, profile.notifications), ("Royal Thai Police", ["th", "lo"], "off")
        )

    def test_invalid_preferences_are_explained(self):
        member = create_user(PARTICIPANT)
        self.client.force_login(member)
        response = self.client.post(
            "/members/profile/", {"first_name": "", "notifications": "sometimes", "work_email": "nope"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a valid email address")
        self.assertContains(response, "Select a valid choice")

    def test_signed_out_visitor_is_sent_to_sign_in(self):
        response = self.client.get("/members/profile/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))


class ExportTests(TestCase):
    def test_export_holds_profile_and_posts(self):
        member = create_user(OFFICER, country_code="LA", agency="Lao Immigration", name="Khamla V")
        posts = self._forum_posts(member)
        self.client.force_login(member)
        response = self.client.get("/members/profile/export/")
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual(data["account"]["email"], member.email)
        self.assertEqual((data["profile"]["country"], data["profile"]["agency"]), ("LA", "Lao Immigration"))
        self.assertIn("totp", data["account"]["two_factor_methods"])
        self.assertNotIn(member.totp_secret, response.content.decode())
        self.assertEqual([post["body"] for post in data["forum_posts"]], posts)
        # The forum adds its sections through the member_data hook; the keys are there even when empty.
        self.assertIn("forum_profile", data)
        self.assertTrue(AuditEvent.objects.filter(event="data_exported", user=member).exists())

    def _forum_posts(self, user):
        """Create a forum post by this user if the forum app has posts; return the bodies expected in the export."""
        try:
            from tests.factories.forum import create_board, create_thread
        except ImportError:
            return []
        if not apps.is_installed("forum"):
            return []
        board = create_board()
        thread = create_thread(board, user, body="How do you screen at the Friendship Bridge?")
        return [post.body for post in thread.posts.filter(author=user)]


class DeletionTests(TestCase):
    def test_deleting_needs_the_password_and_confirmation(self):
        member = create_user(PARTICIPANT)
        self.client.force_login(member)
        response = self.client.post("/members/profile/delete/", {"password": "wrong", "confirm": "on"})
        self.assertContains(response, "That is not your current password")
        response = self.client.post("/members/profile/delete/", {"password": PASSWORD})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(get_user_model().objects.filter(pk=member.pk).exists())

    def test_deleted_account_is_gone_and_cannot_sign_in(self):
        member = create_user(PARTICIPANT, email="leaving@example.org")
        user_pk = member.pk
        self.client.force_login(member)
        response = self.client.post("/members/profile/delete/", {"password": PASSWORD, "confirm": "on"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertFalse(get_user_model().objects.filter(pk=user_pk).exists())
        self.assertFalse(Member.objects.filter(user_id=user_pk).exists())
        self.assertNotIn("_auth_user_id", self.client.session)
        # The audit log keeps its records under a pseudonym, not the email.
        self.assertTrue(AuditEvent.objects.filter(event="sign_in", username=pseudonym(user_pk)).exists())
        self.assertTrue(AuditEvent.objects.filter(event="groups_changed", data__member=pseudonym(user_pk)).exists())
        self.assertFalse(AuditEvent.objects.filter(username="leaving@example.org").exists())
        self.assertFalse(AuditEvent.objects.filter(data__member="leaving@example.org").exists())
        self.assertTrue(AuditEvent.objects.filter(event="account_deleted", username=pseudonym(user_pk)).exists())
        self.client.post("/accounts/login/", {"login": "leaving@example.org", "password": PASSWORD})
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_deleting_forgets_sign_in_attempts_under_the_email(self):
        from axes.models import AccessAttempt
        from django.core.cache import cache

        cache.clear()
        member = create_user(PARTICIPANT, email="forgetful@example.org")
        self.client.post("/accounts/login/", {"login": member.email, "password": "wrong password x"})
        self.assertTrue(AccessAttempt.objects.filter(username="forgetful@example.org").exists())
        delete_account(member)
        self.assertFalse(AccessAttempt.objects.filter(username="forgetful@example.org").exists())

    def test_forum_posts_stay_without_an_author(self):
        if not apps.is_installed("forum"):
            self.skipTest("the forum app is not installed")
        from tests.factories.forum import create_board, create_thread

        member = create_user(OFFICER)
        thread = create_thread(create_board(), member, body="Useful checklist for the border post.")
        post = thread.posts.get()
        delete_account(member)
        post.refresh_from_db()
        self.assertIsNone(post.author)
        self.assertEqual(post.body, "Useful checklist for the border post.")


class SignInMessageTests(TestCase):
    def test_pending_member_is_told_what_they_can_read(self):
        from django.core.cache import cache

        cache.clear()
        member = create_user(None, approved=False)
        response = self.client.post("/accounts/login/", {"login": member.email, "password": PASSWORD}, follow=True)
        self.assertContains(response, "awaiting approval by your country")


class InterfaceLanguageTests(TestCase):
    def test_signing_in_switches_to_the_members_interface_language(self):
        from django.core.cache import cache

        cache.clear()
        member = create_user(PARTICIPANT, ui_language="vi")
        response = self.client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.cookies["django_language"].value, "vi")
