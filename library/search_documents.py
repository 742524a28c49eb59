"""What the library tells the search service: its page kinds, its facets (countries, crime types), its documents."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from accounts import access
from library.choices import AgeBand, CountryRole, GenderBand, VictimCountBand
from library.models import (
    HTCDS_PICK_LISTS,
    NAME_LANGUAGES,
    CaseStudyPage,
    Country,
    CrimeType,
    LibraryPage,
    MethodPage,
    Province,
    RecruitmentChannel,
    TagNames,
    tag_labels,
)
from search import facets
from search.documents import WORK_FACET, SearchDocument, register

# Raise when build_library_page puts different text in the documents: `manage.py migrate` then rebuilds the index.
# 2: every reader-visible field, taxonomy names in five languages; 3: provinces; 4: a case study's work (translations)
# and borders; 5: every library page's work (methods and resources with translations listed once too)
DOCUMENT_VERSION = 5
SEARCH_LANGUAGES = ("en", *NAME_LANGUAGES)

_audience_by_path: access.AudienceByPath | None = None
_tag_names: dict[int, list[str]] | None = None
_choice_names: dict[int, tuple[object, list[str]]] | None = None  # id(label) -> (label, its text per language)


@contextmanager
def cached_audiences():
    """Within the block, read the restrictions and tag names once, derive every page's audience from its path and
    translate each pick-list label once."""
    global _audience_by_path, _tag_names, _choice_names  # noqa: PLW0603 - bulk-build caches scoped by this block
    previous = _audience_by_path, _tag_names, _choice_names
    _audience_by_path = access.AudienceByPath()
    _tag_names = {entry.tag_id: entry.all_names() for entry in TagNames.objects.select_related("tag")}
    _choice_names = {}
    try:
        yield
    finally:
        _audience_by_path, _tag_names, _choice_names = previous


def page_audience(page) -> list[str]:
    """Return the audience tokens of a page (from the bulk cache when one is active)."""
    if _audience_by_path is None:
        return access.page_audience(page)
    return _audience_by_path.audience(page)


# Facets only the embedded index's summary keeps (search.facets summary_only): what insights counts on.
# Countries by their role in a case study, the recruitment channels, the HTCDS-aligned pick-lists, the victim
# profile bands (which insights suppresses in small cells) and the methods a case study links to (page ids).
ROLE_FACETS = {CountryRole.ORIGIN: "origin", CountryRole.TRANSIT: "transit", CountryRole.DESTINATION: "destination"}
PICK_LIST_FACETS = {
    "recruitment_channels": "channel",
    "provinces": "province",
    "recruitment_types": "recruitment",
    "recruitment_platforms": "platform",
    "control_means": "control",
    "exploitation_types": "exploitation",
    "transport_types": "transport",
    "assistance_types": "assistance",
}
PICK_LIST_MODELS = {"recruitment_channels": RecruitmentChannel, "provinces": Province, **dict(HTCDS_PICK_LISTS)}
PROFILE_FACETS = {"victim_age_band": "age", "victim_gender": "gender", "victim_count": "victims"}
PROFILE_CHOICES = {"victim_age_band": AgeBand, "victim_gender": GenderBand, "victim_count": VictimCountBand}
METHOD_FACET = "method"
BORDER_FACET = "border"
BORDER_SEPARATOR = "-"
READER_PICK_LISTS = ("channel", "province")
"""The pick-list facets readers filter the library listing on (insights links with them), and may follow."""


def work_of(page) -> str:
    """Return the work facet's value of a library page: one value for a page and its translations."""
    return f"t{page.translation_of_id}" if page.translation_of_id else f"o{page.pk}"


def summary_facets(page) -> dict[str, list[str]]:
    """Return the summary-only facet values of a library page: its work (a page and its translations list and count
    once), and a case study's route, pick-lists, victim profile, methods and borders."""
    if not isinstance(page, CaseStudyPage):
        return {WORK_FACET: [work_of(page)]}
    values: dict[str, list[str]] = {name: [] for name in ROLE_FACETS.values()}
    for role in page.country_roles.all():
        facet = ROLE_FACETS.get(role.role)
        if facet and role.country.code not in values[facet]:
            values[facet].append(role.country.code)
    for field, facet in PICK_LIST_FACETS.items():
        values[facet] = sorted(term.slug for term in getattr(page, field).all())
    for field, facet in PROFILE_FACETS.items():
        values[facet] = [getattr(page, field)]
    values[METHOD_FACET] = sorted(str(method.pk) for method in page.related_methods.all())
    route = sorted({code for facet in ROLE_FACETS.values() for code in values[facet]})
    values[BORDER_FACET] = [border_value(a, b) for index, a in enumerate(route) for b in route[index + 1 :]]
    values[WORK_FACET] = [work_of(page)]
    return {facet: found for facet, found in values.items() if found}


