"""Feedback and follow-up reported beside the test results: rating distributions, response rates, the share who used
what they learned, the methods they applied, cooperation across the border, and per country (small groups rule of
workshops.results: a country is shown on its own only with MIN_GROUP respondents, and the rest are pooled only if
they are that many too). Names and free text are for the workshop's trainers only (``with_people``).
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from library.models import Country, LibraryPage
from workshops.library_pages import in_reader_language
from workshops.models import FeedbackResponse, FollowUp
from workshops.models.feedback import RATING_ITEMS, Rating, Used
from workshops.results import MIN_GROUP, split_countries


def percent(part, whole):
    return None if not whole else 100 * part / whole


@dataclass
class RatingRow:
    name: str
    statement: str
    counts: list  # [(rating, count, percent)] for 1..5
    n: int
    average: float | None


@dataclass
class MethodRow:
    page: object
    label: str
    url: str | None
    count: int
    share: float | None


@dataclass
class CountryFollowUp:
    label: str
    n: int
    used: float | None
    cooperated: float | None
    rating: float | None


@dataclass
class PersonRow:
    name: str
    country: str
    used: str
    methods: list
    other_method: str
    cooperated: str
    example: str


def country_groups(user_countries, labels):
    """Return [(label, user ids)] by country under the small groups rule (results.split_countries), or None."""
    groups = split_countries(user_countries)
    if groups is None:
        return None
    shown = sorted((group for group in groups if group[0] is not None), key=lambda g: labels.get(g[0], g[0]))
    rows = [(labels.get(code, code), users) for code, users in shown]
    if groups[-1][0] is None:
        rows.append((_("Other countries together"), groups[-1][1]))
    return rows


class FeedbackReport:
    """What the results page and its exports show of feedback and follow-up, for one reader."""

    def __init__(self, workshop, viewer, with_people=False):
        self.workshop = workshop
        self.viewer = viewer
        self.with_people = with_people
        self.participants = workshop.participant_ids
        self.responses = list(FeedbackResponse.objects.filter(workshop=workshop, user_id__in=self.participants))
        follow_ups = FollowUp.objects.filter(workshop=workshop, user_id__in=self.participants, mails_sent__gt=0)
        self.sent = follow_ups.count()
        self.answers = list(
            follow_ups.filter(answered_at__isnull=False)
            .select_related("partner_country", "user__member__country")
            .prefetch_related("methods")
            .order_by("user__first_name", "user__last_name", "user__email")
        )

    @property
    def participant_count(self):
        return len(self.participants)

    @property
    def response_count(self):
        return len(self.responses)

    @property
    def response_rate(self):
        return percent(len(self.responses), len(self.participants))

    @cached_property
    def ratings(self):
        rows = []
        for name, statement in RATING_ITEMS:
            values = [getattr(r, name) for r in self.responses]
            counts = Counter(values)
            rows.append(
                RatingRow(
                    name,
                    str(statement),
                    [(value, counts[value], percent(counts[value], len(values))) for value in Rating.values],
                    len(values),
                    sum(values) / len(values) if values else None,
                )
            )
        return rows

    @property
    def answered_count(self):
        return len(self.answers)

    @property
    def follow_up_rate(self):
        return percent(len(self.answers), self.sent)

    @cached_property
    def used(self):
        """Return [(label, count, percent)] of yes / partly / no among the answers."""
        counts = Counter(a.used for a in self.answers)
        return [(label, counts[value], percent(counts[value], len(self.answers))) for value, label in Used.choices]

    @property
    def used_share(self):
        """Return the percentage who used what they learned, fully or partly."""
        return percent(sum(1 for a in self.answers if a.used in (Used.YES, Used.PARTLY)), len(self.answers))

    @property
    def cooperation_share(self):
        return percent(sum(1 for a in self.answers if a.cooperated), len(self.answers))

    @cached_property
    def partner_countries(self):
        counts = Counter(a.partner_country for a in self.answers if a.cooperated and a.partner_country)
        return sorted(((country.label, count) for country, count in counts.items()), key=lambda p: (-p[1], p[0]))

    @cached_property
    def methods(self):
        """Return one row per method applied (the most applied first), linked where the reader may open it.

        A workshop's trainers open its cohort's materials (workshops.access.facilitated_cohort_tokens), so the
        methods it taught are linked for them as for any reader who may open them.
        """
        counts = Counter(page.pk for a in self.answers for page in a.methods.all())
        pages = {page.pk: page for a in self.answers for page in a.methods.all()}
        readable = self._readable(counts)
        shown = in_reader_language([pages[pk] for pk in readable], self.viewer)
        rows = []
        for pk, count in sorted(counts.items(), key=lambda p: (-p[1], pages[p[0]].title)):
            if pk in readable:
                page = shown[pk]
                rows.append(MethodRow(pages[pk], page.title, page.url, count, percent(count, len(self.answers))))
            else:  # its title is not this reader's to see
                label = _("A library page you cannot open")
                rows.append(MethodRow(None, label, None, count, percent(count, len(self.answers))))
        return rows

    def _readable(self, page_ids):
        """Return the ids of these library pages this reader may open."""
        return set(
            LibraryPage.objects.visible_to(self.viewer).filter(pk__in=list(page_ids)).values_list("pk", flat=True)
        )

    @property
    def other_method_count(self):
        return sum(1 for a in self.answers if a.other_method)

    @cached_property
    def countries(self):
        """Return the follow-up and feedback figures per participants' country, or None under the small groups rule."""
        countries = dict(
            self.workshop.cohort.user_set.filter(pk__in=self.participants).values_list("pk", "member__country__code")
        )
        answers = {a.user_id: a for a in self.answers}
        labels = {
            c.code: c.label for c in Country.objects.filter(code__in={code for code in countries.values() if code})
        }
        groups = country_groups({u: countries.get(u) for u in answers}, labels)
        if groups is None:
            return None
        ratings = {
            r.user_id: sum(getattr(r, name) for name, _s in RATING_ITEMS) / len(RATING_ITEMS) for r in self.responses
        }
        rows = []
        for label, users in groups:
            chosen = [answers[u] for u in users]
            rated = [ratings[u] for u in users if u in ratings]
            rows.append(
                CountryFollowUp(
                    str(label),
                    len(chosen),
                    percent(sum(1 for a in chosen if a.used in (Used.YES, Used.PARTLY)), len(chosen)),
                    percent(sum(1 for a in chosen if a.cooperated), len(chosen)),
                    sum(rated) / len(rated) if rated else None,
                )
            )
        return rows

    @cached_property
    def people(self):
        """Return who applied which method: one row per answer (trainers only, else an empty list)."""
        if not self.with_people:
            return []
        readable = self._readable({page.pk for a in self.answers for page in a.methods.all()})
        hidden = _("A library page you cannot open")
        shown = in_reader_language(
            [page for a in self.answers for page in a.methods.all() if page.pk in readable], self.viewer
        )
        rows = []
        for answer in self.answers:
            user = answer.user
            country = getattr(getattr(user, "member", None), "country", None)
            rows.append(
                PersonRow(
                    user.get_full_name() or user.email,
                    country.label if country else "",
                    answer.get_used_display(),
                    [shown[page.pk].title if page.pk in readable else hidden for page in answer.methods.all()],
                    answer.other_method,
                    (_("Yes, with %(country)s") % {"country": answer.partner_country.label})
                    if answer.cooperated and answer.partner_country
                    else (_("Yes") if answer.cooperated else _("No")),
                    answer.example,
                )
            )
        return rows

    @cached_property
    def comments(self):
        """Return the feedback's free text (trainers only): [(most useful, to improve)] of those who wrote any."""
        if not self.with_people:
            return []
        return [(r.most_useful, r.to_improve) for r in self.responses if r.most_useful or r.to_improve]


