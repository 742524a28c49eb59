"""The library index listing: filters from the query string, disjunctive facet counts, pagination.

Values within one facet are OR-ed, facets are AND-ed. The count beside a value is the number of results the
listing would show with that value added to the reader's other active filters, so counts of one facet ignore
that facet's own selection (disjunctive faceting).

Counting over tens of thousands of pages with SQL costs a scan per facet, so each process keeps a summary of
the live pages under the index (`LibrarySummary`): page ids newest first, and for every facet value a bitmap
(a Python int) of the positions of the pages that carry it. Filtering and counting are then bitwise AND/OR and
popcounts. For each request the subtrees hidden from the reader (library.visibility, on accounts.access's rules)
become a bitmap that is removed before anything is counted or listed, and the loaded cards are checked against
those subtrees again. The summary is rebuilt when the listing version changes (library.signals raises it on every
publish, unpublish, move or delete of a library page and every change to a view restriction), and at least every
few minutes.
"""

import bisect
import re
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType as DjangoContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from library.visibility import TREE_PATH_END
from search.bitmaps import BitmapBuilder

PAGE_SIZE = 20
MAX_VALUES_PER_FACET = 20
TOP_TAGS = 30
SUMMARY_MAX_AGE = 300  # seconds; a safety net for changes made without signals (raw SQL, bulk updates)
FACET_NAMES = ("type", "country", "crime", "year", "language", "tag")
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


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)

    @property
    def selected(self):
        """Return the selected values of this facet."""
        return [value for value in self.values if value.selected]


def type_content_types():
    """Return {type slug: content type id} for the library's page kinds."""
    from library.models import LibraryPage

    return {model.content_type_slug: DjangoContentType.objects.get_for_model(model).pk for model in LibraryPage.kinds()}


