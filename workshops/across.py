"""A curriculum's results across workshops: the same objectives and questions over time and across countries.

Each workshop's results are reduced to sums that pool by adding (stats.GainSums, stats.ItemSums, counts): its
`WorkshopSummary`, packed into one flat array of numbers per workshop (`Compact`, laid out by the curriculum's
objectives and questions, see `Layout`) and cached under the workshop's results token (models.ResultsVersion).
Pooling is adding arrays, in workshop order, so the pooled figures are the same numbers, added in the same order,
as adding the summaries' fields one by one.

The page reads one cached `Aggregate` (the pooled arrays) under a key made of every workshop's token. When one
workshop's token changes (a test handed in), the next request recomputes that workshop's array only: the arrays of
the others are kept together in one entry under the curriculum and the set of workshops (not their tokens), with the
tokens they were computed for, and the 80 arrays are added up again (a few milliseconds). A summary holds ids and
numbers only; names are read per request in the reader's language.

Countries: a participant counts under their country only where that country is shown on their own workshop's
results (results.split_countries: at least MIN_GROUP participants, and a pool of the others of at least MIN_GROUP
too); everyone else counts under "other or not broken down". Every pooled country figure is thus a sum of groups
that are each shown on a workshop's page, so no group smaller than MIN_GROUP can be read off by subtraction.
"""

import hashlib
import operator
from array import array
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.functional import cached_property

from library.models import Country
from workshops import aggregates
from workshops.models import ResultsVersion
from workshops.results import CapturedCell, WorkshopResults
from workshops.stats import GainSums, ItemSums

SUMMARY_FORMAT = 3
CACHE_SECONDS = 7 * 24 * 3600


@dataclass
class Captured:
    """How many of n participants answered all of an objective's items right."""

    n: int = 0
    full: int = 0

    def merge(self, other):
        self.n += other.n
        self.full += other.full

    @property
    def share(self):
        return 100 * self.full / self.n if self.n else None


@dataclass
class Share:
    """Right answers over answers expected."""

    right: int = 0
    total: int = 0

    def merge(self, other):
        self.right += other.right
        self.total += other.total

    @property
    def percent(self):
        return 100 * self.right / self.total if self.total else None


@dataclass
class ObjectivePart:
    pre: Share = field(default_factory=Share)
    post: Share = field(default_factory=Share)
    gain: GainSums = field(default_factory=GainSums)
    captured_pre: Captured = field(default_factory=Captured)
    captured_post: Captured = field(default_factory=Captured)

    def merge(self, other):
        for name in ("pre", "post", "gain", "captured_pre", "captured_post"):
            getattr(self, name).merge(getattr(other, name))


@dataclass
class QuestionPart:
    pre: ItemSums = field(default_factory=ItemSums)
    post: ItemSums = field(default_factory=ItemSums)

    def merge(self, other):
        self.pre.merge(other.pre)
        self.post.merge(other.post)


@dataclass
class Part:
    """One group's sums: a workshop's participants, or one country's within a workshop, or a pool of them."""

    gain: GainSums = field(default_factory=GainSums)
    objectives: dict = field(default_factory=lambda: defaultdict(ObjectivePart))
    questions: dict = field(default_factory=lambda: defaultdict(QuestionPart))

    def merge(self, other):
        self.gain.merge(other.gain)
        for key, value in other.objectives.items():
            self.objectives[key].merge(value)
        for key, value in other.questions.items():
            self.questions[key].merge(value)


@dataclass
class WorkshopSummary:
    workshop_id: int
    pre_count: int
    post_count: int
    whole: Part
    countries: dict  # country code, or "" for the others and workshops not broken down -> Part


