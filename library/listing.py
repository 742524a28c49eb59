"""The library listing: filters from the query string, disjunctive facet counts, pagination, newest first.

Values within one facet are OR-ed, facets are AND-ed. The count beside a value is the number of results the
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

import re

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

# From the modules, not the package: library.models.index imports this module while the package loads.
from library.models.base import LibraryPage
from library.models.taxonomy import Country, CrimeType, tag_labels
from library.visibility import hidden_for, subtree_filter
from search.facets import FacetGroup, FacetLink
from search.service import browse

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
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
SLUG = re.compile(r"^[-a-z0-9_]{1,120}$")
YEAR = re.compile(r"^(19|20)\d\d$")
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
    return load_cards(user, page_ids(found.newest(0, limit)))


def _dedupe(values):
    return list(dict.fromkeys(values))[:MAX_VALUES_PER_FACET]


class LibraryListing:
    """Filter the pages a reader may see by the request's query string; count each facet value."""

    def __init__(self, request):
        self.request = request
        self.selected = self._parse(request.GET)
        self.found = browse(self.selected, user=request.user, kinds=kind_slugs())
        self.total = self.found.total
        paginator = Paginator(range(self.total), PAGE_SIZE)
        number = paginator.get_page(request.GET.get("page")).number
        ids = page_ids(self.found.newest((number - 1) * PAGE_SIZE, PAGE_SIZE))
        self.page = PaginatorPage(load_cards(request.user, ids), number, paginator)

    # Parsing ---------------------------------------------------------------------------------------------------

    def _parse(self, query):
        """Return {facet: [valid values]} for the facets the query string filters on; invalid values are ignored."""
        raw = {name: _dedupe(v.strip() for v in query.getlist(name) if v.strip()) for name in FACET_NAMES}
        kinds = kind_slugs()
        selected = {"type": [v for v in raw["type"] if v in kinds]}
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
        """Return a facet of (value, label) rows with their counts; values with no results are kept only if selected."""
        selected = self.selected.get(name, [])
        counts = self.found.facets.get(name, {})
        links = []
        for value, label in rows:
            value = str(value)
            count = counts.get(value, 0)
            if count or value in selected:
                links.append(FacetLink(value, str(label), count, value in selected, self._url(name, value)))
        return FacetGroup(name, str(FACET_LABELS[name]), links)

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
        return facets

    @property
    def active(self):
        """Return whether any filter is applied."""
        return bool(self.selected)

    @property
    def active_values(self):
        """Return the selected facet values, for the summary of active filters."""
        return [value for facet in self.facets for value in facet.selected]
