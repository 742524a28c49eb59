"""What the library tells the search service: its page kinds, its facets (countries, crime types), its documents."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from accounts import access
from library.models import NAME_LANGUAGES, Country, CrimeType, LibraryPage, TagNames, tag_labels
from search import facets
from search.documents import SearchDocument, register

# Raise when build_library_page puts different text in the documents: `manage.py migrate` then rebuilds the index.
DOCUMENT_VERSION = 2  # 2: every reader-visible field, taxonomy names in five languages
SEARCH_LANGUAGES = ("en", *NAME_LANGUAGES)

_audience_by_path: access.AudienceByPath | None = None
_tag_names: dict[int, list[str]] | None = None


@contextmanager
def cached_audiences():
    """Within the block, read the restrictions once and derive every page's audience from its path."""
    global _audience_by_path, _tag_names  # noqa: PLW0603 - bulk-build caches scoped by this context manager
    previous = _audience_by_path, _tag_names
    _audience_by_path = access.AudienceByPath()
    _tag_names = {entry.tag_id: entry.all_names() for entry in TagNames.objects.select_related("tag")}
    try:
        yield
    finally:
        _audience_by_path, _tag_names = previous


def page_audience(page) -> list[str]:
    """Return the audience tokens of a page (from the bulk cache when one is active)."""
    if _audience_by_path is None:
        return access.page_audience(page)
    return _audience_by_path.audience(page)


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
    choices = page.get_search_choices()
    for language in SEARCH_LANGUAGES:
        with translation.override(language):
            names += [str(label) for label in choices]
    return list(dict.fromkeys(names))


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
    )


def library_pages():
    """Return every live library page, specific, ordered by id, with the relations its document needs."""
    return LibraryPage.objects.live().order_by("pk").specific().prefetch_related("countries", "crime_types", "tags")


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
    register(
        LibraryPage,
        build_library_page,
        prefix="page",
        queryset=library_pages,
        bulk=cached_audiences,
        version=DOCUMENT_VERSION,
    )
