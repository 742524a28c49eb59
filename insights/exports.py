"""The open-data tables: the same aggregates as the insights page, as rows for CSV and JSON, suppression applied.

Each table is a list of dicts with fixed columns; a suppressed count is the string "<k". Counts are numbers of
case studies (never of victims). The HTCDS table names each pick-list term by its HTCDS field and value
(docs/htcds.md).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from insights.aggregates import PROFILE_TABLES, Insights
from library.models import HTCDS_PICK_LISTS
from library.search_documents import PICK_LIST_FACETS
from search import facets

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
PROFILE_HTCDS_FIELDS = {"age": "ftl_VictimAgeBand", "gender": "prs_Gender", "victims": "ftl_VictimCountBand"}


def citation(request) -> str:
    """Return the line to cite the data with."""
    site = getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/").rstrip("/")
    return f"Frontline Exchange, Insights ({site}/insights/), aggregates retrieved {timezone.now().date().isoformat()}"


def _trend_rows(insights: Insights, facet: str, column: str) -> list[dict]:
    trend = insights.trend(facet, facets.labels(facet))
    return [
        {column: series["value"], "label": series["label"], "year": int(year), "case_studies": cell.count}
        for series in trend["series"]
        for year, cell in zip(trend["years"], series["cells"], strict=True)
        if cell.count
    ]


def _routes(insights: Insights) -> list[dict]:
    return [
        {"origin": flow["origin"], "destination": flow["destination"], "case_studies": flow["cell"].count}
        for flow in insights.routes()["flows"]
    ]


def _roles(insights: Insights) -> list[dict]:
    return [
        {"country": row["country"].code, "role": role, "case_studies": row[role].count}
        for row in insights.routes()["roles"]
        for role in ("origin", "transit", "destination")
        if row[role].count
    ]


def _matrix(insights: Insights) -> list[dict]:
    matrix = insights.matrix()
    return [
        {"country": row["country"].code, "crime_type": crime.slug, "case_studies": cell.count}
        for row in matrix["rows"]
        for crime, cell in zip(matrix["crimes"], row["cells"], strict=True)
    ]


def _methods(insights: Insights) -> list[dict]:
    return [
        {
            "crime_type": pattern["crime"].slug,
            "method": item["method"].title,
            "url": item["cell"].url,
            "case_studies": item["cell"].count,
        }
        for pattern in insights.methods()
        for item in pattern["methods"]
    ]


def _profile(facet: str):
    def rows(insights: Insights) -> list[dict]:
        table = next(table for table in insights.profiles() if table["facet"] == facet)
        return [
            {"country": row["country"].code, "band": value, "case_studies": cell.export(insights.k)}
            for row in table["rows"]
            for (value, _label), cell in zip(table["bands"], row["cells"], strict=True)
        ]

    return rows


def _province_profile(facet: str):
    def rows(insights: Insights) -> list[dict]:
        table = next(table for table in insights.province_profiles() if table["facet"] == facet)
        return [
            {
                "country": row["country"].code,
                "province": row["province"].slug,
                "band": value,
                "case_studies": cell.export(insights.k),
            }
            for row in table["rows"]
            for (value, _label), cell in zip(table["bands"], row["cells"], strict=True)
        ]

    return rows


def _htcds(insights: Insights) -> list[dict]:
    rows = []
    for name, model in HTCDS_PICK_LISTS:
        counts = insights.counts(PICK_LIST_FACETS[name])
        for term in model.objects.all():
            rows.append(
                {
                    "htcds_field": term.htcds_field,
                    "htcds_value": term.htcds_value or term.slug,
                    "term": term.slug,
                    "label": term.label,
                    "case_studies": counts.get(term.slug, 0),
                }
            )
    for facet, _title, choices in PROFILE_TABLES:
        cells = insights.profile_totals(facet)
        for (value, label), cell in zip(choices.choices, cells, strict=True):
            rows.append(
                {
                    "htcds_field": PROFILE_HTCDS_FIELDS[facet],
                    "htcds_value": value,
                    "term": value,
                    "label": str(label),
                    "case_studies": cell.export(insights.k),
                }
            )
    return rows


TABLES = {
    "crime-trend": lambda insights: _trend_rows(insights, "crime", "crime_type"),
    "channel-trend": lambda insights: _trend_rows(insights, "channel", "recruitment_channel"),
    "routes": _routes,
    "country-roles": _roles,
    "country-crime": _matrix,
    "methods": _methods,
    "victim-age": _profile("age"),
    "victim-gender": _profile("gender"),
    "victim-count": _profile("victims"),
    "victim-age-province": _province_profile("age"),
    "victim-gender-province": _province_profile("gender"),
    "victim-count-province": _province_profile("victims"),
    "htcds": _htcds,
}
COLUMNS = {
    "crime-trend": ["crime_type", "label", "year", "case_studies"],
    "channel-trend": ["recruitment_channel", "label", "year", "case_studies"],
    "routes": ["origin", "destination", "case_studies"],
    "country-roles": ["country", "role", "case_studies"],
    "country-crime": ["country", "crime_type", "case_studies"],
    "methods": ["crime_type", "method", "url", "case_studies"],
    "victim-age": ["country", "band", "case_studies"],
    "victim-gender": ["country", "band", "case_studies"],
    "victim-count": ["country", "band", "case_studies"],
    "victim-age-province": ["country", "province", "band", "case_studies"],
    "victim-gender-province": ["country", "province", "band", "case_studies"],
    "victim-count-province": ["country", "province", "band", "case_studies"],
    "htcds": ["htcds_field", "htcds_value", "term", "label", "case_studies"],
}
