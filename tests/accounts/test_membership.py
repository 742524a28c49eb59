"""Registration, email verification, vetting by focal points and administrators, and workshop invitations."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone

from accounts.access import reader_audience
from accounts.models import AuditEvent, Invitation, Member, MemberStatus
from accounts.roles import ADMINISTRATOR, EDITOR, FOCAL_POINT, GROUP_NAMES, OFFICER, PARTICIPANT
from library.models import Country
from tests.factories.accounts import create_user, restrict_to_members
from tests.factories.library import create_case_study

NEW_PASSWORD = "a fresh long passphrase 7"


def registration(email="dara@example.org", country="KH", **overrides):
    data = {
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "name": "Dara Sok",
        "country": Country.objects.get(code=country).pk,
        "agency": "Immigration Police",
        "position": "Inspector",
        "work_email": "dara@police.example",
        "languages": ["km", "en"],
    }
    data.update(overrides)
    return data


class RegistrationTests(TestCase):
    def setUp(self):
        cache.clear()

    def test_registration_asks_for_the_vetting_details(self):
        response = self.client.get("/accounts/signup/")
        for field in ("country", "agency", "position", "work_email", "languages"):
            self.assertContains(response, f'name="{field}"')
        self.assertNotContains(response, 'name="username"')

    def test_the_country_list_speaks_the_readers_language(self):
        self.client.cookies["django_language"] = "th"
        response = self.client.get("/accounts/signup/")
        thailand = Country.objects.get(code="TH")
        self.assertNotEqual(thailand.name_th, thailand.name)
        self.assertContains(response, f'<option value="{thailand.pk}">{thailand.name_th}</option>', html=True)
        self.assertEqual(len(re.findall(r'<option value="\d+"', response.content.decode())), Country.objects.count())

    def test_missing_details_are_explained(self):
        response = self.client.post("/accounts/signup/", registration(agency="", languages=[]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This field is required", count=2)
        self.assertFalse(get_user_model().objects.filter(email="dara@example.org").exists())

    def test_new_account_is_pending_verified_by_email_and_sees_only_public_content(self):
        focal = create_user(FOCAL_POINT, country_code="KH", email="focal-kh@example.org")
        create_user(FOCAL_POINT, country_code="TH", email="focal-th@example.org")
        members_page = create_case_study(title="Members only case")
        restrict_to_members(members_page)

        response = self.client.post("/accounts/signup/", registration())
        self.assertRedirects(response, "/accounts/confirm-email/", fetch_redirect_response=False)
        user = get_user_model().objects.get(email="dara@example.org")
        member = user.member
        self.assertEqual(member.status, MemberStatus.PENDING)
        self.assertEqual(
            (member.country.code, member.agency, member.position), ("KH", "Immigration Police", "Inspector")
        )
        self.assertEqual(member.languages, ["km", "en"])
        self.assertEqual(user.get_full_name(), "Dara Sok")
        # Nobody is asked to vet an applicant who has not confirmed their email yet.
        self.assertEqual([message.to for message in mail.outbox], [[user.email]])

        # Email verification is mandatory: no sign-in until the link is followed.
        self.client.logout()
        response = self.client.post("/accounts/login/", {"login": user.email, "password": NEW_PASSWORD})
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertNotIn(focal.email, [message.to[0] for message in mail.outbox])
        confirmation = next(m for m in mail.outbox if m.to == [user.email] and "confirm-email" in m.body)
        link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", confirmation.body).group(1)
        self.client.post(link)
        # Confirmed: the focal point of the applicant's country hears of it, once; the other country's does not.
        recipients = [message.to[0] for message in mail.outbox]
        self.assertEqual(recipients.count(focal.email), 1)
        self.assertNotIn("focal-th@example.org", recipients)
        self.client.post(link)
        self.assertEqual([message.to[0] for message in mail.outbox].count(focal.email), 1)
        response = self.client.post("/accounts/login/", {"login": user.email, "password": NEW_PASSWORD})
        self.assertEqual(self.client.session["_auth_user_id"], str(user.pk))

        self.assertEqual(reader_audience(user), {"public"})
        self.assertContains(self.client.get(members_page.url), "awaiting approval", status_code=404)
        self.assertContains(self.client.get("/members/profile/"), "awaiting approval")


class ApprovalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.focal_kh = create_user(FOCAL_POINT, country_code="KH")
        cls.admin = create_user(ADMINISTRATOR, country_code="TH")
        cls.pending_kh = create_user(None, approved=False, country_code="KH", email="kh-applicant@example.org")
        cls.pending_vn = create_user(None, approved=False, country_code="VN", email="vn-applicant@example.org")

    def decide(self, member, decision, role=OFFICER, note=""):
        return self.client.post(
            "/members/pending/", {"member": member.pk, "decision": decision, "role": role, "note": note}
        )

    def test_focal_point_sees_only_their_own_country(self):
        self.client.force_login(self.focal_kh)
        response = self.client.get("/members/pending/")
        self.assertContains(response, "kh-applicant@example.org")
        self.assertNotContains(response, "vn-applicant@example.org")

    def test_focal_point_approves_logs_and_emails(self):
        self.client.force_login(self.focal_kh)
        response = self.decide(self.pending_kh.member, "approve", role=OFFICER)
        self.assertRedirects(response, "/members/pending/")
        member = Member.objects.get(pk=self.pending_kh.member.pk)
        self.assertEqual(member.status, MemberStatus.APPROVED)
        self.assertEqual((member.approved_by, member.approved_at is not None), (self.focal_kh, True))
        self.assertTrue(self.pending_kh.groups.filter(name=GROUP_NAMES[OFFICER]).exists())
        self.assertEqual(mail.outbox[-1].to, ["kh-applicant@example.org"])
        self.assertIn("approved", mail.outbox[-1].subject)
        event = AuditEvent.objects.get(event="member_approved")
        self.assertEqual((event.user, event.data["role"]), (self.focal_kh, OFFICER))

    def test_unconfirmed_applicant_is_marked_and_cannot_be_approved_until_confirmed(self):
        from allauth.account.models import EmailAddress

        unconfirmed = create_user(None, approved=False, country_code="KH", email="unconfirmed@example.org")
        EmailAddress.objects.filter(user=unconfirmed).update(verified=False)
        self.client.force_login(self.focal_kh)
        response = self.client.get("/members/pending/")
        cards = response.content.decode().split('<article class="card"')[1:]
        card = next(card for card in cards if "unconfirmed@example.org" in card)
        confirmed_card = next(card for card in cards if "kh-applicant@example.org" in card)
        self.assertIn("Email not confirmed yet", card)
        self.assertNotIn('value="approve"', card)
        self.assertIn('value="reject"', card)
        self.assertNotIn("Email not confirmed yet", confirmed_card)
        self.assertIn('value="approve"', confirmed_card)

        response = self.decide(unconfirmed.member, "approve", role=OFFICER)
        self.assertRedirects(response, "/members/pending/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/members/pending/"), "has not confirmed their email address yet")
        self.assertEqual(Member.objects.get(pk=unconfirmed.member.pk).status, MemberStatus.PENDING)
        self.assertFalse(unconfirmed.groups.exists())

        EmailAddress.objects.filter(user=unconfirmed).update(verified=True)
        self.decide(unconfirmed.member, "approve", role=OFFICER)
        self.assertEqual(Member.objects.get(pk=unconfirmed.member.pk).status, MemberStatus.APPROVED)

    def test_focal_point_cannot_decide_for_another_country(self):
        self.client.force_login(self.focal_kh)
        self.assertEqual(self.decide(self.pending_vn.member, "approve").status_code, 404)
        self.assertEqual(Member.objects.get(pk=self.pending_vn.member.pk).status, MemberStatus.PENDING)

    def test_focal_point_cannot_grant_editor(self):
        self.client.force_login(self.focal_kh)
        response = self.decide(self.pending_kh.member, "approve", role=EDITOR)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Member.objects.get(pk=self.pending_kh.member.pk).status, MemberStatus.PENDING)

    def test_administrator_rejects_with_a_note_that_reaches_the_applicant(self):
        self.client.force_login(self.admin)
        self.decide(self.pending_vn.member, "reject", note="We could not confirm your position.")
        self.assertEqual(Member.objects.get(pk=self.pending_vn.member.pk).status, MemberStatus.REJECTED)
        self.assertIn("We could not confirm your position.", mail.outbox[-1].body)
        self.assertTrue(AuditEvent.objects.filter(event="member_rejected", user=self.admin).exists())

    def test_malformed_decisions_are_refused_without_an_error_page(self):
        self.client.force_login(self.admin)
        for data in (
            {"member": "abc", "decision": "approve"},
            {"member": self.pending_kh.member.pk, "decision": "x"},
            {},
        ):
            with self.subTest(data=data):
                self.assertEqual(self.client.post("/members/pending/", data).status_code, 400)
        self.assertEqual(self.decide(self.pending_kh.member, "approve", role="").status_code, 400)
        self.assertEqual(Member.objects.get(pk=self.pending_kh.member.pk).status, MemberStatus.PENDING)

    def test_other_members_cannot_open_the_queue(self):
        for user in (create_user(OFFICER), create_user(EDITOR), self.pending_kh):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get("/members/pending/").status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get("/members/pending/").status_code, 302)


class InvitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = create_user(EDITOR)
        cls.workshop_group = Group.objects.create(name="Siem Reap workshop 2026")

    def setUp(self):
        cache.clear()

    def invitation(self, **fields):
        fields.setdefault("workshop", "Siem Reap workshop, March 2026")
        fields.setdefault("expires_at", timezone.now() + timedelta(days=3))
        fields.setdefault("max_uses", 2)
        invitation = Invitation.objects.create(created_by=self.editor, **fields)
        invitation.groups.add(self.workshop_group)
        return invitation

    def join_and_register(self, invitation, email):
        self.client.logout()
        self.client.get(invitation.get_absolute_url())
        return self.client.post("/accounts/signup/", registration(email=email))

    def test_joining_through_an_invitation_skips_vetting_for_participants(self):
        invitation = self.invitation()
        response = self.client.get(invitation.get_absolute_url())
        self.assertContains(response, "Siem Reap workshop, March 2026")
        self.join_and_register(invitation, "p1@example.org")
        user = get_user_model().objects.get(email="p1@example.org")
        self.assertEqual(user.member.status, MemberStatus.APPROVED)
        self.assertEqual(user.member.invitation, invitation)
        self.assertEqual(
            set(user.groups.values_list("name", flat=True)), {GROUP_NAMES[PARTICIPANT], "Siem Reap workshop 2026"}
        )
        self.assertNotIn(GROUP_NAMES[OFFICER], user.groups.values_list("name", flat=True))
        invitation.refresh_from_db()
        self.assertEqual(invitation.uses, 1)

    def test_participant_who_confirms_in_the_same_browser_is_signed_in_and_reads_members_pages(self):
        members_page = create_case_study(title="Members only case")
        restrict_to_members(members_page)
        invitation = self.invitation()
        self.join_and_register(invitation, "p1@example.org")
        confirmation = next(m for m in mail.outbox if m.to == ["p1@example.org"])
        link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", confirmation.body).group(1)
        response = self.client.post(link)
        self.assertEqual(response.status_code, 302)
        user = get_user_model().objects.get(email="p1@example.org")
        self.assertEqual(self.client.session["_auth_user_id"], str(user.pk))
        self.assertContains(self.client.get(members_page.url), "Members only case")

    def test_use_limit(self):
        invitation = self.invitation(max_uses=2)
        self.join_and_register(invitation, "p1@example.org")
        self.join_and_register(invitation, "p2@example.org")
        response = self.client.get(invitation.get_absolute_url())
        self.assertContains(response, "no longer works", status_code=410)
        self.join_and_register(invitation, "p3@example.org")
        third = get_user_model().objects.get(email="p3@example.org")
        self.assertEqual(third.member.status, MemberStatus.PENDING)
        self.assertFalse(third.groups.exists())
        invitation.refresh_from_db()
        self.assertEqual(invitation.uses, 2)

    def test_expiry(self):
        invitation = self.invitation()
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
        invitation.save()
        self.assertContains(self.client.get(invitation.get_absolute_url()), "no longer works", status_code=410)
        self.join_and_register(invitation, "late@example.org")
        self.assertEqual(get_user_model().objects.get(email="late@example.org").member.status, MemberStatus.PENDING)

    def test_invitation_that_expires_between_opening_and_registering_does_not_apply(self):
        invitation = self.invitation()
        self.client.get(invitation.get_absolute_url())
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        self.client.post("/accounts/signup/", registration(email="slow@example.org"))
        self.assertEqual(get_user_model().objects.get(email="slow@example.org").member.status, MemberStatus.PENDING)

    def test_withdrawn_and_unknown_links_do_not_work(self):
        invitation = self.invitation(revoked=True)
        self.assertEqual(self.client.get(invitation.get_absolute_url()).status_code, 410)
        self.assertEqual(self.client.get("/members/join/not-a-real-token/").status_code, 410)

    def test_editor_creates_an_invitation_in_the_wagtail_admin(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get("/admin/invitations/new/").status_code, 200)
        response = self.client.post(
            "/admin/invitations/new/",
            {
                "workshop": "Vientiane workshop",
                "groups": [self.workshop_group.pk],
                "expires_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
                "max_uses": 25,
            },
        )
        self.assertEqual(response.status_code, 302)
        invitation = Invitation.objects.get(workshop="Vientiane workshop")
        self.assertEqual((invitation.created_by, invitation.max_uses, invitation.role), (self.editor, 25, PARTICIPANT))
        self.assertTrue(AuditEvent.objects.filter(event="invitation_created", user=self.editor).exists())
        self.assertContains(self.client.get("/admin/invitations/"), invitation.join_url())

    def test_invitation_in_the_past_is_refused(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            "/admin/invitations/new/",
            {"workshop": "Past", "expires_at": "2020-01-01 10:00", "max_uses": 5},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Choose a time in the future")

    def test_officers_cannot_create_invitations(self):
        self.client.force_login(create_user(OFFICER))
        self.assertEqual(
            self.client.get("/admin/invitations/new/").status_code, 403
        )  # the admin refuses members without access (AdminAreaMiddleware)
        self.assertFalse(Invitation.objects.exists())

    def test_participant_account_reads_members_content(self):
        invitation = self.invitation()
        self.join_and_register(invitation, "p1@example.org")
        user = get_user_model().objects.get(email="p1@example.org")
        self.assertIn("members", reader_audience(user))
        self.assertIn(f"group:{self.workshop_group.pk}", reader_audience(user))
