"""The insights aggregates: counts of case studies a reader may open, from the embedded index's summary.

Every figure is the popcount of an AND of bitmaps that search.summary.IndexSummary keeps per facet value and per
audience token: the reader's audience (accounts.access tokens, as the listing and search use), the case-study
kind, the reader's filters, and the one or two values the figure counts. Nothing reads pages, so no chart can
count a restricted case study for a reader who may not open it.

Cells built from victim-profile fields (age band, gender, victim-count band) with fewer than k case studies
(settings.INSIGHTS_MIN_CELL, default 5) are suppressed for visitors and members: they read "fewer than k", in the
page, the CSV, the JSON and the briefs. Secondary suppression (insights.suppression) hides more cells until no sum a
reader knows (a country's case studies, a band's regional total, a country's provinces) gives a hidden one away;
for those readers the profile tables count all their case studies whatever the crime, language and year filters,
so that two overlapping selections cannot be subtracted either.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.access import group_token, reader_audience
from accounts.roles import officer_groups
from insights.suppression import protect
from library.choices import AgeBand, GenderBand, VictimCountBand
from library.models import Country, CrimeType, MethodPage, Province, RecruitmentChannel
from library.search_documents import BORDER_FACET, METHOD_FACET, PROFILE_FACETS
from search import facets
from search.summary import IndexSummary, get_summary

CASE_STUDY = "case-study"
FILTER_FACETS = ("country", "crime", "language", "border")  # the filters that are facets (the years are a range)
LIBRARY_URL = "/library/"
MAX_YEARS = 30
TOP_METHODS = 5
PROFILE_TABLES = (
    ("age", _("Age band of most victims"), AgeBand),
    ("gender", _("Gender of victims"), GenderBand),
    ("victims", _("Number of victims"), VictimCountBand),
)
PROFILE_FACET_NAMES = frozenset(PROFILE_FACETS.values())
PROVINCE_PROFILE_TABLES = (
    ("age", _("Age band of most victims, by province"), AgeBand),
    ("gender", _("Gender of victims, by province"), GenderBand),
    ("victims", _("Number of victims, by province"), VictimCountBand),
)


# Protected profile grids of readers under suppression, per audience and index version: the same for every filter,
# so visitors share one (the cells are never changed once protected).
_GRIDS: dict[tuple, dict] = {}
GRID_CACHE_SIZE = 64


def min_cell() -> int:
    """Return k: profile cells with fewer case studies than this are suppressed for visitors and members."""
    return max(1, int(getattr(settings, "INSIGHTS_MIN_CELL", 5)))


YEAR_LABELS = {"from": _("From year"), "to": _("To year")}


def _named(parameter: str, facet: str, values: list[str]) -> list[str]:
    """Return a filter's values cleaned by its facet, or raise ValidationError naming the filter, e.g. "Border: …"."""
    try:
        return facets.clean(facet, values)
    except ValidationError as error:
        heading = YEAR_LABELS.get(parameter) or facets.label(facet)
        raise ValidationError(f"{heading}: {' '.join(error.messages)}") from error


