"""Workshop pages: the index of upcoming and past workshops, and one page per workshop."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts import access
from library.choices import Language
from workshops.blocks import AGENDA_BLOCKS
from workshops.choices import MaterialsAudience
from workshops.facilitators import FacilitatorsField
from workshops.models.certificates import CertificateRules


class WorkshopPageTag(TaggedItemBase):
    content_object = ParentalKey("workshops.WorkshopPage", on_delete=models.CASCADE, related_name="tagged_items")


class WorkshopPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitators" in self.fields:
            self.fields["facilitators"] = FacilitatorsField()

    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the workshop is held in."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot come before the first day."))
        if start and end and (end - start).days > 29:
            self.add_error("end_date", _("A workshop lasts 30 days at most."))
        return cleaned


class WorkshopIndexPage(Page):
    """The workshops: upcoming and past, filterable by country, year and topic."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A sentence or two above the listing: who runs the workshops and who they are for."),
    )

    parent_page_types = ["library.HomePage"]
    subpage_types = ["workshops.WorkshopPage"]
    max_count = 1
    template = "workshops/workshop_index_page.html"
    page_description = _("The workshops listing at /workshops/, with filters. There is only one.")

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("workshops index")

    def get_context(self, request, *args, **kwargs):
        from workshops.listing import WorkshopListing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = WorkshopListing(request, self)
        return context


class WorkshopPage(CertificateRules, Page):
    """One workshop: its public description, and for its participants the materials, tests and results."""

    summary = models.TextField(
        _("summary"),
        max_length=1000,
        help_text=_("Two or three sentences shown in listings and search results."),
    )
    start_date = models.DateField(_("first day"), db_index=True)
    end_date = models.DateField(_("last day"))
    province = models.CharField(
        _("province or city"),
        max_length=120,
        help_text=_("Where it takes place, as a province or city only: never a venue or street address."),
    )
    country = models.ForeignKey(
        "library.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("The country where the workshop takes place."),
    )
    organisers = models.CharField(_("organisers"), max_length=255, help_text=_("The agency or agencies that run it."))
    partner_agencies = models.TextField(
        _("partner agencies"), blank=True, help_text=_("One agency a line: the partners who take part or fund it.")
    )
    participant_countries = ParentalManyToManyField(
        "library.Country",
        blank=True,
        related_name="workshops",
        verbose_name=_("countries of the participants"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    audience = models.TextField(
        _("audience"),
        blank=True,
        help_text=_("Who the workshop is for, in public words (for example: immigration officers at land borders)."),
    )
    agenda = StreamField(AGENDA_BLOCKS, blank=True, verbose_name=_("agenda"))
    facilitators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_workshops",
        verbose_name=_("facilitators"),
        help_text=_("The members who train at this workshop: they invite participants, run the tests and see results."),
    )
    materials_audience = models.CharField(
        _("who sees the materials"),
        max_length=20,
        choices=MaterialsAudience.choices,
        default=MaterialsAudience.PARTICIPANTS,
        help_text=_("Materials are for the participants unless you open them wider."),
    )
    curriculum = models.ForeignKey(
        "workshops.Curriculum",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
        verbose_name=_("curriculum"),
        help_text=_("The question bank the pre-test and post-test draw from."),
    )
    cohort = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="workshop",
        verbose_name=_("participants group"),
    )
    tags = ClusterTaggableManager(
        through=WorkshopPageTag,
        blank=True,
        verbose_name=_("topics"),
        help_text=_("Short keywords, for example victim-identification. Readers filter workshops by them."),
    )

    base_form_class = WorkshopPageForm
    parent_page_types = ["workshops.WorkshopIndexPage"]
    subpage_types = []
    template = "workshops/workshop_page.html"
    page_description = _("A training workshop: its public description, its participants' materials and tests.")
    exclude_fields_in_copy = ["cohort"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.FilterField("start_date"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("province"), FieldPanel("country")]),
                FieldPanel("languages"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organisers"),
                FieldPanel("partner_agencies"),
                FieldPanel("participant_countries", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audience"),
                FieldPanel("tags"),
            ],
            heading=_("Who"),
        ),
        FieldPanel("agenda"),
        FieldPanel("facilitators"),
        MultiFieldPanel(
            [FieldPanel("materials_audience"), InlinePanel("materials", label=_("Material"))],
            heading=_("Materials from the library"),
        ),
        FieldPanel("curriculum"),
        CertificateRules.certificate_panel,
    ]

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.cohort_id is None and self.pk is not None:
            self.cohort = Group.objects.create(name=f"Workshop {self.pk} participants")
            type(self).objects.filter(pk=self.pk).update(cohort=self.cohort)

    def get_context(self, request, *args, **kwargs):
        from workshops.access import WorkshopAccess

        context = super().get_context(request, *args, **kwargs)
        context["access"] = WorkshopAccess.of(self, request.user)
        return context

    @property
    def is_upcoming(self):
        """Return whether the workshop has not ended yet."""
        return self.end_date >= timezone.localdate()

    @property
    def days(self):
        """Return the dates of the workshop, first to last."""
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + datetime.timedelta(days=offset) for offset in range(max(count, 1))]

    def partner_list(self):
        """Return the partner agencies, one per line."""
        return [line.strip() for line in self.partner_agencies.splitlines() if line.strip()]

    def language_names(self):
        """Return the names of the workshop's languages in the reader's language."""
        names = dict(Language.choices)
        return [str(names.get(code, code)) for code in self.languages]

    def materials_tokens(self):
        """Return the audience tokens of which a reader must hold one to see the materials (trainers always do)."""
        if self.materials_audience == MaterialsAudience.PUBLIC:
            return {access.PUBLIC}
        if self.materials_audience == MaterialsAudience.MEMBERS:
            return {access.MEMBERS}
        return {access.group_token(self.cohort_id)} if self.cohort_id else {access.NOBODY}

    @cached_property
    def participant_ids(self):
        """Return the ids of the cohort's members."""
        if not self.cohort_id:
            return set()
        return set(self.cohort.user_set.values_list("pk", flat=True))

    def get_text_for_anonymity(self):
        """Return each free-text field by name, for the anonymization check."""
        agenda = "\n".join(
            "\n".join(filter(None, [block.value.get("title"), block.value.get("description")])) for block in self.agenda
        )
        return {
            "title": self.title,
            "summary": self.summary,
            "province": self.province,
            "audience": self.audience,
            "agenda": agenda,
        }


class WorkshopMaterial(Orderable):
    """A library page the workshop taught with."""

    page = ParentalKey(WorkshopPage, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        "library.LibraryPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("library page"),
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("Optional: which session used it, or why to read it.")
    )

    panels = [PageChooserPanel("material", ["library.LibraryPage"]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")
