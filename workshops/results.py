"""A workshop's results for its trainers: pre vs post per objective, per question and per country (see stats.py).

Only participants (members of the workshop's cohort) who handed a test in count; a test closes by handing in
every attempt, so answers saved before the close count too. Countries are the participants' own (their profile).
A country is shown on its own only with at least MIN_GROUP participants, and the others are pooled only if they
are MIN_GROUP or more too, so that no group smaller than that can be read off the page, even by subtraction.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from library.models import Country
from workshops import stats
from workshops.choices import Phase
from workshops.models import Answer, Attempt, KnowledgeTest

MIN_GROUP = 5


@dataclass
class TestScores:
    """One test's items and the 0/1 score of each participant who handed it in."""

    items: list
    scores: dict = field(default_factory=dict)  # user id -> {question id: 0 or 1}

    def total(self, user_id):
        return sum(self.scores[user_id].values())

    def percent(self, user_id, question_ids=None):
        """Return a participant's score in percent, over all items or over the given ones."""
        ids = [q.pk for q in self.items] if question_ids is None else question_ids
        if not ids:
            return None
        return 100 * sum(self.scores[user_id].get(pk, 0) for pk in ids) / len(ids)


def load_scores(test, participant_ids):
    """Return the TestScores of a test over the participants who handed it in."""
    if test is None:
        return TestScores(items=[])
    items = test.items()
    attempts = dict(
        Attempt.objects.filter(test=test, user_id__in=participant_ids, finished_at__isnull=False).values_list(
            "pk", "user_id"
        )
    )
    scores = {user_id: {q.pk: 0 for q in items} for user_id in attempts.values()}
    item_ids = {q.pk for q in items}
    for attempt_id, question_id, correct in Answer.objects.filter(attempt_id__in=list(attempts)).values_list(
        "attempt_id", "question_id", "correct"
    ):
        if question_id in item_ids:
            scores[attempts[attempt_id]][question_id] = 1 if correct else 0
    return TestScores(items=items, scores=scores)


@dataclass
class QuestionRow:
    question: object
    pre_n: int
    post_n: int
    pre: float | None
    post: float | None
    pre_discrimination: float | None
    post_discrimination: float | None

    @property
    def nobody_right(self):
        return self.post_n > 0 and self.post == 0


@dataclass
class ObjectiveRow:
    objective: object
    pre: float | None
    post: float | None
    gain: stats.Gain
    captured_pre: float | None
    captured_post: float | None


@dataclass
class CapturedCell:
    objective: object
    pre: float | None
    post: float | None


@dataclass
class CountryRow:
    label: str
    gain: stats.Gain
    captured: list = field(default_factory=list)


def split_countries(country_of):
    """Return the groups a country breakdown may show, or None when it may show none.

    country_of maps each participant to their country code (None when unknown). A country is shown on its own with
    at least MIN_GROUP participants; the others are pooled as (None, ids), and only when that pool has MIN_GROUP or
    more too, so that no group smaller than that can be read off the page, even by subtraction from the total
    (the smallest shown countries join the pool until it is large enough).
    """
    groups = defaultdict(list)
    for user_id, code in country_of.items():
        groups[code].append(user_id)
    shown = {code: users for code, users in groups.items() if code and len(users) >= MIN_GROUP}
    rest = [u for code, users in groups.items() if code not in shown for u in users]
    while shown and 0 < len(rest) < MIN_GROUP:
        smallest = min(shown, key=lambda code: (len(shown[code]), code))
        rest.extend(shown.pop(smallest))
    if not shown:
        return None
    ordered = [(code, sorted(users)) for code, users in sorted(shown.items())]
    if rest:
        ordered.append((None, sorted(rest)))
    return ordered


def _captured_share(scores, ids, users):
    """Return the share (percent) of these participants who answered every one of the items right."""
    if not ids or not users:
        return None
    full = sum(1 for u in users if all(scores.scores.get(u, {}).get(pk, 0) for pk in ids))
    return 100 * full / len(users)


