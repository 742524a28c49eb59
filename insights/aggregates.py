"""The insights aggregates: counts of case studies a reader may open, from the embedded index's summary.

Every figure is the popcount of an AND of bitmaps that search.summary.IndexSummary keeps per facet value and per
audience token: the reader's audience (accounts.access tokens, as the listing and search use), the case-study
kind, the reader's filters, and the one or two values the figure counts. Nothing reads pages, so no chart can
count a restricted case study for a reader who may not open it.

Cells built from victim-profile fields (age band, gender, victim-count band) with fewer than k case studies
(settings.INSIGHTS_MIN_CELL, default 5) are suppressed for visitors and members: they read "fewer than k", in the
page, the CSV and the JSON. When a row holds exactly one suppressed cell, its smallest other cell is suppressed
too, so that the row's total does not give the hidden one away.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.access import group_token, reader_audience
from accounts.roles import officer_groups
from library.choices import AgeBand, GenderBand, VictimCountBand
from library.models import Country, CrimeType, MethodPage, RecruitmentChannel
from library.search_documents import METHOD_FACET, PROFILE_FACETS
from search import facets
from search.summary import IndexSummary, get_summary

CASE_STUDY = "case-study"
LIBRARY_URL = "/library/"
MAX_YEARS = 30
TOP_METHODS = 5
PROFILE_TABLES = (
    ("age", _("Age band of most victims"), AgeBand),
    ("gender", _("Gender of victims"), GenderBand),
    ("victims", _("Number of victims"), VictimCountBand),
)
PROFILE_FACET_NAMES = frozenset(PROFILE_FACETS.values())


def min_cell() -> int:
    """Return k: profile cells with fewer case studies than this are suppressed for visitors and members."""
    return max(1, int(getattr(settings, "INSIGHTS_MIN_CELL", 5)))


@dataclass
class Filters:
    """A reader's filters: countries, crime types and content languages (each OR-ed), and a year range."""

    country: list[str] = field(default_factory=list)
    crime: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        """Return the filters of a query string, or raise ValidationError with a reader-facing message."""
        values = {
            name: list(dict.fromkeys(v.strip() for v in query.getlist(name) if v.strip()))[:20]
            for name in ("country", "crime", "language")
        }
        cleaned = {name: facets.clean(name, found) for name, found in values.items()}
        years = {}
        for name in ("from", "to"):
            raw = (query.get(name) or "").strip()
            if raw:
                years[name] = int(facets.clean("year", [raw])[0])
        year_from, year_to = years.get("from"), years.get("to")
        if year_from and year_to and year_from > year_to:
            raise ValidationError(_("The first year must not be after the last year."))
        return cls(**cleaned, year_from=year_from, year_to=year_to)

    @property
    def active(self) -> bool:
        """Return whether any filter is set."""
        return bool(self.country or self.crime or self.language or self.year_from or self.year_to)

    def query(self) -> QueryDict:
        """Return the filters as a query string dict (for links to the API and the briefs)."""
        params = QueryDict(mutable=True)
        for name in ("country", "crime", "language"):
            params.setlist(name, getattr(self, name))
        if self.year_from:
            params["from"] = str(self.year_from)
        if self.year_to:
            params["to"] = str(self.year_to)
        return params


@dataclass
class Cell:
    """One count: its value (None when suppressed), whether it was suppressed, and the library link behind it."""

    count: int | None
    suppressed: bool = False
    url: str = ""
    level: int = 0  # shade of a matrix cell, 0 (none) to 5 (the largest)

    def display(self, k: int) -> str:
        """Return the count as a reader sees it."""
        return str(_("fewer than %(k)s") % {"k": k}) if self.suppressed else str(self.count)

    def export(self, k: int):
        """Return the count as the CSV and JSON give it: a number, or "<k" when suppressed."""
        return f"<{k}" if self.suppressed else self.count


