from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.rich_text import RichText
from wagtail.search import index

from library.blocks import RICH_TEXT_FEATURES, BodyBlock, SourceBlock
from library.choices import AgeBand, CountryRole, GenderBand, OutcomeStatus, VictimCountBand
from library.importing.fields import LineField
from safety.text import html_text

from .base import LibraryPage
from .taxonomy import HTCDS_PICK_LISTS, Province, RecruitmentChannel


class CaseStudyCountry(Orderable):
    page = ParentalKey("library.CaseStudyPage", on_delete=models.CASCADE, related_name="country_roles")
    country = models.ForeignKey(
        "library.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    role = models.CharField(_("role"), max_length=20, choices=CountryRole.choices)

    panels = [FieldPanel("country"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("country involved")
        verbose_name_plural = _("countries involved")

    def __str__(self):
        return f"{self.country} ({self.get_role_display()})"


class CaseStudyPage(LibraryPage):
    """An anonymized account of a real case: what happened, how it was found and handled, what was learned."""

    border_area = models.CharField(
        _("border area or province"),
        max_length=200,
        blank=True,
        help_text=_("A province, district or crossing point; never a village, street or address."),
    )
    year_end = models.PositiveSmallIntegerField(
        _("last year of events"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the events took place within one year."),
    )
    recruitment_channels = ParentalManyToManyField(
        "library.RecruitmentChannel",
        blank=True,
        related_name="case_studies",
        verbose_name=_("recruitment channels"),
    )
    recruitment_types = ParentalManyToManyField(
        "library.RecruitmentType", blank=True, related_name="case_studies", verbose_name=_("recruitment types")
    )
    recruitment_platforms = ParentalManyToManyField(
        "library.RecruitmentPlatform",
        blank=True,
        related_name="case_studies",
        verbose_name=_("recruitment platforms"),
        help_text=_("The websites and apps through which victims were recruited."),
    )
    control_means = ParentalManyToManyField(
        "library.ControlMeans", blank=True, related_name="case_studies", verbose_name=_("means of control")
    )
    exploitation_types = ParentalManyToManyField(
        "library.ExploitationType", blank=True, related_name="case_studies", verbose_name=_("types of exploitation")
    )
    transport_types = ParentalManyToManyField(
        "library.TransportType",
        blank=True,
        related_name="case_studies",
        verbose_name=_("transport and crossing"),
        help_text=_("How victims were moved and how borders were crossed."),
    )
    assistance_types = ParentalManyToManyField(
        "library.AssistanceType",
        blank=True,
        related_name="case_studies",
        verbose_name=_("referral and assistance"),
        help_text=_("The services victims were referred to or received."),
    )
    modus_operandi = RichTextField(
        _("modus operandi"), features=RICH_TEXT_FEATURES, blank=True, help_text=_("How the offenders operated.")
    )
    victim_count = models.CharField(
        _("number of victims"),
        max_length=10,
        choices=VictimCountBand.choices,
        default=VictimCountBand.UNKNOWN,
        help_text=_("A band, never an exact figure that could identify the case."),
    )
    victim_age_band = models.CharField(
        _("age band"),
        max_length=10,
        choices=AgeBand.choices,
        default=AgeBand.UNKNOWN,
        help_text=_("The age band of most victims; never a date of birth or an exact age."),
    )
    victim_gender = models.CharField(
        _("gender"),
        max_length=10,
        choices=GenderBand.choices,
        default=GenderBand.UNKNOWN,
        help_text=_("Aggregate only. Never record a victim's name, photo or any other identity."),
    )
    detection = RichTextField(
        _("how it was detected"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Tip-off, screening, patrol, hotline call…"),
    )
    investigation_steps = RichTextField(
        _("investigation steps"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("What investigators did, in order: interviews, records checks, surveillance, arrests."),
    )
    cooperation = RichTextField(
        _("cooperation across borders"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Which agencies worked together, through which channels."),
    )
    outcome_status = models.CharField(
        _("outcome"),
        max_length=20,
        choices=OutcomeStatus.choices,
        default=OutcomeStatus.INVESTIGATION,
        help_text=_("Where the case stands: investigation, prosecution, conviction…"),
    )
    sentence = models.CharField(
        _("sentence"), max_length=255, blank=True, help_text=_("For example: 12 years' imprisonment and a fine.")
    )
    victim_support = RichTextField(
        _("victim support"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Shelter, repatriation, compensation…"),
    )
    lessons_learned = RichTextField(
        _("lessons learned"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("What other officers can take from this case: what worked, what to do differently."),
    )
    provinces = ParentalManyToManyField(
        "library.Province",
        blank=True,
        related_name="case_studies",
        verbose_name=_("provinces"),
        help_text=_(
            "The provinces (states, regions) where it happened, of the countries above: the most precise place a "
            "case study names. Insights counts by province, never by anything smaller."
        ),
    )
    related_methods = ParentalManyToManyField(
        "library.MethodPage",
        blank=True,
        related_name="related_case_studies",
        verbose_name=_("related methods"),
        help_text=_("Investigation methods used or illustrated here; this case study is listed on each of them."),
    )
    sources = StreamField(
        [("source", SourceBlock())],
        blank=True,
        verbose_name=_("sources"),
        help_text=_("Published reports, judgments or news the account is drawn from."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("further detail"),
        help_text=_("Anything the sections above do not cover: headings, text, quotes, images, documents."),
    )

    content_type_slug = "case-study"
    kind_label = _("Case study")
    imported_fields = ["body", "sources"]
    imported_relations = [
        "country_roles",
        "recruitment_channels",
        "provinces",
        "related_methods",
        *(name for name, _model in HTCDS_PICK_LISTS),
    ]
    import_body_blocks = ("paragraph", "heading", "quote")
    import_line_fields = {
        "border_area": LineField("text", max_length=200),
        "provinces": LineField("slugs", model="library.Province"),
        "year_end": LineField("year"),
        "recruitment_channels": LineField("slugs", model="library.RecruitmentChannel"),
        **{name: LineField("slugs", model=f"library.{model.__name__}") for name, model in HTCDS_PICK_LISTS},
        "modus_operandi": LineField("rich"),
        "victim_count": LineField("choice", choices=tuple(VictimCountBand.values)),
        "victim_age_band": LineField("choice", choices=tuple(AgeBand.values)),
        "victim_gender": LineField("choice", choices=tuple(GenderBand.values)),
        "detection": LineField("rich"),
        "investigation_steps": LineField("rich"),
        "cooperation": LineField("rich"),
        "outcome_status": LineField("choice", choices=tuple(OutcomeStatus.values)),
        "sentence": LineField("text", max_length=255),
        "victim_support": LineField("rich"),
        "lessons_learned": LineField("rich"),
        "related_methods": LineField("pages", kind="method"),
        "sources": LineField("sources"),
    }
    is_creatable = True
    template = "library/case_study_page.html"
    page_description = _(
        "An anonymized account of a case: what happened, how it was detected and handled, and lessons."
    )
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    search_fields = [
        *LibraryPage.search_fields,
        index.SearchField("border_area"),
        index.SearchField("modus_operandi"),
        index.SearchField("detection"),
        index.SearchField("investigation_steps"),
        index.SearchField("cooperation"),
        index.SearchField("lessons_learned"),
        index.SearchField("body"),
    ]

    content_panels = [
        *LibraryPage.content_panels,
        FieldPanel("language"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                InlinePanel("country_roles", label=_("Country"), min_num=1),
                FieldPanel("provinces", widget=forms.CheckboxSelectMultiple),
                FieldPanel("border_area"),
                FieldRowPanel([FieldPanel("year"), FieldPanel("year_end")]),
            ],
            heading=_("Where and when"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("crime_types", widget=forms.CheckboxSelectMultiple),
                FieldPanel("recruitment_channels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("modus_operandi"),
            ],
            heading=_("The crime"),
        ),
        MultiFieldPanel(
            [FieldPanel(name, widget=forms.CheckboxSelectMultiple) for name, _model in HTCDS_PICK_LISTS],
            heading=_("Coding on the Human Trafficking Case Data Standard (HTCDS)"),
            help_text=_("Tick what the account shows; insights and the open-data exports count these."),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("victim_count"), FieldPanel("victim_age_band"), FieldPanel("victim_gender")])],
            heading=_("Victim profile (aggregate only, never identities)"),
        ),
        FieldPanel("detection"),
        FieldPanel("investigation_steps"),
        FieldPanel("cooperation"),
        MultiFieldPanel(
            [FieldPanel("outcome_status"), FieldPanel("sentence"), FieldPanel("victim_support")],
            heading=_("Outcome"),
        ),
        FieldPanel("lessons_learned"),
        FieldPanel("related_methods", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sources"),
        FieldPanel("body"),
    ]
    promote_panels = [
        *LibraryPage.promote_panels,
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("translation_of")],
            heading=_("Tags and translations"),
        ),
    ]

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def full_clean(self, *args, **kwargs):
        """Derive the filterable countries from the countries involved, then validate."""
        self.sync_countries()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.sync_countries()
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Imported here: importing method.py first would define MethodPage first and change the kinds' order.
        from .method import MethodPage

        method_ids = [method.pk for method in self.related_methods.all()]
        methods = MethodPage.objects.filter(pk__in=method_ids).visible_to(request.user)
        context["related_methods"] = list(methods.order_by("title"))
        context["country_roles"] = list(self.country_roles.select_related("country"))
        context["provinces"] = list(self.provinces.all())
        context["htcds_terms"] = [
            (self._meta.get_field(name).verbose_name, terms)
            for name, _model in HTCDS_PICK_LISTS
            if (terms := list(getattr(self, name).all()))
        ]
        return context

    def sync_countries(self):
        """Set the page's countries to those named in its country roles."""
        countries = {role.country.pk: role.country for role in self.country_roles.all() if role.country_id}
        if countries or self.pk:
            self.countries = list(countries.values())

    @property
    def years_label(self):
        """Return the event years as a range, for example 2021–2023."""
        if self.year and self.year_end and self.year_end != self.year:
            return f"{self.year}–{self.year_end}"
        return str(self.year or "")

    @classmethod
    def import_problem(cls, item):
        """Return the fault of an import line that names no country, or gives both source and sources."""
        if not item.countries:
            return "countries", "a case study needs at least one country"
        if item.source and "sources" in item.extra:
            return "sources", "give the sources either in source (one) or in sources (a list), not in both"
        if item.extra.get("provinces"):
            codes = {code for code, _role in item.countries}
            for slug, code in Province.objects.filter(slug__in=item.extra["provinces"]).values_list(
                "slug", "country__code"
            ):
                if code not in codes:
                    return "provinces", f"'{slug}' is a province of {code}, which the line's countries do not name"
        return None

    def fill_from_import(self, item, countries):
        """Set the countries with their roles, the body and the sources from a cleaned import line."""
        self.country_roles = [
            CaseStudyCountry(country=countries[code], role=role, sort_order=n)
            for n, (code, role) in enumerate(item.countries)
        ]
        if item.body_blocks is not None:
            self.body = [(kind, RichText(value) if kind == "paragraph" else value) for kind, value in item.body_blocks]
        else:
            self.body = [("paragraph", RichText(item.body_html))] if item.body_html else []
        if "sources" in item.extra:
            self.sources = [("source", source) for source in item.extra["sources"]]
        else:
            source = {"title": item.source[:255], "url": item.source_url}
            self.sources = [("source", source)] if item.source else []
        pick_lists = [("recruitment_channels", RecruitmentChannel), ("provinces", Province), *HTCDS_PICK_LISTS]
        for name, model in pick_lists:
            if name in item.extra:
                setattr(self, name, list(model.objects.filter(slug__in=item.extra[name])))

    def get_text_for_anonymity(self):
        """Return each free-text field by name, for the anonymization check."""
        text = super().get_text_for_anonymity()
        text["border_area"] = self.border_area
        text["sentence"] = self.sentence
        for name in (
            "modus_operandi",
            "detection",
            "investigation_steps",
            "cooperation",
            "victim_support",
            "lessons_learned",
        ):
            text[name] = html_text(getattr(self, name))
        text["body"] = html_text(self.body.render_as_block() if self.body else "")
        return text

    def get_search_text(self):
        """Return the reader-visible text fields, with the sources' titles and publishers."""
        text = super().get_search_text()
        text["sources"] = "\n".join(
            " ".join(str(block.value.get(name) or "") for name in ("title", "publisher")).strip()
            for block in self.sources
        )
        return text

    def get_search_taxonomy(self):
        """Return the recruitment channels and provinces (shown among the case's facts)."""
        return [*self.recruitment_channels.all(), *self.provinces.all()]

    def get_search_choices(self):
        """Return the outcome and the victims' age band and gender as the facts show them (unrecorded ones left out)."""
        values = (
            (OutcomeStatus, self.outcome_status),
            (AgeBand, self.victim_age_band),
            (GenderBand, self.victim_gender),
        )
        return [choices(value).label for choices, value in values if value in choices.values and value != "unknown"]
