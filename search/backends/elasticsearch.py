"""Search engine on an Elasticsearch 8/9 (or OpenSearch 2/3) cluster through elasticsearch.dsl.

Documents are stored pre-tokenized by textproc.pipeline (the same functions process queries), so the index only
splits on whitespace: no ICU or language plugin is needed on the cluster. Readers query an alias; a rebuild
loads a new timestamped index and swaps the alias atomically, so searches keep working throughout.

Every failure to reach or use the cluster raises SearchEngineError quickly (short timeout, no retries on the
request path), so the search service can answer from the embedded engine instead.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import suppress
from datetime import UTC, datetime
from itertools import islice

from django.conf import settings
from django.utils.module_loading import import_string
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch.dsl import Date, Document, Index, Integer, Keyword, Q, Search, Text, analyzer

from search.documents import SECTIONS, SearchDocument, field_weight
from textproc import highlight as snippets
from textproc import pipeline as textproc

from .base import Hit, SearchEngine, SearchEngineError, SearchQuery, SearchResults, sort_facet_values

logger = logging.getLogger(__name__)

__all__ = ["ElasticsearchEngine", "IndexedDocument"]

# Pre-tokenized terms: split on whitespace only; lowercase is a no-op safety net (textproc.pipeline folds case).
TERMS = analyzer("frontline_terms", tokenizer="whitespace", filter=["lowercase"])

# Field on the cluster for each facet name of search.documents.FACETS.
FACET_FIELDS = {
    "type": "kind",
    "country": "countries",
    "crime": "crime_types",
    "year": "year",
    "language": "language",
    "tag": "tags",
}
FACET_SIZE = 1000  # values counted per facet (tags are the only facet that may have more than a few dozen)
VOCABULARY_SIZE = 10000
# Each analysed field is boosted by search.documents.field_weight, as the embedded engine weighs its bm25 columns.


class IndexedDocument(Document):
    """The mapping of one search document on the cluster: facets as keywords, analyzed terms as text."""

    id = Keyword()
    kind = Keyword()
    title = Text(index=False)
    url = Keyword(index=False)
    language = Keyword()
    summary = Text(index=False)
    text = Text(index=False)
    countries = Keyword(multi=True)
    crime_types = Keyword(multi=True)
    year = Integer()
    tags = Keyword(multi=True)
    tag_labels = Keyword(multi=True, index=False)
    date = Date()
    audience = Keyword(multi=True)
    title_words = Text(analyzer=TERMS)
    title_folded = Text(analyzer=TERMS)
    title_grams = Text(analyzer=TERMS)
    body_words = Text(analyzer=TERMS)
    body_folded = Text(analyzer=TERMS)
    body_grams = Text(analyzer=TERMS)
    labels = Keyword(multi=True, index=False)
    label_words = Text(analyzer=TERMS)
    label_folded = Text(analyzer=TERMS)
    label_grams = Text(analyzer=TERMS)
    facet_values = Keyword(multi=True)  # "facet=value" of the summary-only facets (filtered on, never counted)
    title_terms = Keyword(multi=True)  # distinct title words, the vocabulary of suggestions
    indexed_at = Date()  # when this copy was written: with the count, it tells whether a vocabulary is current

    class Meta:
        dynamic = "strict"


# Stored fields a hit is rebuilt from (the analyzed fields are left out of responses).
DISPLAY_FIELDS = (
    "id",
    "kind",
    "title",
    "url",
    "language",
    "summary",
    "text",
    "countries",
    "crime_types",
    "year",
    "tags",
    "tag_labels",
    "date",
    "audience",
    "labels",
    "facet_values",
)


def to_source(document: SearchDocument) -> dict:
    """Return the JSON body stored for a document: its display fields, facet values and analyzed terms."""
    return {
        "id": document.id,
        "kind": document.kind,
        "title": document.title,
        "url": document.url,
        "language": document.language,
        "summary": document.summary,
        "text": document.text,
        "countries": list(document.countries),
        "crime_types": list(document.crime_types),
        "year": document.year,
        "tags": list(document.tags),
        "tag_labels": list(document.tag_labels),
        "date": document.date.isoformat() if document.date else None,
        "audience": list(document.audience),
        "labels": list(document.labels),
        "facet_values": [f"{facet}={value}" for facet, values in document.extra_facets.items() for value in values],
        **document.analyzed,
        "title_terms": sorted({word for word in document.analyzed["title_words"].split() if len(word) > 2}),
        "indexed_at": datetime.now(UTC).isoformat(),
    }


def from_source(source: dict) -> SearchDocument:
    """Return the search document stored as source."""
    date = source.get("date")
    return SearchDocument(
        id=source["id"],
        kind=source["kind"],
        title=source.get("title") or "",
        url=source.get("url") or "",
        language=source.get("language") or "",
        text=source.get("text") or "",
        summary=source.get("summary") or "",
        countries=list(source.get("countries") or []),
        crime_types=list(source.get("crime_types") or []),
        year=source.get("year"),
        tags=list(source.get("tags") or []),
        tag_labels=list(source.get("tag_labels") or []),
        date=datetime.fromisoformat(date) if date else None,
        audience=list(source.get("audience") or []),
        labels=list(source.get("labels") or []),
        extra_facets=_extra_facets(source.get("facet_values") or []),
    )


def _extra_facets(keys: list[str]) -> dict[str, list[str]]:
    """Return {facet: values} of a document's stored "facet=value" keys of the summary-only facets."""
    values: dict[str, list[str]] = {}
    for key in keys:
        facet, _sep, value = key.partition("=")
        values.setdefault(facet, []).append(value)
    return values


