"""What a search engine indexes: one flat document per searchable object, built by a registered function.

Apps register a builder per model: ``register(Model, builder, prefix="post")``. A builder returns a
``SearchDocument`` for an object that readers may find, or ``None`` when the object must not be indexed
(a draft, an unpublished page, a hidden post). Subclasses of a registered model use its builder.
The id of a document is ``"<prefix>:<pk>"`` so that a deletion needs only the object's key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import islice

from textproc import pipeline as textproc

FACETS = ("type", "country", "crime", "year", "language", "tag")
"""Facet names, as used in query strings, SearchQuery.filters and SearchResults.facets."""

SECTIONS = ("title", "body", "label")
"""The parts of a document every engine indexes, each analysed into words, folded and grams fields."""

SECTION_WEIGHTS = {"title": 2.5, "body": 1.0, "label": 0.3}
"""How much a match counts in each section, times textproc.pipeline.FIELD_WEIGHTS of its field.

Titles and tag labels count 2.5 times the page's own text; the taxonomy names a page is coded with (in every
language) count 0.3 times it, so a page coded with a crime type is found by its name in any language but ranks
below a page whose own text says it. bench/relevance.py --weights compares settings on the relevance set.
"""

SORTS = ("relevance", "newest")

WORK_FACET = "work"
"""The summary-only facet of documents that are versions of one work (a page and its translations): ``o<id>`` on the
original, ``t<id>`` on each translation, id the original's. Browsing and insights count a work once
(search.summary.IndexSummary.representatives); no reader filters on it."""

SUMMARY_FACETS: dict[str, None] = {}
"""Facets an app registered with ``search.facets.register_facet(..., summary_only=True)``: documents carry them in
``extra_facets``, the embedded index keeps them in its summary (one bitmap per value), no engine filters on them."""


@dataclass
class SearchDocument:
    """A searchable object, flattened: display fields, facet values, audience tokens and plain text."""

    id: str
    kind: str
    title: str
    url: str
    language: str
    text: str = ""
    summary: str = ""
    countries: list[str] = field(default_factory=list)
    crime_types: list[str] = field(default_factory=list)
    year: int | None = None
    tags: list[str] = field(default_factory=list)
    tag_labels: list[str] = field(default_factory=list)
    date: datetime | None = None
    audience: list[str] = field(default_factory=lambda: ["public"])
    labels: list[str] = field(default_factory=list)  # taxonomy names the page shows, in every language
    extra_facets: dict[str, list[str]] = field(default_factory=dict)
    # Built elsewhere and handed over (a bulk writer analyses in worker processes): the analysed fields, which
    # ``analyzed`` then returns as they are, and on PostgreSQL their tsvector literal (search.vectors), which the
    # embedded index's insert passes as it is. None: built when needed.
    given_analysis: dict[str, str] | None = field(default=None, repr=False, compare=False)
    given_vector: str | None = field(default=None, repr=False, compare=False)

    def facet_values(self, facet: str) -> list[str]:
        """Return this document's values of one facet, as strings."""
        if facet == "type":
            return [self.kind]
        if facet == "country":
            return list(self.countries)
        if facet == "crime":
            return list(self.crime_types)
        if facet == "year":
            return [str(self.year)] if self.year is not None else []
        if facet == "language":
            return [self.language] if self.language else []
        if facet == "tag":
            return list(self.tags)
        if facet in self.extra_facets:
            return list(self.extra_facets[facet])
        if facet in SUMMARY_FACETS:
            return []
        raise KeyError(facet)

    @property
    def heading_text(self) -> str:
        """Return the text weighted highest: title and tag labels."""
        return " ".join([self.title, *self.tag_labels])

    @property
    def body_text(self) -> str:
        """Return the text weighted normally: summary and body."""
        return "\n".join(part for part in (self.summary, self.text) if part)

    @property
    def label_text(self) -> str:
        """Return the text weighted lowest: the names of the taxonomy entries the document is coded with."""
        return "\n".join(self.labels)

    @property
    def section_texts(self) -> dict[str, str]:
        """Return the text of each section (SECTIONS): heading, body and label text."""
        return {"title": self.heading_text, "body": self.body_text, "label": self.label_text}

    @cached_property
    def analyzed(self) -> dict[str, str]:
        """Return the pre-tokenized fields every engine stores: title_words … label_grams (see textproc.pipeline)."""
        if self.given_analysis is not None:
            return self.given_analysis
        return analyzed_sections({section: textproc.index_fields(text) for section, text in self.section_texts.items()})


def analyzed_sections(fields_by_section: dict[str, dict[str, str]]) -> dict[str, str]:
    """Return a document's analysed fields (title_words … label_grams) from textproc.index_fields of each section.

    Bulk writers analyse each distinct section text once (many pages share a label text) and assemble with this.
    """
    return {
        f"{section}_{name}": terms for section, fields in fields_by_section.items() for name, terms in fields.items()
    }


