"""Partner agencies: a trainer names the members who read a workshop's results; they read its aggregate results and
the curriculum's results across the workshops they may read, nothing else; everyone else gets 404."""

from django.test import TestCase

from accounts.models import AuditEvent, MemberStatus
from accounts.roles import OFFICER, PARTICIPANT
from tests.factories.accounts import create_user
from tests.factories.workshops import create_curriculum, create_question, create_workshop
from tests.workshops.test_cross_workshop import A_TH_POST, A_TH_PRE, B_POST, B_PRE, run_workshop
from workshops.models import ResultsViewer


class PartnerAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        curriculum = cls.curriculum = create_curriculum(objectives=("Definition", "Referral", "Document fraud"))
        objectives = list(curriculum.objectives.order_by("sort_order"))
        questions = [
            create_question(
                curriculum, objective=objectives[min(i, 2)], text=f"Q{i}", choices=[("R", True), ("W", False)]
            )
            for i in range(4)
        ]
        cls.trainer = create_user(OFFICER, email="trainer@example.org")
        cls.a = create_workshop(
            title="Workshop Alpha results",
            curriculum=curriculum,
            facilitators=[cls.trainer],
            organisers="Regional border liaison programme",
            partner_agencies="Thai Immigration Bureau\nLao Department of Immigration",
        )
        cls.b = create_workshop(
            title="Workshop Bravo results", curriculum=curriculum, partner_agencies="Viet Nam Border Guard"
        )
        cls.people_a = run_workshop(cls.a, questions, [("TH", A_TH_PRE, A_TH_POST)])
        cls.people_b = run_workshop(cls.b, questions, [("VN", B_PRE, B_POST)])
        cls.partner = create_user(OFFICER, email="partner@immigration.go.th", agency="Thai Immigration Bureau")
        cls.partner_b = create_user(OFFICER, email="partner@bienphong.vn")
        ResultsViewer.objects.create(workshop=cls.b, user=cls.partner_b, agency="Viet Nam Border Guard")

    def grant(self, email="partner@immigration.go.th", agency="Thai Immigration Bureau"):
        self.client.force_login(self.trainer)
        return self.client.post(f"/workshops/{self.a.pk}/results/readers/", {"email": email, "agency": agency})

    def test_a_trainer_names_a_reader_for_a_partner_agency_and_it_is_audited(self):
        response = self.grant()
        self.assertRedirects(response, f"/workshops/{self.a.pk}/results/readers/")
        viewer = ResultsViewer.objects.get(workshop=self.a)
        self.assertEqual(
            (viewer.user, viewer.agency, viewer.granted_by), (self.partner, "Thai Immigration Bureau", self.trainer)
        )
        self.assertTrue(AuditEvent.objects.filter(event="workshop_results_reader_added").exists())
        page = self.client.get(f"/workshops/{self.a.pk}/results/readers/")
        self.assertContains(page, "Thai Immigration Bureau")
        self.assertContains(page, "Regional border liaison programme")  # the organisers may be named too

    def test_bad_grants_are_refused_with_a_message(self):
        pending = create_user(OFFICER, approved=False, email="pending@example.org")
        for email, agency, message in (
            ("nobody@example.org", "Thai Immigration Bureau", "No approved member signs in with this address."),
            (pending.email, "Thai Immigration Bureau", "No approved member signs in with this address."),
            ("partner@immigration.go.th", "Viet Nam Border Guard", "Select a valid choice."),
            ("not an address", "Thai Immigration Bureau", "Enter a valid email address."),
        ):
            with self.subTest(email=email, agency=agency):
                response = self.grant(email, agency)
                self.assertContains(response, message, status_code=400)
        self.assertFalse(ResultsViewer.objects.filter(workshop=self.a).exists())

    def test_the_reader_reads_the_results_and_downloads_and_nothing_else(self):
        self.grant()
        self.client.force_login(self.partner)
        page = self.client.get(self.a.url)
        self.assertContains(page, f'href="/workshops/{self.a.pk}/results/"')
        self.assertNotContains(page, f"/workshops/{self.a.pk}/participants/")
        response = self.client.get(f"/workshops/{self.a.pk}/results/")
        self.assertContains(response, "Learning gain")
        self.assertNotContains(response, "Who reads the results")
        for person in self.people_a:  # no participant is named anywhere
            self.assertNotContains(response, person.email)
        self.assertEqual(self.client.get(f"/workshops/{self.a.pk}/results.csv").status_code, 200)
        self.assertEqual(self.client.get(f"/workshops/{self.a.pk}/results.xlsx").status_code, 200)
        for path in ("participants/", "attendance/", "tests/", "results/readers/", "tests/pre/answers/"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(f"/workshops/{self.a.pk}/{path}").status_code, 404)
        response = self.client.post(f"/workshops/{self.a.pk}/tests/post/control/", {"action": "close"})
        self.assertEqual(response.status_code, 404)

    def test_a_reader_of_a_does_not_reach_b_and_across_workshops_sees_a_only(self):
        self.grant()
        self.client.force_login(self.partner)
        for suffix in ("results/", "results.csv", "results.xlsx"):
            self.assertEqual(self.client.get(f"/workshops/{self.b.pk}/{suffix}").status_code, 404)
        response = self.client.get(f"/workshops/curricula/{self.curriculum.pk}/results/")
        self.assertContains(response, "Workshop Alpha results")
        self.assertNotContains(response, "Workshop Bravo results")
        self.assertNotContains(response, '<th scope="row">Viet Nam')
        csv_text = self.client.get(f"/workshops/curricula/{self.curriculum.pk}/results.csv").content.decode("utf-8-sig")
        self.assertIn("Workshop Alpha results", csv_text)
        self.assertNotIn("Workshop Bravo results", csv_text)
        # The trainer of both (an administrator here would too) sees both; the reader of B sees B only.
        self.client.force_login(self.partner_b)
        response = self.client.get(f"/workshops/curricula/{self.curriculum.pk}/results/")
        self.assertContains(response, "Workshop Bravo results")
        self.assertNotContains(response, "Workshop Alpha results")

    def test_removing_the_reader_unpublishing_or_suspending_closes_the_results(self):
        self.grant()
        url = f"/workshops/{self.a.pk}/results/"
        cross = f"/workshops/curricula/{self.curriculum.pk}/results/"
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.a.unpublish()
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(cross).status_code, 404)
        self.a.save_revision().publish()
        self.assertEqual(self.client.get(url).status_code, 200)
        self.partner.member.status = MemberStatus.REJECTED
        self.partner.member.save()
        self.assertEqual(self.client.get(url).status_code, 404)
        self.partner.member.status = MemberStatus.APPROVED
        self.partner.member.save()
        viewer = ResultsViewer.objects.get(workshop=self.a)
        self.client.force_login(self.trainer)
        self.client.post(f"/workshops/{self.a.pk}/results/readers/", {"action": "remove", "viewer": viewer.pk})
        self.assertFalse(ResultsViewer.objects.filter(workshop=self.a).exists())
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(cross).status_code, 404)

    def test_participants_and_strangers_get_404_everywhere(self):
        stranger = create_user(PARTICIPANT)
        cross = f"/workshops/curricula/{self.curriculum.pk}/results/"
        missing = f"/workshops/curricula/{self.curriculum.pk + 999}/results/"
        for user in (self.people_a[0], self.people_b[0], stranger):
            self.client.force_login(user)
            for url in (
                f"/workshops/{self.a.pk}/results/",
                f"/workshops/{self.a.pk}/results.xlsx",
                f"/workshops/{self.a.pk}/results/readers/",
                cross,
                f"{cross[:-1]}.csv",
                f"{cross[:-1]}.xlsx",
                missing,
            ):
                with self.subTest(user=user.email, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(cross).status_code, 302)  # signed out: sent to sign in, as for any page

    def test_a_reader_may_not_grant_others(self):
        self.grant()
        self.client.force_login(self.partner)
        response = self.client.post(
            f"/workshops/{self.a.pk}/results/readers/",
            {"email": "partner@bienphong.vn", "agency": "Thai Immigration Bureau"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(ResultsViewer.objects.filter(workshop=self.a).count(), 1)
