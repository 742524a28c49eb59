"""Index imported pages for the site search and Wagtail's admin search, in bulk, through search's public API."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from wagtail.search.backends import get_search_backend

from search.documents import build, bulk_building, document_id
from search.indexing import apply

ANALYSIS_CHUNK = 100


def analyze(documents) -> list[dict[str, str]]:
    """Return the analyzed search fields of each document (tokens, folded forms, n-grams)."""
    return [document.analyzed for document in documents]


def index_pages(pages, pool: ProcessPoolExecutor | None = None) -> int:
    """Index pages for the site search (live ones) and Wagtail's admin search in bulk; return how many are in the site index.

    With a pool, the text analysis of the site search documents (pure Python on their text) runs in its worker
    processes while this one writes Wagtail's admin search entries.
    """
    documents, deleted = [], []
    with bulk_building():
        for page in pages:
            document = build(page)
            if document is None:
                deleted.append(document_id(page))
            else:
                documents.append(document)
    analyzing = []
    if pool is not None:
        size = ANALYSIS_CHUNK
        analyzing = [
            (documents[n : n + size], pool.submit(analyze, documents[n : n + size]))
            for n in range(0, len(documents), size)
        ]
    backend = get_search_backend()
    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, objects in by_model.items():
        backend.add_bulk(model, objects)
    for chunk, future in analyzing:
        for document, analyzed in zip(chunk, future.result(), strict=True):
            vars(document)["analyzed"] = analyzed  # SearchDocument.analyzed is a cached_property
    apply(documents, deleted)
    return len(documents)
