"""The library listing: filters from the query string, disjunctive facet counts, pagination, newest first.

Values within one facet are OR-ed, facets are AND-ed. Besides the facets shown with counts (type, country, crime,
year, language, tag) the listing takes the filters insights links with (``FIGURE_FILTERS``: a country's role in a
case study, a border its route crosses, recruitment channel, province, linked method; a year range
``from``/``to``), so every insights figure opens exactly the case studies it counts. A page and its translations
are one entry (``search.service.browse`` counts a work once), shown in the reader's interface language
when a translation in it passes the filters, else in the language of the one counted. Every value is checked by its facet's registered ``clean`` (the owner's
rule); a bad value is left out and named in a message, never a server error. The count beside a value is the number of results the
listing would show with that value added to the reader's other active filters, so counts of one facet ignore
that facet's own selection (disjunctive faceting).

The listing, the home page's latest case studies and the feed ask the search service for a browse of the library's
page kinds (``search.service.browse``): the embedded index's per-process summary (``search.summary``, the one the
search page and the API read) answers it with bitmap ANDs and popcounts, limited to what the reader's audience
tokens may open, and follows every publish, unpublish, move, deletion and restriction change through the index's
version token. The cards of the page shown are read from the pages themselves, and only among those the reader
may open (``library.visibility``, i.e. ``accounts.access.pages.hidden_for``), so the listing never shows a restricted
card even if the index were stale.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

# From the modules, not the package: library.models.index imports this module while the package loads.
from library.models.base import LibraryPage
from library.models.taxonomy import Country, CrimeType, tag_labels
from library.visibility import hidden_for, subtree_filter
from search import facets as search_facets
from search.facets import FacetGroup, FacetLink
from search.service import browse
from search.summary import get_summary

PAGE_SIZE = 20
MAX_VALUES_PER_FACET = 20
TOP_TAGS = 30
FACET_NAMES = ("type", "country", "crime", "year", "language", "tag")
FACET_LABELS = {
    "type": _("Type"),
    "country": _("Country"),
    "crime": _("Crime type"),
    "year": _("Year"),
    "language": _("Written in"),
    "tag": _("Tag"),
}
# Filters without a facet of their own in the sidebar, shown only when selected (insights' figures link with them).
FIGURE_FILTERS = ("origin", "transit", "destination", "border", "channel", "province", "method")
RANGE = ("from", "to")
NO_YEAR = "none"  # a year value no document has: a year range the index holds no year in matches nothing
DOCUMENT_PREFIX = "page:"  # the library registers its pages' search documents as "page:<pk>"
CARD_FIELDS = (
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


def kind_slugs():
    """Return the slugs of the library's page kinds, in their order."""
    return [model.content_type_slug for model in LibraryPage.kinds()]


def page_ids(document_ids):
    """Return the page ids of the library's search documents among the given document ids, in order."""
    return [int(doc_id[len(DOCUMENT_PREFIX) :]) for doc_id in document_ids if doc_id.startswith(DOCUMENT_PREFIX)]


def load_cards(user, ids):
    """Return the live pages of the given ids, in that order, with card fields and countries; none hidden from this
    reader (the index already left them out: this checks the pages themselves again)."""
    pages = (
        LibraryPage.objects.live()
        .filter(pk__in=ids)
        .only(*CARD_FIELDS)
        .prefetch_related(Prefetch("countries", queryset=Country.objects.only("code", "name", "sort_order")))
    )
    hidden_paths, hidden_ids = hidden_for(user)
    if hidden_paths:
        pages = (
            pages.exclude(pk__in=hidden_ids) if hidden_ids is not None else pages.exclude(subtree_filter(hidden_paths))
        )
    by_id = {page.pk: page for page in pages}
    return [by_id[pk] for pk in ids if pk in by_id]


def latest_pages(user, type_slug=None, limit=20):
    """Return the newest live library pages (of one kind, if given) that this reader may open."""
    found = browse({"type": [type_slug]} if type_slug else None, user=user, kinds=kind_slugs(), counted=())
    return load_cards(user, page_ids(found.newest(0, limit, prefer=get_language())))