class LibrarySummary:
    """The live pages under one library index, newest first, with a bitmap of page positions per facet value."""

    def __init__(self, index_page):
        from library.models import LibraryPage, LibraryPageTag

        pages = LibraryPage.objects.child_of(index_page).live().newest_first()
        rows = list(pages.values_list("pk", "path", "content_type_id", "year", "language"))
        self.ids = [row[0] for row in rows]
        self.size = len(rows)
        self.everything = (1 << self.size) - 1
        self.paths = sorted((path, position) for position, (_pk, path, *_rest) in enumerate(rows))
        self.path_keys = [path for path, _position in self.paths]
        position_of = {pk: position for position, pk in enumerate(self.ids)}

        builders = {name: BitmapBuilder(self.size) for name in FACET_NAMES}
        for position, (_pk, _path, content_type_id, year, language) in enumerate(rows):
            builders["type"].add(content_type_id, position)
            if year:
                builders["year"].add(year, position)
            builders["language"].add(language, position)
        ids = pages.values("pk")
        related = (
            (
                "country",
                LibraryPage.countries.through.objects.filter(librarypage_id__in=ids),
                "librarypage_id",
                "country_id",
            ),
            (
                "crime",
                LibraryPage.crime_types.through.objects.filter(librarypage_id__in=ids),
                "librarypage_id",
                "crimetype_id",
            ),
            ("tag", LibraryPageTag.objects.filter(content_object_id__in=ids), "content_object_id", "tag_id"),
        )
        for name, queryset, page_column, value_column in related:
            for page_id, value in queryset.values_list(page_column, value_column).iterator(chunk_size=10_000):
                position = position_of.get(page_id)
                if position is not None:
                    builders[name].add(value, position)
        self.bitmaps = {name: builder.bitmaps() for name, builder in builders.items()}
        self._hidden = {}

    def hidden_bitmap(self, paths):
        """Return the bitmap of pages inside the given hidden subtrees, remembered per set of subtrees."""
        bitmap = self._hidden.get(paths)
        if bitmap is None:
            bitmap = self._hidden[paths] = self.hidden(paths)
        return bitmap

    def hidden(self, paths):
        """Return the bitmap of pages inside the given hidden subtrees."""
        builder = BitmapBuilder(self.size)
        for path in paths:
            start = bisect.bisect_left(self.path_keys, path)
            end = bisect.bisect_left(self.path_keys, path + TREE_PATH_END)
            for _path, position in self.paths[start:end]:
                builder.add("hidden", position)
        return builder.bitmaps().get("hidden", 0)

    def union(self, name, values):
        """Return the bitmap of pages carrying any of the given values of a facet."""
        bitmap = 0
        for value in values:
            bitmap |= self.bitmaps[name].get(value, 0)
        return bitmap

    def positions(self, bitmap, offset, limit):
        """Return the positions of the set bits of a bitmap, from the offset-th set bit, at most limit of them."""
        data = bitmap.to_bytes((self.size + 7) // 8 or 1, "little")
        block = 4096
        start = 0
        while start < len(data):
            count = int.from_bytes(data[start : start + block], "little").bit_count()
            if count > offset:
                break
            offset -= count
            start += block
        found = []
        for index in range(start, len(data)):
            byte = data[index]
            while byte and len(found) < limit:
                low = byte & -byte
                if offset:
                    offset -= 1
                else:
                    found.append(index * 8 + low.bit_length() - 1)
                byte ^= low
            if len(found) >= limit:
                break
        return found


_summaries = {}
_summaries_lock = threading.Lock()


def library_summary(index_page):
    """Return the summary of the index's live pages, rebuilt when the listing version has changed."""
    from library.models import ListingVersion

    version = ListingVersion.current()
    key = index_page.pk
    cached = _summaries.get(key)
    if cached and cached[0] == version and time.monotonic() - cached[1] < SUMMARY_MAX_AGE:
        return version, cached[2]
    summary = LibrarySummary(index_page)
    with _summaries_lock:
        _summaries[key] = (version, time.monotonic(), summary)
    return version, summary


def load_cards(page_ids, hidden_paths):
    """Return live library pages in the given order with card fields and countries, leaving out hidden subtrees."""
    from library.models import Country, LibraryPage

    pages = (
        LibraryPage.objects.live()
        .filter(pk__in=page_ids)
        .only(
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "content_type_id",
            "summary",
            "language",
            "year",
            "first_published_at",
        )
        .prefetch_related(Prefetch("countries", queryset=Country.objects.only("code", "name", "sort_order")))
    )
    # The summary already left hidden pages out; check the loaded rows again rather than trust it alone.
    by_id = {page.pk: page for page in pages if not page.path.startswith(tuple(hidden_paths))}
    return [by_id[pk] for pk in page_ids if pk in by_id]


def latest_pages(user, index_page, type_slug=None, limit=20):
    """Return the newest live pages under the index (of one kind, if given) that this reader may open."""
    from library.visibility import hidden_for

    version, summary = library_summary(index_page)
    hidden_paths, _ids = hidden_for(user, version)
    bitmap = summary.everything & ~summary.hidden_bitmap(hidden_paths)
    if type_slug:
        bitmap &= summary.union("type", [type_content_types()[type_slug]])
    return load_cards([summary.ids[p] for p in summary.positions(bitmap, 0, limit)], hidden_paths)


def _dedupe(values):
    return list(dict.fromkeys(values))[:MAX_VALUES_PER_FACET]


class LibraryListing:
    """Filter the pages a reader may see by the request's query string; count each facet value."""

    def __init__(self, request, index_page):
        from library.visibility import hidden_for

        self.request = request
        self.type_ids = type_content_types()
        self.selected = self._parse(request.GET)
        version, self.summary = library_summary(index_page)
        self.hidden_paths, _ids = hidden_for(request.user, version)
        self.visible = self.summary.everything & ~self.summary.hidden_bitmap(self.hidden_paths)
        self.chosen = {name: self.summary.union(name, self._keys(name)) for name in self.selected}
        self.matching = self._filtered(exclude=None)
        self.total = self.matching.bit_count()
        paginator = Paginator(range(self.total), PAGE_SIZE)
        number = paginator.get_page(request.GET.get("page")).number
        offset = (number - 1) * PAGE_SIZE
        positions = self.summary.positions(self.matching, offset, PAGE_SIZE)
        self.page = PaginatorPage(self._cards([self.summary.ids[p] for p in positions]), number, paginator)

    # Parsing ---------------------------------------------------------------------------------------------------

    def _parse(self, query):
        """Return {facet: [valid values]} for the facets the query string filters on; invalid values are ignored."""
        from taggit.models import Tag

        from library.models import Country, CrimeType

        raw = {name: _dedupe(v.strip() for v in query.getlist(name) if v.strip()) for name in FACET_NAMES}
        selected = {"type": [v for v in raw["type"] if v in self.type_ids]}
        codes = _dedupe(v.upper() for v in raw["country"] if COUNTRY_CODE.match(v.upper()))
        self.countries = {c.code: c for c in Country.objects.filter(code__in=codes)} if codes else {}
        selected["country"] = [code for code in codes if code in self.countries]
        slugs = [v for v in raw["crime"] if SLUG.match(v)]
        self.crimes = {c.slug: c for c in CrimeType.objects.filter(slug__in=slugs)} if slugs else {}
        selected["crime"] = [slug for slug in slugs if slug in self.crimes]
        selected["year"] = [v for v in raw["year"] if YEAR.match(v)]
        languages = dict(settings.CONTENT_LANGUAGES)
        selected["language"] = [v for v in raw["language"] if v in languages]
        slugs = _dedupe(v.lower() for v in raw["tag"] if SLUG.match(v.lower()))
        self.tags = {t.slug: t for t in Tag.objects.filter(slug__in=slugs)} if slugs else {}
        selected["tag"] = [slug for slug in slugs if slug in self.tags]
        return {name: values for name, values in selected.items() if values}

    def _keys(self, name):
        """Return the summary's keys (ids, years, codes) for a facet's selected values."""
        values = self.selected.get(name, [])
        if name == "type":
            return [self.type_ids[v] for v in values]
        if name == "year":
            return [int(v) for v in values]
        if name == "country":
            return [self.countries[v].pk for v in values]
        if name == "crime":
            return [self.crimes[v].pk for v in values]
        if name == "tag":
            return [self.tags[v].pk for v in values]
        return values

    # Counting --------------------------------------------------------------------------------------------------

    def _filtered(self, exclude):
        """Return the bitmap of visible pages matching every selected facet but the one excluded."""
        bitmap = self.visible
        for name, chosen in self.chosen.items():
            if name != exclude:
                bitmap &= chosen
        return bitmap

    def _counts(self, name):
        """Return {summary key: count} for one facet under the other facets' filters."""
        base = self._filtered(exclude=name)
        counts = {key: (base & bitmap).bit_count() for key, bitmap in self.summary.bitmaps[name].items()}
        return {key: count for key, count in counts.items() if count}

    def _cards(self, page_ids):
        """Return the listed pages in order, with base fields and prefetched countries; no query per card."""
        return load_cards(page_ids, self.hidden_paths)

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
        """Return a facet of (value, label, count) rows; values with no results are kept only if selected."""
        selected = self.selected.get(name, [])
        values = []
        for value, label, count in rows:
            value = str(value)
            if count or value in selected:
                values.append(FacetValue(value, str(label), count, value in selected, self._url(name, value)))
        return Facet(name, FACET_LABELS[name], values)

    @cached_property
    def facets(self):
        """Return each facet with its values and the number of results each would give."""
        from taggit.models import Tag

        from library.models import Country, CrimeType, LibraryPage, tag_labels

        counts = self._counts("type")
        facets = [
            self._facet(
                "type",
                [
                    (model.content_type_slug, model.kind_label, counts.get(self.type_ids[model.content_type_slug], 0))
                    for model in LibraryPage.kinds()
                ],
            )
        ]

        counts = self._counts("country")
        countries = Country.objects.filter(pk__in=set(counts) | {c.pk for c in self.countries.values()})
        facets.append(self._facet("country", [(c.code, c.label, counts.get(c.pk, 0)) for c in countries]))

        counts = self._counts("crime")
        crimes = CrimeType.objects.filter(pk__in=set(counts) | {c.pk for c in self.crimes.values()})
        crimes = sorted(crimes, key=lambda c: c.label.casefold())
        facets.append(self._facet("crime", [(c.slug, c.label, counts.get(c.pk, 0)) for c in crimes]))

        counts = self._counts("year")
        years = sorted(set(counts) | {int(y) for y in self.selected.get("year", [])}, reverse=True)
        facets.append(self._facet("year", [(y, y, counts.get(y, 0)) for y in years]))

        counts = self._counts("language")
        rows = [(code, label, counts.get(code, 0)) for code, label in settings.CONTENT_LANGUAGES]
        facets.append(self._facet("language", rows))

        counts = self._counts("tag")
        top = sorted(counts, key=lambda pk: -counts[pk])[:TOP_TAGS]
        tags = Tag.objects.filter(pk__in=set(top) | {t.pk for t in self.tags.values()})
        labels = tag_labels(tags)
        tags = sorted(tags, key=lambda t: (-counts.get(t.pk, 0), labels[t.slug].casefold()))
        facets.append(self._facet("tag", [(t.slug, labels[t.slug], counts.get(t.pk, 0)) for t in tags]))
        return facets

    @property
    def active(self):
        """Return whether any filter is applied."""
        return bool(self.selected)

    @property
    def active_values(self):
        """Return the selected facet values, for the summary of active filters."""
        return [value for facet in self.facets for value in facet.selected]
