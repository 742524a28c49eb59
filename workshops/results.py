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
from workshops import aggregates, stats
from workshops.models import Question

MIN_GROUP = 5


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


def _captured_share(scores, objective_id, count, users):
    """Return the share (percent) of these participants who answered every one of the objective's count items right."""
    if not count or not users:
        return None
    full = sum(1 for u in users if scores.objective_right(u, objective_id) == count)
    return 100 * full / len(users)


class WorkshopResults:
    """Everything the results page and its exports show, from the counts the database aggregated (aggregates.py)."""

    def __init__(self, workshop, counts=None):
        self.workshop = workshop
        self.counts = counts if counts is not None else aggregates.load([workshop.pk])[workshop.pk]
        self.pre = self.counts.pre
        self.post = self.counts.post
        self.matched = self.counts.matched

    @cached_property
    def overall(self):
        return stats.normalised_gain((self.pre.percent(u), self.post.percent(u)) for u in self.matched)

    @property
    def pre_count(self):
        return len(self.pre.totals)

    @property
    def post_count(self):
        return len(self.post.totals)

    @cached_property
    def _questions(self):
        """Return {question id: question with its objective} of both tests' items."""
        ids = {*self.pre.items, *self.post.items}
        return Question.objects.select_related("objective").in_bulk(ids) if ids else {}

    @staticmethod
    def _item_stats(scores, question_id):
        if question_id not in scores.objective_of or not scores.totals:
            return 0, None, None
        sums = scores.item_sums(question_id)
        return sums.n, 100 * (sums.right / sums.n), sums.discrimination

    @cached_property
    def questions(self):
        """Return one row per item of either test, pre-test order first."""
        rows = []
        for question_id in dict.fromkeys([*self.pre.items, *self.post.items]):
            pre_n, pre, pre_d = self._item_stats(self.pre, question_id)
            post_n, post, post_d = self._item_stats(self.post, question_id)
            rows.append(QuestionRow(self._questions[question_id], pre_n, post_n, pre, post, pre_d, post_d))
        return rows

    @cached_property
    def objective_items(self):
        """Return {objective id: (pre-test item ids, post-test item ids)}."""
        items = defaultdict(lambda: ([], []))
        for index, scores in enumerate((self.pre, self.post)):
            for question_id in scores.items:
                items[scores.objective_of[question_id]][index].append(question_id)
        return dict(items)

    @cached_property
    def objectives(self):
        """Return one row per learning objective of the tests' items."""
        objectives = {q.objective_id: q.objective for q in self._questions.values()}
        rows = []
        for objective_id, objective in sorted(objectives.items(), key=lambda pair: (pair[1].sort_order, pair[0])):
            pre_ids, post_ids = self.objective_items[objective_id]
            pairs = [
                (
                    self.pre.objective_percent(u, objective_id, len(pre_ids)),
                    self.post.objective_percent(u, objective_id, len(post_ids)),
                )
                for u in self.matched
                if pre_ids and post_ids
            ]
            rows.append(
                ObjectiveRow(
                    objective,
                    self._pooled(self.pre, objective_id, len(pre_ids)),
                    self._pooled(self.post, objective_id, len(post_ids)),
                    stats.normalised_gain(pairs),
                    _captured_share(self.pre, objective_id, len(pre_ids), list(self.pre.totals)),
                    _captured_share(self.post, objective_id, len(post_ids), list(self.post.totals)),
                )
            )
        return rows

    @staticmethod
    def _pooled(scores, objective_id, count):
        right = sum(scores.objective_right(u, objective_id) for u in scores.totals) if count else 0
        return stats.percent(right, len(scores.totals) * count)

    @cached_property
    def country_of(self):
        """Return {participant who took both tests: their country code or None}."""
        return {user_id: self.counts.countries.get(user_id) for user_id in self.matched}

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
                    _captured_share(self.pre, row.objective.pk, len(pre_ids), users),
                    _captured_share(self.post, row.objective.pk, len(post_ids), users),
                )
            )
        return cells

    def _gain_of(self, users):
        return stats.normalised_gain((self.pre.percent(u), self.post.percent(u)) for u in users)
