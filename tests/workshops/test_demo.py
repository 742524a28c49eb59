"""The demo workshops: realistic synthetic results, and loading twice changes nothing."""

from django.test import TestCase

from workshops.demo.loader import load_workshops
from workshops.models import Answer, Attempt, Question, WorkshopPage
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