def summarise(workshop, counts=None):
    """Return the WorkshopSummary of one workshop, from its counts (aggregates.load) or read now."""
    data = WorkshopResults(workshop, counts)
    pre, post = data.pre, data.post
    whole = Part()
    for user in data.matched:
        whole.gain.add(pre.percent(user), post.percent(user))
    for objective_id, (pre_ids, post_ids) in data.objective_items.items():
        _fill_objective(whole.objectives[objective_id], data, objective_id, pre_ids, post_ids,
                        list(pre.totals), list(post.totals), data.matched)  # fmt: skip
    for scores, phase in ((pre, "pre"), (post, "post")):
        for question_id in scores.items if scores.totals else ():
            setattr(whole.questions[question_id], phase, scores.item_sums(question_id))
    groups = data.country_groups or [("", list(data.matched))]
    pooled_codes = set(data.country_of.values()) - {code for code, _users in groups if code}
    countries = {}
    for code, users in groups:
        part = countries.setdefault(code or "", Part())
        for user in users:
            part.gain.add(pre.percent(user), post.percent(user))
        for objective_id, (pre_ids, post_ids) in data.objective_items.items():
            _fill_objective(part.objectives[objective_id], data, objective_id, pre_ids, post_ids, users, users, users)
        codes = {code} if code else pooled_codes
        for scores, phase in ((pre, "pre"), (post, "post")):
            for question_id in scores.items if users else ():
                setattr(part.questions[question_id], phase, scores.item_sums(question_id, users, codes))
    return WorkshopSummary(workshop.pk, data.pre_count, data.post_count, _plain(whole), {
        code: _plain(part) for code, part in countries.items()
    })  # fmt: skip


def _fill_objective(part, data, objective_id, pre_ids, post_ids, pre_users, post_users, matched):
    for scores, ids, users, share, captured in (
        (data.pre, pre_ids, pre_users, part.pre, part.captured_pre),
        (data.post, post_ids, post_users, part.post, part.captured_post),
    ):
        if not ids:
            continue
        for user in users:
            right = scores.objective_right(user, objective_id)
            share.right += right
            share.total += len(ids)
            captured.n += 1
            captured.full += right == len(ids)
    if pre_ids and post_ids:
        for user in matched:
            part.gain.add(
                data.pre.objective_percent(user, objective_id, len(pre_ids)),
                data.post.objective_percent(user, objective_id, len(post_ids)),
            )


def _plain(part):
    """Return the part with plain dicts (a defaultdict of a lambda does not pickle into the cache)."""
    plain = Part(gain=part.gain)
    plain.objectives = dict(part.objectives)
    plain.questions = dict(part.questions)
    return plain


GAIN_FIELDS = ("n", "pre", "post", "dd", "de", "ee")
ITEM_FIELDS = ("n", "right", "rest", "rest_right", "rest_squared")
GAIN_WIDTH = len(GAIN_FIELDS)
# present; pre right, pre expected; post right, post expected; the gain's sums; captured pre n, full; post n, full
OBJECTIVE_WIDTH = 1 + 4 + GAIN_WIDTH + 4
# present; the pre-test's item sums; the post-test's; then, in a workshop's whole only, the question counts
# (post-test handed in with the item, nobody right, improved on the pre-test)
QUESTION_WIDTH = 1 + 2 * len(ITEM_FIELDS) + 3


class Layout:
    """Where each objective's and question's sums sit in a summary's array: the curriculum's ids in page order."""

    def __init__(self, objective_ids, question_ids):
        self.objectives = tuple(objective_ids)
        self.questions = tuple(question_ids)
        self.width = GAIN_WIDTH + OBJECTIVE_WIDTH * len(self.objectives) + QUESTION_WIDTH * len(self.questions)
        text = ",".join(map(str, self.objectives)) + "/" + ",".join(map(str, self.questions))
        self.digest = hashlib.sha256(text.encode()).hexdigest()[:16]

    def objective_offset(self, objective_id):
        """Return where an objective's sums start in a part's array, None if the curriculum lacks it."""
        try:
            return GAIN_WIDTH + OBJECTIVE_WIDTH * self.objectives.index(objective_id)
        except ValueError:
            return None

    def question_offset(self, question_id):
        try:
            index = self.questions.index(question_id)
        except ValueError:
            return None
        return GAIN_WIDTH + OBJECTIVE_WIDTH * len(self.objectives) + QUESTION_WIDTH * index


@dataclass
class Compact:
    """One workshop's summary as numbers: its counts, the codes of its country parts, and one array holding the
    whole workshop's part and then each country's (layout.width numbers each)."""

    pre_count: int
    post_count: int
    codes: tuple
    values: array


