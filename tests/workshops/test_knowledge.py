"""Taking a test without JavaScript: one question per page, each answer saved on submit, one attempt each."""

from django.conf import settings
from django.test import TestCase

from accounts.roles import OFFICER, PARTICIPANT
from tests.factories.accounts import create_user
from tests.factories.library import create_method
from tests.factories.workshops import create_curriculum, create_question, create_workshop
from workshops.choices import QuestionKind, TestState
from workshops.models import Answer, Attempt, KnowledgeTest


class TakingATestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curriculum = create_curriculum(objectives=("Palermo Protocol definition", "Referral"))
        definition, referral = cls.curriculum.objectives.order_by("sort_order")
        cls.method = create_method(title="Three elements of trafficking")
        cls.q1 = create_question(
            cls.curriculum,
            objective=definition,
            text="Which elements make up trafficking in adults?",
            text_th="องค์ประกอบใดบ้างที่ประกอบเป็นการค้ามนุษย์ในผู้ใหญ่",
            choices=[
                ("Act, means and purpose", True, {"th": "การกระทำ วิธีการ และวัตถุประสงค์"}),
                ("Crossing a border", False, {"th": "การข้ามพรมแดน"}),
            ],
            explanation="The Palermo Protocol names act, means and purpose.",
            explanation_page=cls.method,
            sort_order=1,
        )
        cls.q2 = create_question(
            cls.curriculum,
            objective=definition,
            kind=QuestionKind.MULTIPLE,
            text="Which are means?",
            choices=[("Deception", True), ("Coercion", True), ("A bus ticket", False)],
            sort_order=2,
        )
        cls.q3 = create_question(
            cls.curriculum,
            objective=referral,
            kind=QuestionKind.TRUE_FALSE,
            text="A child's consent makes exploitation lawful.",
            true_is_correct=False,
            sort_order=3,
        )
        cls.q4 = create_question(
            cls.curriculum, objective=referral, kind=QuestionKind.NUMERIC, text="How many elements?", sort_order=4
        )
        cls.trainer = create_user(OFFICER, two_factor=True)
        cls.workshop = create_workshop(curriculum=cls.curriculum, facilitators=[cls.trainer])
        cls.participant = create_user(PARTICIPANT, country_code="TH")
        cls.participant.groups.add(cls.workshop.cohort)
        cls.other = create_user(PARTICIPANT, country_code="LA")

    def base(self, phase="pre"):
        return f"/workshops/{self.workshop.pk}/tests/{phase}"

    def open_test(self, phase="pre"):
        self.client.force_login(self.trainer)
        response = self.client.post(f"{self.base(phase)}/control/", {"action": "open"})
        self.assertRedirects(response, f"/workshops/{self.workshop.pk}/tests/", fetch_redirect_response=False)
        self.client.force_login(self.participant)

    def test_each_answer_is_saved_on_submit_and_the_participant_resumes_where_they_left(self):
        self.open_test()
        response = self.client.post(f"{self.base()}/start/")
        self.assertRedirects(response, f"{self.base()}/1/", fetch_redirect_response=False)
        right = self.q1.choices.get(is_correct=True)
        response = self.client.post(f"{self.base()}/1/", {"q-answer": right.pk})
        self.assertRedirects(response, f"{self.base()}/2/", fetch_redirect_response=False)
        answer = Answer.objects.get(attempt__user=self.participant, question=self.q1)
        self.assertTrue(answer.correct)
        # The connection drops; later the participant comes back to the tests page and continues.
        response = self.client.get(f"/workshops/{self.workshop.pk}/tests/")
        self.assertContains(response, "You have answered 1 of 4 questions")
        response = self.client.post(f"{self.base()}/start/")
        self.assertRedirects(response, f"{self.base()}/2/", fetch_redirect_response=False)
        # Going back shows the saved answer checked.
        self.assertContains(self.client.get(f"{self.base()}/1/"), f'value="{right.pk}"')
        self.assertContains(self.client.get(f"{self.base()}/1/"), "checked")

    def test_a_whole_test_is_scored_and_taken_once(self):
        self.open_test()
        self.client.post(f"{self.base()}/start/")
        means = [c.pk for c in self.q2.choices.filter(is_correct=True)]
        self.client.post(f"{self.base()}/1/", {"q-answer": self.q1.choices.get(is_correct=False).pk})
        self.client.post(f"{self.base()}/2/", {"q-answer": means})
        self.client.post(f"{self.base()}/3/", {"q-answer": "false"})
        response = self.client.post(f"{self.base()}/4/", {"q-answer": "3"})
        self.assertRedirects(response, f"{self.base()}/finish/", fetch_redirect_response=False)
        response = self.client.post(f"{self.base()}/finish/", follow=True)
        self.assertContains(response, "Your score: 3 of 4 (75%)")
        # One attempt: starting again or posting an answer is refused, and nothing changes.
        response = self.client.post(f"{self.base()}/start/", follow=True)
        self.assertContains(response, "each test is taken once")
        self.client.post(f"{self.base()}/1/", {"q-answer": self.q1.choices.get(is_correct=True).pk})
        self.assertFalse(Answer.objects.get(question=self.q1).correct)
        self.assertEqual(Attempt.objects.filter(user=self.participant).count(), 1)

    def test_the_participant_reads_the_question_in_their_interface_language(self):
        self.open_test()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
        self.client.post(f"{self.base()}/start/")
        response = self.client.get(f"{self.base()}/1/")
        self.assertContains(response, "องค์ประกอบใดบ้างที่ประกอบเป็นการค้ามนุษย์ในผู้ใหญ่")
        self.assertContains(response, "การกระทำ วิธีการ และวัตถุประสงค์")
        # Untranslated items fall back to English.
        self.assertContains(self.client.get(f"{self.base()}/2/"), "Which are means?")

    def test_numbers_in_thai_digits_count_and_nonsense_is_explained(self):
        self.open_test()
        self.client.post(f"{self.base()}/start/")
        response = self.client.post(f"{self.base()}/4/", {"q-answer": "three"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Type a number", status_code=400)
        self.client.post(f"{self.base()}/4/", {"q-answer": "๓"})
        self.assertTrue(Answer.objects.get(question=self.q4).correct)

    def test_an_empty_answer_asks_again(self):
        self.open_test()
        self.client.post(f"{self.base()}/start/")
        response = self.client.post(f"{self.base()}/1/", {})
        self.assertContains(response, "Choose or type an answer, or skip this question.", status_code=400)
        self.assertFalse(Answer.objects.exists())

    def test_a_test_that_is_not_open_cannot_be_taken(self):
        self.client.force_login(self.participant)
        response = self.client.post(f"{self.base()}/start/", follow=True)
        self.assertContains(response, "This test is not open.")
        self.assertFalse(Attempt.objects.exists())

    def test_closing_hands_in_every_attempt_and_then_releases_the_right_answers(self):
        self.open_test("post")
        self.client.post(f"{self.base('post')}/start/")
        self.client.post(f"{self.base('post')}/1/", {"q-answer": self.q1.choices.get(is_correct=True).pk})
        self.assertEqual(self.client.get(f"{self.base('post')}/answers/").status_code, 404)
        self.client.force_login(self.trainer)
        self.client.post(f"{self.base('post')}/control/", {"action": "close"})
        self.assertIsNotNone(Attempt.objects.get(user=self.participant).finished_at)
        self.client.force_login(self.participant)
        response = self.client.get(f"{self.base('post')}/answers/")
        self.assertContains(response, "The Palermo Protocol names act, means and purpose.")
        self.assertContains(response, self.method.url)
        self.assertContains(self.client.get(f"/workshops/{self.workshop.pk}/tests/"), "Your score: 1 of 4 (25%)")

    def test_trainer_chooses_the_items_of_a_draft_test(self):
        self.client.force_login(self.trainer)
        self.client.get(f"/workshops/{self.workshop.pk}/tests/")
        self.client.post(f"{self.base()}/control/", {"action": "items", "question": [self.q1.pk, self.q3.pk]})
        test = KnowledgeTest.objects.get(workshop=self.workshop, phase="pre")
        self.assertEqual([q.pk for q in test.items()], [self.q1.pk, self.q3.pk])
        self.client.post(f"{self.base()}/control/", {"action": "open"})
        test.refresh_from_db()
        self.assertEqual(test.state, TestState.OPEN)
        # Items of an open test no longer change.
        self.client.post(f"{self.base()}/control/", {"action": "items", "question": [self.q2.pk]})
        self.assertEqual([q.pk for q in test.items()], [self.q1.pk, self.q3.pk])

    def test_participants_cannot_run_the_test_and_others_cannot_take_it(self):
        self.client.force_login(self.participant)
        self.assertEqual(self.client.post(f"{self.base()}/control/", {"action": "open"}).status_code, 404)
        self.client.force_login(self.other)
        for url in (f"/workshops/{self.workshop.pk}/tests/", f"{self.base()}/1/", f"{self.base()}/answers/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.post(f"{self.base()}/start/").status_code, 404)
        self.client.logout()
        response = self.client.get(f"/workshops/{self.workshop.pk}/tests/")
        self.assertRedirects(
            response, f"/accounts/login/?next=/workshops/{self.workshop.pk}/tests/", fetch_redirect_response=False
        )