class Insights:
    """The aggregates one reader may see under one set of filters."""

    def __init__(self, user, filters: Filters, summary: IndexSummary | None = None):
        self.user = user
        self.filters = filters
        self.summary = summary or get_summary()
        self.tokens = frozenset(reader_audience(user))
        # Visitors and members see suppressed profile cells; officers and the roles above them see the counts.
        self.suppress = not (self.tokens & {group_token(group) for group in officer_groups()})
        self.k = min_cell()
        self.base = self._base()
        self.total = self.base.bit_count()

    # Bitmaps -------------------------------------------------------------------------------------------------

    def _values(self, facet: str) -> dict[str, int]:
        return self.summary.facets.get(facet, {})

    def _base(self) -> int:
        summary, filters = self.summary, self.filters
        bits = summary.audience(self.tokens) & summary.union("type", [CASE_STUDY])
        for facet in ("country", "crime", "language"):
            chosen = getattr(filters, facet)
            if chosen:
                bits &= summary.union(facet, chosen)
        if filters.year_from or filters.year_to:
            bits &= summary.union("year", self.years_in_range())
        return bits

    def years_in_range(self) -> list[str]:
        """Return the years (as facet values) within the reader's range that the index knows."""
        low, high = self.filters.year_from or 1900, self.filters.year_to or 2100
        return sorted(year for year in self._values("year") if low <= int(year) <= high)

    def count(self, *pairs: tuple[str, str]) -> int:
        """Return how many of the reader's case studies carry every (facet, value) given."""
        bits = self.base
        for facet, value in pairs:
            bits &= self._values(facet).get(value, 0)
        return bits.bit_count()

    def counts(self, facet: str) -> dict[str, int]:
        """Return {value: count} of one facet over the reader's case studies (values with none left out)."""
        found = {value: (self.base & bits).bit_count() for value, bits in self._values(facet).items()}
        return {value: n for value, n in found.items() if n}

    # Links ---------------------------------------------------------------------------------------------------

    def library_url(self, **narrow) -> str:
        """Return the library listing filtered on the reader's filters and a figure's own values.

        The listing's parameters: type, country, crime, year (each repeatable, values OR-ed), language.
        """
        params = QueryDict(mutable=True)
        params["type"] = CASE_STUDY
        countries = narrow.get("country") or self.filters.country
        crimes = narrow.get("crime") or self.filters.crime
        params.setlist("country", countries)
        params.setlist("crime", crimes)
        if narrow.get("year"):
            params.setlist("year", narrow["year"])
        elif self.filters.year_from or self.filters.year_to:
            params.setlist("year", self.years_in_range())
        params.setlist("language", self.filters.language)
        return f"{LIBRARY_URL}?{params.urlencode()}"

    # Figures -------------------------------------------------------------------------------------------------

    def years(self) -> list[str]:
        """Return the years the reader's case studies cover, oldest first (at most MAX_YEARS, the newest)."""
        return sorted(self.counts("year"))[-MAX_YEARS:]

    def trend(self, facet: str, labels: dict[str, str]) -> dict:
        """Return case studies per value of a facet and year: {years, series: [{value, label, cells}]}."""
        years = self.years()
        totals = self.counts(facet)
        series = []
        for value in sorted(totals, key=lambda v: (-totals[v], labels.get(v, v).casefold())):
            bits = self.base & self._values(facet).get(value, 0)
            cells = []
            for year in years:
                n = (bits & self._values("year").get(year, 0)).bit_count()
                url = self.library_url(year=[year], **self._narrow(facet, value))
                cells.append(Cell(n, url=url))
            series.append({"value": value, "label": labels.get(value, value), "total": totals[value], "cells": cells})
        return {"years": years, "series": series}

    def _narrow(self, facet: str, value: str) -> dict:
        if facet in ("country", "crime"):
            return {facet: [value]}
        if facet in ("origin", "destination", "transit"):
            return {"country": [value]}
        return {}

    def crime_trend(self) -> dict:
        return self.trend("crime", facets.labels("crime"))

    def channel_trend(self) -> dict:
        return self.trend("channel", facets.labels("channel"))

    def countries(self) -> list[Country]:
        """Return the countries in filter order."""
        return list(Country.objects.all())

    def routes(self) -> dict:
        """Return the flows origin → destination, and case studies per country by role."""
        countries = self.countries()
        codes = [country.code for country in countries]
        origins, destinations = self.counts("origin"), self.counts("destination")
        flows = []
        for origin in codes:
            if origin not in origins:
                continue
            origin_bits = self.base & self._values("origin")[origin]
            for destination in codes:
                if destination == origin or destination not in destinations:
                    continue
                n = (origin_bits & self._values("destination")[destination]).bit_count()
                if n:
                    flows.append(
                        {
                            "origin": origin,
                            "destination": destination,
                            "cell": Cell(n, url=self.library_url(country=[origin])),
                        }
                    )
        flows.sort(key=lambda flow: -flow["cell"].count)
        transit = self.counts("transit")
        roles = [
            {
                "country": country,
                "origin": Cell(origins.get(country.code, 0), url=self.library_url(country=[country.code])),
                "transit": Cell(transit.get(country.code, 0), url=self.library_url(country=[country.code])),
                "destination": Cell(destinations.get(country.code, 0), url=self.library_url(country=[country.code])),
            }
            for country in countries
        ]
        return {"flows": flows, "roles": roles}

    def matrix(self) -> dict:
        """Return case studies per country (rows) and crime type (columns)."""
        countries = [c for c in self.countries() if c.code in self.counts("country")]
        crime_counts = self.counts("crime")
        crimes = sorted(CrimeType.objects.filter(slug__in=list(crime_counts)), key=lambda crime: crime.label.casefold())
        top = 0
        rows = []
        for country in countries:
            bits = self.base & self._values("country")[country.code]
            cells = []
            for crime in crimes:
                n = (bits & self._values("crime")[crime.slug]).bit_count()
                top = max(top, n)
                cells.append(Cell(n, url=self.library_url(country=[country.code], crime=[crime.slug])))
            rows.append({"country": country, "cells": cells})
        for row in rows:
            for cell in row["cells"]:
                cell.level = 0 if not cell.count else 1 + min(4, (cell.count * 5 - 1) // max(top, 1))
        return {"crimes": crimes, "rows": rows}

    def methods(self) -> list[dict]:
        """Return, per crime type, the methods most linked from the reader's case studies (methods they may open)."""
        linked = self.counts(METHOD_FACET)
        if not linked:
            return []
        ids = [int(pk) for pk in linked]
        visible = {
            str(method.pk): method
            for method in MethodPage.objects.filter(pk__in=ids).visible_to(self.user).only("title", "url_path")
        }
        crimes = sorted(
            CrimeType.objects.filter(slug__in=list(self.counts("crime"))), key=lambda crime: crime.label.casefold()
        )
        patterns = []
        for crime in crimes:
            bits = self.base & self._values("crime")[crime.slug]
            ranked = []
            for pk, method in visible.items():
                n = (bits & self._values(METHOD_FACET).get(pk, 0)).bit_count()
                if n:
                    ranked.append((n, method))
            ranked.sort(key=lambda item: (-item[0], item[1].title.casefold()))
            if ranked:
                patterns.append(
                    {
                        "crime": crime,
                        "methods": [
                            {"method": method, "cell": Cell(n, url=method.url)} for n, method in ranked[:TOP_METHODS]
                        ],
                    }
                )
        return patterns

    def profiles(self) -> list[dict]:
        """Return the victim-profile tables (country × band), small cells suppressed for visitors and members."""
        countries = [c for c in self.countries() if c.code in self.counts("country")]
        tables = []
        for facet, title, choices in PROFILE_TABLES:
            rows = []
            for country in countries:
                bits = self.base & self._values("country")[country.code]
                cells = [
                    Cell(
                        (bits & self._values(facet).get(value, 0)).bit_count(),
                        url=self.library_url(country=[country.code]),
                    )
                    for value in choices.values
                ]
                rows.append({"country": country, "cells": self._suppressed(cells)})
            tables.append({"facet": facet, "title": title, "bands": list(choices.choices), "rows": rows})
        return tables

    def _suppressed(self, cells: list[Cell]) -> list[Cell]:
        if not self.suppress:
            return cells
        for cell in cells:
            if 0 < cell.count < self.k:
                cell.suppressed = True
        hidden = [cell for cell in cells if cell.suppressed]
        if len(hidden) == 1:
            others = [cell for cell in cells if cell.count and not cell.suppressed]
            if others:
                min(others, key=lambda cell: cell.count).suppressed = True
        for cell in cells:
            if cell.suppressed:
                cell.count = None
                cell.url = ""
        return cells


def channel_labels() -> dict[str, str]:
    """Return {slug: label} of the recruitment channels."""
    return {channel.slug: channel.label for channel in RecruitmentChannel.objects.all()}
