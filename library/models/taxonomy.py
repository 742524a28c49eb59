from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class CountryQuerySet(models.QuerySet):
    def by_code(self, codes):
        """Return the countries whose ISO codes are given, case-insensitively."""
        return self.filter(code__in=[code.upper() for code in codes])


class Country(index.Indexed, models.Model):
    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code, for example KH, LA, TH or VN."),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("The country's name in English."))
    local_name = models.CharField(
        _("name in the local language"), max_length=100, blank=True, help_text=_("For example ປະເທດລາວ for Laos.")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Countries with lower numbers are listed first in filters.")
    )

    objects = CountryQuerySet.as_manager()

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("local_name"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.SearchField("local_name"), index.FilterField("code")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        super().save(*args, **kwargs)


class TaxonomyTerm(index.Indexed, models.Model):
    """A named term with a URL slug that editors manage as a snippet."""

    name = models.CharField(_("name"), max_length=120, help_text=_("As readers see it in filters and on pages."))
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Lower-case words joined by hyphens, used in filter links. Changing it breaks old links."),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("What this term covers, for editors."))

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.FilterField("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class CrimeType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("crime type")
        verbose_name_plural = _("crime types")


class RecruitmentChannel(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("recruitment channel")
        verbose_name_plural = _("recruitment channels")


class LibraryPageTag(TaggedItemBase):
    content_object = ParentalKey("library.LibraryPage", on_delete=models.CASCADE, related_name="tagged_items")