def snippet(document: SearchDocument, query_text: str) -> str:
    """Return the HTML snippet of a hit: its summary and text around the matches, as every engine shows it."""
    return snippets.snippet(document.body_text or document.title, query_text)


def text_query(query_text: str) -> Q | None:
    """Return the scoring query for a text: every phrase of textproc.pipeline.query OR-ed on its title and body fields."""
    parts = textproc.query(query_text)
    if not parts:
        return None
    clauses = []
    for name, phrases in (("words", parts.words), ("folded", parts.folded), ("grams", parts.grams)):
        for section in SECTIONS:
            field = f"{section}_{name}"
            for phrase in phrases:
                clauses.append(Q("match_phrase", **{field: {"query": phrase, "boost": field_weight(field)}}))
    return Q("bool", should=clauses, minimum_should_match=1)


def facet_filter(facet: str, values: list[str]) -> Q:
    """Return the filter keeping documents that have any of values in a facet (a summary-only one too)."""
    if facet not in FACET_FIELDS:
        return Q("terms", facet_values=[f"{facet}={value}" for value in values])
    field = FACET_FIELDS[facet]
    if facet == "year":
        years = [int(value) for value in values if str(value).strip().lstrip("-").isdigit()]
        return Q("terms", **{field: years}) if years else Q("match_none")
    return Q("terms", **{field: [str(value) for value in values]})


def _bool_of(filters: list[Q]) -> Q:
    """Return a filter that requires every one of filters (match_all when there is none)."""
    return Q("bool", filter=filters) if filters else Q("match_all")


_clients: dict[tuple[str, str, float], Elasticsearch] = {}
_mapped: set[tuple[int, str]] = set()  # (client, alias) whose live indices have the current mapping
_vocabularies: dict[tuple, frozenset[str]] = {}


def _forget_clients() -> None:
    """In a forked child (gunicorn --preload): drop the parent's clients, whose open connections it must not share."""
    _clients.clear()


os.register_at_fork(after_in_child=_forget_clients)


def shared_client(url: str, node_class: str = "", timeout: float = 2.0) -> Elasticsearch:
    """Return the process's client for a cluster (one connection pool per process, reused by every request)."""
    key = (url, node_class, timeout)
    if key not in _clients:
        options = {"request_timeout": timeout, "max_retries": 0, "retry_on_timeout": False}
        if node_class:
            # An HTTP node class other than the client's default, e.g. search.es_compat.Elasticsearch8Node.
            options["node_class"] = import_string(node_class)
        _clients[key] = Elasticsearch(url, **options)
    return _clients[key]


