"""Demo certificates: every eligible participant of the past demo workshops has one, issued on the last day.

Idempotent: participants who already have a certificate (or had one revoked) are left as they are. The PDFs are
not drawn here; a download draws one when it is first asked for.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from workshops.certificates import issue_to_all
from workshops.demo.loader import WORKSHOPS
from workshops.models import WorkshopPage


def issue_demo_certificates():
    """Issue the demo workshops' certificates that are missing; return how many were issued."""
    issued = 0
    with transaction.atomic():
        for workshop in WorkshopPage.objects.filter(slug__in=[spec["slug"] for spec in WORKSHOPS]):
            if not workshop.cohort_id or workshop.is_upcoming:
                continue
            when = timezone.make_aware(datetime.datetime.combine(workshop.end_date, datetime.time(16)))
            issued += len(issue_to_all(workshop, issued_by=None, issued_at=when))
    return issued