def _gain_values(sums):
    return [getattr(sums, name) for name in GAIN_FIELDS]


def _item_values(sums):
    return [getattr(sums, name) for name in ITEM_FIELDS]


def _part_values(part, layout, whole=False):
    """Return a Part's sums as a list laid out by layout (with the question counts when it is a workshop's whole)."""
    values = _gain_values(part.gain)
    for objective_id in layout.objectives:
        item = part.objectives.get(objective_id)
        if item is None:
            values.extend([0] * OBJECTIVE_WIDTH)
            continue
        values += [1, item.pre.right, item.pre.total, item.post.right, item.post.total, *_gain_values(item.gain),
                   item.captured_pre.n, item.captured_pre.full, item.captured_post.n, item.captured_post.full]  # fmt: skip
    for question_id in layout.questions:
        item = part.questions.get(question_id)
        if item is None:
            values.extend([0] * QUESTION_WIDTH)
            continue
        values += [1, *_item_values(item.pre), *_item_values(item.post)]
        if whole and item.post.n:
            improved = bool(item.pre.n) and item.post.facility > item.pre.facility
            values += [1, item.post.right == 0, improved]
        else:
            values += [0, 0, 0]
    return values


def compact(summary, layout):
    """Return a WorkshopSummary packed as a Compact laid out by layout."""
    codes = tuple(summary.countries)
    values = _part_values(summary.whole, layout, whole=True)
    for code in codes:
        values += _part_values(summary.countries[code], layout)
    return Compact(summary.pre_count, summary.post_count, codes, array("d", values))


def _gain_at(values, at):
    return GainSums(int(values[at]), *values[at + 1 : at + GAIN_WIDTH])


def _items_at(values, at):
    return ItemSums(*(int(value) for value in values[at : at + len(ITEM_FIELDS)]))


def _objective_at(values, at):
    """Return the ObjectivePart whose sums start at `at`, or None where no workshop had the objective."""
    if not values[at]:
        return None
    v = values
    return ObjectivePart(
        pre=Share(int(v[at + 1]), int(v[at + 2])),
        post=Share(int(v[at + 3]), int(v[at + 4])),
        gain=_gain_at(v, at + 5),
        captured_pre=Captured(int(v[at + 5 + GAIN_WIDTH]), int(v[at + 6 + GAIN_WIDTH])),
        captured_post=Captured(int(v[at + 7 + GAIN_WIDTH]), int(v[at + 8 + GAIN_WIDTH])),
    )


def _question_at(values, at):
    if not values[at]:
        return None
    return QuestionPart(pre=_items_at(values, at + 1), post=_items_at(values, at + 1 + len(ITEM_FIELDS)))


def _part_at(values, layout, start=0):
    """Return the Part whose array starts at `start` (plain dicts of the objectives and questions present)."""
    part = Part(gain=_gain_at(values, start))
    part.objectives, part.questions = {}, {}
    at = start + GAIN_WIDTH
    for objective_id in layout.objectives:
        found = _objective_at(values, at)
        if found is not None:
            part.objectives[objective_id] = found
        at += OBJECTIVE_WIDTH
    for question_id in layout.questions:
        found = _question_at(values, at)
        if found is not None:
            part.questions[question_id] = found
        at += QUESTION_WIDTH
    return part


def compact_rows(workshops, tokens, layout):
    """Return {workshop id: Compact}, from the cache where the workshop's results token still matches.

    The missing ones are computed together: one aggregates.load for all of them.
    """
    keys = {w.pk: f"workshops:compact:{SUMMARY_FORMAT}:{w.pk}:{tokens[w.pk]}:{layout.digest}" for w in workshops}
    found = cache.get_many(list(keys.values())) if keys else {}
    missing = [w for w in workshops if keys[w.pk] not in found]
    counts = aggregates.load([w.pk for w in missing]) if missing else {}
    result, fresh = {}, {}
    for workshop in workshops:
        row = found.get(keys[workshop.pk])
        if row is None:
            row = fresh[keys[workshop.pk]] = compact(summarise(workshop, counts[workshop.pk]), layout)
        result[workshop.pk] = row
    if fresh:
        cache.set_many(fresh, CACHE_SECONDS)
    return result


