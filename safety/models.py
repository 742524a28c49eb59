"""Watch list, anonymity checks of page revisions, overrides and the redaction log; the review workflow task."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import AbstractGroupApprovalTask
from wagtail.search import index

from accounts.admin_access import hidden_page_keys, hidden_subtrees, may_work_on
from safety.permits import publication_permit


class WatchedName(index.Indexed, models.Model):
    """A name the detector must always flag (a victim, witness or officer named in a case), managed by editors."""

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        help_text=_("A name to flag wherever it appears, in any spelling you enter as a separate entry."),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Why the name is watched, without other identifying details (for example: witness, 2023 case)."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Only active names are flagged."))
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    panels = [FieldPanel("name"), FieldPanel("note"), FieldPanel("active")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("watched name")
        verbose_name_plural = _("watched names")

    def __str__(self):
        return self.name

    @classmethod
    def active_names(cls):
        """Return the active watched names."""
        return [name for name in cls.objects.filter(active=True).values_list("name", flat=True) if name.strip()]


class AnonymityCheck(models.Model):
    """The result of the latest anonymity check of a page's latest revision."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="anonymity_check", verbose_name=_("page")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)
    open_count = models.PositiveIntegerField(_("open findings"), default=0)
    overridden_count = models.PositiveIntegerField(_("overridden findings"), default=0)
    findings = models.JSONField(_("findings"), default=list, blank=True)

    class Meta:
        verbose_name = _("anonymity check")
        verbose_name_plural = _("anonymity checks")

    def __str__(self):
        return f"{self.page_id}: {self.open_count}"


class AnonymityOverride(models.Model):
    """An editor's decision that a flagged value on one page is not identifying, with the reason."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="anonymity_overrides", verbose_name=_("page")
    )
    kind = models.CharField(_("kind"), max_length=30)
    value_hash = models.CharField(_("value fingerprint"), max_length=64)
    placeholder = models.CharField(_("placeholder"), max_length=40)
    masked_value = models.CharField(_("value (masked)"), max_length=80, blank=True)
    reason = models.TextField(_("reason"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("overridden at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "kind", "value_hash"], name="safety_override_once_per_value")
        ]
        verbose_name = _("anonymity override")
        verbose_name_plural = _("anonymity overrides")

    def __str__(self):
        return f"{self.kind} {self.masked_value}"


class AnonymityAction(models.Model):
    """One redaction or override, for the record: who, when, which kind of value, never the value itself."""

    REDACT = "redact"
    OVERRIDE = "override"
    ACTION_CHOICES = [(REDACT, _("redacted")), (OVERRIDE, _("overridden"))]

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="anonymity_actions", verbose_name=_("page")
    )
    action = models.CharField(_("action"), max_length=10, choices=ACTION_CHOICES)
    kind = models.CharField(_("kind"), max_length=30)
    placeholder = models.CharField(_("placeholder"), max_length=40)
    value_hash = models.CharField(_("value fingerprint"), max_length=64)
    occurrences = models.PositiveIntegerField(_("occurrences"), default=0)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("anonymity action")
        verbose_name_plural = _("anonymity actions")

    def __str__(self):
        return f"{self.action} {self.placeholder}"


class StaleReviewAction(PermissionDenied):
    """Raised when a review action names a step that is no longer waiting for a decision (done twice, or overtaken)."""

    def __init__(self):
        super().__init__(
            _(
                "This review step has already been decided (perhaps by another editor just now), so nothing was "
                "changed. The page shows its current review status."
            )
        )


def submitter_ids(obj, workflow_state=None):
    """Return the ids of the users who submitted this page for review or own it."""
    ids = {getattr(obj, "owner_id", None)}
    state = workflow_state or getattr(obj, "current_workflow_state", None)
    if state is not None:
        ids.add(state.requested_by_id)
    return ids - {None}


class ReviewTask(AbstractGroupApprovalTask):
    """A group approval step that the page's submitter or owner can never approve, optionally needing a clean check."""

    requires_clear_check = models.BooleanField(
        _("requires a clear anonymity check"),
        default=True,
        help_text=_("Approval is refused while the anonymity check has open findings."),
    )

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "requires_clear_check"]

    class Meta:
        verbose_name = _("review task (no self-approval)")
        verbose_name_plural = _("review tasks (no self-approval)")

    def is_submitter(self, obj, user):
        """Return whether the user submitted or owns the page under review."""
        return user.pk in submitter_ids(obj)

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and not self.is_submitter(obj, user) and may_work_on(user, obj)

    def locked_for_user(self, obj, user):
        return super().locked_for_user(obj, user) or self.is_submitter(obj, user)

    def user_can_lock(self, obj, user):
        return super().user_can_lock(obj, user) and not self.is_submitter(obj, user)

    def get_actions(self, obj, user):
        if self.is_submitter(obj, user) or not may_work_on(user, obj):
            return []
        actions = super().get_actions(obj, user)
        if self.requires_clear_check and actions:
            from safety.review.findings import open_findings_for_page  # findings imports this module's models

            if open_findings_for_page(obj):
                actions = [action for action in actions if action[0] != "approve"]
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs).exclude(workflow_state__requested_by=user)
        if hidden_subtrees(user):  # a working group's pages are reviewed by its members (and administrators)
            states = states.exclude(workflow_state__object_id__in=hidden_page_keys(user))
        return states

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if user is not None and self.is_submitter(obj, user):
            raise PermissionDenied(_("You cannot review your own submission."))
        if user is not None and not may_work_on(user, obj):
            raise PermissionDenied
        if task_state.status != task_state.STATUS_IN_PROGRESS or task_state.workflow_state.current_task_state_id != (
            task_state.pk
        ):
            raise StaleReviewAction()
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        if self.requires_clear_check:
            from safety.review.findings import AnonymityBlocked, open_findings_for_revision  # (as above)

            revision = obj.get_latest_revision()
            found = open_findings_for_revision(revision)
            if found:
                raise AnonymityBlocked(found)
        # Approving the last step publishes: the one way a page under review goes live (see review_guard).
        with publication_permit(obj.pk):
            return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve; never the submitter, never while findings are open.")
