"""Keep the indexes in step with content: the embedded index in the same transaction, an external one via the outbox.

Apps call ``update(obj)`` after an object changes and ``remove(obj)`` after it is deleted (search.signals does
this for library pages); the registered builder decides whether the object belongs in the index. Changes for an
external engine are written to the outbox in the same transaction; once it commits, a drain is queued for the
background worker (search.tasks), so no request waits for the cluster.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

from django.db import transaction
from wagtail.models import Page

from search.backends import get_embedded_engine, uses_external_engine
from search.documents import SearchDocument, build, bulk_building, document_id, is_registered
from search.models import OutboxEntry
from search.summary import bumping_once
from search.tasks import request_drain

# Within one long transaction that indexes many documents (an import on PostgreSQL): the index's version is raised
# once, at the end, so other writers of the index do not wait for the whole transaction (search.summary).
in_one_long_transaction = bumping_once


def apply(documents: Iterable[SearchDocument] = (), deleted_ids: Iterable[str] = ()) -> None:
    """Write documents and deletions to the embedded index and, when an external engine is set, to its outbox."""
    documents = list(documents)
    deleted_ids = [doc_id for doc_id in deleted_ids if doc_id]
    if not documents and not deleted_ids:
        return
    embedded = get_embedded_engine()
    with transaction.atomic():
        embedded.delete(deleted_ids)
        embedded.index(documents)
        if uses_external_engine():
            OutboxEntry.objects.bulk_create(
                [OutboxEntry(doc_id=document.id, operation=OutboxEntry.INDEX) for document in documents]
                + [OutboxEntry(doc_id=doc_id, operation=OutboxEntry.DELETE) for doc_id in deleted_ids]
            )
            request_drain()


def update(instance) -> None:
    """Index an object's current document, or remove it from the index if it must not be found."""
    if not is_registered(instance):
        return
    document = build(instance)
    if document is None:
        apply(deleted_ids=[document_id(instance)])
    else:
        apply(documents=[document])


def remove(instance) -> None:
    """Remove a deleted object's document from the index."""
    if is_registered(instance):
        apply(deleted_ids=[document_id(instance)])


def update_subtree(page) -> int:
    """Re-index a page and every page below it (after a move or a change of view restrictions)."""
    return sum(
        update_many(Page.objects.descendant_of(page, inclusive=True).specific().iterator(chunk_size=500), bulk=True)
    )


def update_many(objects: Iterable, *, bulk: bool = False) -> tuple[int, int]:
    """Index or remove each of these objects as it now is (unregistered kinds skipped); return (indexed, removed).

    bulk: build in the registered apps' bulk mode (the library reads restrictions once), for many pages at a time.
    """
    documents, deleted = [], []
    with bulk_building() if bulk else nullcontext():
        for obj in objects:
            if not is_registered(obj):
                continue
            document = build(obj)
            if document is None:
                deleted.append(document_id(obj))
            else:
                documents.append(document)
    apply(documents, deleted)
    return len(documents), len(deleted)