def border_value(first: str, second: str) -> str:
    """Return the border facet's value of two countries: their codes in alphabetical order, e.g. "MM-TH"."""
    return BORDER_SEPARATOR.join(sorted((first.upper(), second.upper())))


def page_text(page) -> str:
    """Return the plain text of every field a reader sees on the page but its title, summary and taxonomy names."""
    fields = page.get_search_text()
    return "\n".join(value.strip() for name, value in fields.items() if name not in ("title", "summary") and value)


def translated_tag_names(tags) -> list[str]:
    """Return the tags' names in the translated languages (their English names are in the heading already)."""
    if _tag_names is not None:
        names = {tag.pk: _tag_names.get(tag.pk, []) for tag in tags}
    else:
        entries = TagNames.objects.filter(tag__in=[tag.pk for tag in tags]).select_related("tag")
        names = {entry.tag_id: entry.all_names() for entry in entries}
    return [name for tag in tags for name in names.get(tag.pk, []) if name != tag.name]


def page_labels(page, tags) -> list[str]:
    """Return the taxonomy names the page is coded with and the pick-list labels it shows, in every language.

    Countries, crime types and the page kind's own entries (recruitment channels, the countries of legal bases) in
    English and each translated name; tags in their translated names; pick-list labels (outcome, resource kind) in
    each interface language. A reader's query in any of the five languages finds the page by them.
    """
    entries = [*page.countries.all(), *page.crime_types.all(), *page.get_search_taxonomy()]
    names = [name for entry in entries for name in entry.all_names()]
    names += translated_tag_names(tags)
    choices = [choice_names(label) for label in page.get_search_choices()]
    for n in range(len(SEARCH_LANGUAGES)):
        names += [translations[n] for translations in choices]
    return list(dict.fromkeys(names))


def choice_names(label) -> list[str]:
    """Return a pick-list label in each search language (translated once per bulk build)."""
    if _choice_names is not None and id(label) in _choice_names:
        return _choice_names[id(label)][1]
    names = []
    for language in SEARCH_LANGUAGES:
        with translation.override(language):
            names.append(str(label))
    if _choice_names is not None:
        _choice_names[id(label)] = (label, names)  # the label is kept, so its id is not reused within the block
    return names


def build_library_page(page) -> SearchDocument | None:
    """Return the search document of a live library page, or None if it must not be indexed."""
    page = page.specific
    if not page.live or not page.content_type_slug:
        return None
    audience = page_audience(page)
    if access.NOBODY in audience and len(audience) == 1:
        return None
    tags = sorted(page.tags.all(), key=lambda tag: tag.slug)
    return SearchDocument(
        id=f"page:{page.pk}",
        kind=page.content_type_slug,
        title=page.title,
        url=page.get_url() or page.url_path,
        language=page.language,
        summary=page.summary,
        text=page_text(page),
        countries=sorted(country.code for country in page.countries.all()),
        crime_types=sorted(crime.slug for crime in page.crime_types.all()),
        year=page.year,
        tags=[tag.slug for tag in tags],
        tag_labels=[tag.name for tag in tags],
        date=page.first_published_at or page.last_published_at,
        audience=audience,
        labels=page_labels(page, tags),
        extra_facets=summary_facets(page),
    )


def library_pages():
    """Return every live library page, specific, ordered by id, with the relations its document needs."""
    return LibraryPage.objects.live().order_by("pk").specific().prefetch_related("countries", "crime_types", "tags")


def term_labels(model):
    """Return the labeller of a pick-list facet: {slug: name in the reader's language}."""

    def labels(values=None):
        terms = model.objects.all() if values is None else model.objects.filter(slug__in=list(values))
        return {term.slug: term.label for term in terms}

    return labels


def clean_terms(model):
    """Return the cleaner of a pick-list facet: known slugs pass, the first unknown one is named."""

    def clean(values):
        known = set(model.objects.filter(slug__in=values).values_list("slug", flat=True))
        for value in values:
            if value not in known:
                raise ValidationError(_("unknown value '%(value)s'"), params={"value": value})
        return values

    return clean


def choice_labels(choices):
    """Return the labeller of a victim-profile facet from its choices."""
    return lambda values=None: {value: str(label) for value, label in choices.choices}


def clean_choices(choices):
    """Return the cleaner of a victim-profile facet: one of its choices."""

    def clean(values):
        for value in values:
            if value not in choices.values:
                raise ValidationError(_("unknown value '%(value)s'"), params={"value": value})
        return values

    return clean


def method_labels(values=None):
    """Return {page id: title} of the methods given (titles only; callers check what a reader may open)."""
    methods = (
        MethodPage.objects.all()
        if values is None
        else MethodPage.objects.filter(pk__in=[int(v) for v in values if v.isdigit()])
    )
    return {str(pk): title for pk, title in methods.values_list("pk", "title")}


