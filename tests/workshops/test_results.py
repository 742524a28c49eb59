"""The results page and CSV on the hand-computed fixture of test_stats (four participants, two items)."""

import csv
import io

from django.test import TestCase
from openpyxl import load_workbook

from accounts.roles import OFFICER, PARTICIPANT
from tests.factories.accounts import create_user
from tests.factories.workshops import create_curriculum, create_question, create_workshop
from workshops import taking
from workshops.models import KnowledgeTest, TestItem
from workshops.results import WorkshopResults

PRE = [(1, 0), (0, 0), (0, 1), (0, 0)]
POST = [(1, 1), (1, 0), (1, 1), (0, 0)]


def answer_all(test, users, rows, questions):
    for user, row in zip(users, rows, strict=True):
        attempt = taking.start(test, user)
        for question, right in zip(questions, row, strict=True):
            choice = question.choices.get(is_correct=bool(right))
            taking.save_answer(attempt, question, choice_ids=[choice.pk])
        taking.finish(attempt)


class ResultsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        curriculum = create_curriculum(objectives=("Palermo Protocol definition", "Referral"))
        definition, referral = curriculum.objectives.order_by("sort_order")
        cls.q1 = create_question(curriculum, objective=definition, text="Q one", choices=[("R", True), ("W", False)])
        cls.q2 = create_question(curriculum, objective=referral, text="Q two", choices=[("R", True), ("W", False)])
        cls.trainer = create_user(OFFICER)
        cls.workshop = create_workshop(curriculum=curriculum, facilitators=[cls.trainer])
        cls.people = [create_user(PARTICIPANT, country_code=code) for code in ("TH", "TH", "LA", "LA")]
        for person in cls.people:
            person.groups.add(cls.workshop.cohort)
        for phase, rows in (("pre", PRE), ("post", POST)):
            test = KnowledgeTest.objects.create(workshop=cls.workshop, phase=phase, state="open")
            TestItem.objects.create(test=test, question=cls.q1, position=0)
            TestItem.objects.create(test=test, question=cls.q2, position=1)
            answer_all(test, cls.people, rows, [cls.q1, cls.q2])
        # A trainer trying the test does not count.
        taking.start(KnowledgeTest.objects.get(phase="pre"), cls.trainer)

    def test_overall_gain_matches_the_hand_computed_values(self):
        results = WorkshopResults(self.workshop)
        self.assertEqual((results.pre_count, results.post_count), (4, 4))
        self.assertAlmostEqual(results.overall.g, 0.5)
        self.assertAlmostEqual(results.overall.low, -0.25, places=3)
        self.assertAlmostEqual(results.overall.high, 1.25, places=3)

    def test_per_question_facility_and_discrimination(self):
        rows = {row.question.pk: row for row in WorkshopResults(self.workshop).questions}
        self.assertEqual((rows[self.q1.pk].pre, rows[self.q1.pk].post), (25, 75))
        self.assertEqual((rows[self.q2.pk].pre, rows[self.q2.pk].post), (25, 50))
        self.assertAlmostEqual(rows[self.q1.pk].pre_discrimination, -100 / 3)
        self.assertAlmostEqual(rows[self.q1.pk].post_discrimination, 57.735, places=3)

    def test_per_objective_gain_and_definition_captured(self):
        rows = {row.objective.name: row for row in WorkshopResults(self.workshop).objectives}
        definition = rows["Palermo Protocol definition"]
        # q1 per participant: pre 100, 0, 0, 0; post 100, 100, 100, 0 -> <g> = (75 - 25) / 75.
        self.assertAlmostEqual(definition.gain.g, 2 / 3)
        self.assertEqual((definition.captured_pre, definition.captured_post), (25, 75))
        self.assertAlmostEqual(rows["Referral"].gain.g, 1 / 3)

    def test_fewer_than_five_participants_are_not_broken_down_by_country(self):
        self.assertIsNone(WorkshopResults(self.workshop).countries)
        self.client.force_login(self.trainer)
        self.assertContains(self.client.get(f"/workshops/{self.workshop.pk}/results/"), "Not broken down by country")

    def test_the_page_and_csv_show_the_same_figures(self):
        self.client.force_login(self.trainer)
        response = self.client.get(f"/workshops/{self.workshop.pk}/results/")
        self.assertContains(response, "0.50")
        self.assertContains(response, "-0.25 – 1.25")
        # The chart is drawn on the server: objective "Palermo Protocol definition" 25 % -> 75 % of 240 units.
        self.assertContains(response, '<rect x="0" y="17" width="60"')
        self.assertContains(response, '<rect x="0" y="30" width="180"')
        response = self.client.get(f"/workshops/{self.workshop.pk}/results.csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertIn(["Normalised gain", "0.500", "95% CI", "-0.250", "1.250"], rows)
        self.assertIn(["Q one", "Palermo Protocol definition", "4", "25.0", "-33.3", "4", "75.0", "57.7"], rows)
        response = self.client.get(f"/workshops/{self.workshop.pk}/results.xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
        self.assertIn(["Normalised gain", 0.5, "95% CI", -0.25, 1.25], values)

    def test_participants_do_not_see_results(self):
        self.client.force_login(self.people[0])
        self.assertEqual(self.client.get(f"/workshops/{self.workshop.pk}/results/").status_code, 404)
        self.assertEqual(self.client.get(f"/workshops/{self.workshop.pk}/results.csv").status_code, 404)
        self.assertEqual(self.client.get(f"/workshops/{self.workshop.pk}/results.xlsx").status_code, 404)


class CountryBreakdownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        curriculum = create_curriculum()
        cls.q = create_question(curriculum, choices=[("R", True), ("W", False)])
        cls.workshop = create_workshop(curriculum=curriculum)
        cls.tests = {}
        for phase in ("pre", "post"):
            cls.tests[phase] = KnowledgeTest.objects.create(workshop=cls.workshop, phase=phase, state="open")
            TestItem.objects.create(test=cls.tests[phase], question=cls.q)

    def add(self, code, count):
        people = [create_user(PARTICIPANT, country_code=code) for _ in range(count)]
        for person in people:
            person.groups.add(self.workshop.cohort)
        for phase, right in (("pre", 0), ("post", 1)):
            answer_all(self.tests[phase], people, [(right,)] * count, [self.q])

    def labels(self):
        rows = WorkshopResults(self.workshop).countries
        return None if rows is None else [(row.label, row.gain.n) for row in rows]

    def test_a_country_under_five_is_pooled_and_a_pool_under_five_absorbs_the_smallest_country(self):
        self.add("TH", 6)
        self.add("LA", 5)
        self.add("VN", 2)
        # VN alone (2) would be readable by subtraction: Laos (the smallest shown) joins it.
        self.assertEqual(self.labels(), [("Thailand", 6), ("Other countries together", 7)])

    def test_two_countries_of_five_are_shown_apart(self):
        self.add("TH", 5)
        self.add("LA", 5)
        self.assertEqual(self.labels(), [("Laos", 5), ("Thailand", 5)])

    def test_six_and_three_are_not_broken_down(self):
        self.add("TH", 6)
        self.add("LA", 3)
        self.assertIsNone(self.labels())
