"""The JSON search API: GET /api/search/?q=&type=&country=&crime=&year=&language=&tag=&page=&sort=."""

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
