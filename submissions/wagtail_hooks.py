"""Admin wiring of shared cases: the resubmission log action, the submitter's note, the submitter's email links."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.messages import render as render_message
from wagtail.models import WorkflowState

from safety.templatetags.review_mail import MEMBER_REVIEW_URL_HOOK
from submissions.models import Resubmission, Submission
from submissions.services import RESUBMIT_ACTION


@hooks.register("register_log_actions")
def register_resubmit_action(actions):
    actions.register_action(
        RESUBMIT_ACTION,
        gettext_lazy("Resubmit"),
        gettext_lazy("Resubmitted by the submitter after changes were requested"),
    )


def current_note(page):
    """Return the submitter's note for the review in progress, when a resubmission started it, else None."""
    state = WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).first()
    if state is None:
        return None
    note = (
        Resubmission.objects.filter(submission__page_id=page.pk, created_at__lte=state.created_at)
        .order_by("-created_at", "-pk")
        .first()
    )
    if note is None:
        return None
    states = WorkflowState.objects.for_instance(page)
    if states.filter(created_at__gt=note.created_at, created_at__lt=state.created_at).exists():
        return None  # another review began after this note, so the note is not about the review in progress
    return note


@hooks.register("before_edit_page")
def show_resubmission_note(request, page):
    """Show reviewers the submitter's note when the case in review was edited and resubmitted by its submitter."""
    if request.method != "GET" or not hasattr(page.specific_class, "submission"):
        return None
    note = current_note(page)
    if note is not None:
        messages.info(
            request,
            render_message(
                _("The submitter edited this case after changes were requested and sent it back with this note:"),
                None,
                detail=note.note,
            ),
        )
    return None


@hooks.register(MEMBER_REVIEW_URL_HOOK)
def shared_case_url(page, user, purpose):
    """Return where the officer who shared this case edits it ("edit") or follows it, for review emails to them."""
    submission = Submission.objects.filter(page_id=page.pk, submitter_id=user.pk).first()
    if submission is None:
        return None
    if purpose == "edit":
        return reverse("submissions:edit", args=[submission.pk])
    return reverse("submissions:detail", args=[submission.pk])
