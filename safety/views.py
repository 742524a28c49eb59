"""Wagtail admin view of a page's anonymity findings: redact one or all, override one with a reason."""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from accounts.audit import record as audit_record
from accounts.roles import ADMINISTRATOR, roles_of
from safety.forms import OverrideForm, PurgeHistoryForm
from safety.guard import ATTACHMENT_PREFIX, is_guarded
from safety.models import AnonymityAction, AnonymityOverride, WatchedName, submitter_ids
from safety.occurrences import pages_holding
from safety.purge import history_values, named_values, purge_history
from safety.review.findings import KIND_LABELS, record_check, scan_page, summary_of
from safety.review.redaction import RedactionError, replacement_preview
from safety.review.workflow import override, redact


def field_label(page, field):
    """Return the name of the field a finding is in, as editors see it (translated), never the raw field name."""
    if field.startswith(ATTACHMENT_PREFIX):
        return _("attached document")
    try:
        return capfirst(page._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return capfirst(field.replace("_", " "))


def is_administrator(user):
    """Return whether a user holds the administrator role (superusers do): only they purge a page's history."""
    return user.is_authenticated and user.is_active and ADMINISTRATOR in roles_of(user)


def reviewable_page(request, page_id):
    """Return the guarded page (specific) if the user may view and redact its findings, with (may redact, may
    override); raise PermissionDenied otherwise."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not is_guarded(type(page)):
        raise PermissionDenied
    can_redact, can_override = review_permissions(page, request.user)
    if not can_redact:
        raise PermissionDenied
    return page, can_override


def with_kind_labels(items):
    """Return the overrides or actions with the human name of their kind as `kind_label`."""
    items = list(items)
    for item in items:
        item.kind_label = KIND_LABELS.get(item.kind, item.kind)
    return items


def review_permissions(page, user):
    """Return (may view and redact, may override) for this user on this page."""
    perms = page.permissions_for_user(user)
    task = page.current_workflow_task
    reviewer = task is not None and task.specific.user_can_access_editor(page, user)
    # Overriding a finding is a reviewer's decision: never the submitter's while their page is in review.
    own_review = task is not None and user.pk in submitter_ids(page)
    return perms.can_edit() or reviewer, (perms.can_publish() or reviewer) and not own_review


def purge_message(report):
    """Return what a purge removed, by kind of value and by place, without any value."""
    kinds = ", ".join(f"{label}: {count}" for label, count in report.kinds)
    places = ", ".join(f"{label}: {count}" for label, count in report.stores)
    return _("Removed from every earlier copy of the page (%(kinds)s). Places rewritten: %(places)s.") % {
        "kinds": kinds or _("no earlier copies held them"),
        "places": places,
    }


def replace_preview(request, page, key):
    """Show every occurrence a "Replace everywhere" would change (and the copies inside longer words it keeps)."""
    preview = replacement_preview(page, key)
    if preview is None:
        messages.error(request, _("Nothing was redacted: the finding is no longer in the page's text."))
        return redirect("safety_page_findings", page.pk)
    finding, occurrences, ordinary = preview
    rows = [(field_label(page, field), *rest) for field, *rest in occurrences]
    context = {
        "page": page,
        "finding": finding,
        "rows": rows,
        "replaced_count": sum(1 for row in rows if row[-1]),
        "ordinary": ordinary,
        "findings_url": reverse("safety_page_findings", args=[page.pk]),
        "header_title": _("Replace everywhere"),
    }
    return TemplateResponse(request, "safety/replace_preview.html", context)


@require_http_methods(["GET", "POST"])
def page_findings(request, page_id):
    """Show the findings of the page's latest revision and apply redactions or overrides."""
    page, can_override = reviewable_page(request, page_id)
    override_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action in {"redact", "redact_all"}:
            keys = None if action == "redact_all" else [request.POST.get("key", "")]
            if action == "redact" and not request.POST.get("confirm"):
                return replace_preview(request, page, keys[0])
            try:
                revision, result, report = redact(
                    page, request.user, keys, allow_ordinary_words=bool(request.POST.get("ordinary_confirmed"))
                )
            except RedactionError as error:
                messages.error(request, str(error))
                return redirect("safety_page_findings", page.pk)
            if revision is None:
                messages.error(request, _("Nothing was redacted: the finding is no longer in the page's text."))
            else:
                count = sum(occurrences for _finding, occurrences, _gone in result.values())
                messages.success(
                    request,
                    ngettext(
                        "Replaced %(count)d occurrence with its placeholder and saved a new revision.",
                        "Replaced %(count)d occurrences with their placeholders and saved a new revision.",
                        count,
                    )
                    % {"count": count},
                )
                if report:
                    messages.info(request, purge_message(report))
            return redirect("safety_page_findings", page.pk)
        if action == "override":
            if not can_override:
                raise PermissionDenied
            override_form = OverrideForm(request.POST)
            if override_form.is_valid():
                try:
                    item = override(
                        page, request.user, override_form.cleaned_data["key"], override_form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(
                        request,
                        _("Overridden: %(placeholder)s is no longer flagged on this page.")
                        % {"placeholder": item.placeholder},
                    )
                    return redirect("safety_page_findings", page.pk)
            else:
                messages.error(
                    request, " ".join(override_form.errors.get("reason", [])) or _("The override is invalid.")
                )
        else:
            messages.error(request, _("Unknown action."))
    draft = page.get_latest_revision_as_object()
    findings = scan_page(draft)
    open_items = [finding for finding in findings if not finding.overridden]
    grouped = {}
    for finding in open_items:
        grouped.setdefault(finding.key, []).append(finding)
    context = {
        "page": page,
        "findings": open_items,
        "values": [(items[0], field_label(page, items[0].field), len(items)) for items in grouped.values()],
        "overridden": [finding for finding in findings if finding.overridden],
        "summary": summary_of(open_items),
        "can_override": can_override,
        "override_form": override_form,
        "overrides": with_kind_labels(AnonymityOverride.objects.filter(page=page).select_related("user")),
        "actions": with_kind_labels(AnonymityAction.objects.filter(page=page).select_related("user")[:50]),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "purge_url": reverse("safety_page_purge_history", args=[page.pk]) if is_administrator(request.user) else "",
        "header_title": _("Anonymity check"),
    }
    return TemplateResponse(request, "safety/page_findings.html", context)


@require_http_methods(["GET", "POST"])
def page_purge_history(request, page_id):
    """Let an administrator purge, with a reason, what earlier revisions hold and the page no longer does."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not is_guarded(type(page)) or not is_administrator(request.user):
        raise PermissionDenied
    form = PurgeHistoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = purge_history(
            page, request.user, form.cleaned_data["reason"], named_values(form.cleaned_data["values"])
        )
        if report:
            messages.success(request, purge_message(report))
        else:
            messages.info(request, _("Nothing to purge: no copy of the page holds a value it no longer shows."))
        return redirect("safety_page_findings", page.pk)
    pending = {}
    for kind, _text, _placeholder in history_values(page):
        label = KIND_LABELS.get(kind, kind)
        pending[label] = pending.get(label, 0) + 1
    context = {
        "page": page,
        "form": form,
        "pending": sorted(pending.items(), key=lambda item: (-item[1], str(item[0]))),
        "findings_url": reverse("safety_page_findings", args=[page.pk]),
        "header_title": _("Purge history"),
    }
    return TemplateResponse(request, "safety/purge_history.html", context)


@require_http_methods(["GET", "POST"])
def finding_occurrences(request, page_id, key):
    """Show where else a finding's value occurs (this page, other library pages); add it to the watch list."""
    page, _can_override = reviewable_page(request, page_id)
    preview = replacement_preview(page, key)
    if preview is None:
        messages.error(request, _("This finding is no longer on the page; it may already have been redacted."))
        return redirect("safety_page_findings", page.pk)
    finding, occurrences, ordinary = preview
    others = pages_holding(finding.text, request.user, exclude_page_id=page.pk)
    if request.method == "POST" and request.POST.get("action") == "watch":
        name, created = WatchedName.objects.get_or_create(
            name=" ".join(finding.text.split())[:200], defaults={"note": _("added from a finding")}
        )
        if not name.active:
            name.active = True
            name.save(update_fields=["active"])
        for other in [page, *(item for item, _copies in others)]:
            latest = other.get_latest_revision()
            if latest is not None:
                record_check(latest.as_object(), latest)
        audit_record("anonymity.watch", user=request.user, obj=page, kind=finding.kind, value_hash=finding.key)
        messages.success(
            request,
            ngettext(
                "Added to the watch list: %(placeholder)s is now flagged here and on %(count)d other page.",
                "Added to the watch list: %(placeholder)s is now flagged here and on %(count)d other pages.",
                len(others),
            )
            % {"placeholder": finding.placeholder, "count": len(others)},
        )
        return redirect("safety_finding_occurrences", page.pk, key)
    context = {
        "page": page,
        "finding": finding,
        "rows": [(field_label(page, field), *rest) for field, *rest in occurrences],
        "ordinary": ordinary,
        "others": [(item, copies, reverse("safety_page_findings", args=[item.pk])) for item, copies in others],
        "watched": WatchedName.objects.filter(name__iexact=" ".join(finding.text.split()), active=True).exists(),
        "findings_url": reverse("safety_page_findings", args=[page.pk]),
        "header_title": _("Other occurrences"),
    }
    return TemplateResponse(request, "safety/finding_occurrences.html", context)
