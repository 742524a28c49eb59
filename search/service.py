"""The search service: runs a reader's query on the configured engine, falling back to the embedded index.

``browse`` answers a faceted browse without text (the library listing, the home page, the feed) from the embedded
index's in-memory summary, whatever engine answers text: the embedded index is the site's own, written in the same
transaction as every change (an external engine is fed from it through the outbox), so a listing never waits on
a cluster and shows a change at once.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import replace

from accounts.access import reader_audience
from search import facets, glossary
from search.backends import get_embedded_engine, get_engine
from search.backends.base import SearchQuery, SearchResults
from search.backends.embedded import Browse
from search.documents import FACETS

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
SUGGEST_BELOW = 3


def search(
    text="", filters=None, page=1, sort="relevance", user=None, page_size=PAGE_SIZE, correct=True
) -> SearchResults:
    """Return the results of a query for this reader: only what the reader may see, never an exception.

    When the text finds fewer than SUGGEST_BELOW documents and its spelling corrected from the reader's visible
    vocabulary finds more, the corrected results come back (``corrected_from`` is the text as typed) unless
    ``correct`` is False; otherwise a better spelling may come back as ``suggestion``.
    """
    audience = frozenset(reader_audience(user))
    query = SearchQuery(
        text=(text or "").strip(),
        filters={name: list(values) for name, values in (filters or {}).items() if values},
        page=page,
        page_size=page_size,
        sort=sort,
        audience=audience,
    )
    embedded = get_embedded_engine()
    try:
        engine = get_engine()
        results = engine.search(query)
    except Exception:
        logger.warning("Search engine failed; answering from the embedded index.", exc_info=True)
        engine = embedded
        results = replace(embedded.search(query), fallback=True)
    if query.text and results.total < SUGGEST_BELOW and not results.suggestion:
        corrected = _corrected(engine, query, results.total) if correct else None
        if corrected is not None:
            results = replace(corrected, fallback=results.fallback)
            query = replace(query, text=corrected.corrected_query)
        else:
            results.suggestion = _suggest(engine, embedded, query)
    if query.text and query.page == 1:
        results.related = _related(engine, embedded, query)
    return results


def newest_query(text="", filters=None, audience=frozenset({"public"}), limit=PAGE_SIZE) -> SearchQuery:
    """Return the query of a followed search: its text and filters, newest first, for one audience."""
    return SearchQuery(
        text=(text or "").strip(),
        filters={name: list(values) for name, values in (filters or {}).items() if values},
        page_size=limit,
        sort="newest",
        audience=frozenset(audience),
    )


def newest_matches(text="", filters=None, user=None, limit=PAGE_SIZE) -> SearchResults:
    """Return the newest documents this reader may see that match the text and filters, in ONE engine query.

    For followed searches (search.follows): no spelling correction, suggestion or related terms (each would be
    another query), newest first; the embedded index answers only if the engine fails.
    """
    query = newest_query(text, filters, reader_audience(user), limit)
    try:
        return get_engine().search(query)
    except Exception:
        logger.warning("Search engine failed; answering from the embedded index.", exc_info=True)
        return replace(get_embedded_engine().search(query), fallback=True)


def browse(filters=None, user=None, kinds=None, counted=FACETS) -> Browse:
    """Return what this reader may see that passes the filters (OR within a facet, AND across), newest first.

    kinds limits the documents to those kinds (e.g. the library's page kinds) before anything is counted;
    counted names the facets whose values are counted (disjunctively: each under the other facets' filters).
    """
    within = {"type": list(kinds)} if kinds is not None else None
    filters = {name: list(values) for name, values in (filters or {}).items() if values}
    return get_embedded_engine().browse(reader_audience(user), filters, within=within, counted=counted)


def _corrected(engine, query: SearchQuery, found: int) -> SearchResults | None:
    """Return the engine's results for the query spelt from the audience's vocabulary, if they find more."""
    try:
        return engine.corrected(query, found)
    except Exception:
        logger.warning("Search correction failed.", exc_info=True)
        return None


def _count(engine, audience, term: str) -> int:
    """Return how many documents the audience may see match a term on an engine."""
    return engine.count_matches(term, audience)


def _related(engine, embedded, query: SearchQuery) -> list:
    """Return the glossary's terms for the query in other languages that find something this reader may open."""
    for candidate in (engine, embedded) if engine is not embedded else (embedded,):
        try:
            return glossary.related_terms(query.text, functools.partial(_count, candidate, query.audience))
        except Exception:
            logger.warning("Related terms failed.", exc_info=True)
    return []


def _suggest(engine, embedded, query: SearchQuery) -> str | None:
    """Return a better query from the engine, else from the embedded index (both limited to the audience)."""
    for candidate in (engine, embedded) if engine is not embedded else (embedded,):
        try:
            suggestion = candidate.suggest(query.text, query.audience)
        except Exception:
            logger.warning("Search suggestion failed.", exc_info=True)
            continue
        if suggestion and suggestion.casefold() != query.text.casefold():
            return suggestion
    return None


def facet_labels(tag_slugs=()) -> dict[str, dict[str, str]]:
    """Return, per facet, the display label of each known value (tags only for the slugs given)."""
    return {name: facets.labels(name, list(tag_slugs) if name == "tag" else None) for name in FACETS}


def labelled_facets(results: SearchResults) -> dict[str, list[dict]]:
    """Return each facet's values as {value, label, count}, in the engine's order."""
    labels = facet_labels([value for value, _ in results.facets.get("tag", [])])
    return {
        name: [
            {"value": value, "label": labels[name].get(value, value), "count": count}
            for value, count in results.facets.get(name, [])
        ]
        for name in FACETS
    }