@dataclass
class _Registration:
    model: type
    builder: Callable[[object], SearchDocument | None]
    prefix: str
    queryset: Callable[[], Iterable] | None
    bulk: Callable[[], AbstractContextManager] | None
    version: int = 1


_registry: list[_Registration] = []


def analyzed_fields() -> list[str]:
    """Return the names of the analysed fields, section by section: title_words, title_folded, … label_grams."""
    return [f"{section}_{name}" for section in SECTIONS for name in textproc.FIELDS]


def field_weight(name: str) -> float:
    """Return the ranking weight of an analysed field: its section's weight times its field's weight."""
    section, kind = name.split("_")
    return SECTION_WEIGHTS[section] * textproc.FIELD_WEIGHTS[kind]


def register(
    model,
    builder,
    *,
    prefix: str,
    queryset: Callable[[], Iterable] | None = None,
    bulk: Callable[[], AbstractContextManager] | None = None,
    version: int = 1,
) -> None:
    """Register the function that turns instances of model (and its subclasses) into search documents.

    queryset returns the candidates for a rebuild in primary-key order: a QuerySet (resumable, counted) or
    any iterable. bulk, when given, returns a context manager inside which many documents are built faster
    (for example with restrictions read once): rebuilds and subtree updates enter it. Raise version when the
    builder puts different text in the documents: ``manage.py migrate`` then rebuilds the embedded index
    (search.rebuild.refresh_outdated).
    """
    _registry[:] = [r for r in _registry if r.model is not model]
    _registry.append(_Registration(model, builder, prefix, queryset, bulk, version))


def builder_versions() -> dict[str, int]:
    """Return the version of each registered builder, by document id prefix."""
    return {registration.prefix: registration.version for registration in _registry}


@contextmanager
def bulk_building():
    """Within the block, every registered app builds its documents in bulk mode."""
    with ExitStack() as stack:
        for registration in _registry:
            if registration.bulk is not None:
                stack.enter_context(registration.bulk())
        yield


def _registration(instance_or_model) -> _Registration | None:
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    for klass in model.__mro__:
        for registration in _registry:
            if registration.model is klass:
                return registration
    return None


def is_registered(instance_or_model) -> bool:
    """Return whether objects of this kind are indexed."""
    return _registration(instance_or_model) is not None


def document_id(instance) -> str | None:
    """Return the document id of a registered object, or None for an unregistered one."""
    registration = _registration(instance)
    return f"{registration.prefix}:{instance.pk}" if registration else None


def build(instance) -> SearchDocument | None:
    """Return the search document of an object, or None if it must not be indexed."""
    registration = _registration(instance)
    return registration.builder(instance) if registration else None


def model_for_id(doc_id: str) -> type | None:
    """Return the registered model whose documents have this id's prefix ("page:12" → the page model), or None."""
    prefix = doc_id.partition(":")[0]
    return next((registration.model for registration in _registry if registration.prefix == prefix), None)


def registered_models() -> list[type]:
    """Return the registered models."""
    return [r.model for r in _registry]


def all_objects(model):
    """Return the candidates for indexing of one registered model, in primary-key order (a queryset or iterable)."""
    registration = _registration(model)
    if registration.queryset is not None:
        return registration.queryset()
    return model._default_manager.order_by("pk")


def iter_batches(model, batch_size: int = 500, after_pk=None) -> Iterator[tuple[list, list[SearchDocument]]]:
    """Yield (objects, their indexable documents) of one registered model in primary-key order, after a key."""
    candidates = all_objects(model)
    if hasattr(candidates, "filter"):
        while True:
            objects = list((candidates.filter(pk__gt=after_pk) if after_pk is not None else candidates)[:batch_size])
            if not objects:
                return
            yield objects, [document for document in map(build, objects) if document is not None]
            after_pk = objects[-1].pk
    iterator = (obj for obj in candidates if after_pk is None or obj.pk > after_pk)
    while objects := list(islice(iterator, batch_size)):
        yield objects, [document for document in map(build, objects) if document is not None]


def count_objects(model, after_pk=None) -> int | None:
    """Return how many candidates of a registered model come after a key (None if its source cannot count)."""
    candidates = all_objects(model)
    if not hasattr(candidates, "filter"):
        return None
    return (candidates.filter(pk__gt=after_pk) if after_pk is not None else candidates).count()


def iter_documents(batch_size: int = 500) -> Iterator[SearchDocument]:
    """Yield the document of every registered object that may be indexed."""
    for model in registered_models():
        for _objects, documents in iter_batches(model, batch_size):
            yield from documents
