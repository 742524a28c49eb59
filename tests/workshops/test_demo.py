"""The demo workshops: realistic synthetic results, and loading twice changes nothing."""

import io

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from tests.factories.library import create_method
from workshops import followup
from workshops.demo.loader import MATERIAL_SLUGS, load_workshops
from workshops.feedback_results import FeedbackReport
from workshops.models import (
    Answer,
    Attempt,
    Certificate,
    FeedbackResponse,
    FeedbackSettings,
    FollowUp,
    Question,
    WorkshopPage,
)
from workshops.results import WorkshopResults


class DemoWorkshopsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.created = load_workshops()

    def test_a_curriculum_of_twenty_questions_in_five_languages(self):
        questions = Question.objects.all()
        self.assertEqual(questions.count(), 20)
        for question in questions:
            for language in ("km", "lo", "th", "vi"):
                self.assertTrue(getattr(question, f"text_{language}"), (question.text, language))

    def test_three_past_workshops_of_thirty_and_one_upcoming(self):
        self.assertEqual(self.created, 4)
        past = [page for page in WorkshopPage.objects.all() if not page.is_upcoming]
        self.assertEqual(len(past), 3)
        for workshop in past:
            self.assertEqual(len(workshop.participant_ids), 30)
            results = WorkshopResults(workshop)
            self.assertEqual(results.overall.n, 30)
            self.assertTrue(45 <= results.overall.pre <= 65, results.overall.pre)
            self.assertTrue(75 <= results.overall.post <= 95, results.overall.post)
            flat = [row for row in results.questions if row.post - row.pre < 15]
            self.assertTrue(flat, "some items do not improve")

    def test_loading_again_changes_nothing(self):
        before = (WorkshopPage.objects.count(), Attempt.objects.count(), Answer.objects.count())
        self.assertEqual(load_workshops(), 0)
        self.assertEqual((WorkshopPage.objects.count(), Attempt.objects.count(), Answer.objects.count()), before)


class DemoFeedbackTests(TestCase):
    """The past demo workshops carry feedback and follow-up answers naming the methods they linked."""

    @classmethod
    def setUpTestData(cls):
        cls.methods = [create_method(title=slug.replace("-", " "), slug=slug) for slug in MATERIAL_SLUGS]
        load_workshops()

    def test_each_past_workshop_has_closed_feedback_and_answered_follow_ups(self):
        past = [page for page in WorkshopPage.objects.all() if not page.is_upcoming]
        self.assertEqual(len(past), 3)
        for workshop in past:
            report = FeedbackReport(workshop, workshop.cohort.user_set.first(), with_people=True)
            self.assertFalse(FeedbackSettings.of(workshop).is_open)
            self.assertTrue(22 <= report.response_count <= 30, report.response_count)
            self.assertTrue(all(row.average and row.average > 3.8 for row in report.ratings))
            self.assertEqual(report.sent, 30)
            self.assertTrue(15 <= report.answered_count <= 27, report.answered_count)
            self.assertTrue(report.methods)
            self.assertLessEqual({row.page.pk for row in report.methods}, {m.pk for m in self.methods})
            self.assertEqual(len(report.people), report.answered_count)
        # The Laos–Thailand workshop cooperated across the border more than the single-country ones.
        shares = {w.slug: FeedbackReport(w, w.cohort.user_set.first()).cooperation_share for w in past}
        self.assertGreater(shares["demo-nong-khai-2025"], shares["demo-hanoi-2025"])

    def test_loading_again_changes_nothing_and_the_worker_sends_the_demo_nothing(self):
        before = (FeedbackResponse.objects.count(), FollowUp.objects.count(), FollowUp.methods.through.objects.count())
        load_workshops()
        after = (FeedbackResponse.objects.count(), FollowUp.objects.count(), FollowUp.methods.through.objects.count())
        self.assertEqual(after, before)
        self.assertEqual(followup.send_due(), 0)
        self.assertEqual(mail.outbox, [])


class DemoParticipantSeatTests(TestCase):
    """Signing in as the demo participant shows a workshop they took, with a certificate (issue 13's walk)."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=io.StringIO())

    def test_the_demo_participant_took_the_cambodian_workshop_and_has_a_certificate(self):
        member = get_user_model().objects.get(email="participant@demo.frontline.invalid")
        workshop = WorkshopPage.objects.get(slug="demo-siem-reap-2025")
        self.assertIn(member.pk, workshop.participant_ids)
        self.assertEqual(len(workshop.participant_ids), 30)
        self.assertEqual(Attempt.objects.filter(user=member, finished_at__isnull=False).count(), 2)
        self.assertTrue(Certificate.objects.filter(user=member, workshop=workshop).exists())
        self.client.force_login(member)
        profile = self.client.get(reverse("accounts:profile"))
        self.assertContains(profile, workshop.url)
        certificate = Certificate.objects.get(user=member, workshop=workshop)
        self.assertContains(profile, reverse("certificates:pdf", args=[certificate.pk]))
        pdf = self.client.get(reverse("certificates:pdf", args=[certificate.pk]))
        self.assertEqual((pdf.status_code, pdf["Content-Type"]), (200, "application/pdf"))
        verified = self.client.get(reverse("certificates:verify-code", args=[certificate.display_code]))
        self.assertContains(verified, workshop.title)
