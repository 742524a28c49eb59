"""The anonymity check inside the page editor: the open findings of the latest revision, above the fields."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import Panel

from safety.review.findings import open_findings_for_request
from safety.views import field_label, review_permissions

MAX_ROWS = 20


class AnonymityFindingsPanel(Panel):
    """Lists the open findings (kind, text in context, placeholder) to people who may edit or review the page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", gettext_lazy("Anonymity check"))
        kwargs.setdefault("icon", "warning")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "safety/panels/findings.html"

        @cached_property
        def findings(self):
            """Return the open findings of the page's latest revision, or none for readers who may not review it."""
            page = self.instance
            if page is None or page.pk is None or self.request is None:
                return []
            may_review, _may_override = review_permissions(page, self.request.user)
            if not may_review:
                return []
            return open_findings_for_request(self.request, page)

        def is_shown(self):
            return bool(self.findings)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            grouped = {}
            for finding in self.findings:
                grouped.setdefault(finding.key, []).append(finding)
            rows = [(items[0], field_label(self.instance, items[0].field), len(items)) for items in grouped.values()]
            context.update(
                {
                    "rows": rows[:MAX_ROWS],
                    "more": max(0, len(rows) - MAX_ROWS),
                    "count": len(self.findings),
                    "findings_url": reverse("safety_page_findings", args=[self.instance.pk]),
                }
            )
            return context
