"""A curriculum's results across workshops, and the per-country "definition captured", on a hand-computed fixture.

Curriculum: objectives Definition (q1, q2), Referral (q3), Document fraud (q4, which nobody ever gets right).
Workshop A (March): five participants from Thailand and five from Laos; workshop B (June): four from Thailand, too
few to break down by country. Scores (q1, q2, q3, q4):

    A, Thailand  pre  (1,1,0,0) (1,0,0,0) (0,0,0,0) (0,0,1,0) (1,1,1,0)  -> 50, 25, 0, 25, 75 %
                 post (1,1,1,0) (1,1,0,0) (1,0,0,0) (1,1,1,0) (1,1,1,0)  -> 75, 50, 25, 75, 75 %
    A, Laos      pre  all wrong                                          -> 0 % each
                 post (1,1,0,0) (1,1,0,0) (1,1,1,0) (0,1,0,0) (0,0,0,0)  -> 50, 50, 75, 25, 0 %
    B, Thailand  pre  (0,0,0,0) (0,0,0,0) (1,0,0,0) (0,0,0,0)            -> 0, 0, 25, 0 %
                 post (0,0,1,0) (0,0,1,0) (0,0,1,0) (0,1,1,0)            -> 25, 25, 25, 50 %
"""

import csv
import datetime
import io

from django.test import TestCase
from openpyxl import load_workbook

from accounts.roles import OFFICER, PARTICIPANT
from tests.factories.accounts import create_user
from tests.factories.workshops import create_curriculum, create_question, create_workshop
from tests.workshops.test_results import answer_all
from workshops import stats
from workshops.across import CurriculumResults
from workshops.models import KnowledgeTest, TestItem, WorkshopPage
from workshops.results import WorkshopResults

A_TH_PRE = [(1, 1, 0, 0), (1, 0, 0, 0), (0, 0, 0, 0), (0, 0, 1, 0), (1, 1, 1, 0)]
A_TH_POST = [(1, 1, 1, 0), (1, 1, 0, 0), (1, 0, 0, 0), (1, 1, 1, 0), (1, 1, 1, 0)]
A_LA_PRE = [(0, 0, 0, 0)] * 5
A_LA_POST = [(1, 1, 0, 0), (1, 1, 0, 0), (1, 1, 1, 0), (0, 1, 0, 0), (0, 0, 0, 0)]
B_PRE = [(0, 0, 0, 0), (0, 0, 0, 0), (1, 0, 0, 0), (0, 0, 0, 0)]
B_POST = [(0, 0, 1, 0), (0, 0, 1, 0), (0, 0, 1, 0), (0, 1, 1, 0)]


def run_workshop(workshop, questions, cohorts):
    """Give the workshop a pre-test and post-test of the questions; each cohort is (country, pre rows, post rows)."""
    people = []
    for code, pre_rows, _post_rows in cohorts:
        group = [create_user(PARTICIPANT, country_code=code) for _ in pre_rows]
        for person in group:
            person.groups.add(workshop.cohort)
        people.append(group)
    for phase, index in (("pre", 1), ("post", 2)):
        test = KnowledgeTest.objects.create(workshop=workshop, phase=phase, state="open")
        for position, question in enumerate(questions):
            TestItem.objects.create(test=test, question=question, position=position)
        for group, cohort in zip(people, cohorts, strict=True):
            answer_all(test, group, cohort[index], questions)
        test.close()
    return [person for group in people for person in group]


class CrossWorkshopFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curriculum = create_curriculum(objectives=("Definition", "Referral", "Document fraud"))
        definition, referral, fraud = cls.curriculum.objectives.order_by("sort_order")
        right_wrong = [("Right", True), ("Wrong", False)]
        cls.questions = [
            create_question(cls.curriculum, objective=definition, text="Q one", choices=right_wrong, sort_order=1),
            create_question(cls.curriculum, objective=definition, text="Q two", choices=right_wrong, sort_order=2),
            create_question(cls.curriculum, objective=referral, text="Q three", choices=right_wrong, sort_order=3),
            create_question(cls.curriculum, objective=fraud, text="Q four", choices=right_wrong, sort_order=4),
        ]
        cls.trainer = create_user(OFFICER)
        cls.workshop_a = create_workshop(
            title="Workshop A at Nong Khai", curriculum=cls.curriculum, facilitators=[cls.trainer]
        )
        cls.workshop_b = create_workshop(
            title="Workshop B at Mukdahan",
            curriculum=cls.curriculum,
            facilitators=[cls.trainer],
            start_date=datetime.date(2026, 6, 2),
            province="Mukdahan",
        )
        run_workshop(cls.workshop_a, cls.questions, [("TH", A_TH_PRE, A_TH_POST), ("LA", A_LA_PRE, A_LA_POST)])
        run_workshop(cls.workshop_b, cls.questions, [("TH", B_PRE, B_POST)])