def _add(total, values, start, width):
    """Return total + values[start:start + width], element by element (total None: a copy)."""
    piece = values[start : start + width]
    return list(piece) if total is None else list(map(operator.add, total, piece))


@dataclass
class WorkshopRow:
    workshop: object
    pre_count: int
    post_count: int
    sums: GainSums

    @cached_property
    def gain(self):
        return self.sums.gain()


@dataclass
class Aggregate:
    """What the curriculum's results page shows, pooled over the reader's workshops (ids and numbers only).

    Cached under the curriculum, the workshops and their results tokens (CurriculumResults.key): a new token (a test
    handed in or closed, a participant joining or leaving, an item changed) or another set of workshops makes a
    new key.
    """

    workshops: dict  # workshop id -> (pre-test handed in, post-test handed in, GainSums)
    whole: array  # the pooled whole, laid out by the Layout (with the question counts)
    countries: dict  # country code, or "" for the others and the workshops not broken down -> pooled array


@dataclass
class ObjectiveRow:
    objective: object
    part: ObjectivePart

    @property
    def pre(self):
        return self.part.pre.percent

    @property
    def post(self):
        return self.part.post.percent

    @cached_property
    def gain(self):
        return self.part.gain.gain()

    @property
    def captured_pre(self):
        return self.part.captured_pre.share

    @property
    def captured_post(self):
        return self.part.captured_post.share


@dataclass
class QuestionRow:
    question: object
    part: QuestionPart
    workshops: int  # workshops whose post-test had the item and someone handed it in
    nobody_right_in: int  # of those, where nobody got it right
    improved_in: int  # workshops with both tests where the post-test facility beat the pre-test's

    NO_GAIN_POINTS = 5

    @property
    def pre(self):
        return self.part.pre.facility

    @property
    def post(self):
        return self.part.post.facility

    @property
    def nobody_right(self):
        return self.part.post.n > 0 and self.part.post.right == 0

    @property
    def no_improvement(self):
        """Return whether the item does not improve: pooled, the post-test beats the pre-test by < NO_GAIN_POINTS."""
        if not (self.part.pre.n and self.part.post.n):
            return False
        return self.improved_in == 0 or self.post - self.pre < self.NO_GAIN_POINTS


@dataclass
class CountryRow:
    code: str
    label: str
    part: Part
    objectives: list  # ObjectiveRow per objective of the curriculum

    @cached_property
    def gain(self):
        return self.part.gain.gain()

    @property
    def captured(self):
        """Return one CapturedCell per objective ("definition captured", before and after), as a workshop's rows."""
        return [CapturedCell(row.objective, row.captured_pre, row.captured_post) for row in self.objectives]


