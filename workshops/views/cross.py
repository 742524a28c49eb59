"""A curriculum's results across the workshops this reader may read: over time, by objective, question and country.

Readers are the workshops' trainers and the partner agencies' results readers (access.workshops_with_results);
a curriculum with no workshop the reader may read answers 404, as does one that does not exist.
"""

import csv
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from library.models import Country
from workshops import charts
from workshops.access import workshops_with_results
from workshops.across import CurriculumResults
from workshops.models import Curriculum, WorkshopPage
from workshops.results import MIN_GROUP
from workshops.views.results import spreadsheet_cell

KINDS = {"objective": "objectives", "question": "questions"}


def _number(value, digits=1):
    return "" if value is None else f"{value:.{digits}f}"


@dataclass(frozen=True)
class WorkshopLine:
    """What the curriculum's pages show of a workshop, and what the access rule reads (pk, live, path).

    Read as plain values: 80 Wagtail page objects cost the page some 10 ms to build, and only these fields are used.
    """

    pk: int
    title: str
    start_date: date
    province: str
    country: Country
    live: bool
    path: str


LINE_FIELDS = ("pk", "title", "start_date", "province", "country_id", "live", "path")


def curriculum_workshops(curriculum):
    """Return a WorkshopLine per workshop of the curriculum, by first day."""
    rows = list(
        WorkshopPage.objects.filter(curriculum=curriculum).order_by("start_date", "pk").values_list(*LINE_FIELDS)
    )
    countries = Country.objects.in_bulk({row[4] for row in rows})
    return [WorkshopLine(pk, title, day, province, countries.get(country), live, path)
            for pk, title, day, province, country, live, path in rows]  # fmt: skip


def curriculum_results(request, pk):
    """Return the CurriculumResults over the workshops this reader may read, or raise 404."""
    curriculum = get_object_or_404(Curriculum, pk=pk)
    workshops = workshops_with_results(request.user, curriculum_workshops(curriculum))
    if not workshops:
        raise Http404
    return CurriculumResults(curriculum, workshops)


def _place(workshop):
    return f"{workshop.province}, {workshop.country.label}"


@login_required
def results(request, pk):
    """The curriculum's results page."""
    data = curriculum_results(request, pk)
    questions = data.questions
    points = [
        (workshop.start_date.strftime("%Y-%m-%d"), row.gain.pre, row.gain.post)
        for workshop, row in zip(data.workshops, data.workshop_rows, strict=True)
    ]
    time_points, time_height, time_ticks, first, last = charts.over_time(points)
    bells, bell_height, bell_ticks = charts.dumbbells(
        [(str(number), row.pre, row.post, row.nobody_right or row.no_improvement) for number, row in
         enumerate(questions, start=1)]
    )  # fmt: skip
    context = {
        "data": data,
        "results": data,  # the objectives chart reads results.objectives
        "questions": questions,
        "countries": data.countries,
        "time": {"points": time_points, "height": time_height, "ticks": time_ticks, "first": first, "last": last},
        "bells": {"rows": bells, "height": bell_height, "ticks": bell_ticks},
        "min_group": MIN_GROUP,
    }
    return render(request, "workshops/cross_results.html", context)


@login_required
def item(request, pk, kind, item):
    """One objective's or question's results over time (per workshop) and by participants' country."""
    if kind not in KINDS:
        raise Http404
    data = curriculum_results(request, pk)
    source = data.objective_list if kind == "objective" else data.question_list
    subject = next((entry for entry in source if entry.pk == item), None)
    if subject is None:
        raise Http404
    attribute = KINDS[kind]
    series = data.series(attribute, item)

    def figures(part):
        if part is None:
            return None, None
        if kind == "objective":
            return part.pre.percent, part.post.percent
        return part.pre.facility, part.post.facility

    points = [(w.start_date.strftime("%Y-%m-%d"), *figures(part)) for w, part in series]
    time_points, time_height, time_ticks, first, last = charts.over_time(points)
    context = {
        "data": data,
        "kind": kind,
        "subject": subject,
        "series": [(w, part, *figures(part)) for w, part in series],
        "countries": [
            (row, part, *figures(part)) for row, part in (data.by_country(attribute, item) or []) if part is not None
        ],
        "time": {"points": time_points, "height": time_height, "ticks": time_ticks, "first": first, "last": last},
        "min_group": MIN_GROUP,
    }
    return render(request, "workshops/cross_item.html", context)