class DefinitionCapturedByCountryTests(CrossWorkshopFixture):
    def test_each_country_shows_the_share_with_all_of_an_objectives_items_right(self):
        rows = {row.label: row for row in WorkshopResults(self.workshop_a).countries}
        self.assertEqual(list(rows), ["Laos", "Thailand"])
        captured = {
            label: [(cell.objective.name, cell.pre, cell.post) for cell in row.captured] for label, row in rows.items()
        }
        # Thailand, Definition (q1 and q2): before P1, P5 = 2 of 5; after P1, P2, P4, P5 = 4 of 5.
        # Referral (q3): before P4, P5; after P1, P4, P5. Laos: nobody before; after L1, L2, L3; q3 only L3.
        self.assertEqual(captured["Thailand"], [("Definition", 40, 80), ("Referral", 40, 60), ("Document fraud", 0, 0)])
        self.assertEqual(captured["Laos"], [("Definition", 0, 60), ("Referral", 0, 20), ("Document fraud", 0, 0)])

    def test_the_page_and_the_download_show_it(self):
        self.client.force_login(self.trainer)
        response = self.client.get(f"/workshops/{self.workshop_a.pk}/results/")
        self.assertContains(response, "Definition captured, by country")
        self.assertContains(response, "<td>40% → 80%</td>", html=True)
        self.assertContains(response, "<td>0% → 60%</td>", html=True)
        rows = list(
            csv.reader(
                io.StringIO(self.client.get(f"/workshops/{self.workshop_a.pk}/results.csv").content.decode("utf-8-sig"))
            )
        )
        header = next(row for row in rows if row and row[0] == "Country")
        self.assertEqual(header[7:9], ["Definition: all right, pre %", "Definition: all right, post %"])
        self.assertIn(["Thailand", "5", "35.0", "60.0", "0.385"], [row[:5] for row in rows])
        self.assertIn(
            ["40.0", "80.0", "40.0", "60.0", "0.0", "0.0"], [row[7:] for row in rows if row[:1] == ["Thailand"]]
        )

    def test_a_workshop_under_five_per_country_shows_no_country_line(self):
        self.client.force_login(self.trainer)
        response = self.client.get(f"/workshops/{self.workshop_b.pk}/results/")
        self.assertNotContains(response, "Definition captured, by country")
        self.assertContains(response, "Not broken down by country")