class WorkshopResults:
    """Everything the results page and its exports show, computed once per request."""

    def __init__(self, workshop):
        self.workshop = workshop
        tests = {test.phase: test for test in KnowledgeTest.objects.filter(workshop=workshop)}
        participants = workshop.participant_ids
        self.pre = load_scores(tests.get(Phase.PRE), participants)
        self.post = load_scores(tests.get(Phase.POST), participants)
        self.matched = sorted(set(self.pre.scores) & set(self.post.scores))

    @cached_property
    def overall(self):
        return stats.normalised_gain((self.pre.percent(u), self.post.percent(u)) for u in self.matched)

    @property
    def pre_count(self):
        return len(self.pre.scores)

    @property
    def post_count(self):
        return len(self.post.scores)

    @staticmethod
    def _item_stats(scores, question):
        users = sorted(scores.scores)
        if question.pk not in {q.pk for q in scores.items} or not users:
            return 0, None, None
        item = [scores.scores[u][question.pk] for u in users]
        totals = [scores.total(u) for u in users]
        return len(users), stats.facility(item), stats.discrimination(item, totals)

    @cached_property
    def questions(self):
        """Return one row per item of either test, pre-test order first."""
        seen, ordered = set(), []
        for question in [*self.pre.items, *self.post.items]:
            if question.pk not in seen:
                seen.add(question.pk)
                ordered.append(question)
        rows = []
        for question in ordered:
            pre_n, pre, pre_d = self._item_stats(self.pre, question)
            post_n, post, post_d = self._item_stats(self.post, question)
            rows.append(QuestionRow(question, pre_n, post_n, pre, post, pre_d, post_d))
        return rows

    @cached_property
    def objectives(self):
        """Return one row per learning objective of the tests' items."""
        by_objective = defaultdict(lambda: ([], []))
        objectives = {}
        for index, scores in enumerate((self.pre, self.post)):
            for question in scores.items:
                objectives[question.objective_id] = question.objective
                by_objective[question.objective_id][index].append(question.pk)
        rows = []
        self.objective_items = {}
        for objective_id, objective in sorted(objectives.items(), key=lambda pair: (pair[1].sort_order, pair[0])):
            pre_ids, post_ids = by_objective[objective_id]
            self.objective_items[objective_id] = (pre_ids, post_ids)
            pre = self._pooled(self.pre, pre_ids)
            post = self._pooled(self.post, post_ids)
            pairs = [
                (self.pre.percent(u, pre_ids), self.post.percent(u, post_ids))
                for u in self.matched
                if pre_ids and post_ids
            ]
            rows.append(
                ObjectiveRow(
                    objective,
                    pre,
                    post,
                    stats.normalised_gain(pairs),
                    self._captured(self.pre, pre_ids),
                    self._captured(self.post, post_ids),
                )
            )
        return rows

    @staticmethod
    def _pooled(scores, ids):
        right = sum(scores.scores[u].get(pk, 0) for u in scores.scores for pk in ids)
        return stats.percent(right, len(scores.scores) * len(ids))

    @staticmethod
    def _captured(scores, ids):
        """Return the share of participants (percent) who answered every item of the objective right."""
        if not ids or not scores.scores:
            return None
        full = sum(1 for u in scores.scores if all(scores.scores[u].get(pk, 0) for pk in ids))
        return 100 * full / len(scores.scores)

    @cached_property
    def country_of(self):
        """Return {participant who took both tests: their country code or None}."""
        countries = dict(
            self.workshop.cohort.user_set.filter(pk__in=self.matched).values_list("pk", "member__country__code")
        )
        return {user_id: countries.get(user_id) for user_id in self.matched}

    @cached_property
    def country_groups(self):
        """Return [(country code or None for the others together, participant ids)], or None: see split_countries."""
        return split_countries(self.country_of)

    @cached_property
    def countries(self):
        """Return the gain and "definition captured" per participants' country, None when too few to break down."""
        groups = self.country_groups
        if groups is None:
            return None
        names = {country.code: country.label for country in Country.objects.filter(code__in=[c for c, _u in groups])}
        shown = sorted((names[code], users) for code, users in groups if code)
        rest = [(str(_("Other countries together")), users) for code, users in groups if not code]
        return [CountryRow(label, self._gain_of(users), self._captured_of(users)) for label, users in [*shown, *rest]]

    def _captured_of(self, users):
        """Return one CapturedCell per objective: the share of these participants with all its items right."""
        cells = []
        for row in self.objectives:
            pre_ids, post_ids = self.objective_items[row.objective.pk]
            cells.append(
                CapturedCell(
                    row.objective,
                    _captured_share(self.pre, pre_ids, users),
                    _captured_share(self.post, post_ids, users),
                )
            )
        return cells

    def _gain_of(self, users):
        return stats.normalised_gain((self.pre.percent(u), self.post.percent(u)) for u in users)
