"""Case material shared by officers: each submission is a draft case study going through the review workflow."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

# Review steps as the submitter sees them, in order; task names are those the safety data migration creates.
STEP_DRAFT = "draft"
STEP_ANONYMIZATION = "anonymization"
STEP_EDITORIAL = "editorial"
STEP_PUBLISHED = "published"
STEPS = (
    (STEP_DRAFT, _("Submitted")),
    (STEP_ANONYMIZATION, _("Anonymization review")),
    (STEP_EDITORIAL, _("Editorial approval")),
    (STEP_PUBLISHED, _("Published")),
)
TASK_STEPS = {"Anonymization review": STEP_ANONYMIZATION, "Editorial approval": STEP_EDITORIAL}
CHANGES_REQUESTED = "changes"
WITHDRAWN = "withdrawn"
STATUS_LABELS = {
    **dict(STEPS),
    CHANGES_REQUESTED: _("Changes requested"),
    WITHDRAWN: _("Review stopped"),
}


class SubmissionQuerySet(models.QuerySet):
    def by(self, user):
        """Return the submissions this user made, newest first."""
        return self.filter(submitter=user).select_related("page").order_by("-created_at", "-pk")


class Submission(models.Model):
    """A case shared through the front-end form: who shared it and the draft case study it became."""

    page = models.OneToOneField(
        "library.CaseStudyPage", on_delete=models.CASCADE, related_name="submission", verbose_name=_("case study")
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="case_submissions",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case submission")
        verbose_name_plural = _("case submissions")

    def __str__(self):
        return str(self.page_id)

    @property
    def workflow_state(self):
        """Return the latest review workflow of the case study, or None."""
        return WorkflowState.objects.for_instance(self.page).order_by("-created_at", "-pk").first()

    @property
    def status(self):
        """Return the submission's status code: a step code, "changes" or "withdrawn"."""
        page = self.page
        if page.live or page.first_published_at:
            return STEP_PUBLISHED
        state = self.workflow_state
        if state is None:
            return STEP_DRAFT
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return CHANGES_REQUESTED
        if state.status == WorkflowState.STATUS_CANCELLED:
            return WITHDRAWN
        if state.status == WorkflowState.STATUS_IN_PROGRESS and state.current_task_state:
            return TASK_STEPS.get(state.current_task_state.task.name, STEP_ANONYMIZATION)
        return STEP_EDITORIAL

    @property
    def status_label(self):
        """Return the status as the submitter reads it."""
        return STATUS_LABELS[self.status]

    def steps(self):
        """Return (code, label, state) for each review step, state being "done", "current" or "todo"."""
        status = self.status
        codes = [code for code, _label in STEPS]
        current = codes.index(status) if status in codes else 1
        result = []
        for index, (code, label) in enumerate(STEPS):
            if status == STEP_PUBLISHED or index < current:
                state = "done"
            elif index == current:
                state = "current"
            else:
                state = "todo"
            result.append((code, label, state))
        return result

    @property
    def changes_requested(self):
        """Return whether the reviewers asked for changes, so the submitter may edit and resubmit the case."""
        return self.status == CHANGES_REQUESTED

    def locked_by_other(self, user):
        """Return whether someone other than this user has locked the case study in the admin."""
        page = self.page
        return bool(page.locked and page.locked_by_id != user.pk)

    def reviewer_comments(self):
        """Return the finished review steps with a reviewer's comment, oldest first."""
        return (
            TaskState.objects.for_instance(self.page)
            .exclude(comment="")
            .filter(status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED])
            .select_related("task")
            .order_by("finished_at", "pk")
        )


class Resubmission(models.Model):
    """The submitter's edit of a case after reviewers asked for changes: the revision it saved and their note."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="resubmissions", verbose_name=_("case submission")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("revision")
    )
    note = models.TextField(_("note to the reviewers"))
    created_at = models.DateTimeField(_("resubmitted at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("resubmission")
        verbose_name_plural = _("resubmissions")

    def __str__(self):
        return f"{self.submission_id}: {self.created_at:%Y-%m-%d}"
