"""A training module page: a new library page kind declared once, on its class, and nowhere else."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from library.models import LibraryPage


class TrainingModulePage(LibraryPage):
    """A self-study training module for frontline officers."""

    learning_goals = models.TextField(_("learning goals"), blank=True)

    content_type_slug = "training-module"
    kind_label = _("Training module")
    is_creatable = True
    template = "pagekind_app/training_module_page.html"
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []
    imported_fields = ["learning_goals"]

    content_panels = [*LibraryPage.content_panels, FieldPanel("summary"), FieldPanel("learning_goals")]

    class Meta:
        verbose_name = _("training module")

    @classmethod
    def import_problem(cls, item):
        """Return the fault of an import line without tags: a training module is found by its topics."""
        if not item.tags:
            return "tags", "a training module needs at least one tag"
        return None

    def fill_from_import(self, item, countries):
        """Set the learning goals from an import line's body."""
        self.learning_goals = item.body_html