class ElasticsearchEngine(SearchEngine):
    """Store documents in an Elasticsearch index behind an alias and answer queries with filtered aggregations."""

    name = "elasticsearch"

    def __init__(
        self,
        url: str = "",
        index_prefix: str | None = None,
        *,
        client: Elasticsearch | None = None,
        timeout: float | None = None,
        bulk_timeout: float = 60.0,
        refresh: bool | str = False,
    ):
        if client is None:
            if timeout is None:
                timeout = float(getattr(settings, "SEARCH_TIMEOUT", 2.0))
            client = shared_client(url, getattr(settings, "SEARCH_NODE_CLASS", ""), timeout)
        self.client = client
        self.bulk_timeout = bulk_timeout
        self.refresh = refresh
        prefix = index_prefix if index_prefix is not None else settings.SEARCH_INDEX_PREFIX
        self.alias = f"{prefix}-documents"

    # -- index management ---------------------------------------------------------------------------------

    def _new_index(self) -> Index:
        """Return the definition of a new timestamped index for the alias (not yet created)."""
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        index = Index(f"{self.alias}-{stamp}")
        index.settings(number_of_shards=1)
        index.document(IndexedDocument)
        return index

    def _indices(self) -> list[str]:
        """Return the concrete indices that belong to this engine: the live one and any being rebuilt."""
        response = self.client.indices.get(index=f"{self.alias}-*", allow_no_indices=True, expand_wildcards="open")
        return sorted(response.body)

    def _live_indices(self) -> list[str]:
        """Return the indices the alias points to."""
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias).body)

    def ensure_index(self) -> None:
        """Create the first index and point the alias to it, unless the alias exists."""
        with self._errors("create the index"):
            if self.client.indices.exists_alias(name=self.alias):
                self._update_mapping()
                return
            index = self._new_index()
            index.aliases(**{self.alias: {}})
            index.create(using=self.client)

    def _update_mapping(self) -> None:
        """Add the fields of the current mapping that an older index lacks (once per process), so writes fit it."""
        key = (id(self.client), self.alias)
        if key in _mapped:
            return
        properties = IndexedDocument._doc_type.mapping.to_dict()["properties"]
        self.client.indices.put_mapping(index=self.alias, properties=properties)
        _mapped.add(key)

    # -- writing ----------------------------------------------------------------------------------------------

    def _bulk(
        self, actions: Iterable[dict], ok_statuses: tuple[int, ...] = (), refresh: bool | str | None = None
    ) -> tuple[int, list[str]]:
        """Send actions in chunks; return how many succeeded and the ids that failed."""
        client = self.client.options(request_timeout=self.bulk_timeout)
        done, failed = 0, []
        refresh = self.refresh if refresh is None else refresh
        kwargs = {"refresh": refresh} if refresh else {}
        for ok, item in helpers.streaming_bulk(
            client, actions, chunk_size=500, raise_on_error=False, raise_on_exception=True, **kwargs
        ):
            ((op, result),) = item.items()
            if ok or result.get("status") in ok_statuses:
                done += 1
            else:
                failed.append(str(result.get("_id")))
                logger.warning("search: %s of %s failed: %s", op, result.get("_id"), result.get("error"))
        return done, failed

    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Write documents (by id) to the live index and to any index being rebuilt; return how many."""
        documents = list(documents)
        if not documents:
            return 0
        self.ensure_index()
        with self._errors("index documents"):
            targets = self._indices()
            sources = {document.id: to_source(document) for document in documents}
            actions = (
                {"_op_type": "index", "_index": target, "_id": doc_id, "_source": source}
                for doc_id, source in sources.items()
                for target in targets
            )
            done, failed = self._bulk(actions)
        if failed:
            raise BulkWriteError(f"{len(failed)} document writes were refused", failed_ids=sorted(set(failed)))
        return done // len(targets)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id from the live index and any index being rebuilt; return how many were asked."""
        ids = list(ids)
        if not ids:
            return 0
        with self._errors("delete documents"):
            targets = self._indices()
            actions = (
                {"_op_type": "delete", "_index": target, "_id": document_id}
                for document_id in ids
                for target in targets
            )
            _, failed = self._bulk(actions, ok_statuses=(404,))
        if failed:
            raise BulkWriteError(f"{len(failed)} document deletions were refused", failed_ids=sorted(set(failed)))
        return len(ids)

    def rebuild(self, documents: Iterable[SearchDocument], batch_size: int = 500) -> int:
        """Load documents into a new index, swap the alias to it atomically, drop the old one; return the count.

        Readers keep querying the old index until the swap. Writes made meanwhile through index()/delete()
        reach both indices; the load uses op_type=create so it never overwrites such a newer write.
        """
        with self._errors("rebuild the index"):
            index = self._new_index()
            index.settings(refresh_interval="-1")
            index.create(using=self.client)
            client = self.client.options(request_timeout=self.bulk_timeout)
            try:
                total = self._load(index._name, documents, batch_size)
                client.indices.put_settings(index=index._name, settings={"index": {"refresh_interval": None}})
                client.indices.refresh(index=index._name)
                old = [name for name in self._indices() if name != index._name]
                actions = [{"remove": {"index": name, "alias": self.alias}} for name in self._live_indices()]
                client.indices.update_aliases(actions=[*actions, {"add": {"index": index._name, "alias": self.alias}}])
            except BaseException:
                # The alias still points to the old index: drop the half-built one, readers never saw it.
                with suppress(es_exceptions.ApiError, es_exceptions.TransportError):
                    client.indices.delete(index=index._name)
                raise
            if old:
                client.indices.delete(index=",".join(old))
        return total

    def _load(self, name: str, documents: Iterable[SearchDocument], batch_size: int) -> int:
        """Create documents in a new index in batches, keeping any newer copy written meanwhile; return the count."""
        total = 0
        iterator = iter(documents)
        while batch := list(islice(iterator, batch_size)):
            actions = (
                {"_op_type": "create", "_index": name, "_id": doc.id, "_source": to_source(doc)} for doc in batch
            )
            # No refresh per batch (the index refreshes once, before the swap); 409 = a newer copy is there.
            done, failed = self._bulk(actions, ok_statuses=(409,), refresh=False)
            if failed:
                raise BulkWriteError(f"{len(failed)} documents were refused by the new index", failed_ids=failed)
            total += done
        return total

    def clear(self) -> None:
        """Remove every document: drop this engine's indices and start an empty one behind the alias."""
        with self._errors("clear the index"):
            old = self._indices()
            if old:
                self.client.indices.delete(index=",".join(old))
        self.ensure_index()

    # -- reading ----------------------------------------------------------------------------------------------

    def count(self) -> int:
        """Return the number of documents behind the alias."""
        with self._errors("count documents"):
            if not self.client.indices.exists_alias(name=self.alias):
                return 0
            return int(self.client.count(index=self.alias)["count"])

    def ping(self) -> bool:
        """Return whether the cluster answers."""
        try:
            return bool(self.client.ping())
        except (es_exceptions.ApiError, es_exceptions.TransportError):
            return False

    def _base_search(self, query: SearchQuery) -> Search:
        """Return the search restricted to the reader's audience and scored by the query text."""
        search = Search(using=self.client, index=self.alias).extra(track_total_hits=True)
        search = search.filter("terms", audience=sorted(query.audience))
        if query.text.strip():
            # A text without any searchable term (only punctuation) matches nothing, as in every engine.
            search = search.query(text_query(query.text) or Q("match_none"))
        return search

    def count_matches(self, text: str, audience: Iterable[str]) -> int:
        """Return how many documents the audience may see match the text (one count request, no hits)."""
        if not text.strip():
            return 0
        search = self._base_search(SearchQuery(text=text, audience=frozenset(audience)))
        with self._errors("count matches"):
            return int(search.count())

    def search(self, query: SearchQuery) -> SearchResults:
        """Return the page of hits, disjunctive facet counts and total for a query, within its audience."""
        filters = {facet: facet_filter(facet, values) for facet, values in query.active_filters.items()}
        search = self._base_search(query)
        if filters:
            search = search.post_filter(_bool_of(list(filters.values())))
        for facet, field in FACET_FIELDS.items():
            others = [clause for name, clause in filters.items() if name != facet]
            bucket = search.aggs.bucket(facet, "filter", filter=_bool_of(others))
            bucket.bucket("values", "terms", field=field, size=FACET_SIZE)
        if query.text.strip() and query.sort == "relevance":
            search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}}, "id")
        else:
            search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score", "id")
        search = search.extra(from_=query.offset, size=query.page_size).source(includes=list(DISPLAY_FIELDS))
        with self._errors("search"):
            response = search.execute().to_dict()
        total = int(response["hits"]["total"]["value"])
        hits = []
        for raw in response["hits"]["hits"]:
            document = from_source(raw["_source"])
            hits.append(Hit.from_document(document, snippet(document, query.text), float(raw.get("_score") or 0.0)))
        facets = {}
        for facet in FACET_FIELDS:
            buckets = response["aggregations"][facet]["values"]["buckets"]
            counts = {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets if bucket["doc_count"]}
            facets[facet] = sort_facet_values(counts, facet)
        return SearchResults(
            hits=hits,
            facets=facets,
            total=total,
            page=query.page,
            pages=SearchResults.page_count(total, query.page_size),
            engine=self.name,
        )

    def vocabulary(self, audience: Iterable[str]) -> frozenset[str]:
        """Return the title and tag words of the documents this audience may see now."""
        tokens = tuple(sorted(set(audience)))
        visible = Search(using=self.client, index=self.alias).filter("terms", audience=list(tokens)).extra(size=0)
        with self._errors("list the vocabulary"):
            if not self.client.indices.exists_alias(name=self.alias):
                return frozenset()
            # Any document added, changed or removed for this audience changes its count or latest write,
            # so a cached vocabulary is used only while it still describes exactly what the audience sees.
            probe = visible.extra(track_total_hits=True)
            probe.aggs.metric("latest", "max", field="indexed_at")
            answer = probe.execute().to_dict()
            stamp = (self.alias, tokens, answer["hits"]["total"]["value"], answer["aggregations"]["latest"]["value"])
            if stamp in _vocabularies:
                return _vocabularies[stamp]
            visible.aggs.bucket("words", "terms", field="title_terms", size=VOCABULARY_SIZE)
            buckets = visible.execute().to_dict()["aggregations"]["words"]["buckets"]
        words = frozenset(str(bucket["key"]) for bucket in buckets)
        if len(_vocabularies) > 64:
            _vocabularies.clear()
        _vocabularies[stamp] = words
        return words

    def iter_ids(self) -> Iterator[str]:
        """Yield the id of every indexed document (for consistency checks)."""
        with self._errors("list documents"):
            if not self.client.indices.exists_alias(name=self.alias):
                return
            for item in helpers.scan(self.client, index=self.alias, query={"query": {"match_all": {}}}, _source=False):
                yield item["_id"]

    # -- errors -------------------------------------------------------------------------------------------------

    def _errors(self, action: str) -> _TranslateErrors:
        """Return a context manager turning client errors into SearchEngineError."""
        return _TranslateErrors(f"Elasticsearch could not {action}")


class BulkWriteError(SearchEngineError):
    """Some documents of a bulk write were refused; failed_ids says which (the others were written)."""

    def __init__(self, message: str, failed_ids: list[str]):
        super().__init__(message)
        self.failed_ids = failed_ids


class _TranslateErrors:
    """Re-raise transport and API errors of the client as SearchEngineError."""

    def __init__(self, message: str):
        self.message = message

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None or isinstance(exc, SearchEngineError):
            return False
        if isinstance(exc, es_exceptions.ApiError | es_exceptions.TransportError | es_exceptions.SerializationError):
            raise SearchEngineError(f"{self.message}: {exc}") from exc
        return False
