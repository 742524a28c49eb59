"""Officers share a case, then follow it from submission to publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from accounts.models import is_approved_member
from accounts.roles import OFFICER_AND_ABOVE, roles_of
from library.models import LibraryIndexPage
from submissions.forms import EditSubmissionForm, ShareCaseForm
from submissions.models import STEP_PUBLISHED, WITHDRAWN, Submission
from submissions.services import ResubmitRefused, attachments_of, create_submission, initial_data, resubmit


def can_share(user):
    """Return whether this user may share case material: an approved officer, or any role above."""
    if not is_approved_member(user):
        return False
    return user.is_superuser or bool(set(roles_of(user)) & set(OFFICER_AND_ABOVE))


def not_allowed(request):
    """Return the page explaining who can share cases."""
    return render(request, "submissions/not_allowed.html", status=403)


@login_required
def share_case(request):
    """Show the "Share a case" form and turn a valid one into a draft case study in review."""
    if not can_share(request.user):
        return not_allowed(request)
    library = LibraryIndexPage.objects.first()
    if library is None:
        messages.error(request, _("The library is not set up yet, so cases cannot be shared. Tell an administrator."))
        return redirect("/")
    if request.method == "POST":
        form = ShareCaseForm(request.POST, request.FILES)
        if form.is_valid():
            submission = create_submission(form.cleaned_data, request.user, library)
            messages.success(
                request,
                _("Thank you. Your case was sent to the editors for anonymization review. You can follow it here."),
            )
            return redirect("submissions:detail", pk=submission.pk)
    else:
        form = ShareCaseForm(
            initial={
                "language": request.LANGUAGE_CODE
                if request.LANGUAGE_CODE in dict(ShareCaseForm.base_fields["language"].choices)
                else "en"
            }
        )
    return render(request, "submissions/share.html", {"form": form})


@login_required
def my_submissions(request):
    """List the cases this user shared, with where each one stands."""
    if not can_share(request.user):
        return not_allowed(request)
    return render(request, "submissions/mine.html", {"submissions": Submission.objects.by(request.user)})


@login_required
def submission_detail(request, pk):
    """Show one of the user's shared cases: its review steps, its status and the reviewers' comments."""
    if not can_share(request.user):
        return not_allowed(request)
    submission = get_object_or_404(Submission.objects.select_related("page"), pk=pk, submitter=request.user)
    from safety.models import AnonymityCheck

    check = AnonymityCheck.objects.filter(page_id=submission.page_id).first()
    return render(
        request,
        "submissions/detail.html",
        {
            "submission": submission,
            "page": None,
            "case": submission.page,
            "comments": list(submission.reviewer_comments()),
            "notes": list(submission.resubmissions.all()),
            "check": check,
        },
    )


def edit_refusal(submission, user):
    """Return why the submitter cannot edit this case now, or an empty string when they can."""
    if submission.status == STEP_PUBLISHED:
        return _("This case is published, so it can no longer be changed here. Write to the editors if it must change.")
    if submission.status == WITHDRAWN:
        return _("The editors stopped the review of this case, so it cannot be edited here.")
    if not submission.changes_requested:
        return _(
            "This case is with the reviewers, so it cannot be edited now. You can edit it when they ask for changes."
        )
    if submission.locked_by_other(user):
        return _("An editor is working on this case right now, so it cannot be edited. Try again later.")
    return ""


@login_required
def edit_submission(request, pk):
    """Let the submitter edit a case the reviewers sent back, then restart its review with a note to them."""
    if not can_share(request.user):
        return not_allowed(request)
    submission = get_object_or_404(Submission.objects.select_related("page"), pk=pk, submitter=request.user)
    refusal = edit_refusal(submission, request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect("submissions:detail", pk=submission.pk)
    draft = submission.page.get_latest_revision_as_object()
    attachments = attachments_of(draft)
    if request.method == "POST":
        form = EditSubmissionForm(request.POST, request.FILES, attachments=attachments)
        if form.is_valid():
            try:
                resubmit(submission, form.cleaned_data, request.user)
            except ResubmitRefused as error:
                messages.error(request, str(error))
                return redirect("submissions:detail", pk=submission.pk)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Thank you. Your changes were saved and the case went back to the reviewers.")
                )
                return redirect("submissions:detail", pk=submission.pk)
    else:
        initial = {**initial_data(draft), "revision": submission.page.latest_revision_id}
        form = EditSubmissionForm(initial=initial, attachments=attachments)
    comments = [state for state in submission.reviewer_comments() if state.status == TaskState.STATUS_REJECTED]
    return render(
        request,
        "submissions/edit.html",
        {"submission": submission, "case": draft, "form": form, "comments": comments[-1:]},
    )
