"""The trainers' results page and its CSV export."""

import csv
import math

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from workshops.access import WorkshopAccess, results_reader_or_404
from workshops.feedback_results import FeedbackReport, feedback_rows, follow_up_rows, people_rows
from workshops.results import MIN_GROUP, WorkshopResults
from workshops.views.common import open_workshop


@login_required
def results(request, pk):
    """Show pre vs post per objective, per question and per country, with the gain and item indices."""
    workshop, _rights = open_workshop(request, pk)
    rights = results_reader_or_404(workshop, request.user)
    context = {
        "page": workshop,
        "results": WorkshopResults(workshop),
        "min_group": MIN_GROUP,
        "feedback": feedback_report(workshop, request.user),
        "rights": rights,
    }
    return render(request, "workshops/results.html", context)


def feedback_report(workshop, user):
    """Return the feedback and follow-up report for this reader: names and free text only for trainers."""
    return FeedbackReport(workshop, user, with_people=WorkshopAccess.of(workshop, user).is_trainer)


def feedback_sheets(report):
    """Return [(sheet title, rows)] of feedback and follow-up; who applied which method only for trainers."""
    sheets = [(_("Feedback"), feedback_rows(report)), (_("Follow-up"), follow_up_rows(report))]
    if report.with_people:
        sheets.append((_("Who applied which method"), people_rows(report)))
    return sheets


def _number(value, digits=1):
    return "" if value is None else f"{value:.{digits}f}"


def result_rows(workshop, data):
    """Return the results as rows of cells: one section per table, the same figures as the page."""
    rows = []
    gain = data.overall
    rows.append([_("Workshop"), workshop.title])
    rows.append([_("Pre-test handed in"), data.pre_count, _("Post-test handed in"), data.post_count])
    rows.append([_("Took both"), gain.n, _("Pre %"), _number(gain.pre), _("Post %"), _number(gain.post)])
    rows.append([_("Normalised gain"), _number(gain.g, 3), _("95% CI"), _number(gain.low, 3), _number(gain.high, 3)])
    rows.append([])
    rows.append(
        [_("Learning objective"), _("Pre % correct"), _("Post % correct"), _("Normalised gain"), _("95% CI low"),
         _("95% CI high"), _("All items right, pre %"), _("All items right, post %")]
    )  # fmt: skip
    for row in data.objectives:
        rows.append(
            [row.objective.label, _number(row.pre), _number(row.post), _number(row.gain.g, 3), _number(row.gain.low, 3),
             _number(row.gain.high, 3), _number(row.captured_pre), _number(row.captured_post)]
        )  # fmt: skip
    rows.append([])
    rows.append(
        [_("Question"), _("Learning objective"), _("Pre: answered"), _("Pre: facility %"), _("Pre: discrimination %"),
         _("Post: answered"), _("Post: facility %"), _("Post: discrimination %")]
    )  # fmt: skip
    for row in data.questions:
        rows.append(
            [row.question.label, row.question.objective.label, row.pre_n, _number(row.pre),
             _number(row.pre_discrimination), row.post_n, _number(row.post), _number(row.post_discrimination)]
        )  # fmt: skip
    rows.append([])
    if data.countries is None:
        rows.append([_("Not broken down by country: fewer than %(count)d participants.") % {"count": MIN_GROUP}])
    else:
        objectives = [row.objective.label for row in data.objectives]
        captured_heads = []
        for label in objectives:
            captured_heads += [
                _("%(objective)s: all right, pre %%") % {"objective": label},
                _("%(objective)s: all right, post %%") % {"objective": label},
            ]
        rows.append([_("Country"), _("Took both"), _("Pre %"), _("Post %"), _("Normalised gain"), _("95% CI low"),
                     _("95% CI high"), *captured_heads])  # fmt: skip
        for row in data.countries:
            g = row.gain
            captured = [value for cell in row.captured for value in (_number(cell.pre), _number(cell.post))]
            rows.append(
                [row.label, g.n, _number(g.pre), _number(g.post), _number(g.g, 3), _number(g.low, 3),
                 _number(g.high, 3), *captured]
            )  # fmt: skip
    return rows


@login_required
def results_csv(request, pk):
    """Download the results as CSV."""
    workshop, _rights = open_workshop(request, pk)
    results_reader_or_404(workshop, request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}-results.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Khmer, Lao and Thai text as UTF-8
    writer = csv.writer(response)
    writer.writerows(result_rows(workshop, WorkshopResults(workshop)))
    for _title, rows in feedback_sheets(feedback_report(workshop, request.user)):
        writer.writerow([])
        writer.writerows(rows)
    return response


@login_required
def results_xlsx(request, pk):
    """Download the results as an Excel workbook (numbers as numbers)."""
    workshop, _rights = open_workshop(request, pk)
    results_reader_or_404(workshop, request.user)
    # Imported here: loading openpyxl (175 modules, 0.25 s CPU) slowed every process that loads
    # the URL patterns (web workers, the task worker, manage.py import_library) for a download few make.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Results"))[:31]
    for row in result_rows(workshop, WorkshopResults(workshop)):
        sheet.append([spreadsheet_cell(value) for value in row])
    for title, rows in feedback_sheets(feedback_report(workshop, request.user)):
        extra = book.create_sheet(str(title)[:31])
        for row in rows:
            extra.append([spreadsheet_cell(value) for value in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}-results.xlsx"'
    book.save(response)
    return response


def spreadsheet_cell(value):
    """Return a number written as text as a number, anything else as text."""
    if isinstance(value, int | float):
        return value
    try:
        number = float(value) if value != "" else None
    except (TypeError, ValueError):
        return str(value)
    return number if number is None or math.isfinite(number) else str(value)
