"""Attendance per day, kept by the trainers: one table of checkboxes, no JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workshops.access import trainer_or_404
from workshops.models import Attendance
from workshops.views.common import open_workshop
from workshops.views.participants import display_name


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    """Show who came on which day; a trainer ticks boxes and saves."""
    workshop, _rights = open_workshop(request, pk)
    trainer_or_404(workshop, request.user)
    people = list(workshop.cohort.user_set.order_by("first_name", "last_name", "email"))
    days = workshop.days
    if request.method == "POST":
        ticked = set(request.POST.getlist("present"))
        wanted = {
            (person.pk, day) for person in people for index, day in enumerate(days) if f"{person.pk}:{index}" in ticked
        }
        with transaction.atomic():
            existing = {(row.user_id, row.day): row for row in Attendance.objects.filter(workshop=workshop)}
            Attendance.objects.filter(pk__in=[row.pk for key, row in existing.items() if key not in wanted]).delete()
            Attendance.objects.bulk_create(
                [
                    Attendance(workshop=workshop, user_id=user_id, day=day, recorded_by=request.user)
                    for user_id, day in wanted
                    if (user_id, day) not in existing
                ]
            )
        messages.success(request, _("Attendance saved."))
        return redirect("workshops:attendance", workshop.pk)
    present = set(Attendance.objects.filter(workshop=workshop).values_list("user_id", "day"))
    rows = [
        (
            person,
            display_name(person),
            [(f"{person.pk}:{index}", day, (person.pk, day) in present) for index, day in enumerate(days)],
        )
        for person in people
    ]
    return render(request, "workshops/attendance.html", {"page": workshop, "days": days, "rows": rows})
