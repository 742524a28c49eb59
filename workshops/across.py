"""A curriculum's results across workshops: the same objectives and questions over time and across countries.

Each workshop's results are reduced to sums that pool by adding (stats.GainSums, stats.ItemSums, counts) — its
`WorkshopSummary` — cached under the workshop's results token (models.ResultsVersion), so the page reads 80
workshops' summaries from the cache and adds them up. A summary holds ids and numbers only; names are read per
request in the reader's language.

Countries: a participant counts under their country only where that country is shown on their own workshop's
results (results.split_countries: at least MIN_GROUP participants, and a pool of the others of at least MIN_GROUP
too); everyone else counts under "other or not broken down". Every pooled country figure is thus a sum of groups
that are each shown on a workshop's page, so no group smaller than MIN_GROUP can be read off by subtraction.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.functional import cached_property

from library.models import Country
from workshops import aggregates
from workshops.models import ResultsVersion
from workshops.results import CapturedCell, WorkshopResults
from workshops.stats import GainSums, ItemSums

SUMMARY_FORMAT = 2
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


def summaries(workshops, tokens=None):
    """Return {workshop id: WorkshopSummary}, from the cache where the workshop's results token still matches.

    The missing ones are computed together: one aggregates.load for all of them.
    """
    tokens = tokens if tokens is not None else ResultsVersion.tokens([w.pk for w in workshops])
    keys = {w.pk: f"workshops:summary:{SUMMARY_FORMAT}:{w.pk}:{tokens[w.pk]}" for w in workshops}
    found = cache.get_many(list(keys.values()))
    missing = [w for w in workshops if keys[w.pk] not in found]
    counts = aggregates.load([w.pk for w in missing]) if missing else {}
    result, fresh = {}, {}
    for workshop in workshops:
        summary = found.get(keys[workshop.pk])
        if summary is None:
            summary = fresh[keys[workshop.pk]] = summarise(workshop, counts[workshop.pk])
        result[workshop.pk] = summary
    if fresh:
        cache.set_many(fresh, CACHE_SECONDS)
    return result


def _pooled(parts):
    pool = Part()
    pool.objectives, pool.questions = defaultdict(ObjectivePart), defaultdict(QuestionPart)
    for part in parts:
        pool.merge(part)
    return pool


@dataclass
class WorkshopRow:
    workshop: object
    pre_count: int
    post_count: int
    sums: GainSums

    @property
    def gain(self):
        return self.sums.gain()


@dataclass
class Aggregate:
    """What the curriculum's results page shows, pooled over the reader's workshops (ids and numbers only).

    Cached under the curriculum, the workshops and their results tokens (CurriculumResults.key): a new token (a test
    handed in or closed, a participant joining or leaving, an item changed) or another set of workshops makes a
    new key. Each objective's and question's series over the workshops is cached beside it, one entry per item.
    """

    workshops: dict  # workshop id -> (pre-test handed in, post-test handed in, GainSums)
    whole: Part
    countries: dict  # country code, or "" for the others and the workshops not broken down -> Part
    question_counts: dict  # question id -> (workshops with the item, nobody right in, improved in)


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

    @property
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

    @property
    def gain(self):
        return self.part.gain.gain()

    @property
    def captured(self):
        """Return one CapturedCell per objective ("definition captured", before and after), as a workshop's rows."""
        return [CapturedCell(row.objective, row.captured_pre, row.captured_post) for row in self.objectives]


class CurriculumResults:
    """A curriculum's results over the given workshops (those the reader may read), oldest workshop first.

    Read from the cached Aggregate; computed from the workshops' summaries (themselves cached per workshop) only when
    a results token changed.
    """

    def __init__(self, curriculum, workshops):
        self.curriculum = curriculum
        self.workshops = sorted(workshops, key=lambda w: (w.start_date, w.pk))
        self.tokens = ResultsVersion.tokens([w.pk for w in self.workshops])
        versions = "|".join(f"{w.pk}:{self.tokens[w.pk]}" for w in sorted(self.workshops, key=lambda w: w.pk))
        digest = hashlib.sha256(versions.encode()).hexdigest()[:32]
        self.key = f"workshops:curriculum:{SUMMARY_FORMAT}:{curriculum.pk}:{digest}"
        self.aggregate = cache.get(self.key) or self._build()
        self.objective_list = list(curriculum.objectives.order_by("sort_order", "pk"))
        self.question_list = list(curriculum.questions.select_related("objective").order_by("sort_order", "pk"))
        self.whole = self.aggregate.whole

    @cached_property
    def summaries(self):
        return summaries(self.workshops, self.tokens)

    def _build(self):
        """Pool the workshops' summaries into the Aggregate and each item's series, and cache them."""
        found = self.summaries
        whole = _plain(_pooled(found[w.pk].whole for w in self.workshops))
        by_code = defaultdict(list)
        for workshop in self.workshops:
            for code, part in found[workshop.pk].countries.items():
                by_code[code].append(part)
        counts = {}
        for question_id in whole.questions:
            workshops = nobody = improved = 0
            for workshop in self.workshops:
                part = found[workshop.pk].whole.questions.get(question_id)
                if part is None or not part.post.n:
                    continue
                workshops += 1
                nobody += part.post.right == 0
                improved += bool(part.pre.n) and part.post.facility > part.pre.facility
            counts[question_id] = (workshops, nobody, improved)
        aggregate = Aggregate(
            workshops={
                w.pk: (found[w.pk].pre_count, found[w.pk].post_count, found[w.pk].whole.gain) for w in self.workshops
            },
            whole=whole,
            countries={code: _plain(_pooled(parts)) for code, parts in by_code.items()},
            question_counts=counts,
        )
        entries = {self.key: aggregate}
        for kind in ("objectives", "questions"):
            for item_id in getattr(whole, kind):
                entries[self._series_key(kind, item_id)] = self._series_from_summaries(kind, item_id)
        cache.set_many(entries, CACHE_SECONDS)
        return aggregate

    def _series_key(self, kind, item_id):
        return f"{self.key}:{kind}:{item_id}"

    def _series_from_summaries(self, kind, item_id):
        return [getattr(self.summaries[w.pk].whole, kind).get(item_id) for w in self.workshops]

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
        return [
            QuestionRow(question, self.whole.questions[question.pk], *self.aggregate.question_counts[question.pk])
            for question in self.question_list
            if question.pk in self.whole.questions
        ]

    @cached_property
    def countries(self):
        """Return one row per country shown on at least one workshop's page, then the others; None if none."""
        parts = self.aggregate.countries
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
        parts = cache.get(self._series_key(kind, item_id))
        if parts is None or len(parts) != len(self.workshops):
            parts = self._series_from_summaries(kind, item_id)
        return list(zip(self.workshops, parts, strict=True))

    def by_country(self, kind, item_id):
        """Return [(country row, part)] for one objective or question, None when no country is shown."""
        rows = self.countries
        if rows is None:
            return None
        return [(row, getattr(row.part, kind).get(item_id)) for row in rows]
