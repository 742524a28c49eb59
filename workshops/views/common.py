"""Opening a workshop for a request: the page, and what this reader may do there."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from workshops.access import WorkshopAccess
from workshops.models import WorkshopPage


def open_workshop(request, pk):
    """Return (workshop, access) for a workshop this reader may open, or raise 404.

    A trainer opens a workshop that is still a draft; everyone else needs it live and within their audience.
    """
    workshop = get_object_or_404(WorkshopPage.objects.select_related("cohort", "country", "curriculum"), pk=pk)
    rights = WorkshopAccess.of(workshop, request.user)
    if rights.can_view:
        return workshop, rights
    if not rights.is_trainer:
        raise_not_found()
    return workshop, rights


def raise_not_found():
    raise Http404
