"""The insights figures for one reader: the aggregates with their charts (SVG) and the tables behind them."""

from __future__ import annotations

from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from insights import svg
from insights.aggregates import Insights
from search import facets
from search.models import IndexEntry


def trend_figure(insights: Insights, facet: str, title: str) -> dict:
    """Return a trend (case studies per value and year) as stacked bars per year, with its table."""
    trend = insights.trend(facet, facets.labels(facet))
    rows = []
    for index, year in enumerate(trend["years"]):
        segments = [
            svg.Segment(
                series["cells"][index].count,
                series["cells"][index].url,
                ngettext(
                    "%(label)s, %(year)s: %(count)s case study",
                    "%(label)s, %(year)s: %(count)s case studies",
                    series["cells"][index].count,
                )
                % {"label": series["label"], "year": year, "count": series["cells"][index].count},
            )
            for series in trend["series"]
        ]
        rows.append((year, segments))
    legend = [{"label": series["label"], "colour": svg.colour(i)} for i, series in enumerate(trend["series"])]
    return {
        "title": title,
        # A case study with two values (two recruitment channels) is in two segments; the number counts it once.
        "svg": mark_safe(svg.stacked_bars(rows, title, totals=trend["totals"])) if rows else "",  # noqa: S308
        "legend": legend,
        "years": trend["years"],
        "series": trend["series"],
        "table": [
            {
                "year": year,
                "cells": [series["cells"][index] for series in trend["series"]],
                "total": trend["totals"][index],
            }
            for index, year in enumerate(trend["years"])
        ],
    }


def route_figure(insights: Insights) -> dict:
    """Return the route map (flows origin → destination) and the table of case studies per country and role."""
    routes = insights.routes()
    names = {row["country"].code: row["country"].label for row in routes["roles"]}
    flows = [
        {
            "origin": flow["origin"],
            "destination": flow["destination"],
            "count": flow["cell"].count,
            "url": flow["cell"].url,
            "title": ngettext(
                "%(origin)s → %(destination)s: %(count)s case study",
                "%(origin)s → %(destination)s: %(count)s case studies",
                flow["cell"].count,
            )
            % {"origin": names[flow["origin"]], "destination": names[flow["destination"]], "count": flow["cell"].count},
        }
        for flow in routes["flows"]
    ]
    title = _("Routes: countries of origin and destination")
    drawing = svg.route_map(flows, names, title)
    return {
        "title": title,
        "svg": mark_safe(drawing),  # noqa: S308 - built from escaped parts
        "size": len(drawing.encode()),
        "flows": [
            {**flow, "origin_name": names[flow["origin"]], "destination_name": names[flow["destination"]]}
            for flow in flows
        ],
        "roles": [
            row for row in routes["roles"] if row["origin"].count or row["transit"].count or row["destination"].count
        ],
    }


def method_figures(insights: Insights) -> list[dict]:
    """Return, per crime type, the methods most linked from case studies, as a bar list with its table."""
    figures = []
    for pattern in insights.methods():
        title = _("Methods most linked from case studies of %(crime)s") % {"crime": pattern["crime"].label}
        rows = [
            (
                item["method"].title,
                svg.Segment(
                    item["cell"].count,
                    item["cell"].url,
                    ngettext(
                        "%(method)s: linked from %(count)s case study",
                        "%(method)s: linked from %(count)s case studies",
                        item["cell"].count,
                    )
                    % {"method": item["method"].title, "count": item["cell"].count},
                ),
            )
            for item in pattern["methods"]
        ]
        figures.append(
            {
                "title": title,
                "crime": pattern["crime"],
                "svg": mark_safe(svg.bars(rows, title)),
                "rows": pattern["methods"],
            }  # noqa: S308
        )
    return figures


def newest_case_studies(insights: Insights, limit: int = 5) -> list[IndexEntry]:
    """Return the newest case studies among the reader's (their index entries: title, address, year), each once:
    in the interface language when a translation in it passes the filters, else the one counted."""
    summary = insights.summary
    ids = summary.newest(insights.base, 0, limit)
    ids = summary.versions(ids, insights.passing, summary.facets.get("language", {}).get(get_language(), 0))
    entries = {
        entry.pk: entry for entry in IndexEntry.objects.filter(pk__in=ids).only("title", "url", "year", "language")
    }
    return [entries[pk] for pk in ids if pk in entries]


def all_figures(insights: Insights) -> dict:
    """Return every figure of the insights page."""
    return {
        "crime_trend": trend_figure(insights, "crime", _("Case studies per crime type and year")),
        "channel_trend": trend_figure(insights, "channel", _("Case studies per recruitment channel and year")),
        "routes": route_figure(insights),
        "matrix": insights.matrix(),
        "methods": method_figures(insights),
        "profiles": insights.profiles(),
        "province_profiles": insights.province_profiles(),
    }
