"""The end-of-workshop feedback form: when it is offered, one response per participant, edits until it closes,
identifying details refused or replaced, and nobody outside the cohort reaching it."""

import csv
import datetime
import io

from django.test import Client, TestCase
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import OFFICER, PARTICIPANT
from library.models import Country
from tests.factories.accounts import create_user, restrict_to_groups
from tests.factories.library import create_method
from tests.factories.workshops import create_workshop
from workshops.feedback_results import FeedbackReport
from workshops.models import FeedbackResponse, FeedbackSettings, FollowUp
from workshops.views.results import feedback_sheets

RATINGS = {"relevance": "5", "facilitation": "4", "materials": "3", "recommend": "5"}


def ended_workshop(**fields):
    today = timezone.localdate()
    return create_workshop(start_date=today - datetime.timedelta(days=2), end_date=today, **fields)


class FeedbackFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainer = create_user(OFFICER)
        cls.workshop = ended_workshop(title="Workshop Alpha", slug="alpha", facilitators=[cls.trainer])
        cls.other = ended_workshop(title="Workshop Bravo", slug="bravo")
        cls.alice = create_user(PARTICIPANT, country_code="LA")
        cls.alice.groups.add(cls.workshop.cohort)
        cls.bob = create_user(PARTICIPANT)
        cls.bob.groups.add(cls.other.cohort)
        cls.url = f"/workshops/{cls.workshop.pk}/feedback/"

    def test_a_participant_answers_once_and_changes_the_answer(self):
        self.client.force_login(self.alice)
        page = self.client.get(self.url)
        self.assertContains(page, "The workshop was relevant to my work.")
        self.assertContains(page, "5 – Strongly agree")
        response = self.client.post(self.url, {**RATINGS, "most_useful": "The joint referral form."}, follow=True)
        self.assertContains(response, "Your feedback is saved")
        self.client.post(self.url, {**RATINGS, "relevance": "2", "most_useful": "The referral role play."})
        answer = FeedbackResponse.objects.get()
        self.assertEqual(
            (answer.user, answer.relevance, answer.most_useful), (self.alice, 2, "The referral role play.")
        )
        self.assertContains(self.client.get(self.url), "The referral role play.")  # shown again to edit

    def test_the_workshop_page_offers_the_form_to_its_participants(self):
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(self.workshop.url), self.url)
        self.client.force_login(self.bob)
        self.assertNotContains(self.client.get(self.workshop.url), self.url)

    def test_bad_input_gets_a_clear_message_and_saves_nothing(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.url, {**RATINGS, "relevance": "7", "materials": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Choose a number from 1 to 5.", status_code=400)
        self.assertContains(response, "Select a valid choice", status_code=400)
        response = self.client.post(self.url, {**RATINGS, "to_improve": "x" * 2001})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(FeedbackResponse.objects.exists())

    def test_identifying_details_are_refused_or_replaced_with_placeholders(self):
        self.client.force_login(self.alice)
        text = "Call Somchai at 081 234 5678 about passport AB1234567"
        response = self.client.post(self.url, {**RATINGS, "to_improve": text})
        self.assertContains(response, "phone number “081 234 5678”", status_code=400)
        self.assertContains(response, "Replace the details found with placeholders", status_code=400)
        self.assertFalse(FeedbackResponse.objects.exists())
        self.client.post(self.url, {**RATINGS, "to_improve": text, "replace_details": "on"})
        saved = FeedbackResponse.objects.get().to_improve
        self.assertNotIn("081 234 5678", saved)
        self.assertNotIn("AB1234567", saved)
        self.assertIn("[PHONE 1]", saved)

    def test_the_form_opens_on_the_last_day_or_when_a_trainer_opens_it(self):
        upcoming = create_workshop(
            slug="later", start_date=timezone.localdate() + datetime.timedelta(days=5), facilitators=[self.trainer]
        )
        self.alice.groups.add(upcoming.cohort)
        url = f"/workshops/{upcoming.pk}/feedback/"
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(url), "The feedback form opens on the workshop's last day.")
        self.client.post(url, RATINGS)
        self.assertFalse(FeedbackResponse.objects.exists())
        trainer = Client()
        trainer.force_login(self.trainer)
        trainer.post(f"/workshops/{upcoming.pk}/feedback/manage/", {"action": "open"})
        self.client.post(url, RATINGS)
        self.assertEqual(FeedbackResponse.objects.filter(workshop=upcoming).count(), 1)

    def test_a_closed_form_keeps_the_answers_and_accepts_no_change(self):
        self.client.force_login(self.alice)
        self.client.post(self.url, RATINGS)
        trainer = Client()
        trainer.force_login(self.trainer)
        response = trainer.post(f"/workshops/{self.workshop.pk}/feedback/manage/", {"action": "close"}, follow=True)
        self.assertContains(response, "The feedback form is closed")
        self.assertContains(response, "1 of 1 participants have answered.")
        self.assertContains(self.client.get(self.url), "The feedback form is closed.")
        self.client.post(self.url, {**RATINGS, "relevance": "1"})
        self.assertEqual(FeedbackResponse.objects.get().relevance, 5)
        self.assertEqual(FeedbackSettings.objects.get(workshop=self.workshop).state, "closed")

    def test_the_trainer_sets_the_follow_up_schedule_and_bad_values_are_refused(self):
        self.client.force_login(self.trainer)
        manage = f"/workshops/{self.workshop.pk}/feedback/manage/"
        data = {"action": "schedule", "follow_up_enabled": "on", "follow_up_after_days": "60"}
        response = self.client.post(manage, {**data, "reminder_every_days": "0", "max_reminders": "9"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(FeedbackSettings.of(self.workshop).follow_up_after_days, 90)
        self.client.post(manage, {**data, "reminder_every_days": "10", "max_reminders": "1"})
        plan = FeedbackSettings.of(self.workshop)
        self.assertEqual((plan.follow_up_after_days, plan.reminder_every_days, plan.max_reminders), (60, 10, 1))
        self.assertContains(self.client.get(manage), plan.follow_up_date.strftime("%-d %b %Y"))

    def test_outsiders_get_404_and_a_trainer_is_sent_to_the_controls(self):
        self.client.force_login(self.bob)  # a participant of Bravo
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, RATINGS).status_code, 404)
        self.assertEqual(self.client.get(f"/workshops/{self.workshop.pk}/feedback/manage/").status_code, 404)
        self.assertEqual(
            self.client.post(f"/workshops/{self.workshop.pk}/feedback/manage/", {"action": "close"}).status_code, 404
        )
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(f"/workshops/{self.workshop.pk}/feedback/manage/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)  # to sign in
        self.client.force_login(self.trainer)
        self.assertRedirects(self.client.get(self.url), f"/workshops/{self.workshop.pk}/feedback/manage/")
        self.assertFalse(FeedbackResponse.objects.exists())
        self.assertEqual(FeedbackSettings.objects.get(workshop=self.workshop).state, "auto")

    def test_posts_need_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        self.assertEqual(client.post(self.url, RATINGS).status_code, 403)
        self.assertFalse(FeedbackResponse.objects.exists())


class FeedbackResultsTests(TestCase):
    """The trainer's results page and exports report feedback and follow-up beside the tests."""

    @classmethod
    def setUpTestData(cls):
        cls.trainer = create_user(OFFICER)
        cls.method = create_method(title="Joint screening interview")
        cls.hidden = create_method(title="Restricted decoy method")
        restrict_to_groups(cls.hidden, [])
        cls.taught = create_method(title="Cohort-only referral drill")
        cls.workshop = ended_workshop(facilitators=[cls.trainer], materials=[cls.method, cls.hidden, cls.taught])
        # Restricted to the cohort, which its trainer is not in: the trainer opens it all the same.
        restrict_to_groups(cls.taught, [cls.workshop.cohort])
        cls.people = [create_user(PARTICIPANT, country_code=code, name=f"Person{i}")
                      for i, code in enumerate(["LA"] * 5 + ["TH"] * 3)]  # fmt: skip
        for person in cls.people:
            person.groups.add(cls.workshop.cohort)
        # Four answered the feedback form: relevance 5, 5, 4, 2 (average 4.0).
        for person, relevance in zip(cls.people, (5, 5, 4, 2), strict=False):
            FeedbackResponse.objects.create(
                workshop=cls.workshop, user=person, relevance=relevance, facilitation=4, materials=3, recommend=5,
                to_improve="<script>alert(1)</script>" if relevance == 2 else "",
            )  # fmt: skip
        thailand = Country.objects.get(code="TH")
        # All eight were sent the follow-up; six answered: 5 Lao (4 used it), 1 Thai.
        for index, person in enumerate(cls.people):
            row = FollowUp.objects.create(workshop=cls.workshop, user=person, mails_sent=1)
            if index < 6:
                row.used = "yes" if index < 3 else ("partly" if index == 3 else "no")
                row.cooperated = index < 2
                row.partner_country = thailand if index < 2 else None
                row.example = '=HYPERLINK("http://x")' if index == 0 else ""
                row.answered_at = timezone.now()
                row.save()
                if index < 4:
                    row.methods.set([cls.method, cls.taught] if index else [cls.method, cls.hidden])
        # Someone who is no longer in the cohort does not count.
        gone = create_user(PARTICIPANT)
        FeedbackResponse.objects.create(
            workshop=cls.workshop, user=gone, relevance=1, facilitation=1, materials=1, recommend=1
        )

    def test_the_results_page_reports_ratings_rates_methods_and_who_applied_what(self):
        self.client.force_login(self.trainer)
        response = self.client.get(f"/workshops/{self.workshop.pk}/results/")
        html = response.content.decode()
        self.assertContains(response, "4 of 8 participants answered the feedback form (50%).")
        self.assertContains(response, "<strong>4.00</strong>", html=True)  # relevance: (5+5+4+2)/4
        self.assertContains(
            response, "6 of 8 participants who were sent the follow-up questionnaire answered it (75%)."
        )
        self.assertIn("67%", html)  # used it, yes or partly: 4 of 6
        self.assertIn("33%", html)  # cooperated across the border: 2 of 6
        self.assertContains(response, f'<a href="{self.method.url}">Joint screening interview</a>', html=True)
        self.assertContains(response, "Who applied which method")
        self.assertContains(response, "Person0")
        self.assertContains(response, "Yes, with Thailand")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotIn("<script>alert(1)</script>", html)
        # 5 Lao answers stand alone; the 1 Thai cannot be pooled (fewer than 5): no breakdown at all.
        self.assertContains(response, "Not broken down by country")

    def test_a_method_restricted_to_the_cohort_is_linked_for_its_trainer_like_for_a_participant(self):
        for reader in (self.trainer, self.people[0]):
            report = FeedbackReport(self.workshop, reader, with_people=reader == self.trainer)
            rows = {row.label: row for row in report.methods}
            self.assertEqual(rows["Cohort-only referral drill"].url, self.taught.url)
            self.assertEqual(rows["Cohort-only referral drill"].count, 3)
        self.client.force_login(self.trainer)
        response = self.client.get(f"/workshops/{self.workshop.pk}/results/")
        self.assertContains(response, f'<a href="{self.taught.url}">Cohort-only referral drill</a>', html=True)
        self.assertEqual(self.client.get(self.taught.url).status_code, 200)
        outsider = create_user(PARTICIPANT)
        rows = {row.label: row for row in FeedbackReport(self.workshop, outsider).methods}
        self.assertNotIn("Cohort-only referral drill", rows)

    def test_a_method_the_trainer_may_not_open_is_neither_linked_nor_named(self):
        self.client.force_login(self.trainer)
        response = self.client.get(f"/workshops/{self.workshop.pk}/results/")
        self.assertNotContains(response, f'href="{self.hidden.url}"')
        self.assertNotContains(response, "Restricted decoy method")
        self.assertContains(response, "A library page you cannot open")
        csv_text = self.client.get(f"/workshops/{self.workshop.pk}/results.csv").content.decode("utf-8-sig")
        self.assertNotIn("Restricted decoy method", csv_text)

    def test_without_trainer_rights_the_report_has_no_names_or_free_text(self):
        report = FeedbackReport(self.workshop, self.people[0], with_people=False)
        self.assertEqual(report.people, [])
        self.assertEqual(report.comments, [])
        self.assertEqual([name for name, _rows in feedback_sheets(report)], ["Feedback", "Follow-up"])
        self.assertEqual(report.response_count, 4)

    def test_participants_and_outsiders_do_not_reach_the_results(self):
        for user in (self.people[0], create_user(OFFICER)):
            self.client.force_login(user)
            for suffix in ("results/", "results.csv", "results.xlsx"):
                self.assertEqual(self.client.get(f"/workshops/{self.workshop.pk}/{suffix}").status_code, 404)

    def test_the_country_breakdown_appears_once_each_group_is_large_enough(self):
        extra = [create_user(PARTICIPANT, country_code="TH") for _ in range(4)]
        for person in extra:
            person.groups.add(self.workshop.cohort)
            FollowUp.objects.create(workshop=self.workshop, user=person, mails_sent=1, used="yes", cooperated=False,
                                    answered_at=timezone.now())  # fmt: skip
        report = FeedbackReport(self.workshop, self.trainer)
        rows = {row.label: row for row in report.countries}
        self.assertEqual(set(rows), {"Laos", "Thailand"})
        self.assertEqual((rows["Laos"].n, rows["Laos"].used, rows["Laos"].cooperated), (5, 80, 40))
        self.assertEqual((rows["Thailand"].n, rows["Thailand"].used), (5, 80))

    def test_csv_and_xlsx_carry_the_feedback_and_follow_up(self):
        self.client.force_login(self.trainer)
        text = self.client.get(f"/workshops/{self.workshop.pk}/results.csv").content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        self.assertIn(["The workshop was relevant to my work.", "4", "4.00", "0", "1", "0", "1", "2"], rows)
        self.assertIn(["Joint screening interview", "4", "66.7"], rows)
        person = next(row for row in rows if row and row[0].startswith("Person0"))
        self.assertEqual(person[6], '\'=HYPERLINK("http://x")')  # not a formula in a spreadsheet
        book = load_workbook(io.BytesIO(self.client.get(f"/workshops/{self.workshop.pk}/results.xlsx").content))
        self.assertEqual(book.sheetnames, ["Results", "Feedback", "Follow-up", "Who applied which method"])
        follow = [list(row) for row in book["Follow-up"].iter_rows(values_only=True)]
        self.assertEqual(follow[0][:7], ["Follow-up", "Sent", 8, "Answered", 6, "Response rate %", 75.0])
        people = [list(row) for row in book["Who applied which method"].iter_rows(values_only=True)]
        self.assertEqual(len(people), 7)
        self.assertFalse(any(isinstance(c, str) and c.startswith("=") for row in people for c in row))
