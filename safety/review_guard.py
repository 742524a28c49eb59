"""No library page under a review workflow goes live without its review: the one check every publishing path meets.

A page is "under review" when its workflow (set on it or an ancestor) is active and has a ``ReviewTask``. Such a
page goes live only inside a publication permit: the last review step approved by someone other than the
submitter (``ReviewTask.on_action``), an administrator's recorded override (``publish_without_review``), or a data
load that says why (``data_load``, for the demo content and tests). A revision scheduled inside a permit keeps its
``approved_go_live_at``, which is itself refused outside one, so scheduled publishing of it goes through later.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision, WorkflowPage

from accounts.audit import record
from accounts.roles import ADMINISTRATOR, roles_of
from safety.models import ReviewTask
from safety.permits import data_load, permitted, publication_permit

OVERRIDE_EVENT = "review.override"


class ReviewRequired(PermissionDenied):
    """Raised when a page under the review workflow would go live (or be scheduled) without passing its review."""

    def __init__(self, message=None):
        super().__init__(message or refusal_message())


def refusal_message():
    """Return what an editor is told when publishing skips the review."""
    return _(
        "Not published: this page follows the review workflow, so it goes live only when another editor approves "
        "its last review step. Submit it for review instead."
    )


def review_workflow(page):
    """Return the active workflow with a review task that governs the page (set on it or an ancestor), or None."""
    if not page.path:
        return None
    paths = [page.path[: Page.steplen * depth] for depth in range(1, len(page.path) // Page.steplen + 1)]
    link = (
        WorkflowPage.objects.filter(page__path__in=paths, workflow__active=True)
        .select_related("workflow")
        .order_by("-page__depth")
        .first()
    )
    if link is None:
        return None
    task_ids = link.workflow.workflow_tasks.filter(task__active=True).values_list("task_id", flat=True)
    return link.workflow if ReviewTask.objects.filter(pk__in=task_ids).exists() else None


def requires_review(page):
    """Return whether the page may go live only through its review workflow."""
    return review_workflow(page) is not None


def is_administrator(user):
    """Return whether the user may publish a page without its review (administrators only)."""
    return bool(user and user.is_authenticated and ADMINISTRATOR in roles_of(user))


def guard_page_save(page, update_fields=None):
    """Refuse to save a page under review going live (or with a new live revision) outside a permit.

    A new page (Wagtail's create and copy views insert it live before publishing) goes in as a draft instead.
    """
    if update_fields is not None and not {"live", "live_revision", "live_revision_id"} & set(update_fields):
        return
    stored = None
    if page.pk is not None:
        stored = Page.objects.filter(pk=page.pk).values("live", "live_revision_id").first()
    if not page.live:
        if page.live_revision_id and not (stored and stored["live"]) and requires_review(page):
            page.live_revision = None  # a copy "kept live" that went in as a draft keeps no live revision
        return
    if stored and stored["live"] and stored["live_revision_id"] == page.live_revision_id:
        return
    if permitted(page.pk) or (page.alias_of_id and permitted(page.alias_of_id)) or _scheduled_in_permit(page):
        return
    if not requires_review(page):
        return
    if page.pk is None:
        page.live = False
        page.has_unpublished_changes = True
        page.live_revision = None
        page.first_published_at = page.last_published_at = None
        return
    raise ReviewRequired()


def _scheduled_in_permit(page):
    """Return whether the page is going live with a revision that was scheduled inside a permit."""
    revision = page.live_revision if page.live_revision_id else None
    return revision is not None and revision.approved_go_live_at is not None


def guard_revision_schedule(revision, update_fields=None):
    """Refuse to schedule a revision of a page under review for publishing outside a permit."""
    if revision.approved_go_live_at is None:
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    if revision.pk is not None:
        stored = Revision.objects.filter(pk=revision.pk).values_list("approved_go_live_at", flat=True).first()
        if stored == revision.approved_go_live_at:
            return
    if revision.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return
    page = Page.objects.filter(pk=revision.object_id).first()
    if page is None or permitted(page.pk) or not requires_review(page):
        return
    raise ReviewRequired(
        _(
            "Not scheduled: this page follows the review workflow, so only its approval can publish or schedule "
            "it. Submit it for review instead."
        )
    )


@transaction.atomic
def publish_without_review(page, user, reason, request=None):
    """Publish the page's latest revision as an administrator's override, with the reason in the audit log.

    Raises PermissionDenied for anyone but an administrator and ValidationError without a reason; the anonymity
    guard still applies. Return the published revision.
    """
    reason = (reason or "").strip()
    if not is_administrator(user):
        raise PermissionDenied(_("Only an administrator can publish a page without its review."))
    if not reason:
        raise ValidationError(
            _("Give the reason for publishing without review; an override without a reason is refused.")
        )
    page = page.specific
    revision = page.get_latest_revision() or page.save_revision(user=user, log_action=True)
    state = page.current_workflow_state
    record(
        OVERRIDE_EVENT,
        user=user,
        obj=page,
        request=request,
        reason=reason,
        revision=revision.pk,
        workflow_state=state.pk if state else None,
    )
    with publication_permit(page.pk):
        revision.publish(user=user, skip_permission_checks=True)
    return revision


__all__ = ["ReviewRequired", "data_load", "publication_permit", "publish_without_review", "requires_review"]
