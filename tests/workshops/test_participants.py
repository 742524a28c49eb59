"""Invitations by link and by email list, joining as a new or existing member, attendance, the profile."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import TestCase

from accounts.models import MemberStatus
from accounts.roles import EDITOR, GROUP_NAMES, OFFICER, PARTICIPANT
from tests.accounts.test_membership import registration
from tests.factories.accounts import create_user
from tests.factories.workshops import create_workshop
from workshops.models import Attendance


class InvitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainer = create_user(OFFICER)
        cls.workshop = create_workshop(facilitators=[cls.trainer])
        cls.url = f"/workshops/{cls.workshop.pk}/participants/"

    def setUp(self):
        cache.clear()
        self.client.force_login(self.trainer)

    def join_link(self):
        response = self.client.get(self.url)
        return re.search(r'value="https?://[^/"]+(/workshops/join/[^/"]+/)"', response.content.decode()).group(1)

    def test_trainer_emails_the_link_to_a_list_one_message_each(self):
        response = self.client.post(
            self.url, {"action": "invite", "emails": "som@example.org, noy@example.org\nsom@example.org"}
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["noy@example.org", "som@example.org"])
        self.assertIn(self.join_link(), mail.outbox[0].body)

    def test_a_bad_address_is_named_and_nothing_is_sent(self):
        response = self.client.post(self.url, {"action": "invite", "emails": "som@example.org not-an-address"})
        self.assertContains(response, "These are not email addresses: not-an-address", status_code=400)
        self.assertEqual(mail.outbox, [])

    def test_a_newcomer_registers_through_the_link_and_joins_as_a_participant(self):
        link = self.join_link()
        self.client.logout()
        self.assertContains(self.client.get(link), "Register")
        self.client.post("/accounts/signup/", registration(email="newcomer@example.org", country="LA"))
        user = get_user_model().objects.get(email="newcomer@example.org")
        self.assertEqual(user.member.status, MemberStatus.APPROVED)
        self.assertEqual(
            set(user.groups.values_list("name", flat=True)), {GROUP_NAMES[PARTICIPANT], self.workshop.cohort.name}
        )

    def test_a_signed_in_member_joins_with_one_click(self):
        link = self.join_link()
        member = create_user(OFFICER)
        self.client.force_login(member)
        self.assertContains(self.client.get(link), "Join this workshop")
        self.assertRedirects(self.client.post(link), self.workshop.url, fetch_redirect_response=False)
        self.assertTrue(self.workshop.cohort.user_set.filter(pk=member.pk).exists())

    def test_a_withdrawn_link_no_longer_works(self):
        link = self.join_link()
        self.client.post(self.url, {"action": "new-link", "max_uses": 30})
        self.assertNotEqual(self.join_link(), link)
        self.client.force_login(create_user(OFFICER))
        self.assertEqual(self.client.get(link).status_code, 410)
        self.assertEqual(self.client.get("/workshops/join/made-up/").status_code, 410)

    def test_only_trainers_manage_participants(self):
        editor = create_user(EDITOR)
        self.client.force_login(editor)
        self.assertEqual(self.client.get(self.url).status_code, 200)  # editors may edit every workshop page
        participant = create_user(PARTICIPANT)
        participant.groups.add(self.workshop.cohort)
        for user in (participant, create_user(OFFICER)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
            self.assertEqual(
                self.client.post(self.url, {"action": "invite", "emails": "a@example.org"}).status_code, 404
            )
            self.assertEqual(self.client.get(f"/workshops/{self.workshop.pk}/attendance/").status_code, 404)
        self.assertEqual(mail.outbox, [])

    def test_a_facilitator_of_one_workshop_is_no_trainer_of_another(self):
        other = create_workshop(title="Another workshop", slug="another")
        self.assertEqual(self.client.get(f"/workshops/{other.pk}/participants/").status_code, 404)
        self.assertEqual(self.client.get(f"/workshops/{other.pk}/results/").status_code, 404)


class AttendanceAndProfileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainer = create_user(OFFICER)
        cls.workshop = create_workshop(facilitators=[cls.trainer])
        cls.somsak = create_user(PARTICIPANT, name="Somsak Chai")
        cls.noy = create_user(PARTICIPANT, name="Noy Vong", country_code="LA")
        for user in (cls.somsak, cls.noy):
            user.groups.add(cls.workshop.cohort)

    def test_trainer_records_attendance_per_day_without_javascript(self):
        self.client.force_login(self.trainer)
        url = f"/workshops/{self.workshop.pk}/attendance/"
        response = self.client.get(url)
        self.assertContains(response, "Somsak Chai")
        self.client.post(url, {"present": [f"{self.somsak.pk}:0", f"{self.somsak.pk}:1", f"{self.noy.pk}:2"]})
        days = self.workshop.days
        self.assertEqual(
            set(Attendance.objects.values_list("user_id", "day")),
            {(self.somsak.pk, days[0]), (self.somsak.pk, days[1]), (self.noy.pk, days[2])},
        )
        self.client.post(url, {"present": [f"{self.somsak.pk}:0"]})
        self.assertEqual(set(Attendance.objects.values_list("user_id", "day")), {(self.somsak.pk, days[0])})
        self.assertContains(self.client.get(url), "checked", count=1)

    def test_the_profile_lists_the_participants_workshops(self):
        self.client.force_login(self.noy)
        response = self.client.get("/members/profile/")
        self.assertContains(response, "Your workshops")
        self.assertContains(response, self.workshop.title)
        self.client.force_login(create_user(OFFICER))
        self.assertNotContains(self.client.get("/members/profile/"), "Your workshops")
