"""The counts behind every results figure, aggregated in the database for many workshops at once.

Three queries, whatever the number of workshops, participants and answers: the tests, their items (question and
learning objective, in test order), and one statement (_counts_sql) that groups the right answers of the handed-in
attempts of participants (members of the workshop's cohort) three ways:

- per attempt: its participant, their country, whether they handed in both tests ("matched") and their score;
- per attempt and learning objective (GROUP BY attempt, objective): the objective's items answered right;
- per test, question, country and matched-or-not (GROUP BY test, question, country, matched): the right answers
  and the sum of the scores of those who answered right, from which the item statistics follow (stats.ItemSums).

An unanswered item of a handed-in test counts wrong, as on paper. Python then only adds numbers per participant
(for the gain's confidence interval, which needs each participant's pair of scores) and per group.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection

from accounts.models import Member
from library.models import Country
from workshops.choices import Phase
from workshops.models import Answer, Attempt, KnowledgeTest, Question, TestItem, WorkshopPage
from workshops.stats import ItemSums


@dataclass
class TestCounts:
    """One test of one workshop: its items and what each participant who handed it in got right."""

    items: list = field(default_factory=list)  # question ids in test order
    objective_of: dict = field(default_factory=dict)  # question id -> objective id
    totals: dict = field(default_factory=dict)  # user id -> items right
    by_objective: dict = field(default_factory=dict)  # user id -> {objective id: items right}
    # question id -> {(country code or None, matched): [right answers, sum of the score of those who got it right]}
    questions: dict = field(default_factory=lambda: defaultdict(dict))

    def objective_items(self, objective_id):
        return [pk for pk in self.items if self.objective_of[pk] == objective_id]

    def percent(self, user_id):
        """Return a participant's score in percent over all the test's items (None for a test without items)."""
        if not self.items:
            return None
        return 100 * self.totals[user_id] / len(self.items)

    def objective_right(self, user_id, objective_id):
        return self.by_objective[user_id].get(objective_id, 0)

    def objective_percent(self, user_id, objective_id, count):
        """Return a participant's score in percent over the objective's count items."""
        return 100 * self.objective_right(user_id, objective_id) / count if count else None

    def item_sums(self, question_id, users=None, codes=None):
        """Return the stats.ItemSums of one item: over everyone who handed the test in, or over the given
        matched participants (users) whose countries are the given codes."""
        sums = ItemSums()
        if question_id not in self.objective_of:
            return sums
        if users is None:
            people = list(self.totals)
            cells = self.questions.get(question_id, {}).values()
        else:
            people = users
            cells = [cell for (code, matched), cell in self.questions.get(question_id, {}).items()
                     if matched and code in codes]  # fmt: skip
        right = sum(cell[0] for cell in cells)
        right_totals = sum(cell[1] for cell in cells)
        totals = [self.totals[user] for user in people]
        sums.n = len(people)
        sums.right = right
        sums.rest = sum(totals) - right
        sums.rest_right = right_totals - right
        sums.rest_squared = sum(t * t for t in totals) - 2 * right_totals + right
        return sums


@dataclass
class WorkshopCounts:
    """One workshop's pre-test and post-test counts, and the country of each participant who took both."""

    workshop_id: int
    pre: TestCounts = field(default_factory=TestCounts)
    post: TestCounts = field(default_factory=TestCounts)
    countries: dict = field(default_factory=dict)  # user id -> country code or None

    @property
    def matched(self):
        """Return the ids of the participants who handed in both tests, in order."""
        return sorted(set(self.pre.totals) & set(self.post.totals))


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _counts_sql(placeholders):
    """Return the one statement that reads every count (see the module's docstring), as rows of seven columns.

    Kind 0, per attempt: attempt, test, participant, country, matched, items right.
    Kind 1, per attempt and objective: attempt, objective, items right.
    Kind 2, per test, question, country and matched: test, question, right answers, country, matched, and the sum
    of the score of those who answered right.
    """
    groups = get_user_model().groups.through
    q = connection.ops.quote_name
    at_user, at_test, finished = _column(Attempt, "user"), _column(Attempt, "test"), _column(Attempt, "finished_at")
    t_workshop, t_phase = _column(KnowledgeTest, "workshop"), _column(KnowledgeTest, "phase")
    ti_test, ti_question = _column(TestItem, "test"), _column(TestItem, "question")
    an_attempt, an_question, an_correct = (
        _column(Answer, "attempt"),
        _column(Answer, "question"),
        _column(Answer, "correct"),
    )
    return f"""
    WITH attempts AS MATERIALIZED (
        SELECT at.{q("id")} AS attempt_id, at.{at_test} AS test_id, at.{at_user} AS user_id,
               c.{_column(Country, "code")} AS country,
               CASE WHEN EXISTS (
                   SELECT 1 FROM {_table(Attempt)} a2 JOIN {_table(KnowledgeTest)} t2 ON t2.{q("id")} = a2.{at_test}
                   WHERE a2.{at_user} = at.{at_user} AND t2.{t_workshop} = t.{t_workshop}
                     AND t2.{t_phase} <> t.{t_phase} AND a2.{finished} IS NOT NULL
               ) THEN 1 ELSE 0 END AS matched,
               (SELECT COUNT(*) FROM {_table(Answer)} an
                JOIN {_table(TestItem)} ti ON ti.{ti_test} = at.{at_test} AND ti.{ti_question} = an.{an_question}
                WHERE an.{an_attempt} = at.{q("id")} AND an.{an_correct} = %s) AS total
        FROM {_table(Attempt)} at
        JOIN {_table(KnowledgeTest)} t ON t.{q("id")} = at.{at_test}
        JOIN {_table(WorkshopPage)} w ON w.{q(WorkshopPage._meta.pk.column)} = t.{t_workshop}
        JOIN {_table(groups)} ug ON ug.{_column(groups, "user")} = at.{at_user}
                               AND ug.{_column(groups, "group")} = w.{_column(WorkshopPage, "cohort")}
        LEFT JOIN {_table(Member)} m ON m.{_column(Member, "user")} = at.{at_user}
        LEFT JOIN {_table(Country)} c ON c.{q("id")} = m.{_column(Member, "country")}
        WHERE t.{t_workshop} IN ({placeholders}) AND at.{finished} IS NOT NULL
    ),
    right_answers AS MATERIALIZED (
        SELECT an.{an_attempt} AS attempt_id, an.{an_question} AS question_id, attempts.test_id, attempts.country,
               attempts.matched, attempts.total
        FROM attempts
        JOIN {_table(Answer)} an ON an.{an_attempt} = attempts.attempt_id
        JOIN {_table(TestItem)} ti ON ti.{ti_test} = attempts.test_id AND ti.{ti_question} = an.{an_question}
        WHERE an.{an_correct} = %s
    )
    SELECT 0, attempt_id, test_id, user_id, country, matched, total FROM attempts
    UNION ALL
    SELECT 1, ra.attempt_id, qu.{_column(Question, "objective")}, COUNT(*), NULL, NULL, NULL
    FROM right_answers ra JOIN {_table(Question)} qu ON qu.{q("id")} = ra.question_id
    GROUP BY ra.attempt_id, qu.{_column(Question, "objective")}
    UNION ALL
    SELECT 2, ra.test_id, ra.question_id, COUNT(*), ra.country, ra.matched, CAST(SUM(ra.total) AS INTEGER)
    FROM right_answers ra GROUP BY ra.test_id, ra.question_id, ra.country, ra.matched
    """  # noqa: S608 - names from model metadata, values as parameters


