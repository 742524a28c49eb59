"""The trainers' results page and its CSV export."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from workshops.access import trainer_or_404
from workshops.results import MIN_GROUP, WorkshopResults
from workshops.views.common import open_workshop


@login_required
def results(request, pk):
    """Show pre vs post per objective, per question and per country, with the gain and item indices."""
    workshop, _rights = open_workshop(request, pk)
    trainer_or_404(workshop, request.user)
    context = {"page": workshop, "results": WorkshopResults(workshop), "min_group": MIN_GROUP}
    return render(request, "workshops/results.html", context)


def _number(value, digits=1):
    return "" if value is None else f"{value:.{digits}f}"


@login_required
def results_csv(request, pk):
    """Download the results as CSV: one section per table, the same figures as the page."""
    workshop, _rights = open_workshop(request, pk)
    trainer_or_404(workshop, request.user)
    data = WorkshopResults(workshop)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}-results.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Khmer, Lao and Thai text as UTF-8
    writer = csv.writer(response)
    gain = data.overall
    writer.writerow([_("Workshop"), workshop.title])
    writer.writerow([_("Pre-test handed in"), data.pre_count, _("Post-test handed in"), data.post_count])
    writer.writerow([_("Took both"), gain.n, _("Pre %"), _number(gain.pre), _("Post %"), _number(gain.post)])
    writer.writerow(
        [_("Normalised gain"), _number(gain.g, 3), _("95% CI"), _number(gain.low, 3), _number(gain.high, 3)]
    )
    writer.writerow([])
    writer.writerow(
        [_("Learning objective"), _("Pre % correct"), _("Post % correct"), _("Normalised gain"), _("95% CI low"),
         _("95% CI high"), _("All items right, pre %"), _("All items right, post %")]
    )  # fmt: skip
    for row in data.objectives:
        writer.writerow(
            [row.objective.label, _number(row.pre), _number(row.post), _number(row.gain.g, 3), _number(row.gain.low, 3),
             _number(row.gain.high, 3), _number(row.captured_pre), _number(row.captured_post)]
        )  # fmt: skip
    writer.writerow([])
    writer.writerow(
        [_("Question"), _("Learning objective"), _("Pre: answered"), _("Pre: facility %"), _("Pre: discrimination %"),
         _("Post: answered"), _("Post: facility %"), _("Post: discrimination %")]
    )  # fmt: skip
    for row in data.questions:
        writer.writerow(
            [row.question.label, row.question.objective.label, row.pre_n, _number(row.pre),
             _number(row.pre_discrimination), row.post_n, _number(row.post), _number(row.post_discrimination)]
        )  # fmt: skip
    writer.writerow([])
    if data.countries is None:
        writer.writerow([_("Not broken down by country: fewer than %(count)d participants.") % {"count": MIN_GROUP}])
    else:
        writer.writerow([_("Country"), _("Took both"), _("Pre %"), _("Post %"), _("Normalised gain"), _("95% CI low"),
                         _("95% CI high")])  # fmt: skip
        for row in data.countries:
            g = row.gain
            writer.writerow(
                [
                    row.label,
                    g.n,
                    _number(g.pre),
                    _number(g.post),
                    _number(g.g, 3),
                    _number(g.low, 3),
                    _number(g.high, 3),
                ]
            )
    return response