def cell_text(value):
    """Return free text safe in a spreadsheet: text a spreadsheet would run as a formula gets a leading quote."""
    return "'" + value if value and value[0] in "=+-@\t\r" else value


def _n(value, digits=1):
    return "" if value is None else f"{value:.{digits}f}"


def feedback_rows(report):
    """Return the feedback as rows of cells (one sheet, or a section of the CSV)."""
    rows = [
        [_("Feedback"), _("Answered"), report.response_count, _("Participants"), report.participant_count,
         _("Response rate %"), _n(report.response_rate)],
        [],
        [_("Statement"), _("Answers"), _("Average (1–5)"), *[str(label) for _v, label in Rating.choices]],
    ]  # fmt: skip
    for row in report.ratings:
        rows.append([row.statement, row.n, _n(row.average, 2), *[count for _v, count, _p in row.counts]])
    if report.comments:
        rows.append([])
        rows.append([_("What was most useful"), _("What to improve")])
        rows.extend([cell_text(useful), cell_text(improve)] for useful, improve in report.comments)
    return rows


def follow_up_rows(report):
    """Return the follow-up as rows of cells: rates, use, methods, cooperation, per country."""
    rows = [
        [_("Follow-up"), _("Sent"), report.sent, _("Answered"), report.answered_count, _("Response rate %"),
         _n(report.follow_up_rate)],
        [_("Used what they learned (yes or partly) %"), _n(report.used_share)],
        [_("Cooperated across the border %"), _n(report.cooperation_share)],
        [],
        [_("Used what they learned"), _("Answers"), "%"],
    ]  # fmt: skip
    rows.extend([str(label), count, _n(share)] for label, count, share in report.used)
    rows.append([])
    rows.append([_("Method applied"), _("Answers"), "%"])
    rows.extend([method.label, method.count, _n(method.share)] for method in report.methods)
    rows.append([_("Another method"), report.other_method_count, ""])
    rows.append([])
    rows.append([_("Cooperated with"), _("Answers")])
    rows.extend([label, count] for label, count in report.partner_countries)
    rows.append([])
    if report.countries is None:
        rows.append([_("Not broken down by country: fewer than %(count)d participants.") % {"count": MIN_GROUP}])
    else:
        rows.append([_("Country"), _("Answered"), _("Used what they learned %"), _("Cooperated across the border %"),
                     _("Average rating (1–5)")])  # fmt: skip
        rows.extend([row.label, row.n, _n(row.used), _n(row.cooperated), _n(row.rating, 2)] for row in report.countries)
    return rows


def people_rows(report):
    """Return who applied which method, one row per participant who answered (trainers only)."""
    rows = [
        [_("Participant"), _("Country"), _("Used what they learned"), _("Methods"), _("Another method"),
         _("Cooperated across the border"), _("Example")]
    ]  # fmt: skip
    rows.extend(
        [
            cell_text(p.name),
            p.country,
            p.used,
            "; ".join(p.methods),
            cell_text(p.other_method),
            p.cooperated,
            cell_text(p.example),
        ]  # fmt: skip
        for p in report.people
    )
    return rows
