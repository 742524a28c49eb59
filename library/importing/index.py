"""Index imported pages for the site search and Wagtail's admin search, in bulk, through search's public API."""

from __future__ import annotations

from collections import ChainMap
from concurrent.futures import Future, ProcessPoolExecutor

from wagtail.search.backends import get_search_backend

from search.documents import analyzed_sections, build, bulk_building, document_id
from search.indexing import apply
from textproc.pipeline import index_fields

ANALYSIS_CHUNK = 300  # texts per task of the worker pool
KEPT_LABEL_SECTIONS = 5000  # analysed label sections an import keeps for its later chunks


def analyze(texts: list[str]) -> list[dict[str, str]]:
    """Return the analysed fields of each text (words, folded forms, n-grams: textproc.pipeline.index_fields)."""
    return [index_fields(text) for text in texts]


def index_pages(pages, pool: ProcessPoolExecutor | None = None, labels: dict[str, dict] | None = None) -> int:
    """Index pages for the site search (live ones) and Wagtail's admin search in bulk; return how many are in the site index.

    Each distinct section text is analysed once: pages coded alike share their label section (taxonomy names and
    pick-list labels in five languages; 1,000 generated pages have about 260 distinct ones). With a pool, the
    analysis (pure Python on the texts) runs in its worker processes while this one writes Wagtail's admin search
    entries. labels, when given, keeps the analysed label sections from one call to the next (an import passes
    one for all its chunks).
    """
    documents, deleted = [], []
    with bulk_building():
        for page in pages:
            document = build(page)
            if document is None:
                deleted.append(document_id(page))
            else:
                documents.append(document)
    labels = {} if labels is None else labels
    texts = list(dict.fromkeys(text for document in documents for text in document.section_texts.values()))
    texts = [text for text in texts if text not in labels]
    analyzing: list[tuple[list[str], Future]] = []
    if pool is not None:
        chunks = [texts[n : n + ANALYSIS_CHUNK] for n in range(0, len(texts), ANALYSIS_CHUNK)]
        analyzing = [(chunk, pool.submit(analyze, chunk)) for chunk in chunks]
    backend = get_search_backend()
    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, objects in by_model.items():
        backend.add_bulk(model, objects)
    fields = ChainMap({} if pool is not None else dict(zip(texts, analyze(texts), strict=True)), labels)
    for chunk, future in analyzing:
        fields.maps[0].update(zip(chunk, future.result(), strict=True))
    for document in documents:
        if len(labels) < KEPT_LABEL_SECTIONS:
            labels.setdefault(document.label_text, fields[document.label_text])
        sections = {section: fields[text] for section, text in document.section_texts.items()}
        vars(document)["analyzed"] = analyzed_sections(sections)  # SearchDocument.analyzed is a cached_property
    apply(documents, deleted)
    return len(documents)
