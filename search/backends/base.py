"""The interface every search engine implements, and the query and result types they share.

Semantics every engine honours (tests/search/conformance.py checks them):

* Only documents whose ``audience`` intersects ``SearchQuery.audience`` exist for a query: they are absent
  from hits, snippets, totals, facet counts and suggestions.
* Filters AND across facets and OR within one facet. Besides the counted facets (FACETS), a query may filter on
  the summary-only facets apps register (SUMMARY_FACETS: a country's role, recruitment channel, province, method),
  as a followed library listing does; they are never counted.
* Facet counts are disjunctive: a facet's values are counted under the text query and the other facets'
  filters, not its own, so a reader sees how many results choosing another value would add.
* An empty text matches every document (browsing by facets); ``sort="relevance"`` then means newest first.
* Snippets are HTML: the document text escaped, matched terms in ``<mark>`` (``textproc.pipeline.highlight``).
"""

from __future__ import annotations

import difflib
import math
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice

from search.documents import FACETS, SORTS, SUMMARY_FACETS, SearchDocument
from textproc import pipeline as textproc
from textproc.scripts import UNSPACED_CHAR


class SearchEngineError(Exception):
    """The engine could not answer (unreachable, timed out, refused the request)."""


@dataclass(frozen=True)
class SearchQuery:
    """What a reader asked for, and the audience tokens the reader holds."""

    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    sort: str = "relevance"
    audience: frozenset[str] = frozenset({"public"})

    def __post_init__(self):
        unknown = set(self.filters) - set(FACETS) - set(SUMMARY_FACETS)
        if unknown:
            raise ValueError(f"unknown facets: {sorted(unknown)}")
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort: {self.sort}")
        if self.page < 1 or self.page_size < 1:
            raise ValueError("page and page_size start at 1")
        object.__setattr__(self, "audience", frozenset(self.audience))

    @property
    def active_filters(self) -> dict[str, list[str]]:
        """Return the filters that have at least one value."""
        return {name: list(values) for name, values in self.filters.items() if values}

    @property
    def offset(self) -> int:
        """Return the index of the first hit of the requested page."""
        return (self.page - 1) * self.page_size


@dataclass
class Hit:
    """One result: the document's display fields, an HTML snippet with <mark>ed matches, and its score."""

    id: str
    kind: str
    title: str
    url: str
    language: str
    countries: list[str]
    crime_types: list[str]
    year: int | None
    tags: list[str]
    date: datetime | None
    snippet: str
    score: float = 0.0

    @classmethod
    def from_document(cls, document: SearchDocument, snippet: str, score: float = 0.0) -> Hit:
        """Return a hit showing a document."""
        return cls(
            id=document.id,
            kind=document.kind,
            title=document.title,
            url=document.url,
            language=document.language,
            countries=list(document.countries),
            crime_types=list(document.crime_types),
            year=document.year,
            tags=list(document.tags),
            date=document.date,
            snippet=snippet,
            score=score,
        )


@dataclass
class SearchResults:
    """One page of hits, the facet counts, and how the answer was produced."""

    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    total: int
    page: int
    pages: int
    engine: str
    suggestion: str | None = None
    fallback: bool = False
    corrected_from: str | None = None  # the text as typed, when these are the results of its spelling correction
    corrected_query: str | None = None  # the corrected text these results answer
    related: list = field(default_factory=list)

    @staticmethod
    def page_count(total: int, page_size: int) -> int:
        """Return the number of pages needed for total hits (at least one)."""
        return max(1, math.ceil(total / page_size))


def sort_facet_values(counts: dict[str, int], facet: str) -> list[tuple[str, int]]:
    """Return (value, count) pairs in display order: years newest first, others by count then value."""
    if facet == "year":
        return sorted(counts.items(), key=lambda item: -int(item[0]))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def closest_words(words: list[str], vocabulary: frozenset[str]) -> str | None:
    """Return words with each unknown one replaced by its closest vocabulary word, or None if none changed."""
    changed = False
    out = []
    for word in words:
        if word in vocabulary or UNSPACED_CHAR.search(word) or word.isdigit() or len(word) < 3:
            out.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        changed = changed or bool(close and close[0] != word)
        out.append(close[0] if close else word)
    return " ".join(out) if changed else None


class SearchEngine(ABC):
    """A search index that stores SearchDocuments and answers SearchQuerys."""

    name: str = ""

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents by id; return how many were written."""

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id (unknown ids are ignored); return how many were asked for."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults:
        """Return the hits, facet counts and total for a query, limited to the query's audience."""

    @abstractmethod
    def count(self) -> int:
        """Return the number of indexed documents."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every document."""

    @abstractmethod
    def ping(self) -> bool:
        """Return whether the engine is reachable and ready."""

    def vocabulary(self, audience: Iterable[str]) -> frozenset[str]:
        """Return the title and tag words of the documents this audience may see (no words: no suggestions)."""
        return frozenset()

    def suggest(self, text: str, audience: Iterable[str]) -> str | None:
        """Return the query with misspelt words replaced by the closest title or tag word the audience may see."""
        words = textproc.query_terms(text)
        if not words:
            return None
        vocabulary = self.vocabulary(audience)
        return closest_words(words, vocabulary) if vocabulary else None

    def corrected(self, query: SearchQuery, found: int) -> SearchResults | None:
        """Return the results of the query with misspelt words corrected from the audience's visible vocabulary,
        when they find more than ``found`` documents; else None."""
        suggestion = self.suggest(query.text, query.audience)
        if not suggestion or suggestion.casefold() == query.text.casefold():
            return None
        results = self.search(replace(query, text=suggestion))
        if results.total <= found:
            return None
        results.corrected_from, results.corrected_query = query.text, suggestion
        return results

    def count_matches(self, text: str, audience: Iterable[str]) -> int:
        """Return how many documents the audience may see match the text."""
        return self.search(SearchQuery(text=text, audience=frozenset(audience), page_size=1)).total

    def rebuild(self, documents: Iterable[SearchDocument], batch_size: int = 500) -> int:
        """Replace the whole index with documents; return how many were indexed."""
        self.clear()
        total = 0
        iterator = iter(documents)
        while batch := list(islice(iterator, batch_size)):
            total += self.index(batch)
        return total
