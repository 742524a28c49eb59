"""Submissions' copies of page text that a redaction purge must reach: the officers' notes to the reviewers."""

from django.utils.translation import gettext_lazy as _

from safety.purge import register_copies
from submissions.models import Resubmission


def purge_resubmission_notes(page, scrubber):
    """Scrub the notes sent with each resubmission of the page; return how many changed."""
    count = 0
    for item in Resubmission.objects.filter(submission__page_id=page.pk).iterator():
        note, replaced = scrubber.text(item.note)
        if replaced:
            Resubmission.objects.filter(pk=item.pk).update(note=note)
            count += 1
    return count


def register():
    """Register submissions' copies with the purge."""
    register_copies("resubmissions", _("resubmission notes"), purge_resubmission_notes)