def load(workshop_ids):
    """Return {workshop id: WorkshopCounts} for these workshops, in three queries."""
    workshop_ids = sorted(set(workshop_ids))
    result = {pk: WorkshopCounts(pk) for pk in workshop_ids}
    if not workshop_ids:
        return result
    tests, test_workshop = {}, {}
    for test_id, workshop_id, phase in KnowledgeTest.objects.filter(workshop_id__in=workshop_ids).values_list(
        "pk", "workshop_id", "phase"
    ):
        tests[test_id] = getattr(result[workshop_id], "pre" if phase == Phase.PRE else "post")
        test_workshop[test_id] = workshop_id
    items = TestItem.objects.filter(test_id__in=list(tests)).order_by("test_id", "position", "question_id")
    for test_id, question_id, objective_id in items.values_list("test_id", "question_id", "question__objective_id"):
        tests[test_id].items.append(question_id)
        tests[test_id].objective_of[question_id] = objective_id
    if not tests:
        return result
    placeholders = ", ".join(["%s"] * len(workshop_ids))
    with connection.cursor() as cursor:
        cursor.execute(_counts_sql(placeholders), [True, *workshop_ids, True])
        rows = cursor.fetchall()
    attempts = {}
    for kind, a, b, c, country, matched, total in rows:
        if kind == 0:  # attempt a of test b by participant c
            counts = tests[b]
            counts.totals[c] = total
            counts.by_objective[c] = {}
            attempts[a] = counts.by_objective[c]
            if matched:
                result[test_workshop[b]].countries[c] = country
    for kind, a, b, c, country, matched, total in rows:
        if kind == 1:  # attempt a got c items of objective b right
            attempts[a][b] = c
        elif kind == 2:  # c right answers to question b of test a in this country, matched or not
            tests[a].questions[b][(country, bool(matched))] = [c, total]
    return result
