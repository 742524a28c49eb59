"""The insights page, the open-data API (CSV and JSON) and the printable country briefs."""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from insights.aggregates import Filters, Insights, border_choices
from insights.exports import COLUMNS, LICENCE, TABLES, citation
from insights.figures import all_figures, newest_case_studies, route_figure, trend_figure
from library.models import Country, CrimeType
from search import facets

try:  # WeasyPrint draws the PDF briefs; without it the brief is offered as a printable page only.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher
except ImportError:  # pragma: no cover - depends on the installation
    CSS = HTML = None
    URLFetcher = object


class StaticOnlyFetcher(URLFetcher):
    """Let WeasyPrint read the site's own static files from disk, and nothing else (no request leaves the server)."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",))

    def fetch(self, url, headers=None):
        path = urlsplit(url).path
        found = finders.find(path.removeprefix(settings.STATIC_URL)) if path.startswith(settings.STATIC_URL) else None
        if not found:
            raise ValueError(f"not fetched: {url}")
        return super().fetch(Path(found).as_uri(), headers)


def per_reader(view):
    """Mark a signed-in reader's figures private (no shared cache may keep an officer's counts for a visitor)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response

    return wrapped


# The figures of the insights page, drawn, per audience, k, filters, language and index version: what a reader sees
# depends on nothing else (their audience tokens decide what is counted and whether cells are suppressed), so
# readers of one audience share them until the index changes.
_FIGURES: dict[tuple, str] = {}
FIGURES_CACHE_SIZE = 128

BRIEF_PROVINCES = 5  # the provinces with the most case studies, on a brief


def _message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _filter_choices(filters: Filters, user) -> dict:
    return {
        "borders": border_choices(user),
        "countries": list(Country.objects.all()),
        "crimes": sorted(CrimeType.objects.all(), key=lambda crime: crime.label.casefold()),
        "languages": settings.CONTENT_LANGUAGES,
        "years": list(range(2000, 2031)),
        "filters": filters,
    }


@require_GET
@per_reader
def insights_page(request):
    """Show the figures for this reader's audience under the filters of the query string."""
    try:
        filters = Filters.from_query(request.GET)
    except ValidationError as error:
        context = {"error": _message(error), **_filter_choices(Filters(), request.user)}
        return render(request, "insights/insights_page.html", context, status=400)
    insights = Insights(request.user, filters)
    query = filters.query().urlencode()
    summary = insights.summary
    key = (id(summary), summary.version, insights.tokens, insights.k, query, get_language())
    html = _FIGURES.get(key)
    if html is None:
        html = render_to_string(
            "insights/includes/figures.html",
            {"insights": insights, "figures": all_figures(insights), "query": query, "tables": list(TABLES)},
        )
        while len(_FIGURES) >= FIGURES_CACHE_SIZE:
            _FIGURES.pop(next(iter(_FIGURES)), None)
        _FIGURES[key] = html
    context = {"insights": insights, "figures_html": mark_safe(html), **_filter_choices(filters, request.user)}  # noqa: S308
    return render(request, "insights/insights_page.html", context)


def _error(parameter: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message, "parameter": parameter}, status=status)


@require_GET
@per_reader
def api_index(request):
    """Return the list of tables with their addresses, the licence and the citation line."""
    base = request.build_absolute_uri("/api/insights/")
    return JsonResponse(
        {
            "licence": LICENCE,
            "citation": citation(request),
            "parameters": ["country", "crime", "language", "border", "from", "to"],
            "tables": {name: {"json": f"{base}{name}.json", "csv": f"{base}{name}.csv"} for name in TABLES},
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@per_reader
def api_table(request, name: str, fmt: str):
    """Return one table of aggregates for this reader, as CSV or JSON, with the licence and citation line."""
    if name not in TABLES:
        return _error(
            "table",
            _("unknown table '%(name)s' (use one of: %(tables)s)") % {"name": name, "tables": ", ".join(TABLES)},
            404,
        )
    try:
        filters = Filters.from_query(request.GET)
    except ValidationError as error:
        return _error("filters", _message(error))
    insights = Insights(request.user, filters)
    rows = TABLES[name](insights)
    if fmt == "json":
        return JsonResponse(
            {
                "table": name,
                "licence": LICENCE,
                "citation": citation(request),
                "unit": "case studies",
                "suppressed_below": insights.k if insights.suppress else None,
                "filters": {key: filters.query().getlist(key) for key in filters.query()},
                "columns": COLUMNS[name],
                "rows": rows,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    buffer = io.StringIO()
    buffer.write(f"# Licence: {LICENCE}\n# Cite as: {citation(request)}\n")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS[name], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insights-{name}.csv"'
    return response


def _brief_context(request, code: str) -> dict:
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise Http404
    filters = Filters.from_query(request.GET)  # a year range or language may narrow a brief; the country is its own
    filters.country = [country.code]
    insights = Insights(request.user, filters)
    routes = route_figure(insights)
    routes["flows"] = [f for f in routes["flows"] if country.code in (f["origin"], f["destination"])][:4]
    crimes = insights.counts("crime")
    channels = insights.counts("channel")
    crime_labels, channel_labels = facets.labels("crime"), facets.labels("channel")
    methods = {}
    for pattern in insights.methods():
        for item in pattern["methods"]:
            key = item["method"].pk
            if key not in methods or methods[key]["cell"].count < item["cell"].count:
                methods[key] = item
    ages = insights.province_profiles()[0]
    province_counts = insights.counts("province")
    ages["rows"] = sorted(ages["rows"], key=lambda row: -province_counts.get(row["province"].slug, 0))[:BRIEF_PROVINCES]
    return {
        "country": country,
        "insights": insights,
        "routes": routes,
        "province_ages": ages,
        "crimes": [(crime_labels.get(slug, slug), n) for slug, n in sorted(crimes.items(), key=lambda kv: -kv[1])][:5],
        "channels": [
            (channel_labels.get(slug, slug), n) for slug, n in sorted(channels.items(), key=lambda kv: -kv[1])
        ][:6],
        "channel_trend": trend_figure(insights, "channel", _("Case studies per recruitment channel and year")),
        "methods": sorted(methods.values(), key=lambda item: -item["cell"].count)[:4],
        "newest": newest_case_studies(insights, 3),
        "licence": LICENCE,
        "citation": citation(request),
        "pdf": HTML is not None,
    }


@require_GET
@per_reader
def country_brief(request, code: str):
    """Show the one-page brief of a country (printable)."""
    try:
        context = _brief_context(request, code)
    except ValidationError as error:
        return HttpResponseBadRequest(_message(error), content_type="text/plain; charset=utf-8")
    return render(request, "insights/country_brief.html", context)


@require_GET
@per_reader
def country_brief_pdf(request, code: str):
    """Return the brief of a country as a PDF, drawn by WeasyPrint from the same page."""
    try:
        context = _brief_context(request, code)
    except ValidationError as error:
        return HttpResponseBadRequest(_message(error), content_type="text/plain; charset=utf-8")
    if HTML is None:
        raise Http404
    html = render_to_string("insights/country_brief.html", {**context, "for_pdf": True}, request=request)
    stylesheet = CSS(filename=finders.find("insights/insights.css"), url_fetcher=StaticOnlyFetcher())
    document = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=StaticOnlyFetcher())
    pdf = document.write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="brief-{context["country"].code}.pdf"'
    return response