def cross_rows(data):
    """Return the curriculum's results as rows of cells: the page's tables, then each item per workshop and country."""
    rows = [[_("Curriculum"), data.curriculum.name], [_("Workshops"), len(data.workshops)]]
    gain = data.overall
    rows.append([_("Took both"), gain.n, _("Pre %"), _number(gain.pre), _("Post %"), _number(gain.post)])
    rows.append([_("Normalised gain"), _number(gain.g, 3), _("95% CI"), _number(gain.low, 3), _number(gain.high, 3)])
    rows.append([])
    rows.append([_("Workshop"), _("First day"), _("Place"), _("Pre-test handed in"), _("Post-test handed in"),
                 _("Took both"), _("Pre %"), _("Post %"), _("Normalised gain"), _("95% CI low"), _("95% CI high")])  # fmt: skip
    for row in data.workshop_rows:
        g = row.gain
        rows.append([row.workshop.title, row.workshop.start_date.isoformat(), _place(row.workshop),
                     row.pre_count, row.post_count, g.n, _number(g.pre), _number(g.post),
                     _number(g.g, 3), _number(g.low, 3), _number(g.high, 3)])  # fmt: skip
    rows.append([])
    rows.append([_("Learning objective"), _("Pre % correct"), _("Post % correct"), _("Normalised gain"),
                 _("95% CI low"), _("95% CI high"), _("All items right, pre %"), _("All items right, post %")])  # fmt: skip
    for row in data.objectives:
        g = row.gain
        rows.append([row.objective.label, _number(row.pre), _number(row.post), _number(g.g, 3), _number(g.low, 3),
                     _number(g.high, 3), _number(row.captured_pre), _number(row.captured_post)])  # fmt: skip
    rows.append([])
    rows.append([_("Question"), _("Learning objective"), _("Pre: answered"), _("Pre: facility %"),
                 _("Post: answered"), _("Post: facility %"), _("Post: discrimination %"), _("Workshops"),
                 _("Nobody right in (workshops)"), _("Improved in (workshops)")])  # fmt: skip
    for row in data.questions:
        rows.append([row.question.label, row.question.objective.label, row.part.pre.n, _number(row.pre),
                     row.part.post.n, _number(row.post), _number(row.part.post.discrimination), row.workshops,
                     row.nobody_right_in, row.improved_in])  # fmt: skip
    rows.append([])
    rows.append([_("Question"), _("Workshop"), _("First day"), _("Place"), _("Pre: answered"), _("Pre: facility %"),
                 _("Pre: discrimination %"), _("Post: answered"), _("Post: facility %"),
                 _("Post: discrimination %")])  # fmt: skip
    for question in data.question_list:
        for workshop, part in data.series("questions", question.pk):
            if part is None:
                continue
            rows.append([question.label, workshop.title, workshop.start_date.isoformat(), _place(workshop),
                         part.pre.n, _number(part.pre.facility), _number(part.pre.discrimination), part.post.n,
                         _number(part.post.facility), _number(part.post.discrimination)])  # fmt: skip
    rows.append([])
    countries = data.countries
    if countries is None:
        rows.append([_("Not broken down by country: fewer than %(count)d participants.") % {"count": MIN_GROUP}])
        return rows
    rows.append([_("Country"), _("Took both"), _("Pre %"), _("Post %"), _("Normalised gain"), _("95% CI low"),
                 _("95% CI high")])  # fmt: skip
    for row in countries:
        g = row.gain
        rows.append([_country_label(row), g.n, _number(g.pre), _number(g.post), _number(g.g, 3), _number(g.low, 3),
                     _number(g.high, 3)])  # fmt: skip
    rows.append([])
    rows.append([_("Country"), _("Learning objective"), _("All items right, pre %"), _("All items right, post %"),
                 _("Normalised gain")])  # fmt: skip
    for row in countries:
        for objective in row.objectives:
            rows.append([_country_label(row), objective.objective.label, _number(objective.captured_pre),
                         _number(objective.captured_post), _number(objective.gain.g, 3)])  # fmt: skip
    rows.append([])
    rows.append([_("Country"), _("Question"), _("Pre: answered"), _("Pre: facility %"), _("Post: answered"),
                 _("Post: facility %")])  # fmt: skip
    for row in countries:
        for question in data.question_list:
            part = row.part.questions.get(question.pk)
            if part is not None:
                rows.append([_country_label(row), question.label, part.pre.n, _number(part.pre.facility),
                             part.post.n, _number(part.post.facility)])  # fmt: skip
    return rows


def _country_label(row):
    return row.label or _("Other countries, or not broken down")


@login_required
def results_csv(request, pk):
    data = curriculum_results(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="curriculum-{data.curriculum.pk}-results.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows(cross_rows(data))
    return response


@login_required
def results_xlsx(request, pk):
    data = curriculum_results(request, pk)
    # Imported here: loading openpyxl (175 modules, 0.25 s CPU) slowed every process that loads
    # the URL patterns (web workers, the task worker, manage.py import_library) for a download few make.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Results"))[:31]
    for row in cross_rows(data):
        sheet.append([spreadsheet_cell(value) for value in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="curriculum-{data.curriculum.pk}-results.xlsx"'
    book.save(response)
    return response
