"""The library index listing: filters from the query string, disjunctive facet counts, pagination.

Values within one facet are OR-ed, facets are AND-ed. The count beside a value is the number of results the
listing would show with that value added to the reader's other active filters, so counts of one facet ignore
that facet's own selection (disjunctive faceting). Every query starts from the pages the reader may open, so
restricted pages are absent from the results and from every count.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType as DjangoContentType
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from library.choices import ContentType

PAGE_SIZE = 20
MAX_VALUES_PER_FACET = 20
TOP_TAGS = 30
FACET_NAMES = ("type", "country", "crime", "year", "language", "tag")
SCALAR_FIELDS = {"type": "content_type_id", "year": "year", "language": "language"}
FACET_LABELS = {
    "type": _("Type"),
    "country": _("Country"),
    "crime": _("Crime type"),
    "year": _("Year"),
    "language": _("Written in"),
    "tag": _("Tag"),
}
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
SLUG = re.compile(r"^[-a-z0-9_]{1,120}$")
YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    lang: str = ""


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)

    @property
    def selected(self):
        """Return the selected values of this facet."""
        return [value for value in self.values if value.selected]


class KnownCountPaginator(Paginator):
    """A paginator told its total in advance, sparing a COUNT query."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        """Return the total given at construction."""
        return self._known_count


def type_content_types():
    """Return {type slug: content type id} for the library's page kinds."""
    from library.models import LibraryPage

    return {
        model.content_type_slug: DjangoContentType.objects.get_for_model(model).pk
        for model in LibraryPage.__subclasses__()
        if model.content_type_slug
    }


def _dedupe(values):
    return list(dict.fromkeys(values))[:MAX_VALUES_PER_FACET]


