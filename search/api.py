"""The JSON search API: GET /api/search/?q=&type=&country=&crime=&year=&language=&tag=&page=&sort=&as_typed=.

A misspelt query that finds (almost) nothing answers with the results of its correction: ``corrected_from`` is
the text as typed and ``query`` the corrected text; ``as_typed=1`` turns the correction off.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from search import service
from search.forms import SearchForm


def _error(parameter, message):
    return JsonResponse({"error": str(message), "parameter": parameter}, status=400)


@require_GET
def search_api(request):
    """Return one page of results for the signed-in or anonymous reader, or a 400 naming the bad parameter."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _error(*form.first_error())
    results = service.search(
        text=form.cleaned_data["q"],
        filters=form.filters,
        page=form.cleaned_data["page"],
        sort=form.cleaned_data["sort"],
        user=request.user,
        correct=not form.cleaned_data["as_typed"],
    )
    if form.cleaned_data["page"] > results.pages:
        form.page_out_of_range(results.pages)
        return _error(*form.first_error())
    return JsonResponse(
        {
            "count": results.total,
            "page": results.page,
            "pages": results.pages,
            "engine": results.engine,
            "fallback": results.fallback,
            "suggestion": results.suggestion,
            "query": results.corrected_query or form.cleaned_data["q"],
            "corrected_from": results.corrected_from,
            "related": [{"language": r.language, "term": r.term, "count": r.count} for r in results.related],
            "results": [
                {
                    "title": hit.title,
                    "url": hit.url,
                    "type": hit.kind,
                    "language": hit.language,
                    "countries": hit.countries,
                    "year": hit.year,
                    "snippet": hit.snippet,
                }
                for hit in results.hits
            ],
            "facets": service.labelled_facets(results),
        },
        json_dumps_params={"ensure_ascii": False},
    )
