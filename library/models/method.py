from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.rich_text import RichText
from wagtail.search import index

from library.blocks import RICH_TEXT_FEATURES, StepBlock
from library.importing.fields import LineField
from safety.text import html_text

from .base import LibraryPage


class MethodLegalBasis(Orderable):
    page = ParentalKey("library.MethodPage", on_delete=models.CASCADE, related_name="legal_bases")
    country = models.ForeignKey(
        "library.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    basis = models.TextField(
        _("legal basis"), help_text=_("The law and articles that allow this method in this country.")
    )

    panels = [FieldPanel("country"), FieldPanel("basis")]

    class Meta(Orderable.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")


class MethodPage(LibraryPage):
    """An investigation or identification method: when to use it, how, on what legal basis, and what to avoid."""

    purpose = models.TextField(_("purpose"), help_text=_("What this method achieves, in a sentence or two."))
    when_to_use = RichTextField(
        _("when to use it"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The situations where this method helps, and where it does not."),
    )
    steps = StreamField(
        [("step", StepBlock())],
        blank=True,
        verbose_name=_("steps"),
        help_text=_("One block per step, in the order an officer takes them."),
    )
    indicators = RichTextField(
        _("indicators"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Signs that point to trafficking or smuggling."),
    )
    what_to_avoid = RichTextField(
        _("what to avoid"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Victim-centred, trauma-informed practice: what harms victims or cases."),
    )

    content_type_slug = "method"
    kind_label = _("Investigation method")
    imported_fields = ["purpose", "when_to_use", "steps"]
    imported_relations = ["legal_bases"]
    import_line_fields = {
        "purpose": LineField("text"),  # without it, the summary
        "indicators": LineField("rich"),
        "what_to_avoid": LineField("rich"),
        "steps": LineField("steps"),
        "legal_bases": LineField("country_texts"),
        # The case studies that link to this method (the other side of a case study's related_methods).
        "related_case_studies": LineField("pages", kind="case-study"),
    }
    is_creatable = True
    template = "library/method_page.html"
    page_description = _("An investigation or identification method: purpose, steps, legal basis, what to avoid.")
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    search_fields = [
        *LibraryPage.search_fields,
        index.SearchField("purpose"),
        index.SearchField("when_to_use"),
        index.SearchField("steps"),
        index.SearchField("indicators"),
        index.SearchField("what_to_avoid"),
    ]

    content_panels = [
        *LibraryPage.content_panels,
        FieldPanel("language"),
        FieldPanel("summary"),
        FieldPanel("purpose"),
        FieldPanel("when_to_use"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [
                FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
                InlinePanel("legal_bases", label=_("Legal basis")),
            ],
            heading=_("Countries and legal basis"),
        ),
        FieldPanel("indicators"),
        FieldPanel("what_to_avoid"),
        FieldPanel("crime_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("year"),
    ]
    promote_panels = [
        *LibraryPage.promote_panels,
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("translation_of")], heading=_("Tags and translations")),
    ]

    class Meta:
        verbose_name = _("investigation method")
        verbose_name_plural = _("investigation methods")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .case_study import CaseStudyPage

        if self.pk:  # a new page being previewed has no related case studies yet
            cases = CaseStudyPage.objects.filter(related_methods=self.pk).visible_to(request.user).newest_first()
            context["related_case_studies"] = list(cases)
        else:
            context["related_case_studies"] = []
        context["legal_bases"] = list(self.legal_bases.select_related("country"))
        return context

    def fill_from_import(self, item, countries):
        """Set the purpose (the summary unless given), when to use it (the body), the steps and legal bases."""
        self.purpose = item.summary
        self.when_to_use = item.body_html
        if "steps" in item.extra:
            self.steps = [
                ("step", {"title": title, "detail": RichText(detail)}) for title, detail in item.extra["steps"]
            ]
        if "legal_bases" in item.extra:
            self.legal_bases = [
                MethodLegalBasis(country=countries[code], basis=basis, sort_order=n)
                for n, (code, basis) in enumerate(item.extra["legal_bases"])
            ]

    def get_text_for_anonymity(self):
        """Return each free-text field by name, for the anonymization check."""
        text = super().get_text_for_anonymity()
        text["purpose"] = self.purpose
        for name in ("when_to_use", "indicators", "what_to_avoid"):
            text[name] = html_text(getattr(self, name))
        text["steps"] = html_text(self.steps.render_as_block() if self.steps else "")
        return text

    def get_search_text(self):
        """Return the reader-visible text fields, with the legal basis in each country (the laws' titles)."""
        text = super().get_search_text()
        text["legal_bases"] = "\n".join(basis.basis for basis in self.legal_bases.all())
        return text

    def get_search_taxonomy(self):
        """Return the countries of the legal bases (each basis is headed by its country)."""
        return [basis.country for basis in self.legal_bases.all()]