class LibraryListing:
    """Filter the pages a reader may see by the request's query string; count each facet value."""

    def __init__(self, request, index_page):
        from library.models import LibraryPage

        self.request = request
        self.base = LibraryPage.objects.child_of(index_page).visible_to(request.user)
        self.type_ids = type_content_types()
        self.selected = self._parse(request.GET)
        self._scalar_counts = {}
        combined = self._group_counts(list(self.selected), [f for f in SCALAR_FIELDS if f not in self.selected])
        self.total = sum(combined.values())
        self.results = self._filtered(exclude=None).newest_first()
        paginator = KnownCountPaginator(self.results, PAGE_SIZE, self.total)
        self.page = paginator.get_page(request.GET.get("page"))
        self.page.object_list = self._cards(self.page.object_list)

    # Parsing ---------------------------------------------------------------------------------------------------

    def _parse(self, query):
        """Return {facet: [valid values]} for the facets the query string filters on; invalid values are ignored."""
        from taggit.models import Tag

        from library.models import Country, CrimeType

        raw = {name: _dedupe(v.strip() for v in query.getlist(name) if v.strip()) for name in FACET_NAMES}
        selected = {}
        selected["type"] = [v for v in raw["type"] if v in self.type_ids]
        codes = [v.upper() for v in raw["country"] if COUNTRY_CODE.match(v.upper())]
        self.countries = {}
        if codes:
            self.countries = {c.code: c for c in Country.objects.filter(code__in=codes)}
        selected["country"] = [code for code in _dedupe(codes) if code in self.countries]
        slugs = [v for v in raw["crime"] if SLUG.match(v)]
        self.crimes = {c.slug: c for c in CrimeType.objects.filter(slug__in=slugs)} if slugs else {}
        selected["crime"] = [slug for slug in slugs if slug in self.crimes]
        selected["year"] = [v for v in raw["year"] if YEAR.match(v)]
        languages = dict(settings.CONTENT_LANGUAGES)
        selected["language"] = [v for v in raw["language"] if v in languages]
        slugs = [v.lower() for v in raw["tag"] if SLUG.match(v.lower())]
        self.tags = {t.slug: t for t in Tag.objects.filter(slug__in=slugs)} if slugs else {}
        selected["tag"] = [slug for slug in _dedupe(slugs) if slug in self.tags]
        return {name: values for name, values in selected.items() if values}

    # Querying --------------------------------------------------------------------------------------------------

    def _condition(self, name, values):
        """Return the filter keyword arguments for one facet's selected values (OR-ed)."""
        from library.models import LibraryPage, LibraryPageTag

        if name == "type":
            return {"content_type_id__in": [self.type_ids[v] for v in values]}
        if name == "year":
            return {"year__in": [int(v) for v in values]}
        if name == "language":
            return {"language__in": values}
        if name == "country":
            through = LibraryPage.countries.through.objects
            ids = [self.countries[v].pk for v in values]
            return {"pk__in": through.filter(country_id__in=ids).values("librarypage_id")}
        if name == "crime":
            through = LibraryPage.crime_types.through.objects
            ids = [self.crimes[v].pk for v in values]
            return {"pk__in": through.filter(crimetype_id__in=ids).values("librarypage_id")}
        ids = [self.tags[v].pk for v in values]
        return {"pk__in": LibraryPageTag.objects.filter(tag_id__in=ids).values("content_object_id")}

    def _filtered(self, exclude):
        """Return visible pages matching every selected facet but the one excluded."""
        queryset = self.base
        for name, values in self.selected.items():
            if name != exclude:
                queryset = queryset.filter(**self._condition(name, values))
        return queryset

    def _group_counts(self, active, fields):
        """Count pages under the active facets' filters, grouped by the given scalar facets; keep each facet's counts."""
        queryset = self.base
        for name in active:
            queryset = queryset.filter(**self._condition(name, self.selected[name]))
        if not fields:
            return Counter({(): queryset.count()})
        columns = [SCALAR_FIELDS[name] for name in fields]
        rows = queryset.order_by().values_list(*columns).annotate(n=Count("pk"))
        combined = Counter()
        for name in fields:
            self._scalar_counts[name] = Counter()
        for *keys, n in rows:
            combined[tuple(keys)] += n
            for name, key in zip(fields, keys, strict=True):
                self._scalar_counts[name][key] += n
        return combined

    def _scalar_facet_counts(self, name):
        """Return {column value: count} for a scalar facet under the other facets' filters."""
        if name not in self._scalar_counts:
            self._group_counts([other for other in self.selected if other != name], [name])
        return self._scalar_counts[name]

    def _through_counts(self, name):
        """Return {related id: count} for a many-to-many facet under the other facets' filters."""
        from library.models import LibraryPage, LibraryPageTag

        ids = self._filtered(exclude=name).order_by().values("pk")
        if name == "country":
            rows = LibraryPage.countries.through.objects.filter(librarypage_id__in=ids).values_list("country_id")
        elif name == "crime":
            rows = LibraryPage.crime_types.through.objects.filter(librarypage_id__in=ids).values_list("crimetype_id")
        else:
            rows = LibraryPageTag.objects.filter(content_object_id__in=ids).values_list("tag_id")
        rows = rows.order_by().annotate(n=Count("*"))
        if name == "tag":
            rows = rows.order_by("-n")[:TOP_TAGS]
        return dict(rows)

    def _cards(self, pages):
        """Return the page's rows as card-ready pages: base fields and prefetched countries, no per-card queries."""
        from library.models import Country

        return list(
            pages.only(
                "title",
                "slug",
                "url_path",
                "path",
                "depth",
                "content_type_id",
                "live",
                "first_published_at",
                "summary",
                "language",
                "year",
            ).prefetch_related(Prefetch("countries", queryset=Country.objects.only("code", "name", "sort_order")))
        )

    # Presentation ----------------------------------------------------------------------------------------------

    def _url(self, name, value):
        """Return the listing URL with one facet value toggled and the page number dropped."""
        params = QueryDict(mutable=True)
        for key in FACET_NAMES:
            params.setlist(key, list(self.selected.get(key, [])))
        current = params.getlist(name)
        params.setlist(name, [v for v in current if v != value] if value in current else [*current, value])
        query = params.urlencode()
        return f"?{query}" if query else self.request.path

    def _facet(self, name, rows):
        """Return a facet of (value, label, count[, lang]) rows; values with no results are kept only if selected."""
        selected = self.selected.get(name, [])
        values = []
        for value, label, count, *lang in rows:
            value = str(value)
            if count or value in selected:
                values.append(FacetValue(value, str(label), count, value in selected, self._url(name, value), *lang))
        return Facet(name, FACET_LABELS[name], values)

    @cached_property
    def facets(self):
        """Return each facet with its values and the number of results each would give."""
        from taggit.models import Tag

        from library.models import Country, CrimeType

        by_type = self._scalar_facet_counts("type")
        rows = [(slug, label, by_type.get(self.type_ids[slug], 0)) for slug, label in ContentType.choices]
        facets = [self._facet("type", rows)]

        counts = self._through_counts("country")
        countries = Country.objects.filter(pk__in=set(counts) | {c.pk for c in self.countries.values()})
        facets.append(self._facet("country", [(c.code, c.name, counts.get(c.pk, 0)) for c in countries]))

        counts = self._through_counts("crime")
        crimes = CrimeType.objects.filter(pk__in=set(counts) | {c.pk for c in self.crimes.values()})
        facets.append(self._facet("crime", [(c.slug, c.name, counts.get(c.pk, 0)) for c in crimes]))

        by_year = self._scalar_facet_counts("year")
        years = sorted({y for y in by_year if y} | {int(y) for y in self.selected.get("year", [])}, reverse=True)
        facets.append(self._facet("year", [(y, y, by_year.get(y, 0)) for y in years]))

        by_language = self._scalar_facet_counts("language")
        facets.append(
            self._facet(
                "language",
                [(code, label, by_language.get(code, 0)) for code, label in settings.CONTENT_LANGUAGES],
            )
        )

        counts = self._through_counts("tag")
        tag_ids = set(counts) | {t.pk for t in self.tags.values()}
        tags = sorted(Tag.objects.filter(pk__in=tag_ids), key=lambda t: (-counts.get(t.pk, 0), t.name.casefold()))
        facets.append(self._facet("tag", [(t.slug, t.name, counts.get(t.pk, 0)) for t in tags]))
        return facets

    @property
    def active(self):
        """Return whether any filter is applied."""
        return bool(self.selected)

    @property
    def active_values(self):
        """Return the selected facet values, for the summary of active filters."""
        return [value for facet in self.facets for value in facet.selected]
