"""Admin views of the review guard: refused publishing, stale review actions, the administrators' override."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, TaskState, WorkflowState

from safety.forms import PublishWithoutReviewForm
from safety.models import StaleReviewAction
from safety.review.findings import AnonymityBlocked
from safety.review_guard import is_administrator, publish_without_review, requires_review

OVERRIDE_URL_NAME = "safety_publish_without_review"
REVIEW_STEP_FIELD = "review-step"


def stale_message():
    """Return what a reviewer is told when their review action names a step already decided."""
    return str(StaleReviewAction().args[0])


def locked_task_state(task_state_id):
    """Return the task state locked for update until the transaction ends (PostgreSQL; SQLite locks on BEGIN)."""
    return TaskState.objects.select_for_update().filter(pk=task_state_id).first()


def is_current(page, task_state):
    """Return whether the task state is the in-progress step of the page's in-progress review."""
    return (
        task_state is not None
        and task_state.status == TaskState.STATUS_IN_PROGRESS
        and WorkflowState.objects.for_instance(page)
        .filter(pk=task_state.workflow_state_id, status=WorkflowState.STATUS_IN_PROGRESS, current_task_state=task_state)
        .exists()
    )


class ReviewEditView(EditView):
    """The page editor, where a review action on a step already decided (twice, or by two editors) says so."""

    @cached_property
    def action_name_and_method(self):
        if self.request.POST.get("action-workflow-action") and not (
            self.workflow_action_is_valid() and self.shown_step_is_current()
        ):
            return ("stale_workflow_action", self.refuse_stale_workflow_action)
        return super().action_name_and_method

    def workflow_action_is_valid(self):
        current = self.page.current_workflow_task_state
        self.step_checked = current.pk if current is not None else None
        return super().workflow_action_is_valid()

    def shown_step_is_current(self):
        """Return whether the review step the editor was shown (when the form names it) is still the current one."""
        shown = self.request.POST.get(REVIEW_STEP_FIELD)
        current = self.page.current_workflow_task_state
        return not shown or (current is not None and shown == str(current.pk))

    def refuse_stale_workflow_action(self):
        """Save nothing and say that the review step was already decided."""
        messages.error(self.request, stale_message())
        return redirect("wagtailadmin_pages:edit", self.page.pk)

    def perform_workflow_action(self):
        with transaction.atomic():
            current = self.page.current_workflow_task_state
            task_state = locked_task_state(current.pk) if current is not None else None
            # The step must still be the one this request checked (a double click or a retried POST that waited
            # for the first one must not decide the next step) and the one the editor was shown.
            if (
                not is_current(self.page, task_state)
                or task_state.pk != self.step_checked
                or not self.shown_step_is_current()
                or self.workflow_action
                not in {name for name, *_rest in task_state.task.specific.get_actions(self.page, self.request.user)}
            ):
                messages.error(self.request, stale_message())
                return redirect("wagtailadmin_pages:edit", self.page.pk)
            try:
                return super().perform_workflow_action()
            except StaleReviewAction:
                transaction.set_rollback(True)
                messages.error(self.request, stale_message())
                return redirect("wagtailadmin_pages:edit", self.page.pk)


class ReviewWorkflowActionView(WorkflowActionView):
    """Wagtail's approve / request changes endpoint, answering a repeated or overtaken action with a message."""

    def refuse(self, request):
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            messages.error(request, stale_message())
            return self.render_modal_json(request, {"step": "success", "redirect": self.redirect_url})
        messages.error(request, stale_message())
        return redirect(self.redirect_url)

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            if not is_current(self.object, locked_task_state(self.task_state.pk)):
                return self.refuse(request)
            try:
                return super().post(request, *args, **kwargs)
            except StaleReviewAction:
                transaction.set_rollback(True)
                return self.refuse(request)


class ReviewPageViewSet(PageViewSet):
    """Pages under the review workflow in the admin, with the review-aware editor and workflow action views.

    A content app subclasses it with its page model and registers it (``register_admin_viewset``).
    """

    edit_view_class = ReviewEditView
    workflow_action_view_class = ReviewWorkflowActionView


def override_url(page):
    """Return the admin URL of the administrators' "Publish without review" form for a page."""
    return reverse(OVERRIDE_URL_NAME, args=[page.pk])


@require_http_methods(["GET", "POST"])
def publish_without_review_view(request, page_id):
    """Ask an administrator for the reason, then publish the page's latest revision without its review."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not is_administrator(request.user) or not requires_review(page):
        raise PermissionDenied
    form = PublishWithoutReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publish_without_review(page, request.user, form.cleaned_data["reason"], request=request)
        except AnonymityBlocked as blocked:
            messages.error(request, str(blocked))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("'%(title)s' was published without review; your reason is in the audit log.")
                % {"title": page.get_admin_display_title()},
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
    context = {
        "page": page,
        "form": form,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "header_title": _("Publish without review"),
        "in_review": page.current_workflow_state is not None,
    }
    return TemplateResponse(request, "safety/publish_without_review.html", context)


class PublishWithoutReviewMenuItem(ActionMenuItem):
    """The administrators' action menu entry opening the override form, on pages under the review workflow."""

    name = "action-publish-without-review"
    label = gettext_lazy("Publish without review…")
    icon_name = "warning"
    order = 60

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and page is not None
            and is_administrator(context["request"].user)
            and requires_review(page)
        )

    def get_url(self, parent_context):
        return override_url(parent_context["page"])


class ReviewStepMenuItem(ActionMenuItem):
    """A hidden field naming the review step the editor was shown, so a late or repeated action is recognised."""

    name = REVIEW_STEP_FIELD
    order = 10000
    template_name = "safety/action_menu/review_step.html"

    def is_shown(self, context):
        page = context.get("page")
        return context["view"] == "edit" and page is not None and page.current_workflow_task_state is not None

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["task_state"] = parent_context["page"].current_workflow_task_state
        return context
