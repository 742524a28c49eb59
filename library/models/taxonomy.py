from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .translated_names import NAME_LANGUAGES, TranslatedNames, reader_language


class CountryQuerySet(models.QuerySet):
    def by_code(self, codes):
        """Return the countries whose ISO codes are given, case-insensitively."""
        return self.filter(code__in=[code.upper() for code in codes])


class Country(index.Indexed, TranslatedNames):
    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code, for example KH, LA, TH or VN."),
    )
    name = models.CharField(_("name in English"), max_length=100, help_text=_("The country's name in English."))
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Countries with lower numbers are listed first in filters.")
    )

    objects = CountryQuerySet.as_manager()

    panels = [FieldPanel("code"), FieldPanel("name"), TranslatedNames.translation_panel, FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), *TranslatedNames.translation_search_fields, index.FilterField("code")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def save(self, *args, **kwargs):
        self.code = self.code.upper()
        super().save(*args, **kwargs)


class TaxonomyTerm(index.Indexed, TranslatedNames):
    """A named term with a URL slug that editors manage as a snippet."""

    name = models.CharField(
        _("name in English"), max_length=120, help_text=_("As readers see it in filters and on pages.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Lower-case words joined by hyphens, used in filter links. Changing it breaks old links."),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("What this term covers, for editors."))

    panels = [FieldPanel("name"), TranslatedNames.translation_panel, FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), *TranslatedNames.translation_search_fields, index.FilterField("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]


class CrimeType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("crime type")
        verbose_name_plural = _("crime types")


class RecruitmentChannel(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("recruitment channel")
        verbose_name_plural = _("recruitment channels")


class Province(TaxonomyTerm):
    """A province, state or region of a country (its first-level division): the most precise place a case study is
    coded with, and the finest that insights counts by (with small victim-profile cells suppressed)."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="provinces", verbose_name=_("country"))

    panels = [FieldPanel("country"), *TaxonomyTerm.panels]

    class Meta(TaxonomyTerm.Meta):
        ordering = ["country__sort_order", "country__name", "name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class HtcdsTerm(TaxonomyTerm):
    """A pick-list term aligned with IOM's Human Trafficking Case Data Standard (HTCDS): the field and value it maps to.

    The mapping is used by the insights exports (aggregates only, never individual victims); docs/htcds.md lists it.
    A term with no HTCDS equivalent keeps the field of its pick-list and an empty value.
    """

    htcds_field_default = ""

    htcds_field = models.CharField(
        _("HTCDS field"),
        max_length=80,
        blank=True,
        help_text=_("The HTCDS field name this term maps to, for example vic_MethodsOfControl."),
    )
    htcds_value = models.CharField(
        _("HTCDS value"),
        max_length=80,
        blank=True,
        help_text=_("The HTCDS value name, for example DebtBondage. Leave empty if the standard has none."),
    )

    panels = [*TaxonomyTerm.panels, FieldPanel("htcds_field"), FieldPanel("htcds_value")]

    class Meta(TaxonomyTerm.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        self.htcds_field = self.htcds_field or self.htcds_field_default
        super().save(*args, **kwargs)


class RecruitmentType(HtcdsTerm):
    htcds_field_default = "vic_MethodOfRecruitment"

    class Meta(HtcdsTerm.Meta):
        verbose_name = _("recruitment type")
        verbose_name_plural = _("recruitment types")


class RecruitmentPlatform(HtcdsTerm):
    htcds_field_default = "vic_RecruitmentWebsitesAndApps"

    class Meta(HtcdsTerm.Meta):
        verbose_name = _("recruitment platform")
        verbose_name_plural = _("recruitment platforms")


class ControlMeans(HtcdsTerm):
    htcds_field_default = "vic_MethodsOfControl"

    class Meta(HtcdsTerm.Meta):
        verbose_name = _("means of control")
        verbose_name_plural = _("means of control")


class ExploitationType(HtcdsTerm):
    htcds_field_default = "vic_TypeOfLabourExploitation"

    class Meta(HtcdsTerm.Meta):
        verbose_name = _("type of exploitation")
        verbose_name_plural = _("types of exploitation")


class TransportType(HtcdsTerm):
    htcds_field_default = "ftl_TransportAndCrossing"

    class Meta(HtcdsTerm.Meta):
        verbose_name = _("transport and crossing type")
        verbose_name_plural = _("transport and crossing types")


class AssistanceType(HtcdsTerm):
    htcds_field_default = "cas_ReferredOrganisation.org_Type"

    class Meta(HtcdsTerm.Meta):
        verbose_name = _("referral and assistance")
        verbose_name_plural = _("referral and assistance")


# The HTCDS-aligned pick-lists of a case study: (page field, model), in the order editors and exports show them.
HTCDS_PICK_LISTS = (
    ("recruitment_types", RecruitmentType),
    ("recruitment_platforms", RecruitmentPlatform),
    ("control_means", ControlMeans),
    ("exploitation_types", ExploitationType),
    ("transport_types", TransportType),
    ("assistance_types", AssistanceType),
)


class LibraryPageTag(TaggedItemBase):
    content_object = ParentalKey("library.LibraryPage", on_delete=models.CASCADE, related_name="tagged_items")


class TagNames(TranslatedNames):
    """A tag's name in the translated languages (the tag's own name is its English one)."""

    tag = models.OneToOneField(
        Tag, on_delete=models.CASCADE, primary_key=True, related_name="names", verbose_name=_("tag")
    )

    panels = [FieldPanel("tag"), TranslatedNames.translation_panel]

    class Meta:
        ordering = ["tag__name"]
        verbose_name = _("tag translation")
        verbose_name_plural = _("tag translations")

    def english_name(self) -> str:
        """Return the tag's own name."""
        return self.tag.name


def tag_labels(tags) -> dict[str, str]:
    """Return {slug: name in the reader's language} of the given tags, in one query."""
    tags = list(tags)
    language = reader_language()
    translated = {}
    if language in NAME_LANGUAGES and tags:
        rows = TagNames.objects.filter(tag__in=[tag.pk for tag in tags]).values_list("tag_id", f"name_{language}")
        translated = {tag_id: name.strip() for tag_id, name in rows if name.strip()}
    return {tag.slug: translated.get(tag.pk, tag.name) for tag in tags}
