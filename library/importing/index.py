"""Index imported pages for the site search and Wagtail's admin search, in bulk, through search's public API."""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor

from wagtail.search.backends import get_search_backend

from search.backends import get_embedded_engine
from search.documents import analyzed_sections, build, bulk_building, document_id
from search.indexing import apply
from search.vectors import tsvector_literal
from textproc.pipeline import index_fields

ANALYSIS_CHUNK = 300  # texts per task of the worker pool
DOCUMENT_CHUNK = 50  # documents per task of the worker pool (PostgreSQL: with their vectors)
KEPT_LABEL_SECTIONS = 5000  # analysed label sections kept for later documents (in this process, or in each worker)
_worker_labels: dict[str, dict[str, str]] = {}  # a worker process's analysed label sections, from task to task


def label_fields(text: str, kept: dict[str, dict[str, str]], analysed: dict[str, dict[str, str]] | None = None):
    """Return the analysed fields of a label section text: from kept when analysed before, else from analysed (the
    texts analysed meanwhile) or analysed now; keep them in kept, up to KEPT_LABEL_SECTIONS texts.

    Pages coded alike share their label section (taxonomy names and pick-list labels in five languages; 1,000
    generated pages have about 260 distinct ones), so each is analysed once per import (or per worker process).
    """
    found = kept.get(text)
    if found is None:
        found = analysed[text] if analysed is not None and text in analysed else index_fields(text)
        if len(kept) < KEPT_LABEL_SECTIONS:
            kept[text] = found
    return found


def analyze(texts: list[str]) -> list[dict[str, str]]:
    """Return the analysed fields of each text (words, folded forms, n-grams: textproc.pipeline.index_fields)."""
    return [index_fields(text) for text in texts]


def analyze_documents(documents: list[dict[str, str]], vectors: bool) -> list[tuple[dict[str, str], str | None]]:
    """Return each document's analysed fields, from the text of each of its sections, and with vectors its
    PostgreSQL tsvector literal (search.vectors.tsvector_literal), which the writer would otherwise build.

    Run in the import's worker processes, each keeping the label sections it analysed for its later tasks.
    """
    analysed = []
    for sections in documents:
        fields = {
            section: label_fields(text, _worker_labels) if section == "label" else index_fields(text)
            for section, text in sections.items()
        }
        analyzed = analyzed_sections(fields)
        analysed.append((analyzed, tsvector_literal(analyzed) if vectors else None))
    return analysed


def index_pages(pages, pool: ProcessPoolExecutor | None = None, labels: dict[str, dict] | None = None) -> int:
    """Index pages for the site search (live ones) and Wagtail's admin search in bulk; return how many are in the site index.

    Each distinct label section is analysed once (``label_fields``). With a pool, the analysis (pure Python on
    the texts) and, on PostgreSQL, the building of each entry's tsvector run in its worker processes
    (``analyze_documents``, each worker keeping the label sections it analysed, so labels is not used) while this
    one writes Wagtail's admin search entries. labels, when given, keeps the analysed label sections from one call
    to the next (an import passes one for all its chunks).
    """
    return start_indexing(pages, pool, labels).finish()


class Indexing:
    """Pages being indexed: Wagtail's admin search is written, the site index's analysis may still be running in
    the worker pool; ``finish()`` waits for it, writes the site index entries and returns how many are in it.

    An import in one transaction finishes a chunk's indexing after writing the next chunk's pages, so the workers
    analyse while this process writes.
    """

    def __init__(self, documents, deleted, analyzing, texts, labels, vectors, pool):
        self.documents, self.deleted, self.analyzing = documents, deleted, analyzing
        self.texts, self.labels, self.vectors, self.pool = texts, labels, vectors, pool

    def finish(self) -> int:
        documents = self.documents
        if self.vectors:
            for chunk, future in self.analyzing:
                for document, (analyzed, vector) in zip(chunk, future.result(), strict=True):
                    document.given_analysis, document.given_vector = analyzed, vector
        else:
            texts, labels = self.texts, self.labels
            fields = {} if self.pool is not None else dict(zip(texts, analyze(texts), strict=True))
            for chunk, future in self.analyzing:
                fields.update(zip(chunk, future.result(), strict=True))
            for document in documents:
                sections = {
                    section: label_fields(text, labels, fields)
                    if section == "label"
                    else (fields[text] if text in fields else labels[text])
                    for section, text in document.section_texts.items()
                }
                document.given_analysis = analyzed_sections(sections)
        apply(documents, self.deleted)
        return len(documents)


def start_indexing(pages, pool: ProcessPoolExecutor | None = None, labels: dict[str, dict] | None = None) -> Indexing:
    """Build the pages' search documents, queue their analysis in the pool (if any) and write Wagtail's admin search
    entries; return the Indexing whose ``finish()`` writes the site index (see index_pages)."""
    documents, deleted = [], []
    with bulk_building():
        for page in pages:
            document = build(page)
            if document is None:
                deleted.append(document_id(page))
            else:
                documents.append(document)
    labels = {} if labels is None else labels
    # On PostgreSQL whole documents go to the workers, which return their analysed fields and the vector the
    # embedded index stores, leaving the writer the database work; elsewhere (no vector to build) each distinct
    # section text goes once.
    vectors = pool is not None and get_embedded_engine().vendor == "postgresql"
    analyzing: list[tuple[list, Future]] = []
    texts: list[str] = []
    if vectors:
        for start in range(0, len(documents), DOCUMENT_CHUNK):
            chunk = documents[start : start + DOCUMENT_CHUNK]
            analyzing.append((chunk, pool.submit(analyze_documents, [doc.section_texts for doc in chunk], True)))
    else:
        texts = list(dict.fromkeys(text for document in documents for text in document.section_texts.values()))
        texts = [text for text in texts if text not in labels]
        if pool is not None:
            chunks = [texts[n : n + ANALYSIS_CHUNK] for n in range(0, len(texts), ANALYSIS_CHUNK)]
            analyzing = [(chunk, pool.submit(analyze, chunk)) for chunk in chunks]
    backend = get_search_backend()
    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, objects in by_model.items():
        backend.add_bulk(model, objects)
    return Indexing(documents, deleted, analyzing, texts, labels, vectors, pool)
