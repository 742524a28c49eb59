"""Saving an answer is one small write that changes no result until the test is handed in; the curriculum's results
are read from one cached aggregate, renewed when a test is handed in, with the same queries however many workshops."""

import re
from unittest import mock

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from accounts.roles import OFFICER, PARTICIPANT
from tests.factories.accounts import create_user
from tests.factories.workshops import create_curriculum, create_question, create_workshop
from tests.workshops.test_results import answer_all
from workshops import aggregates, taking
from workshops.across import CurriculumResults
from workshops.choices import QuestionKind
from workshops.models import Answer, KnowledgeTest, ResultsVersion, ResultsViewer, TestItem


def token(workshop):
    return ResultsVersion.tokens([workshop.pk])[workshop.pk]


class SavingAnAnswerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        curriculum = create_curriculum()
        cls.single = create_question(curriculum, text="Single", choices=[("Right", True), ("Wrong", False)])
        cls.multiple = create_question(
            curriculum,
            kind=QuestionKind.MULTIPLE,
            text="Which are means?",
            choices=[("Deception", True), ("Coercion", True), ("A bus ticket", False)],
            sort_order=2,
        )
        cls.workshop = create_workshop(curriculum=curriculum)
        cls.participant = create_user(PARTICIPANT, country_code="TH")
        cls.participant.groups.add(cls.workshop.cohort)
        cls.test = KnowledgeTest.objects.create(workshop=cls.workshop, phase="pre", state="open")
        TestItem.objects.create(test=cls.test, question=cls.single, position=0)
        TestItem.objects.create(test=cls.test, question=cls.multiple, position=1)

    def test_saving_answers_changes_no_result_until_the_test_is_handed_in(self):
        self.client.force_login(self.participant)
        self.client.post(f"/workshops/{self.workshop.pk}/tests/pre/start/")
        before = token(self.workshop)
        right = self.single.choices.get(is_correct=True)
        response = self.client.post(f"/workshops/{self.workshop.pk}/tests/pre/1/", {"q-answer": right.pk})
        self.assertRedirects(response, f"/workshops/{self.workshop.pk}/tests/pre/2/", fetch_redirect_response=False)
        answer = Answer.objects.get(attempt__user=self.participant, question=self.single)
        self.assertTrue(answer.correct)
        self.assertEqual(token(self.workshop), before)
        self.client.post(f"/workshops/{self.workshop.pk}/tests/pre/finish/")
        self.assertNotEqual(token(self.workshop), before)

    def test_changing_a_multiple_choice_answer_replaces_the_choices_and_the_mark(self):
        attempt = taking.start(self.test, self.participant)
        deception, coercion, ticket = self.multiple.choices.order_by("sort_order", "pk")
        self.assertTrue(taking.save_answer(attempt, self.multiple, choice_ids=[deception.pk, coercion.pk]))
        self.assertTrue(taking.save_answer(attempt, self.multiple, choice_ids=[coercion.pk, ticket.pk]))
        answer = Answer.objects.get(attempt=attempt, question=self.multiple)
        self.assertFalse(answer.correct)
        self.assertEqual(set(answer.choices.values_list("pk", flat=True)), {coercion.pk, ticket.pk})
        self.assertEqual(Answer.objects.filter(attempt=attempt).count(), 1)

    def test_an_answer_sent_after_the_test_closed_is_not_stored(self):
        attempt = taking.start(self.test, self.participant)
        wrong = self.single.choices.get(is_correct=False)
        right = self.single.choices.get(is_correct=True)
        taking.save_answer(attempt, self.single, choice_ids=[wrong.pk])
        self.test.close()  # the trainer closes while the participant's page is still open
        self.assertFalse(taking.save_answer(attempt, self.single, choice_ids=[right.pk]))
        self.assertFalse(Answer.objects.get(attempt=attempt, question=self.single).correct)


class CurriculumAggregateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curriculum = create_curriculum()
        cls.question = create_question(cls.curriculum, text="Q", choices=[("Right", True), ("Wrong", False)])
        cls.trainer = create_user(OFFICER)
        cls.partner = create_user(OFFICER, country_code="LA")
        cls.first_two = [cls.add_workshop(number, trained=number % 2 == 0) for number in range(2)]

    def setUp(self):
        self.workshops = list(self.first_two)

    @classmethod
    def add_workshop(cls, number, trained=True):
        workshop = create_workshop(
            title=f"Workshop {number}",
            slug=f"workshop-{number}",
            province=f"Province {number}",
            curriculum=cls.curriculum,
            facilitators=[cls.trainer] if trained else [],
        )
        ResultsViewer.objects.create(workshop=workshop, user=cls.partner, agency="Partner")
        people = [create_user(PARTICIPANT, country_code="TH") for _ in range(2)]
        for person in people:
            person.groups.add(workshop.cohort)
        for phase, rows in (("pre", [(0,), (1,)]), ("post", [(1,), (1,)])):
            test = KnowledgeTest.objects.create(workshop=workshop, phase=phase, state="open")
            TestItem.objects.create(test=test, question=cls.question, position=0)
            answer_all(test, people, rows, [cls.question])
        return workshop

    def page_queries(self, user):
        self.client.force_login(user)
        url = f"/workshops/curricula/{self.curriculum.pk}/results/"
        self.client.get(url)  # fills the cache
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def check_constant_queries(self, user, readable):
        few, _response = self.page_queries(user)
        for number in range(len(self.workshops), 6):
            self.workshops.append(self.add_workshop(number, trained=number % 2 == 0))
        many, response = self.page_queries(user)
        for title in readable:
            self.assertContains(response, title)
        self.assertEqual(many, few)

    def test_a_trainer_reads_one_workshop_of_two_or_three_of_six_with_the_same_queries(self):
        self.check_constant_queries(self.trainer, ["Workshop 0", "Workshop 2", "Workshop 4"])
        for title in ("Workshop 1", "Workshop 3", "Workshop 5"):
            self.assertNotContains(self.page_queries(self.trainer)[1], title)

    def test_a_partner_reader_reads_two_workshops_or_six_with_the_same_queries(self):
        self.check_constant_queries(self.partner, ["Workshop 0", "Workshop 3", "Workshop 5"])

    def test_the_cached_aggregate_is_renewed_when_a_test_is_handed_in(self):
        results = CurriculumResults(self.curriculum, self.workshops)  # both, as an administrator would
        self.assertEqual(results.participants, 4)
        late = create_user(PARTICIPANT, country_code="TH")
        late.groups.add(self.workshops[0].cohort)
        for test in KnowledgeTest.objects.filter(workshop=self.workshops[0]).order_by("-phase"):
            attempt = taking.start(test, late)
            taking.save_answer(attempt, self.question, choice_ids=[self.question.choices.get(is_correct=True).pk])
            self.assertEqual(CurriculumResults(self.curriculum, self.workshops).participants, 4)
            taking.finish(attempt)
        again = CurriculumResults(self.curriculum, self.workshops)
        self.assertEqual(again.participants, 5)
        self.assertNotEqual(again.key, results.key)

    def test_after_a_hand_in_only_that_workshop_is_summarised_again(self):
        cache.clear()
        for number in range(2, 5):
            self.workshops.append(self.add_workshop(number))
        first = CurriculumResults(self.curriculum, self.workshops)
        self.assertEqual(first.participants, 10)
        late = create_user(PARTICIPANT, country_code="TH")
        late.groups.add(self.workshops[3].cohort)
        right = [self.question.choices.get(is_correct=True).pk]
        with mock.patch("workshops.across.aggregates.load", wraps=aggregates.load) as load:
            for test in KnowledgeTest.objects.filter(workshop=self.workshops[3]).order_by("-phase"):
                attempt = taking.start(test, late)
                taking.save_answer(attempt, self.question, choice_ids=right)
                taking.finish(attempt)
            again = CurriculumResults(self.curriculum, self.workshops)
            self.assertEqual(again.participants, 11)
        self.assertEqual([call.args[0] for call in load.call_args_list], [[self.workshops[3].pk]])
        # The same figures as when every workshop is summarised afresh.
        cache.clear()
        fresh = CurriculumResults(self.curriculum, self.workshops)
        self.assertEqual(again.overall, fresh.overall)
        self.assertEqual(
            [(row.workshop.pk, row.gain) for row in again.workshop_rows],
            [(row.workshop.pk, row.gain) for row in fresh.workshop_rows],
        )
        self.assertEqual(
            [(row.part.pre, row.part.post, row.workshops, row.improved_in) for row in again.questions],
            [(row.part.pre, row.part.post, row.workshops, row.improved_in) for row in fresh.questions],
        )

    def test_chart_coordinates_are_numbers_in_vietnamese_too(self):
        """Vietnamese writes 31,7 for 31.7; an SVG coordinate written so is no coordinate and the dots vanish."""
        self.client.force_login(self.trainer)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        for url in (
            f"/workshops/curricula/{self.curriculum.pk}/results/",
            f"/workshops/curricula/{self.curriculum.pk}/results/question/{self.question.pk}/",
            f"/workshops/{self.workshops[0].pk}/results/",
        ):
            body = self.client.get(url).content.decode()
            self.assertIn('lang="vi"', body)
            coordinates = re.findall(r'\s(?:c?[xy][12]?|width|height)="([^"]*)"', body)
            self.assertTrue(coordinates, url)
            for value in coordinates:
                self.assertRegex(value, r"^(-?\d+(\.\d+)?|100%)$", url)
