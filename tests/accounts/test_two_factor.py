import time

from django.core.cache import cache
from django.test import TestCase

from accounts.roles import ADMINISTRATOR, EDITOR, FOCAL_POINT, MODERATOR, OFFICER, PARTICIPANT, TWO_FACTOR_ROLES
from accounts.twofactor import enrol_totp, has_two_factor, totp_code
from tests.factories.accounts import PASSWORD, create_user, restrict_to_members
from tests.factories.library import create_case_study

ENROL_URL = "/accounts/2fa/totp/activate/"


class SignInMixin:
    def setUp(self):
        cache.clear()  # allauth remembers used TOTP codes in the cache

    def sign_in(self, user, next_url=None):
        """Submit the password step of the sign-in form and return the response."""
        url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
        return self.client.post(url, {"login": user.email, "password": PASSWORD})

    def confirm_password(self, next_url):
        """Pass allauth's "confirm your password" step that guards adding a second factor."""
        response = self.client.post(f"/accounts/reauthenticate/?next={next_url}", {"password": PASSWORD})
        self.assertRedirects(response, next_url, fetch_redirect_response=False)


class EnrolmentRequiredTests(SignInMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.members_page = create_case_study(title="Members only case")
        restrict_to_members(cls.members_page)

    def test_every_privileged_role_is_sent_to_enrol_until_enrolled(self):
        self.assertEqual(set(TWO_FACTOR_ROLES), {OFFICER, MODERATOR, EDITOR, FOCAL_POINT, ADMINISTRATOR})
        for role in TWO_FACTOR_ROLES:
            with self.subTest(role=role):
                self.client.logout()
                user = create_user(role, two_factor=False)
                response = self.sign_in(user)
                self.assertEqual(response.status_code, 302)
                for path in ("/", "/library/", self.members_page.url, "/admin/", "/members/profile/"):
                    response = self.client.get(path)
                    self.assertEqual(response.status_code, 302, path)
                    self.assertTrue(response["Location"].startswith(ENROL_URL), path)
                # The enrolment page (no second password prompt just after signing in) and sign-out stay reachable.
                follow = self.client.get("/library/", follow=True)
                self.assertContains(follow, "needs two-factor authentication")
                self.assertEqual(self.client.get(ENROL_URL).status_code, 200)
                self.assertEqual(self.client.get("/accounts/logout/").status_code, 200)

    def test_unenrolled_privileged_member_holds_only_the_public_audience(self):
        from accounts.access import reader_audience

        officer = create_user(OFFICER, two_factor=False)
        self.assertEqual(reader_audience(officer), {"public"})
        enrol_totp(officer)
        self.assertIn("members", reader_audience(officer))

    def test_participant_needs_no_second_factor(self):
        participant = create_user(PARTICIPANT)
        self.assertFalse(has_two_factor(participant))
        self.sign_in(participant)
        self.assertContains(self.client.get(self.members_page.url), "Members only case")

    def test_enrolling_with_a_real_code_lifts_the_redirect(self):
        editor = create_user(EDITOR, two_factor=False)
        self.sign_in(editor)
        response = self.client.get(ENROL_URL)
        secret = self.client.session["mfa.totp.secret"]
        self.assertContains(response, secret)
        response = self.client.post(ENROL_URL, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
        self.assertEqual(response.status_code, 200)  # wrong code: the form again
        self.assertFalse(has_two_factor(editor))
        response = self.client.post(ENROL_URL, {"code": totp_code(secret)})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(has_two_factor(type(editor).objects.get(pk=editor.pk)))
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertContains(self.client.get(self.members_page.url), "Members only case")


class FirstEnrolmentTests(SignInMixin, TestCase):
    def age_sign_in(self, seconds):
        """Make this session's sign-in records look `seconds` older."""
        session = self.client.session
        records = session["account_authentication_methods"]
        for record in records:
            record["at"] -= seconds
        session["account_authentication_methods"] = records
        session.save()

    def test_officer_who_just_signed_in_enrols_and_sees_recovery_codes_without_retyping_the_password(self):
        officer = create_user(OFFICER, two_factor=False)
        response = self.sign_in(officer, next_url="/library/")
        response = self.client.get(response["Location"])
        self.assertTrue(response["Location"].startswith(ENROL_URL))
        page = self.client.get(response["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="password"')
        secret = self.client.session["mfa.totp.secret"]
        response = self.client.post(response["Location"], {"code": totp_code(secret)})
        self.assertRedirects(response, "/accounts/2fa/recovery-codes/", fetch_redirect_response=False)
        codes = self.client.get("/accounts/2fa/recovery-codes/")
        self.assertEqual(codes.status_code, 200)
        self.assertNotContains(codes, 'name="password"')
        self.assertContains(codes, '<a class="button" href="/library/">Continue</a>', html=True)
        self.assertTrue(has_two_factor(type(officer).objects.get(pk=officer.pk)))
        self.assertEqual(self.client.get("/library/").status_code, 200)

    def test_password_is_asked_again_once_the_sign_in_is_no_longer_recent(self):
        officer = create_user(OFFICER, two_factor=False)
        self.sign_in(officer)
        self.age_sign_in(301)
        response = self.client.get(ENROL_URL)
        self.assertTrue(response["Location"].startswith("/accounts/reauthenticate/"))
        self.confirm_password(ENROL_URL)
        self.assertEqual(self.client.get(ENROL_URL).status_code, 200)

    def test_enrolled_member_is_asked_for_the_password_before_removing_a_factor_later(self):
        officer = create_user(OFFICER)
        self.sign_in(officer)
        self.client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.totp_secret)})
        self.assertEqual(self.client.get("/accounts/2fa/totp/deactivate/").status_code, 200)
        self.age_sign_in(301)
        response = self.client.get("/accounts/2fa/totp/deactivate/")
        self.assertTrue(response["Location"].startswith("/accounts/reauthenticate/"))


class TwoFactorSignInTests(SignInMixin, TestCase):
    def test_password_alone_does_not_sign_in_an_enrolled_member(self):
        officer = create_user(OFFICER)
        response = self.sign_in(officer)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/accounts/2fa/authenticate/")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_wrong_code_is_refused_and_right_code_signs_in(self):
        officer = create_user(OFFICER)
        self.sign_in(officer, next_url="/members/profile/")
        wrong = "123456" if totp_code(officer.totp_secret) != "123456" else "654321"
        response = self.client.post("/accounts/2fa/authenticate/", {"code": wrong})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)
        response = self.client.post("/accounts/2fa/authenticate/", {"code": totp_code(officer.totp_secret)})
        self.assertRedirects(response, "/members/profile/", fetch_redirect_response=False)
        self.assertEqual(self.client.session["_auth_user_id"], str(officer.pk))

    def test_a_code_cannot_be_used_twice(self):
        officer = create_user(OFFICER)
        code = totp_code(officer.totp_secret, at=time.time())
        self.sign_in(officer)
        self.client.post("/accounts/2fa/authenticate/", {"code": code})
        self.client.logout()
        self.sign_in(officer)
        response = self.client.post("/accounts/2fa/authenticate/", {"code": code})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_recovery_code_signs_in(self):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

        officer = create_user(OFFICER)
        codes = RecoveryCodes(Authenticator.objects.get(user=officer, type="recovery_codes")).get_unused_codes()
        self.sign_in(officer)
        response = self.client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"], str(officer.pk))