@dataclass
class Filters:
    """A reader's filters: countries, crime types, content languages and borders (each OR-ed), and a year range.

    A border (``border=TH-MM``) keeps the case studies whose route (countries of origin, transit and destination)
    includes both countries.
    """

    country: list[str] = field(default_factory=list)
    crime: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    border: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        """Return the filters of a query string, or raise ValidationError with a reader-facing message."""
        values = {
            name: list(dict.fromkeys(v.strip() for v in query.getlist(name) if v.strip()))[:20]
            for name in FILTER_FACETS
        }
        cleaned = {name: _named(name, name, found) for name, found in values.items()}
        years = {}
        for name in ("from", "to"):
            raw = (query.get(name) or "").strip()
            if raw:
                years[name] = int(_named(name, "year", [raw])[0])
        year_from, year_to = years.get("from"), years.get("to")
        if year_from and year_to and year_from > year_to:
            raise ValidationError(_("The first year must not be after the last year."))
        return cls(**cleaned, year_from=year_from, year_to=year_to)

    @property
    def active(self) -> bool:
        """Return whether any filter is set."""
        return bool(self.country or self.crime or self.language or self.border or self.year_from or self.year_to)

    def query(self) -> QueryDict:
        """Return the filters as a query string dict (for links to the API and the briefs)."""
        params = QueryDict(mutable=True)
        for name in FILTER_FACETS:
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
    total: bool = False  # a regional total (a sum of other published cells)

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
        self._grids: dict[str, dict] | None = None

    # Bitmaps -------------------------------------------------------------------------------------------------

    def _values(self, facet: str) -> dict[str, int]:
        return self.summary.facets.get(facet, {})

    def _case_studies(self, languages=()) -> int:
        """Return the case studies the reader may open, one row per case study: of a case study and its
        translations the reader may open (in the given languages, if any), the original when it is one of them,
        else the first (search.summary.IndexSummary.representatives, as the library listing counts)."""
        summary = self.summary
        bits = summary.audience(self.tokens) & summary.union("type", [CASE_STUDY])
        if languages:
            bits &= summary.union("language", languages)
        return summary.representatives(bits, key=("insights", self.tokens, tuple(sorted(languages))))

    def _base(self) -> int:
        summary, filters = self.summary, self.filters
        bits = self._case_studies(filters.language)
        for facet in ("country", "crime", "border"):
            chosen = getattr(filters, facet)
            if chosen:
                bits &= summary.union(facet, chosen)
        if filters.year_from or filters.year_to:
            bits &= summary.union("year", self.years_in_range())
        return bits

    @property
    def passing(self) -> int:
        """Return every case study row (each translation) the reader may open that passes the filters."""
        summary, filters = self.summary, self.filters
        bits = summary.audience(self.tokens) & summary.union("type", [CASE_STUDY])
        for facet in FILTER_FACETS:
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
        """Return the library listing of exactly the case studies a figure counts: the reader's filters and the
        figure's own values (facet name -> values, e.g. origin=["MM"], destination=["TH"], year=["2022"]).

        A figure on a facet the reader filters shows only the filtered values (see ``_within_filter``), so a
        figure's value narrows the reader's filter and never widens it; the listing ANDs facets as these bitmaps do.
        """
        params = QueryDict(mutable=True)
        params["type"] = CASE_STUDY
        for name in FILTER_FACETS:
            params.setlist(name, narrow.pop(name, None) or getattr(self.filters, name))
        for name, values in narrow.items():
            params.setlist(name, values)
        if "year" not in narrow:
            if self.filters.year_from:
                params["from"] = str(self.filters.year_from)
            if self.filters.year_to:
                params["to"] = str(self.filters.year_to)
        return f"{LIBRARY_URL}?{params.urlencode()}"

    def _within_filter(self, facet: str, values):
        """Return the values of a facet a figure shows: those the reader filters on, when they filter on it."""
        chosen = getattr(self.filters, facet, None) if facet in FILTER_FACETS else None
        return [value for value in values if value in chosen] if chosen else list(values)

    # Figures -------------------------------------------------------------------------------------------------

    def years(self) -> list[str]:
        """Return the years the reader's case studies cover, oldest first (at most MAX_YEARS, the newest)."""
        return sorted(self.counts("year"))[-MAX_YEARS:]

    def trend(self, facet: str, labels: dict[str, str]) -> dict:
        """Return case studies per value of a facet and year: {years, series: [{value, label, cells}]}."""
        years = self.years()
        totals = self.counts(facet)
        series = []
        for value in sorted(
            self._within_filter(facet, totals), key=lambda v: (-totals[v], labels.get(v, v).casefold())
        ):
            bits = self.base & self._values(facet).get(value, 0)
            cells = []
            for year in years:
                n = (bits & self._values("year").get(year, 0)).bit_count()
                url = self.library_url(year=[year], **{facet: [value]})
                cells.append(Cell(n, url=url))
            series.append({"value": value, "label": labels.get(value, value), "total": totals[value], "cells": cells})
        shown = self.base & self.summary.union(facet, [item["value"] for item in series])
        year_totals = [(shown & self._values("year").get(year, 0)).bit_count() for year in years]
        return {"years": years, "series": series, "totals": year_totals}

    def crime_trend(self) -> dict:
        return self.trend("crime", facets.labels("crime"))

    def channel_trend(self) -> dict:
        return self.trend("channel", facets.labels("channel"))

    def countries(self) -> list[Country]:
        """Return the countries in filter order."""
        return list(Country.objects.all())

    def filtered_countries(self) -> list[Country]:
        """Return the countries the reader's case studies are coded with (only those filtered on, if any)."""
        coded = self._within_filter("country", self.counts("country"))
        return [country for country in self.countries() if country.code in coded]

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
                            "cell": Cell(n, url=self.library_url(origin=[origin], destination=[destination])),
                        }
                    )
        flows.sort(key=lambda flow: -flow["cell"].count)
        transit = self.counts("transit")
        roles = [
            {
                "country": country,
                "origin": Cell(origins.get(country.code, 0), url=self.library_url(origin=[country.code])),
                "transit": Cell(transit.get(country.code, 0), url=self.library_url(transit=[country.code])),
                "destination": Cell(
                    destinations.get(country.code, 0), url=self.library_url(destination=[country.code])
                ),
            }
            for country in countries
        ]
        for row in roles:
            row["cells"] = [row["origin"], row["transit"], row["destination"]]
        return {"flows": flows, "roles": roles}

    def matrix(self) -> dict:
        """Return case studies per country (rows) and crime type (columns)."""
        countries = self.filtered_countries()
        crime_counts = self._within_filter("crime", self.counts("crime"))
        crimes = sorted(CrimeType.objects.filter(slug__in=crime_counts), key=lambda crime: crime.label.casefold())
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
            CrimeType.objects.filter(slug__in=self._within_filter("crime", self.counts("crime"))),
            key=lambda crime: crime.label.casefold(),
        )
        patterns = []
        for crime in crimes:
            bits = self.base & self._values("crime")[crime.slug]
            ranked = []
            for pk, method in visible.items():
                n = (bits & self._values(METHOD_FACET).get(pk, 0)).bit_count()
                if n:
                    ranked.append((n, method, pk))
            ranked.sort(key=lambda item: (-item[0], item[1].title.casefold()))
            if ranked:
                patterns.append(
                    {
                        "crime": crime,
                        "methods": [
                            {"method": method, "cell": Cell(n, url=self.library_url(crime=[crime.slug], method=[pk]))}
                            for n, method, pk in ranked[:TOP_METHODS]
                        ],
                    }
                )
        return patterns

    # Victim profiles ---------------------------------------------------------------------------------------

    @property
    def profile_filters_ignored(self) -> bool:
        """Return whether the victim-profile tables leave out the reader's crime, language and year filters.

        For readers under suppression they do: two overlapping selections (all years, and 2021 to 2025 plus the
        years before) would each be safe, and their difference would not. The country filter only picks rows.
        """
        filters = self.filters
        return self.suppress and bool(
            filters.crime or filters.language or filters.border or filters.year_from or filters.year_to
        )

    def _profile_bits(self) -> int:
        if not self.suppress:
            return self.base
        return self._case_studies()

    def _profile_row_url(self, **narrow) -> str:
        if not self.profile_filters_ignored:
            return self.library_url(**narrow)
        params = QueryDict(mutable=True)
        params["type"] = CASE_STUDY
        for name, values in narrow.items():
            params.setlist(name, values)
        return f"{LIBRARY_URL}?{params.urlencode()}"

    def _profile_grids(self) -> dict[str, dict]:
        """Return, per profile facet, the cells of every country and province and the regional totals, protected.

        For readers under suppression the grids are the same whatever the filters (see profile_filters_ignored),
        and suppression runs on the whole grid with the sums a reader knows (insights.suppression): each country's
        and province's row adds up to its case studies, each band's countries to the regional total, and each
        country's provinces to the country's cell. The filters then only choose which rows are shown.
        """
        if self._grids is not None:
            return self._grids
        key = (id(self.summary), self.summary.version, self.tokens, self.k) if self.suppress else None
        cached = _GRIDS.get(key) if key else None
        if cached is not None:
            self._grids = cached
            return cached
        bits = self._profile_bits()
        values = self._values
        countries = [country for country in self.countries() if bits & values("country").get(country.code, 0)]
        coded = {slug for slug, province_bits in values("province").items() if bits & province_bits}
        codes = {country.code for country in countries}
        provinces = [
            province
            for province in Province.objects.filter(slug__in=list(coded)).select_related("country")
            if province.country.code in codes
        ]
        grids = {}
        for facet, _title, choices in PROFILE_TABLES:
            bands = [bits & values(facet).get(value, 0) for value in choices.values]
            by_country = {
                country.code: [Cell((band & values("country")[country.code]).bit_count()) for band in bands]
                for country in countries
            }
            by_province = {
                province.slug: [Cell((band & values("province")[province.slug]).bit_count()) for band in bands]
                for province in provinces
            }
            totals = [Cell(band.bit_count(), total=True) for band in bands]
            if self.suppress:
                equations = [*by_country.values(), *by_province.values(), totals]
                for index, total in enumerate(totals):
                    equations.append([*(cells[index] for cells in by_country.values()), total])
                for country in countries:
                    mine = [by_province[p.slug] for p in provinces if p.country.code == country.code]
                    if mine:
                        for index, cell in enumerate(by_country[country.code]):
                            equations.append([*(cells[index] for cells in mine), cell])
                everything = [cell for equation in equations for cell in equation]
                protect(everything, equations, self.k)
                for cell in everything:
                    if cell.suppressed:
                        cell.count, cell.url = None, ""
            grids[facet] = {
                "countries": by_country,
                "provinces": by_province,
                "province_list": provinces,
                "totals": totals,
                "equations": equations if self.suppress else [],
            }
        self._grids = grids
        if key:
            while len(_GRIDS) >= GRID_CACHE_SIZE:
                _GRIDS.pop(next(iter(_GRIDS)), None)
            _GRIDS[key] = grids
        return grids

    def _profile_countries(self) -> list[Country]:
        chosen = set(self.filters.country)
        grid = next(iter(self._profile_grids().values()))
        return [
            country
            for country in self.countries()
            if country.code in grid["countries"] and (not chosen or country.code in chosen)
        ]

    def profile_totals(self, facet: str) -> list[Cell]:
        """Return the regional total of each band of a profile facet (suppressed as the grid is)."""
        return self._profile_grids()[facet]["totals"]

    def profiles(self) -> list[dict]:
        """Return the victim-profile tables (country × band), small cells suppressed for visitors and members.

        Profile cells link nowhere: the library listing filtered on a victim band would show, beside it, the counts
        the suppression hides. The row's heading links to the row's case studies.
        """
        countries = self._profile_countries()
        tables = []
        for facet, title, choices in PROFILE_TABLES:
            grid = self._profile_grids()[facet]
            rows = [
                {
                    "country": country,
                    "url": self._profile_row_url(country=[country.code]),
                    "cells": grid["countries"][country.code],
                }
                for country in countries
            ]
            tables.append(
                {
                    "facet": facet,
                    "title": title,
                    "bands": list(choices.choices),
                    "rows": rows,
                    "totals": grid["totals"],
                }
            )
        return tables

    def province_profiles(self) -> list[dict]:
        """Return the victim-profile tables by province (province × band): the finest place insights counts by,
        suppressed with the country tables (see _profile_grids)."""
        codes = {country.code for country in self._profile_countries()}
        tables = []
        for facet, title, choices in PROVINCE_PROFILE_TABLES:
            grid = self._profile_grids()[facet]
            rows = [
                {
                    "province": province,
                    "country": province.country,
                    "label": f"{province.label} ({province.country.label})",
                    "url": self._profile_row_url(province=[province.slug]),
                    "cells": grid["provinces"][province.slug],
                }
                for province in grid["province_list"]
                if province.country.code in codes
            ]
            tables.append({"facet": facet, "title": title, "bands": list(choices.choices), "rows": rows})
        return tables


def border_choices(user) -> list[tuple[str, str]]:
    """Return (value, label) of the borders the case studies this reader may open cross, by label."""
    insights = Insights(user, Filters())
    crossed = [value for value, bits in insights._values(BORDER_FACET).items() if bits & insights.base]
    return sorted(facets.labels(BORDER_FACET, crossed).items(), key=lambda item: item[1].casefold())


def channel_labels() -> dict[str, str]:
    """Return {slug: label} of the recruitment channels."""
    return {channel.slug: channel.label for channel in RecruitmentChannel.objects.all()}
