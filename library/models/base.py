from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from library.choices import Language
from library.visibility import hidden_for, subtree_filter
from safety.panels import AnonymityFindingsPanel

from .taxonomy import LibraryPageTag


class LibraryPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Return the live pages this reader may open (the rule and its cache: accounts.access.pages.hidden_for)."""
        queryset = self.live()
        paths, ids = hidden_for(user)
        if not paths:
            return queryset
        if ids is not None:
            return queryset.exclude(pk__in=ids)
        return queryset.exclude(pk__in=Page.objects.filter(subtree_filter(paths)).values("pk"))

    def newest_first(self):
        """Return pages ordered by first publication, newest first."""
        return self.order_by("-first_published_at", "-pk")


LibraryPageManager = PageManager.from_queryset(LibraryPageQuerySet)


class LibraryPage(Page):
    """Fields every library page shares and is filtered by: one table for listings, facets and search."""

    summary = models.TextField(
        _("summary"),
        max_length=1000,
        help_text=_("Two or three sentences shown in listings and search results. No names or identifying details."),
    )
    language = models.CharField(
        _("written in"),
        max_length=5,
        choices=Language.choices,
        default=Language.ENGLISH,
        db_index=True,
        help_text=_("The language this page is written in."),
    )
    countries = ParentalManyToManyField(
        "library.Country",
        blank=True,
        related_name="library_pages",
        verbose_name=_("countries"),
        help_text=_("Countries this page concerns."),
    )
    crime_types = ParentalManyToManyField(
        "library.CrimeType",
        blank=True,
        related_name="library_pages",
        verbose_name=_("crime types"),
        help_text=_("Every crime type this page concerns; readers filter the library by them."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("For a case study, the year the events began; otherwise the year of publication."),
    )
    tags = ClusterTaggableManager(
        through=LibraryPageTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Short keywords, for example telegram or fishing-vessel. Readers filter the library by them."),
    )
    translation_of = models.ForeignKey(
        "library.LibraryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("If this page translates another library page, choose the original."),
    )

    import_key = models.CharField(
        _("import key"),
        max_length=255,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Identifies the line of an import file this page came from, so re-imports update it."),
    )

    objects = LibraryPageManager()

    content_type_slug = None  # the page kind in URLs, filters, the search API and import files
    kind_label = None  # its name for readers
    # What a line of an import file (library/importing) writes on a page of this kind: the columns of this class's
    # own table it rewrites, and the child relations it replaces. Each kind lists its own.
    imported_fields = ["summary", "language", "year", "import_key"]
    imported_relations = []
    import_line_fields = {}  # the fields a line may give for this kind beyond the common ones: name -> LineField
    import_body_blocks = ()  # the block types of a body a line may give as a list of blocks (else text or HTML)
    is_creatable = False
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("language"),
        index.FilterField("year"),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
        index.RelatedFields("countries", [index.SearchField("name"), index.FilterField("code")]),
        index.RelatedFields("crime_types", [index.SearchField("name"), index.FilterField("slug")]),
    ]

    # The open anonymity findings above the fields; case studies, methods and resources extend these panels.
    content_panels = [AnonymityFindingsPanel(), *Page.content_panels]

    taxonomy_panels = [
        FieldPanel("language"),
        FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
        FieldPanel("crime_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("year"),
        FieldPanel("tags"),
        PageChooserPanel("translation_of", "library.LibraryPage"),
    ]

    class Meta:
        verbose_name = _("library page")
        verbose_name_plural = _("library pages")

    @property
    def kind_slug(self):
        """Return this page's kind as used in URLs ("case-study", "method", "resource"), without loading it."""
        specific_class = self.specific_class or type(self)
        return getattr(specific_class, "content_type_slug", None) or ""

    @property
    def content_type_label(self):
        """Return the human name of this page's kind, without loading the specific page."""
        specific_class = self.specific_class or type(self)
        return str(getattr(specific_class, "kind_label", None) or "")

    @classmethod
    def kinds(cls):
        """Return the page classes that are library kinds, in the order they are declared."""
        return [model for model in cls.__subclasses__() if model.content_type_slug]

    @classmethod
    def import_problem(cls, item):
        """Return (field, message) when a cleaned import line cannot become a page of this kind, else None."""
        return None

    def fill_from_import(self, item, countries):
        """Set this kind's own fields from a cleaned import line; countries maps ISO codes to Country rows."""

    def all_translations(self, user=None):
        """Return the other live pages this reader may open that translate this one, or that it translates."""
        original_id = self.translation_of_id or self.pk
        if original_id is None:  # a new page being previewed translates nothing yet
            return []
        # One query, without an order: SQLite then reads the two indexes (MULTI-INDEX OR); with ORDER BY path (the
        # pages' default) it would scan every library page instead.
        pages = LibraryPage.objects.filter(Q(pk=original_id) | Q(translation_of_id=original_id)).exclude(pk=self.pk)
        pages = pages.visible_to(user) if user is not None else pages.live()
        return sorted(pages.order_by(), key=lambda page: (page.language, page.pk))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["translations"] = self.all_translations(request.user)
        return context

    def get_text_for_anonymity(self):
        """Return each free-text field by name, for the anonymization check."""
        return {"title": self.title, "summary": self.summary}

    def get_search_text(self):
        """Return each text field a reader sees on the page by name, for the site search (taxonomy names aside)."""
        return self.get_text_for_anonymity()

    def get_search_taxonomy(self):
        """Return the taxonomy entries the page shows besides its countries, crime types and tags."""
        return []

    def get_search_choices(self):
        """Return the (translatable) labels of the pick-list values the page shows, for the site search."""
        return []

    @classmethod
    def taxonomy_panel(cls):
        """Return the panel group for language, countries, crime types, year and tags."""
        return MultiFieldPanel(cls.taxonomy_panels, heading=_("Classification"))


def language_name(code):
    """Return the display name of a content language code."""
    return dict(settings.CONTENT_LANGUAGES).get(code, code)
