"""The workshops index: upcoming and past workshops a reader may open, filtered by country, year and topic."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from accounts import access
from library.models import Country, tag_labels
from workshops.models import WorkshopPage


class WorkshopFilterForm(forms.Form):
    """The filters of the workshops index; an unknown value is reported, never an error page."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, data, workshops):
        super().__init__(data)
        ids = [page.pk for page in workshops]
        countries = Country.objects.filter(Q(workshops__in=ids) | Q(pk__in=[page.country_id for page in workshops]))
        everything = [("", _("All"))]
        self.fields["country"].choices = everything + sorted(
            ((country.code, country.label) for country in countries.distinct()), key=lambda pair: str(pair[1])
        )
        years = sorted({page.start_date.year for page in workshops}, reverse=True)
        self.fields["year"].choices = everything + [(year, year) for year in years]
        tags = Tag.objects.filter(workshops_workshoppagetag_items__content_object_id__in=ids).distinct()
        labels = tag_labels(tags)
        self.fields["topic"].choices = everything + sorted(labels.items(), key=lambda pair: pair[1].lower())


class WorkshopListing:
    """The visible workshops under an index, filtered by the query string, split into upcoming and past."""

    def __init__(self, request, index):
        self.request = request
        self.index = index

    @cached_property
    def visible(self):
        pages = WorkshopPage.objects.child_of(self.index).live()
        paths, ids = access.hidden_for(self.request.user)
        if paths:
            pages = pages.exclude(pk__in=ids) if ids is not None else pages.exclude(access.subtree_filter(paths))
        return list(pages.select_related("country").prefetch_related("participant_countries", "tags"))

    @cached_property
    def form(self):
        return WorkshopFilterForm(self.request.GET or None, self.visible)

    @cached_property
    def active(self):
        return bool(self.form.is_bound and self.form.is_valid() and any(self.form.cleaned_data.values()))

    @cached_property
    def workshops(self):
        if self.form.is_bound and not self.form.is_valid():
            return []
        wanted = self.form.cleaned_data if self.form.is_bound else {}
        country, year, topic = wanted.get("country"), wanted.get("year"), wanted.get("topic")
        result = []
        for page in self.visible:
            codes = {page.country.code, *(c.code for c in page.participant_countries.all())}
            if country and country not in codes:
                continue
            if year and page.start_date.year != year:
                continue
            if topic and topic not in {tag.slug for tag in page.tags.all()}:
                continue
            result.append(page)
        return result

    @cached_property
    def upcoming(self):
        today = timezone.localdate()
        return sorted((page for page in self.workshops if page.end_date >= today), key=lambda page: page.start_date)

    @cached_property
    def past(self):
        today = timezone.localdate()
        return sorted(
            (page for page in self.workshops if page.end_date < today), key=lambda page: page.start_date, reverse=True
        )
