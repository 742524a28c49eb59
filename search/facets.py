"""What readers can filter on: the kinds of document and the facets, each registered by the app that owns it.

The search service never imports a content app. Apps tell it, from their ``AppConfig.ready``:

- ``register_kind(slug, label)``: a kind of document (the library's page kinds, the forum's discussions);
  the ``type`` facet offers and validates exactly these, in registration order.
- ``register_facet(name, label, clean=…, labels=…)``: the label of a facet, how to check a reader's values and how
  to name each value in the reader's language. ``summary_only=True`` adds a facet the engines do not keep:
  documents carry it in ``extra_facets`` and only the embedded index's summary holds it (insights counts on it). The library owns countries and crime types; the search app itself
  registers the generic facets (type, year, language, tag), keeping one an app registered first (the library
  labels tags in the reader's language).

A facet nobody registered refuses every value (its owner is not installed), so an unknown filter never reaches an
engine.

``FacetLink`` and ``FacetGroup`` are how every faceted page (the search page, the library listing) hands a facet's
values to its template (``search/includes/facet_group.html``): a link per value that adds or removes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from search.documents import FACETS, SUMMARY_FACETS, WORK_FACET

Cleaner = Callable[[list[str]], list[str]]
Labeller = Callable[[Iterable[str] | None], dict[str, str]]


@dataclass(frozen=True)
class Kind:
    """A kind of search document: its slug in URLs and the API, and its name for readers."""

    slug: str
    label: str


@dataclass(frozen=True)
class Facet:
    """A facet: its query-string name, its heading, how to check values and how to label them."""

    name: str
    label: str
    clean: Cleaner
    labels: Labeller


@dataclass
class FacetLink:
    """One value of a facet as a reader sees it: its label, how many results it gives, a link toggling it."""

    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class FacetGroup:
    """A facet's heading and its values' links, in display order."""

    name: str
    label: str
    values: list[FacetLink] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetLink]:
        """Return the links of the selected values."""
        return [link for link in self.values if link.selected]


_kinds: dict[str, Kind] = {}
_facets: dict[str, Facet] = {}
_reader_filters: dict[str, None] = {}


def register_kind(slug: str, label) -> None:
    """Register a kind of document (registering a slug again replaces its label, keeping its place)."""
    _kinds[slug] = Kind(slug, label)


def kinds() -> list[Kind]:
    """Return the registered kinds in registration order."""
    return list(_kinds.values())


def kind_label(slug: str) -> str:
    """Return the reader-language name of a kind, or the slug itself when unknown."""
    kind = _kinds.get(slug)
    return str(kind.label) if kind else slug


def register_facet(
    name: str, label, *, clean: Cleaner, labels: Labeller, summary_only: bool = False, reader_filter: bool = False
) -> None:
    """Register (or replace) the owner's description of one of the engines' facets.

    With ``summary_only``, the facet is one the engines do not count: documents carry its values in
    ``extra_facets`` and the embedded index's summary keeps a bitmap per value (for aggregates such as insights);
    the search page and the API do not offer it. With ``reader_filter`` too, readers may filter on it (the library
    listing's country roles, channels, provinces, methods) and so may follow a listing filtered on it: every engine
    filters on it then (a victim-profile facet is not one: only insights' suppressed counts read it).
    """
    if reader_filter:
        _reader_filters[name] = None
    else:
        _reader_filters.pop(name, None)
    if summary_only:
        if name in FACETS or not name.replace("-", "").isalnum() or not name.islower():
            raise ValueError(f"'{name}' cannot name a summary-only facet (lower-case letters, digits and hyphens)")
        SUMMARY_FACETS[name] = None
    elif name not in FACETS:
        raise ValueError(f"'{name}' is not a facet the search engines keep (one of: {', '.join(FACETS)})")
    _facets[name] = Facet(name, label, clean, labels)


def reader_filters() -> list[str]:
    """Return the summary-only facets readers may filter on (and follow), in registration order."""
    return list(_reader_filters)


def _refuse(values: list[str]) -> list[str]:
    raise ValidationError(_("unknown value '%(value)s'"), params={"value": values[0]})


def facet(name: str) -> Facet:
    """Return a facet's registration; an unregistered facet has no labels and refuses every value."""
    return _facets.get(name) or Facet(name, name, _refuse, lambda values=None: {})


def label(name: str) -> str:
    """Return the heading of a facet in the reader's language."""
    return str(facet(name).label)


def clean(name: str, values: list[str]) -> list[str]:
    """Return a facet's values normalized, or raise ValidationError naming the first unknown one."""
    return facet(name).clean(values) if values else []


def labels(name: str, values: Iterable[str] | None = None) -> dict[str, str]:
    """Return the reader-language label of each value of a facet (of the values given, or of every known one)."""
    return facet(name).labels(values)


# The facets that belong to no content app: kinds, years, content languages and tags.


def _clean_type(values):
    for value in values:
        if value not in _kinds:
            raise ValidationError(
                _("unknown type '%(value)s' (use one of: %(choices)s)"),
                params={"value": value, "choices": ", ".join(_kinds)},
            )
    return values


def _clean_year(values):
    for value in values:
        if not value.isascii() or not value.isdigit() or not 1900 <= int(value) <= 2100:
            raise ValidationError(
                _("'%(value)s' is not a year (use four digits, for example 2023)"), params={"value": value}
            )
    return [str(int(value)) for value in values]


def _clean_language(values):
    codes = [code for code, _name in settings.CONTENT_LANGUAGES]
    values = [value.lower() for value in values]
    for value in values:
        if value not in codes:
            raise ValidationError(
                _("unknown language '%(value)s' (use one of: %(choices)s)"),
                params={"value": value, "choices": ", ".join(codes)},
            )
    return values


def clean_tag(values):
    """Return the tag slugs lower-cased, or raise ValidationError naming the first that is not a slug."""
    values = [value.lower() for value in values]
    for value in values:
        try:
            validate_slug(value)
        except ValidationError:
            raise ValidationError(
                _("'%(value)s' is not a tag (tags are lowercase words joined by hyphens)"), params={"value": value}
            ) from None
    return values


def _tag_labels(values=None):
    if values is None:
        return {}
    return dict(Tag.objects.filter(slug__in=list(values)).values_list("slug", "name")) if values else {}


def register_generic_facets() -> None:
    """Register the facets the search app owns itself, keeping any an app registered first (the library's tags)."""
    generic = {
        "type": (_("Type"), _clean_type, lambda values=None: {k.slug: str(k.label) for k in kinds()}),
        "year": (_("Year"), _clean_year, lambda values=None: {}),
        "language": (
            _("Language"),
            _clean_language,
            lambda values=None: {code: str(name) for code, name in settings.CONTENT_LANGUAGES},
        ),
        "tag": (_("Tag"), clean_tag, _tag_labels),
    }
    for name, (heading, cleaner, labeller) in generic.items():
        if name not in _facets:
            register_facet(name, heading, clean=cleaner, labels=labeller)
    if WORK_FACET not in _facets:
        register_facet(WORK_FACET, _("Translations"), clean=_refuse, labels=lambda values=None: {}, summary_only=True)
