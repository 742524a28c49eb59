"""The search page: a search box, facet links, highlighted results and pagination, all without JavaScript."""

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import facets, service
from search.documents import FACETS
from search.facets import FacetGroup, FacetLink
from search.forms import SearchForm

TAG_LIMIT = 30


def _query_string(params, **changes):
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    for key, values in changes.items():
        query.setlist(key, values)
    return "?" + query.urlencode()


def _params(form):
    params = {"q": [form.cleaned_data["q"]]} if form.cleaned_data.get("q") else {}
    params.update({name: list(values) for name, values in form.filters.items()})
    if form.cleaned_data.get("sort") and form.cleaned_data["sort"] != "relevance":
        params["sort"] = [form.cleaned_data["sort"]]
    if form.cleaned_data.get("as_typed"):
        params["as_typed"] = ["1"]
    return params


def facet_groups(form, labelled):
    """Return each facet with links that add or remove one value, keeping the other choices."""
    params = _params(form)
    groups = []
    for name in FACETS:
        chosen = form.filters.get(name, [])
        values = labelled.get(name, [])
        if name == "tag":
            values = [v for v in values if v["value"] in chosen] + [v for v in values if v["value"] not in chosen]
            values = values[:TAG_LIMIT]
        links = []
        for item in values:
            selected = item["value"] in chosen
            new = [v for v in chosen if v != item["value"]] if selected else [*chosen, item["value"]]
            links.append(
                FacetLink(item["value"], item["label"], item["count"], selected, _query_string(params, **{name: new}))
            )
        labels = {item["value"] for item in values}
        for value in chosen:
            if value not in labels:
                links.append(
                    FacetLink(value, value, 0, True, _query_string(params, **{name: [v for v in chosen if v != value]}))
                )
        if links:
            groups.append(FacetGroup(name, facets.label(name), links))
    return groups


def _labelled_hits(hits):
    """Return the hits with display labels for their type, language and countries."""
    labels = service.facet_labels()
    for hit in hits:
        hit.type_label = labels["type"].get(hit.kind, hit.kind)
        hit.language_label = labels["language"].get(hit.language, hit.language)
        hit.country_labels = [labels["country"].get(code, code) for code in hit.countries]
    return hits


def _related_links(related):
    """Return the related terms with their language's name and a link searching for them."""
    languages = dict(settings.CONTENT_LANGUAGES)
    return [
        {
            "language": item.language,
            "language_label": languages.get(item.language, item.language),
            "term": item.term,
            "count": item.count,
            "url": _query_string({"q": [item.term]}),
        }
        for item in related
    ]


@require_GET
def search_page(request):
    """Render the search page for this reader."""
    form = SearchForm(request.GET)
    context = {"form": form, "results": None}
    status = 200
    if form.is_valid():
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
            status = 400
        else:
            labelled = service.labelled_facets(results)
            params = _params(form)
            context.update(
                results=results,
                facet_groups=facet_groups(form, labelled),
                hits=_labelled_hits(results.hits),
                hidden=[
                    (name, value)
                    for name, values in params.items()
                    if name not in ("q", "as_typed")
                    for value in values
                ],
                query=form.cleaned_data["q"],
                # The results shown are those of the corrected spelling: following them follows that spelling.
                follow_query=results.corrected_query if results.corrected_from else form.cleaned_data["q"],
                active=bool(form.filters),
                clear_url=_query_string({"q": params["q"]}) if "q" in params else request.path,
                previous_url=_query_string(params, page=[str(results.page - 1)]) if results.page > 1 else None,
                next_url=_query_string(params, page=[str(results.page + 1)]) if results.page < results.pages else None,
                newest_url=_query_string(params, sort=["newest"]),
                relevance_url=_query_string({k: v for k, v in params.items() if k != "sort"}),
                suggestion_url=_query_string({**params, "q": [results.suggestion]}) if results.suggestion else None,
                as_typed_url=_query_string({**params, "as_typed": ["1"]}) if results.corrected_from else None,
                related=_related_links(results.related),
            )
    else:
        status = 400
    return render(request, "search/search.html", context, status=status)
