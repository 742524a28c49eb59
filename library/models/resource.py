from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from library.choices import ResourceKind
from library.importing.fields import LineField

from .base import LibraryPage
from .media import LibraryDocument


class ResourcePage(LibraryPage):
    """A training curriculum, guide, law or form: an uploaded PDF or DOCX, or a link."""

    resource_kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ResourceKind.choices,
        default=ResourceKind.GUIDE,
        help_text=_("Training curriculum, guide, law, form…"),
    )
    document = models.ForeignKey(
        "library.LibraryDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
        help_text=_("A PDF or DOCX file. Its text is extracted for search."),
    )
    link = models.URLField(
        _("link"), blank=True, help_text=_("Use instead of a document when the resource lives elsewhere.")
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, help_text=_("The agency or organization that issued it.")
    )

    content_type_slug = "resource"
    kind_label = _("Resource")
    imported_fields = ["link", "document"]
    import_line_fields = {
        "resource_kind": LineField("choice", choices=tuple(ResourceKind.values)),
        "publisher": LineField("text", max_length=200),
        "document": LineField("document"),
    }
    is_creatable = True
    template = "library/resource_page.html"
    page_description = _("A training curriculum, guide, law or form: an uploaded PDF or DOCX, or a link.")
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    search_fields = [
        *LibraryPage.search_fields,
        index.SearchField("publisher"),
        index.RelatedFields("document", [index.SearchField("extracted_text")]),
    ]

    content_panels = [
        *LibraryPage.content_panels,
        FieldPanel("language"),
        FieldPanel("resource_kind"),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("link"),
        FieldPanel("publisher"),
        FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
        FieldPanel("crime_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("year"),
    ]
    promote_panels = [
        *LibraryPage.promote_panels,
        FieldPanel("tags"),
        FieldPanel("translation_of"),
    ]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    @classmethod
    def import_problem(cls, item):
        """Return the fault of an import line with a body, or with neither an address nor a document."""
        if item.body_html:
            return "body", "a resource has no body text; describe it in summary and link it in source"
        if not item.source_url and "document" not in item.extra:
            return "source", "a resource needs its address (http:// or https://) in source, or a document"
        return None

    def fill_from_import(self, item, countries):
        """Set the link from an import line's source, and attach its document (kept when the file is the same)."""
        self.link = item.source_url
        if "document" in item.extra:
            current = self.document if self.document_id else None
            self.document = LibraryDocument.from_import(item.extra["document"], current)

    def clean(self):
        super().clean()
        if not self.document_id and not self.link:
            raise ValidationError({"document": _("Upload a document or give a link.")})

    @property
    def extracted_text(self):
        """Return the text extracted from the attached document, if any."""
        return self.document.extracted_text if self.document_id else ""

    def get_text_for_anonymity(self):
        """Return each free-text field by name, for the anonymization check."""
        text = super().get_text_for_anonymity()
        text["document"] = self.extracted_text
        return text

    def get_search_text(self):
        """Return the reader-visible text fields, with the publisher."""
        text = super().get_search_text()
        text["publisher"] = self.publisher
        return text

    def get_search_choices(self):
        """Return the resource's kind as the page shows it."""
        kind = self.resource_kind
        return [ResourceKind(kind).label] if kind in ResourceKind.values else []
