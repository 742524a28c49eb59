"""Trainers name the members of partner agencies who may read the workshop's results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import audit
from workshops.access import trainer_or_404
from workshops.forms import ResultsViewerForm
from workshops.models import ResultsViewer
from workshops.views.common import open_workshop
from workshops.views.participants import display_name

VIEWER_ADDED = "workshop_results_reader_added"
VIEWER_REMOVED = "workshop_results_reader_removed"


@login_required
@require_http_methods(["GET", "POST"])
def viewers(request, pk):
    """List the partner agencies' results readers; add one by their email address; remove one."""
    workshop, _rights = open_workshop(request, pk)
    trainer_or_404(workshop, request.user)
    form = ResultsViewerForm(workshop)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            viewer = workshop.results_viewers.filter(pk=request.POST.get("viewer")).select_related("user").first()
            if viewer is not None:
                viewer.delete()
                audit.record(VIEWER_REMOVED, obj=workshop, request=request, reader=viewer.user_id)
                messages.success(
                    request, _("%(name)s no longer reads the results.") % {"name": display_name(viewer.user)}
                )
            return redirect("workshops:viewers", workshop.pk)
        form = ResultsViewerForm(workshop, request.POST)
        if form.is_valid():
            user, agency = form.cleaned_data["email"], form.cleaned_data["agency"]
            ResultsViewer.objects.update_or_create(
                workshop=workshop, user=user, defaults={"agency": agency, "granted_by": request.user}
            )
            audit.record(VIEWER_ADDED, obj=workshop, request=request, reader=user.pk, agency=agency)
            messages.success(
                request,
                _("%(name)s may now read the results for %(agency)s.") % {"name": display_name(user), "agency": agency},
            )
            return redirect("workshops:viewers", workshop.pk)
        status = 400
    rows = workshop.results_viewers.select_related("user__member", "granted_by").order_by("agency", "user__email")
    context = {
        "page": workshop,
        "form": form,
        "rows": [(row, display_name(row.user)) for row in rows],
    }
    return render(request, "workshops/viewers.html", context, status=status)
