"""Validation of search parameters, shared by the search page and the JSON API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search import facets
from search.documents import FACETS, SORTS

MAX_PAGE = 1000


class ListField(forms.Field):
    """A repeated query-string parameter (?tag=a&tag=b), also accepting comma-separated values."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        items = []
        for item in value:
            items.extend(part.strip() for part in str(item).split(","))
        return list(dict.fromkeys(item for item in items if item))


class SearchForm(forms.Form):
    """The query, facet filters, page and order a reader asked for."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=200, strip=True)
    type = ListField(label=_("Type"), required=False)
    country = ListField(label=_("Country"), required=False)
    crime = ListField(label=_("Crime type"), required=False)
    year = ListField(label=_("Year"), required=False)
    language = ListField(label=_("Language"), required=False)
    tag = ListField(label=_("Tag"), required=False)
    page = forms.CharField(label=_("Page"), required=False)
    sort = forms.CharField(label=_("Order"), required=False)
    as_typed = forms.BooleanField(label=_("Search exactly as typed"), required=False)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "getlist"):
            data = {key: data.getlist(key) if key in FACETS else data.get(key) for key in data}
        super().__init__(data, *args, **kwargs)

    def clean(self):
        """Check each facet's values with the facet's owner (see search.facets)."""
        cleaned = super().clean()
        for name in FACETS:
            if cleaned.get(name):
                try:
                    cleaned[name] = facets.clean(name, cleaned[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def clean_page(self):
        value = self.cleaned_data["page"] or "1"
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
            raise forms.ValidationError(
                _("'%(value)s' is not a page number (use a whole number from 1)"), params={"value": value}
            )
        return int(value)

    def clean_sort(self):
        value = self.cleaned_data["sort"] or "relevance"
        if value not in SORTS:
            raise forms.ValidationError(
                _("unknown order '%(value)s' (use one of: %(choices)s)"),
                params={"value": value, "choices": ", ".join(SORTS)},
            )
        return value

    @property
    def filters(self):
        """Return the chosen facet values by facet (valid forms only)."""
        return {name: self.cleaned_data[name] for name in FACETS if self.cleaned_data.get(name)}

    def first_error(self):
        """Return (parameter, message) of the first invalid parameter."""
        for name in self.fields:
            if name in self.errors:
                return name, self.errors[name][0]
        name, errors = next(iter(self.errors.items()))
        return name, errors[0]

    def page_out_of_range(self, pages):
        """Record that the requested page is past the last one."""
        self.add_error(
            "page",
            forms.ValidationError(
                _("page %(page)s is out of range: there are %(pages)s pages"),
                params={"page": self.cleaned_data["page"], "pages": pages},
            ),
        )
