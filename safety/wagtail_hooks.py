"""Admin wiring of the anonymity guard: watch list snippet, findings view, publish and approval blocks."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from safety.guard import is_guarded
from safety.models import WatchedName, submitter_ids
from safety.review.findings import open_findings, open_findings_for_page, open_findings_for_request, scan_page
from safety.review_admin import (
    OVERRIDE_URL_NAME,
    PublishWithoutReviewMenuItem,
    ReviewStepMenuItem,
    publish_without_review_view,
)
from safety.review_guard import refusal_message, requires_review
from safety.views import finding_occurrences, page_findings, page_purge_history


class WatchedNameViewSet(SnippetViewSet):
    model = WatchedName
    icon = "warning"
    menu_label = gettext_lazy("Watched names")
    menu_order = 500
    add_to_admin_menu = True
    list_display = ["name", "note", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name"]


register_snippet(WatchedNameViewSet)


class FindingsButton(Button):
    allow_in_dropdown = True


@hooks.register("insert_global_admin_css")
def findings_css():
    """Add the stylesheet that makes the findings tables fit narrow screens."""
    return format_html('<link rel="stylesheet" href="{}">', static("safety/findings.css"))


@hooks.register("register_admin_urls")
def register_findings_url():
    return [
        path("safety/pages/<int:page_id>/findings/", page_findings, name="safety_page_findings"),
        path("safety/pages/<int:page_id>/purge-history/", page_purge_history, name="safety_page_purge_history"),
        path(
            "safety/pages/<int:page_id>/findings/<str:key>/occurrences/",
            finding_occurrences,
            name="safety_finding_occurrences",
        ),
    ]


def findings_url(page):
    """Return the admin URL of a page's anonymity findings."""
    return reverse("safety_page_findings", args=[page.pk])


def blocked_message(count):
    """Return the message shown when the anonymity check blocks an action."""
    return ngettext(
        "The anonymity check found %(count)d identifying detail. Redact it, or override it with a reason, "
        "before publishing or approving.",
        "The anonymity check found %(count)d identifying details. Redact them, or override them with a reason, "
        "before publishing or approving.",
        count,
    ) % {"count": count}


@hooks.register("before_publish_page")
def block_publishing_with_findings(request, page):
    """Stop the editor's Publish button while the saved revision has open findings; show them instead."""
    if not is_guarded(type(page)):
        return None
    found = open_findings(scan_page(page))
    if not found:
        return None
    messages.error(request, _("Not published. %(reason)s") % {"reason": blocked_message(len(found))})
    return redirect(findings_url(page))


@hooks.register("before_edit_page")
def guard_review_actions(request, page):
    """Refuse self-approval and approval with open findings; warn editors when a page has open findings."""
    if not is_guarded(page.specific_class):
        return None
    if request.method == "POST":
        if request.POST.get("action-workflow-action") and request.POST.get("workflow-action-name") == "approve":
            if request.user.pk in submitter_ids(page):
                messages.error(request, _("You cannot review your own submission; another editor must approve it."))
                return redirect("wagtailadmin_pages:edit", page.pk)
            found = open_findings_for_page(page)
            if found:
                messages.error(request, _("Not approved. %(reason)s") % {"reason": blocked_message(len(found))})
                return redirect(findings_url(page))
        return None
    found = open_findings_for_request(request, page)
    if found:
        messages.warning(
            request,
            blocked_message(len(found)),
            buttons=[messages.button(findings_url(page), _("Review the findings"))],
        )
    return None


@hooks.register("register_page_header_buttons")
def findings_header_button(page, user, view_name, next_url=None):
    """Add an "Anonymity check" button to guarded pages in the admin."""
    if view_name == "edit" and is_guarded(page.specific_class):
        yield FindingsButton(_("Anonymity check"), url=findings_url(page), icon_name="warning", priority=5)


class FindingsMenuItem(ActionMenuItem):
    """The editor's action menu entry opening the anonymity check, with the number of open findings."""

    name = "action-anonymity-check"
    icon_name = "warning"
    order = 5

    def is_shown(self, context):
        return context["view"] == "edit" and is_guarded(context["page"].specific_class)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = parent_context["page"]
        request = parent_context.get("request")
        count = len(open_findings_for_request(request, page) if request else open_findings_for_page(page))
        context["label"] = (
            ngettext("Anonymity check: %(count)d open finding", "Anonymity check: %(count)d open findings", count)
            % {"count": count}
            if count
            else _("Anonymity check: clear")
        )
        return context

    def get_url(self, parent_context):
        return findings_url(parent_context["page"])


@hooks.register("register_page_action_menu_item")
def register_findings_menu_item():
    return FindingsMenuItem()


# ----------------------------------------------------------------------------- review guard


def under_review(context_or_page, parent=None):
    """Return whether a page (or a new page under this parent) may go live only through its review."""
    page = context_or_page
    if page is not None and page.pk:
        return requires_review(page)
    return parent is not None and requires_review(parent)


@hooks.register("before_publish_page", order=10)
def refuse_publishing_without_review(request, page):
    """Refuse the Publish action (and scheduling) on a page under the review workflow: it must be submitted."""
    if not requires_review(page):
        return None
    messages.error(request, str(refusal_message()))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("construct_page_action_menu")
def hide_publish_for_pages_in_review(menu_items, request, context):
    """Drop "Publish" (and with it scheduling) from the action menu of pages under the review workflow."""
    if under_review(context.get("page"), context.get("parent_page")):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("register_page_action_menu_item")
def register_publish_without_review_menu_item():
    return PublishWithoutReviewMenuItem()


@hooks.register("register_page_action_menu_item")
def register_review_step_menu_item():
    return ReviewStepMenuItem()


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_without_review(request, action_type, objects, action_class_instance):
    """Refuse bulk publishing when any chosen page is under the review workflow."""
    if action_type != "publish" or not any(isinstance(obj, Page) and requires_review(obj) for obj in objects):
        return None
    messages.error(
        request,
        _(
            "Nothing was published: pages that follow the review workflow go live only when another editor "
            "approves their last review step. Submit each of them for review instead."
        ),
    )
    return redirect(action_class_instance.next_url or reverse("wagtailadmin_explore_root"))


@hooks.register("before_copy_page")
def refuse_publishing_copies_without_review(request, page):
    """Refuse to copy a page under the review workflow as a live page (publish copies, or an alias)."""
    if request.method != "POST" or not (request.POST.get("publish_copies") or request.POST.get("alias")):
        return None
    destination = Page.objects.filter(pk=request.POST.get("new_parent_page") or 0).first()
    if not (requires_review(page) or (destination is not None and under_review(None, destination))):
        return None
    messages.error(
        request,
        _(
            "Not copied: a copy under the review workflow cannot go live without its review. Copy it without "
            "publishing, then submit the copy for review."
        ),
    )
    return redirect("wagtailadmin_pages:copy", page.pk)


@hooks.register("register_admin_urls")
def register_publish_without_review_url():
    return [
        path(
            "safety/pages/<int:page_id>/publish-without-review/",
            publish_without_review_view,
            name=OVERRIDE_URL_NAME,
        )
    ]