class CrossWorkshopTests(CrossWorkshopFixture):
    def results(self, *workshops):
        """Return the curriculum's results over fresh copies of the workshops, as a request would read them."""
        workshops = workshops or (self.workshop_b, self.workshop_a)
        return CurriculumResults(self.curriculum, list(WorkshopPage.objects.filter(pk__in=[w.pk for w in workshops])))

    def test_workshops_are_in_date_order_with_their_own_gain(self):
        data = self.results()
        self.assertEqual([row.workshop.pk for row in data.workshop_rows], [self.workshop_a.pk, self.workshop_b.pk])
        a, b = (row.gain for row in data.workshop_rows)
        # A: pre mean (50+25+0+25+75+0*5)/10 = 17.5; post (75+50+25+75+75+50+50+75+25+0)/10 = 50.
        self.assertAlmostEqual(a.pre, 17.5)
        self.assertAlmostEqual(a.post, 50)
        self.assertAlmostEqual(a.g, 32.5 / 82.5)
        # B: pre 6.25, post 31.25 -> g = 25 / 93.75.
        self.assertAlmostEqual(b.g, 25 / 93.75)

    def test_the_pooled_gain_and_interval_equal_those_of_all_participants_together(self):
        pairs = [(50, 75), (25, 50), (0, 25), (25, 75), (75, 75), (0, 50), (0, 50), (0, 75), (0, 25), (0, 0)]
        pairs += [(0, 25), (0, 25), (25, 25), (0, 50)]
        expected = stats.normalised_gain(pairs)
        pooled = self.results().overall
        self.assertEqual(pooled.n, 14)
        for name in ("pre", "post", "g", "low", "high"):
            self.assertAlmostEqual(getattr(pooled, name), getattr(expected, name), places=9)

    def test_questions_pooled_with_the_workshops_where_nobody_got_them_right_and_where_they_improved(self):
        rows = {row.question.text: row for row in self.results().questions}
        q1 = rows["Q one"]
        # q1: pre A 3 of 10, B 1 of 4 -> 4/14; post A 8 of 10, B 0 of 4 -> 8/14. Improved in A only.
        self.assertAlmostEqual(q1.pre, 400 / 14)
        self.assertAlmostEqual(q1.post, 800 / 14)
        self.assertEqual((q1.workshops, q1.nobody_right_in, q1.improved_in), (2, 1, 1))
        self.assertFalse(q1.no_improvement)
        q4 = rows["Q four"]
        self.assertTrue(q4.nobody_right)
        self.assertTrue(q4.no_improvement)
        self.assertEqual((q4.workshops, q4.nobody_right_in, q4.improved_in), (2, 2, 0))

    def test_pooled_discrimination_is_the_item_rest_correlation_over_every_participant(self):
        data = self.results()
        q1 = next(row for row in data.questions if row.question.text == "Q one")
        items, totals = [], []
        for rows in (A_TH_POST, A_LA_POST, B_POST):
            for row in rows:
                items.append(row[0])
                totals.append(sum(row))
        self.assertAlmostEqual(q1.part.post.discrimination, stats.discrimination(items, totals), places=9)

    def test_countries_pool_only_groups_shown_on_a_workshops_page(self):
        rows = self.results().countries
        # A shows Laos and Thailand (five each); B's four participants are not broken down.
        self.assertEqual([(row.label, row.gain.n) for row in rows], [("Laos", 5), ("Thailand", 5), ("", 4)])
        thailand = rows[1]
        self.assertAlmostEqual(thailand.gain.g, 25 / 65)  # pre 35, post 60
        definition = thailand.objectives[0]
        self.assertEqual((definition.captured_pre, definition.captured_post), (40, 80))

    def test_one_workshop_alone_is_not_broken_down_when_its_groups_are_too_small(self):
        self.assertIsNone(self.results(self.workshop_b).countries)

    def test_the_page_draws_the_charts_and_flags_the_question_nobody_gets_right(self):
        self.client.force_login(self.trainer)
        response = self.client.get(f"/workshops/curricula/{self.curriculum.pk}/results/")
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertEqual(body.count("<svg"), 3)  # over time, by objective, by question
        self.assertContains(response, "Nobody got this right in any post-test.")
        self.assertContains(response, "Does not improve: the post-test is less than 5 points above the pre-test.")
        self.assertContains(response, "Nobody got it right after 1 workshop.")
        self.assertContains(response, "Workshop A at Nong Khai")
        self.assertContains(response, "Workshop B at Mukdahan")
        self.assertNotIn("<script", body)

    def test_one_question_over_time_and_by_country(self):
        self.client.force_login(self.trainer)
        q1 = self.questions[0]
        response = self.client.get(f"/workshops/curricula/{self.curriculum.pk}/results/question/{q1.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<td>30% <small>(n=10)</small></td>", html=True)
        self.assertContains(response, "<td>0% <small>(n=4)</small></td>", html=True)
        objective = q1.objective
        response = self.client.get(f"/workshops/curricula/{self.curriculum.pk}/results/objective/{objective.pk}/")
        self.assertContains(response, "<td>40% → 80%</td>", html=True)
        for url in (
            f"/workshops/curricula/{self.curriculum.pk}/results/question/{objective.pk + 9999}/",
            f"/workshops/curricula/{self.curriculum.pk}/results/teapot/{q1.pk}/",
            f"/workshops/curricula/{self.curriculum.pk + 9999}/results/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_csv_and_excel_hold_each_question_per_workshop_and_per_country(self):
        self.client.force_login(self.trainer)
        response = self.client.get(f"/workshops/curricula/{self.curriculum.pk}/results.csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertIn(
            ["Q one", "Workshop B at Mukdahan", "2026-06-02", "Mukdahan, Thailand", "4", "25.0"], [r[:6] for r in rows]
        )
        # Thailand, Definition per participant: before 100, 50, 0, 0, 100 (mean 50); after 100, 100, 50, 100, 100.
        self.assertIn(["Thailand", "Definition", "40.0", "80.0", "0.800"], rows)
        self.assertIn(["Q four", "Document fraud", "14", "0.0", "14", "0.0", "", "2", "2", "0"], rows)
        response = self.client.get(f"/workshops/curricula/{self.curriculum.pk}/results.xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
        self.assertIn(["Thailand", "Definition", 40, 80, 0.8], values)

    def test_a_new_answer_renews_the_cached_summary(self):
        before = self.results().overall.n
        late = create_user(PARTICIPANT, country_code="TH")
        late.groups.add(self.workshop_b.cohort)
        for test in KnowledgeTest.objects.filter(workshop=self.workshop_b):
            answer_all(test, [late], [(1, 1, 1, 1)], self.questions)
        self.assertEqual(self.results().overall.n, before + 1)
        late.groups.remove(self.workshop_b.cohort)
        self.assertEqual(self.results().overall.n, before)
