"""Officers share a case, then follow it from submission to publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import is_approved_member
from accounts.roles import OFFICER_AND_ABOVE, roles_of
from library.models import LibraryIndexPage
from submissions.forms import ShareCaseForm
from submissions.models import Submission
from submissions.services import create_submission


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
            "check": check,
        },
    )
