from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from library.listing import LibraryListing, latest_pages

from .base import LibraryPage


class LibraryIndexPage(Page):
    """The library: every published library page, newest first, filterable by country, type, crime, year and tag."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two above the listing: what the library holds."),
    )

    parent_page_types = ["library.HomePage"]
    max_count = 1
    template = "library/library_index_page.html"
    page_description = _("The library listing at /library/, with filters. There is only one.")

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("library index")

    @classmethod
    def clean_subpage_models(cls):
        """Return the library's page kinds: each declares itself on its class (LibraryPage.kinds()), listed nowhere."""
        return LibraryPage.kinds()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = LibraryListing(request)
        return context


class HomePage(Page):
    """The front page: what the exchange is, the latest case studies, and the way into search."""

    intro = RichTextField(
        _("introduction"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("What the exchange is and who it is for."),
    )
    illustrative_notice = models.CharField(
        _("notice"),
        max_length=255,
        blank=True,
        help_text=_("A short notice shown on every page, for example that demo content is illustrative."),
    )

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "library/home_page.html"
    page_description = _("The front page of the site. There is only one.")

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("illustrative_notice")]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def clean_subpage_models(cls):
        """Return the page types that name the home page as their parent (the library index, an app's index)."""
        return [
            model
            for model in get_page_models()
            if getattr(model, "parent_page_types", None) and cls in model.clean_parent_page_models()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index = LibraryIndexPage.objects.child_of(self).live().exists()
        context["latest_case_studies"] = latest_pages(request.user, "case-study", 6) if index else []
        return context
