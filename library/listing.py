"""The library index listing: filters from the query string, disjunctive facet counts, pagination."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from library.choices import ContentType

PAGE_SIZE = 20


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


def _type_filter(values):
    from library.models import CaseStudyPage, MethodPage, ResourcePage

    models = {"case-study": CaseStudyPage, "method": MethodPage, "resource": ResourcePage}
    q = Q()
    for value in values:
        q |= Q(content_type__model=models[value]._meta.model_name, content_type__app_label="library")
    return q


FACETS = {
    "type": (_("Type"), _type_filter),
    "country": (_("Country"), lambda values: Q(countries__code__in=[v.upper() for v in values])),
    "crime": (_("Crime type"), lambda values: Q(crime_types__slug__in=values)),
    "year": (_("Year"), lambda values: Q(year__in=[int(v) for v in values if v.isdigit()])),
    "tag": (_("Tag"), lambda values: Q(tags__slug__in=values)),
    "language": (_("Language"), lambda values: Q(language__in=values)),
}


class LibraryListing:
    """Filter the pages a reader may see by the request's query string; count each facet value."""

    def __init__(self, request, index_page):
        from library.models import LibraryPage

        self.request = request
        self.base = LibraryPage.objects.child_of(index_page).visible_to(request.user)
        self.selected = {name: self._clean(name, request.GET.getlist(name)) for name in FACETS}
        self.results = self._filtered(exclude=None).newest_first()
        paginator = Paginator(self.results, PAGE_SIZE)
        self.page = paginator.get_page(request.GET.get("page"))
        self.total = paginator.count

    def _clean(self, name, values):
        values = [v.strip() for v in values if v and v.strip()]
        if name == "type":
            return [v for v in values if v in ContentType.values]
        if name == "year":
            return [v for v in values if v.isdigit()]
        return values

    def _filtered(self, exclude):
        """Return visible pages matching every selected facet but the one excluded."""
        queryset = self.base
        for name, values in self.selected.items():
            if values and name != exclude:
                ids = self.base.filter(FACETS[name][1](values)).values("pk")
                queryset = queryset.filter(pk__in=ids)
        return queryset

    def _url(self, name, value):
        params = QueryDict(mutable=True)
        for key, values in self.selected.items():
            params.setlist(key, values)
        current = list(params.getlist(name))
        params.setlist(name, [v for v in current if v != value] if value in current else [*current, value])
        query = params.urlencode()
        return f"?{query}" if query else self.request.path

    def _values(self, name, rows):
        selected = self.selected[name]
        values = [
            FacetValue(str(v), str(label), count, str(v) in selected, self._url(name, str(v)))
            for v, label, count in rows
        ]
        return [v for v in values if v.count or v.selected]

    @property
    def facets(self):
        """Return each facet with its values and the count of results each would give."""
        from library.models import Country, CrimeType, LibraryPageTag

        facets = []
        pages = self._filtered(exclude="type")
        type_rows = []
        for slug, label in ContentType.choices:
            type_rows.append((slug, label, pages.filter(_type_filter([slug])).count()))
        facets.append(Facet("type", FACETS["type"][0], self._values("type", type_rows)))

        ids = self._filtered(exclude="country").values("pk")
        rows = Country.objects.filter(library_pages__in=ids).annotate(n=Count("library_pages", distinct=True))
        facets.append(
            Facet("country", FACETS["country"][0], self._values("country", [(c.code, c.name, c.n) for c in rows]))
        )

        ids = self._filtered(exclude="crime").values("pk")
        rows = CrimeType.objects.filter(library_pages__in=ids).annotate(n=Count("library_pages", distinct=True))
        facets.append(Facet("crime", FACETS["crime"][0], self._values("crime", [(c.slug, c.name, c.n) for c in rows])))

        rows = (
            self._filtered(exclude="year").exclude(year=None).values("year").annotate(n=Count("pk")).order_by("-year")
        )
        facets.append(
            Facet("year", FACETS["year"][0], self._values("year", [(r["year"], r["year"], r["n"]) for r in rows]))
        )

        from django.conf import settings

        rows = self._filtered(exclude="language").values("language").annotate(n=Count("pk")).order_by("language")
        names = dict(settings.CONTENT_LANGUAGES)
        facets.append(
            Facet(
                "language",
                FACETS["language"][0],
                self._values(
                    "language", [(r["language"], names.get(r["language"], r["language"]), r["n"]) for r in rows]
                ),
            )
        )

        ids = self._filtered(exclude="tag").values("pk")
        rows = (
            LibraryPageTag.objects.filter(content_object__in=ids)
            .values("tag__slug", "tag__name")
            .annotate(n=Count("content_object", distinct=True))
            .order_by("-n", "tag__name")[:30]
        )
        facets.append(
            Facet(
                "tag", FACETS["tag"][0], self._values("tag", [(r["tag__slug"], r["tag__name"], r["n"]) for r in rows])
            )
        )
        return facets

    @property
    def active(self):
        """Return whether any filter is applied."""
        return any(self.selected.values())