class CurriculumResults:
    """A curriculum's results over the given workshops (those the reader may read), oldest workshop first.

    Read from the cached Aggregate; when a results token changed, only the workshops whose token changed are
    summarised again (see the module's docstring).
    """

    def __init__(self, curriculum, workshops):
        self.curriculum = curriculum
        self.workshops = sorted(workshops, key=lambda w: (w.start_date, w.pk))
        self.tokens = ResultsVersion.tokens([w.pk for w in self.workshops])
        self.objective_list = list(curriculum.objectives.order_by("sort_order", "pk"))
        self.question_list = list(curriculum.questions.select_related("objective").order_by("sort_order", "pk"))
        self.layout = Layout([o.pk for o in self.objective_list], [q.pk for q in self.question_list])
        by_pk = sorted(self.workshops, key=lambda w: w.pk)
        versions = "|".join(f"{w.pk}:{self.tokens[w.pk]}" for w in by_pk)
        digest = hashlib.sha256(f"{versions}/{self.layout.digest}".encode()).hexdigest()[:32]
        self.key = f"workshops:curriculum:{SUMMARY_FORMAT}:{curriculum.pk}:{digest}"
        members = hashlib.sha256(",".join(str(w.pk) for w in by_pk).encode()).hexdigest()[:32]
        self.rows_key = f"workshops:curriculum-rows:{SUMMARY_FORMAT}:{curriculum.pk}:{members}"
        self.aggregate = cache.get(self.key) or self._build()
        self.whole = _part_at(self.aggregate.whole, self.layout)

    def _stored_rows(self):
        """Return {workshop id: Compact} kept for this set of workshops, and the tokens they were computed for."""
        stored = cache.get(self.rows_key)
        if not stored or stored["layout"] != self.layout.digest:
            return {}, {}
        return stored["rows"], stored["tokens"]

    @cached_property
    def rows(self):
        """Return {workshop id: Compact} of every workshop, summarising only those whose token changed."""
        rows, tokens = self._stored_rows()
        stale = [w for w in self.workshops if w.pk not in rows or tokens.get(w.pk) != self.tokens[w.pk]]
        if not stale:
            return rows
        rows = {**rows, **compact_rows(stale, self.tokens, self.layout)}
        rows = {w.pk: rows[w.pk] for w in self.workshops}
        cache.set(self.rows_key, {"layout": self.layout.digest, "tokens": self.tokens, "rows": rows}, CACHE_SECONDS)
        return rows

    def _build(self):
        """Pool the workshops' arrays into the Aggregate, in workshop order, and cache it."""
        rows, width = self.rows, self.layout.width
        whole, countries = None, {}
        for workshop in self.workshops:
            row = rows[workshop.pk]
            whole = _add(whole, row.values, 0, width)
            for index, code in enumerate(row.codes, start=1):
                countries[code] = _add(countries.get(code), row.values, index * width, width)
        aggregate = Aggregate(
            workshops={
                w.pk: (rows[w.pk].pre_count, rows[w.pk].post_count, _gain_at(rows[w.pk].values, 0))
                for w in self.workshops
            },
            whole=array("d", whole or [0] * width),
            countries={code: array("d", values) for code, values in countries.items()},
        )
        cache.set(self.key, aggregate, CACHE_SECONDS)
        return aggregate

    @property
    def workshop_rows(self):
        return [WorkshopRow(w, *self.aggregate.workshops[w.pk]) for w in self.workshops]

    @property
    def participants(self):
        return self.whole.gain.n

    @property
    def overall(self):
        return self.whole.gain.gain()

    @property
    def objectives(self):
        return [
            ObjectiveRow(o, self.whole.objectives[o.pk]) for o in self.objective_list if o.pk in self.whole.objectives
        ]

    @property
    def questions(self):
        rows = []
        for question in self.question_list:
            if question.pk in self.whole.questions:
                at = self.layout.question_offset(question.pk) + 1 + 2 * len(ITEM_FIELDS)
                counts = (int(value) for value in self.aggregate.whole[at : at + 3])
                rows.append(QuestionRow(question, self.whole.questions[question.pk], *counts))
        return rows

    @cached_property
    def countries(self):
        """Return one row per country shown on at least one workshop's page, then the others; None if none."""
        parts = {code: _part_at(values, self.layout) for code, values in self.aggregate.countries.items()}
        codes = [code for code in parts if code]
        if not codes:
            return None
        labels = {c.code: c.label for c in Country.objects.filter(code__in=codes)}
        rows = [self._country_row(code, labels[code], parts[code]) for code in sorted(codes, key=lambda c: labels[c])]
        if "" in parts:
            rows.append(self._country_row("", "", parts[""]))
        return rows

    def _country_row(self, code, label, pool):
        objectives = [ObjectiveRow(o, pool.objectives[o.pk]) for o in self.objective_list if o.pk in pool.objectives]
        return CountryRow(code, label, pool, objectives)

    def series(self, kind, item_id):
        """Return [(workshop, ObjectivePart or QuestionPart or None)] over time for one objective or question."""
        if kind == "objectives":
            at, read = self.layout.objective_offset(item_id), _objective_at
        else:
            at, read = self.layout.question_offset(item_id), _question_at
        rows = self.rows
        return [(w, None if at is None else read(rows[w.pk].values, at)) for w in self.workshops]

    def by_country(self, kind, item_id):
        """Return [(country row, part)] for one objective or question, None when no country is shown."""
        rows = self.countries
        if rows is None:
            return None
        return [(row, getattr(row.part, kind).get(item_id)) for row in rows]