def clean_methods(values):
    """Return method page ids as strings, or raise ValidationError naming the first that is not one."""
    for value in values:
        if not (value.isascii() and value.isdigit()):
            raise ValidationError(_("unknown value '%(value)s'"), params={"value": value})
    return values


def register_summary_facets():
    """Register the facets only the embedded index's summary keeps (insights reads them)."""
    for role, facet in ROLE_FACETS.items():
        facets.register_facet(
            facet,
            CountryRole(role).label,
            clean=clean_countries,
            labels=country_labels,
            summary_only=True,
            reader_filter=True,
        )
    for field, facet in PICK_LIST_FACETS.items():
        model = PICK_LIST_MODELS[field]
        facets.register_facet(
            facet,
            model._meta.verbose_name,
            clean=clean_terms(model),
            labels=term_labels(model),
            summary_only=True,
            reader_filter=facet in READER_PICK_LISTS,
        )
    for field, facet in PROFILE_FACETS.items():
        choices = PROFILE_CHOICES[field]
        label = CaseStudyPage._meta.get_field(field).verbose_name
        facets.register_facet(
            facet, label, clean=clean_choices(choices), labels=choice_labels(choices), summary_only=True
        )
    facets.register_facet(
        METHOD_FACET, _("Method"), clean=clean_methods, labels=method_labels, summary_only=True, reader_filter=True
    )
    facets.register_facet(
        BORDER_FACET, _("Border"), clean=clean_borders, labels=border_labels, summary_only=True, reader_filter=True
    )


def clean_borders(values):
    """Return borders as their facet values (two known country codes, alphabetical, e.g. "MM-TH" for "th-mm"), or
    raise ValidationError naming the first value that is not one."""
    cleaned = []
    for value in values:
        codes = value.upper().split(BORDER_SEPARATOR)
        if len(codes) != 2 or not all(len(code) == 2 and code.isascii() and code.isalpha() for code in codes):
            raise ValidationError(
                _("'%(value)s' is not a border: give two country codes joined by a hyphen, for example TH-MM"),
                params={"value": value},
            )
        if codes[0] == codes[1]:
            raise ValidationError(_("a border joins two different countries, not '%(value)s'"), params={"value": value})
        clean_countries(codes)
        cleaned.append(border_value(*codes))
    return list(dict.fromkeys(cleaned))


def border_labels(values=None):
    """Return {border: "Myanmar – Thailand"} in the reader's language, of the borders given (or of every pair)."""
    names = country_labels()
    if values is None:
        codes = sorted(names)
        values = [border_value(a, b) for index, a in enumerate(codes) for b in codes[index + 1 :]]
    found = {}
    for value in values:
        codes = value.split(BORDER_SEPARATOR)
        if len(codes) == 2 and all(code in names for code in codes):
            found[value] = f"{names[codes[0]]} – {names[codes[1]]}"
    return found


def clean_countries(values):
    """Return the country codes upper-cased, or raise ValidationError naming the first unknown one."""
    values = [value.upper() for value in values]
    known = set(Country.objects.filter(code__in=values).values_list("code", flat=True))
    for value in values:
        if value not in known:
            raise ValidationError(_("unknown country code '%(value)s'"), params={"value": value})
    return values


def clean_crime_types(values):
    """Return the crime-type slugs, or raise ValidationError naming the first unknown one."""
    known = set(CrimeType.objects.filter(slug__in=values).values_list("slug", flat=True))
    for value in values:
        if value not in known:
            raise ValidationError(_("unknown crime type '%(value)s'"), params={"value": value})
    return values


def country_labels(values=None):
    """Return {code: name in the reader's language} of the countries given (or of all)."""
    countries = Country.objects.all() if values is None else Country.objects.filter(code__in=list(values))
    return {country.code: country.label for country in countries}


def crime_type_labels(values=None):
    """Return {slug: name in the reader's language} of the crime types given (or of all)."""
    crimes = CrimeType.objects.all() if values is None else CrimeType.objects.filter(slug__in=list(values))
    return {crime.slug: crime.label for crime in crimes}


def tag_facet_labels(values=None):
    """Return {slug: name in the reader's language} of the tags given (none when asked for all)."""
    return tag_labels(Tag.objects.filter(slug__in=list(values))) if values else {}


def register_with_search():
    """Tell the search service about the library's page kinds, its taxonomy facets and its documents."""
    for model in LibraryPage.kinds():
        facets.register_kind(model.content_type_slug, model.kind_label)
    facets.register_facet("country", _("Country"), clean=clean_countries, labels=country_labels)
    facets.register_facet("crime", _("Crime type"), clean=clean_crime_types, labels=crime_type_labels)
    facets.register_facet("tag", _("Tag"), clean=facets.clean_tag, labels=tag_facet_labels)
    register_summary_facets()
    register(
        LibraryPage,
        build_library_page,
        prefix="page",
        queryset=library_pages,
        bulk=cached_audiences,
        version=DOCUMENT_VERSION,
    )