def _encoded(name, value):
    """Return one name=value pair of a query string, encoded as QueryDict.urlencode encodes it."""
    return urlencode({name: value})


def _dedupe(values):
    return list(dict.fromkeys(values))[:MAX_VALUES_PER_FACET]


class LibraryListing:
    """Filter the pages a reader may see by the request's query string; count each facet value."""

    def __init__(self, request):
        self.request = request
        self.selected = self._parse(request.GET)
        counted = [*FACET_NAMES, *(name for name in FIGURE_FILTERS if name in self.selected)]
        self.found = browse(self._browse_filters(), user=request.user, kinds=kind_slugs(), counted=counted)
        self.total = self.found.total
        paginator = Paginator(range(self.total), PAGE_SIZE)
        number = paginator.get_page(request.GET.get("page")).number
        ids = page_ids(self.found.newest((number - 1) * PAGE_SIZE, PAGE_SIZE, prefer=get_language()))
        self.page = PaginatorPage(load_cards(request.user, ids), number, paginator)

    # Parsing ---------------------------------------------------------------------------------------------------

    def _parse(self, query):
        """Return {facet: [valid values]} of the query string; each bad value is left out and named in self.errors."""
        self.errors = []
        self.range = {}
        selected = {}
        for name in (*FACET_NAMES, *FIGURE_FILTERS):
            values = _dedupe(v.strip() for v in query.getlist(name) if v.strip())
            kept = []
            for value in values:
                try:
                    kept += search_facets.clean(name, [value])
                except ValidationError as error:
                    self._refused(name, error)
            if name == "method" and kept:
                kept = self._visible_methods(kept)
            if name == "type":
                kept = [value for value in kept if value in kind_slugs()]
            if name == "tag" and kept:
                self.tags = {tag.slug: tag for tag in Tag.objects.filter(slug__in=kept)}
                for value in kept:
                    if value not in self.tags:
                        self._refused(name, ValidationError(gettext("unknown value '%(value)s'") % {"value": value}))
                kept = [value for value in kept if value in self.tags]
            if kept:
                selected[name] = _dedupe(kept)
        for name in RANGE:
            raw = (query.get(name) or "").strip()
            if raw:
                try:
                    self.range[name] = int(search_facets.clean("year", [raw])[0])
                except ValidationError as error:
                    self._refused("year", error)
        if "from" in self.range and "to" in self.range and self.range["from"] > self.range["to"]:
            self.errors.append(gettext("The first year must not be after the last year."))
            self.range = {}
        return selected

    def _refused(self, name, error):
        heading = FACET_LABELS.get(name) or search_facets.label(name)
        self.errors.append(f"{heading}: {' '.join(error.messages)}")

    def _visible_methods(self, ids):
        """Return the method ids this reader may open; another id is refused as unknown (it names no method)."""
        pages = LibraryPage.objects.live().filter(pk__in=[int(v) for v in ids]).visible_to(self.request.user)
        visible = {str(page.pk) for page in pages.specific() if page.content_type_slug == "method"}
        for value in ids:
            if value not in visible:
                self._refused("method", ValidationError(gettext("unknown value '%(value)s'") % {"value": value}))
        return [value for value in ids if value in visible]

    def _browse_filters(self):
        """Return the filters for the browse: the selected values, with the year range as the years it spans."""
        filters = dict(self.selected)
        if self.range:
            low, high = self.range.get("from", 1900), self.range.get("to", 2100)
            known = get_summary().facets.get("year", {})
            years = [year for year in known if low <= int(year) <= high]
            if self.selected.get("year"):
                years = [year for year in years if year in self.selected["year"]]
            filters["year"] = years or [NO_YEAR]
        return filters

    # Presentation ----------------------------------------------------------------------------------------------

    @cached_property
    def _query_pairs(self):
        """Return {parameter: its encoded name=value pairs} of the filters applied, in query-string order (built once:
        the sidebar asks for a link per value)."""
        pairs = {
            key: [_encoded(key, value) for value in self.selected.get(key, [])]
            for key in (*FACET_NAMES, *FIGURE_FILTERS)
        }
        for key, year in self.range.items():
            pairs[key] = [_encoded(key, str(year))]
        return pairs

    def _url(self, name, value):
        """Return the listing URL with one facet value toggled and the page number dropped."""
        pairs = dict(self._query_pairs)
        if name in RANGE:
            pairs.pop("from", None)
            pairs.pop("to", None)
        else:
            current = self.selected.get(name, []) if name in pairs else []
            values = [v for v in current if v != value] if value in current else [*current, value]
            pairs[name] = [_encoded(name, v) for v in values]
        query = "&".join(pair for encoded in pairs.values() for pair in encoded)
        return f"?{query}" if query else self.request.path

    def _facet(self, name, rows):
        """Return a facet of (value, label) rows with their counts; values with no results are kept only if selected."""
        selected = self.selected.get(name, [])
        counts = self.found.facets.get(name, {})
        links = []
        for value, label in rows:
            value = str(value)
            count = counts.get(value, 0)
            if count or value in selected:
                links.append(FacetLink(value, str(label), count, value in selected, self._url(name, value)))
        return FacetGroup(name, str(FACET_LABELS.get(name) or search_facets.label(name)), links)

    def _values(self, name):
        """Return the values of a facet that have results or are selected."""
        return set(self.found.facets.get(name, {})) | set(self.selected.get(name, []))

    @cached_property
    def facets(self):
        """Return each facet with its values and the number of results each would give."""
        facets = [self._facet("type", [(model.content_type_slug, model.kind_label) for model in LibraryPage.kinds()])]

        countries = Country.objects.filter(code__in=self._values("country"))
        facets.append(self._facet("country", [(c.code, c.label) for c in countries]))

        crimes = sorted(CrimeType.objects.filter(slug__in=self._values("crime")), key=lambda c: c.label.casefold())
        facets.append(self._facet("crime", [(c.slug, c.label) for c in crimes]))

        years = sorted(self._values("year"), key=int, reverse=True)
        facets.append(self._facet("year", [(y, y) for y in years]))

        facets.append(self._facet("language", settings.CONTENT_LANGUAGES))

        counts = self.found.facets.get("tag", {})
        top = sorted(counts, key=lambda slug: (-counts[slug], slug))[:TOP_TAGS]
        tags = Tag.objects.filter(slug__in=set(top) | set(self.selected.get("tag", [])))
        labels = tag_labels(tags)
        tags = sorted(tags, key=lambda t: (-counts.get(t.slug, 0), labels[t.slug].casefold()))
        facets.append(self._facet("tag", [(t.slug, labels[t.slug]) for t in tags]))
        for name in FIGURE_FILTERS:
            if name in self.selected:
                labels = search_facets.labels(name, self.selected[name])
                facets.append(self._facet(name, [(value, labels.get(value, value)) for value in self.selected[name]]))
        return facets

    @property
    def follow_filters(self):
        """Return every filter applied, the year range as from/to, as a follow of this listing keeps them."""
        return {**self.selected, **{name: [str(year)] for name, year in self.range.items()}}

    @property
    def kinds(self):
        """Return the kinds of page the listing shows (what following it without a type filter follows)."""
        return kind_slugs()

    @property
    def active(self):
        """Return whether any filter is applied."""
        return bool(self.selected or self.range)

    @property
    def active_values(self):
        """Return the selected facet values (and the year range), for the summary of active filters."""
        values = [value for facet in self.facets for value in facet.selected]
        if self.range:
            low, high = self.range.get("from", ""), self.range.get("to", "")
            label = gettext("Years %(low)s–%(high)s") % {"low": low, "high": high}
            values.append(FacetLink("range", label, self.total, True, self._url("from", "")))
        return values