class AdminSignInTests(SignInMixin, TestCase):
    def test_wagtail_admin_sign_in_goes_through_the_two_factor_sign_in(self):
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))
        response = self.client.get("/admin/login/?next=/admin/pages/")
        self.assertRedirects(response, "/accounts/login/?next=%2Fadmin%2Fpages%2F", fetch_redirect_response=False)

    def test_admin_sign_in_ignores_an_offsite_next(self):
        response = self.client.get("/admin/login/?next=https://evil.example/")
        self.assertRedirects(response, "/accounts/login/?next=%2Fadmin%2F", fetch_redirect_response=False)

    def test_django_admin_sign_in_is_redirected_too(self):
        response = self.client.get("/django-admin/login/")
        self.assertRedirects(response, "/accounts/login/?next=%2Fdjango-admin%2F", fetch_redirect_response=False)

    def test_editor_reaches_wagtail_admin_after_both_steps(self):
        editor = create_user(EDITOR)
        self.sign_in(editor, next_url="/admin/")
        response = self.client.post("/accounts/2fa/authenticate/", {"code": totp_code(editor.totp_secret)})
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_posting_to_the_old_admin_login_cannot_bypass_two_factor(self):
        editor = create_user(EDITOR)
        self.client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
        self.assertNotIn("_auth_user_id", self.client.session)


class CodeGuessingTests(SignInMixin, TestCase):
    def test_wrong_codes_are_throttled_per_account(self):
        officer = create_user(OFFICER)
        right = totp_code(officer.totp_secret)
        wrong = [f"{n:06d}" for n in range(100000, 100020) if f"{n:06d}" != right][:5]
        self.sign_in(officer)
        for code in wrong:
            self.client.post("/accounts/2fa/authenticate/", {"code": code})
        response = self.client.post("/accounts/2fa/authenticate/", {"code": right})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Too many failed")
        self.assertNotIn("_auth_user_id", self.client.session)
