"""Deliver queued index changes (OutboxEntry rows) to an external search engine, losing and duplicating nothing.

Each change of a searchable object is recorded in the same database transaction as the change (and in the
embedded index, IndexEntry). ``drain`` sends the current state of every queued document: the IndexEntry if
the document is still indexable, a deletion otherwise, so a document changed twice is sent once with its
latest state. Rows are deleted only after the engine acknowledged their document; when the engine is down
they stay, with their attempts counted and the error recorded. Writes are idempotent by document id, so a
row delivered twice (a crash between the write and the row deletion) does no harm.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import F

from search.backends.base import SearchEngine, SearchEngineError
from search.models import IndexEntry, OutboxEntry

logger = logging.getLogger(__name__)

__all__ = ["drain", "paused", "pending"]

_LOCK_KEY = 0x5EA7C4  # PostgreSQL advisory lock held by the one drain running for a database
_local_lock = threading.Lock()


def pending() -> int:
    """Return the number of queued changes."""
    return OutboxEntry.objects.count()


@contextmanager
def _single_drainer():
    """Yield whether this process may drain now: one drainer at a time, so a stale state never wins."""
    if not _local_lock.acquire(blocking=False):
        yield False
        return
    try:
        if connection.vendor != "postgresql":
            yield True
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_LOCK_KEY])
            acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])
    finally:
        _local_lock.release()


@contextmanager
def paused():
    """Hold every drain off (in this process, and in all processes on PostgreSQL) until the block ends.

    A rebuild of the external engine runs inside it: changes made meanwhile stay queued (the embedded index
    has them) and the first drain after the block sends them to the new index, so none is overwritten by the
    rebuild's older snapshot.
    """
    with _local_lock:
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])


def drain(engine: SearchEngine, batch_size: int = 500, max_batches: int | None = None) -> tuple[int, int]:
    """Send queued changes to engine in batches; return (documents delivered, documents that failed).

    Stops at the first batch the engine cannot take (it is down: the rest would fail too), and after
    max_batches batches when given (a web request drains a little, the worker drains everything). Rows that
    failed stay queued for the next call; each row is tried at most once per call. Returns (0, 0) at once
    when another drain is running.
    """
    done = failed = 0
    with _single_drainer() as allowed:
        if not allowed:
            return 0, 0
        cursor = batches = 0
        while max_batches is None or batches < max_batches:
            batches += 1
            rows = list(OutboxEntry.objects.filter(pk__gt=cursor).order_by("pk")[:batch_size])
            if not rows:
                break
            cursor = rows[-1].pk
            ok, bad, stop = _deliver(engine, rows)
            done += ok
            failed += bad
            if stop:
                break
    return done, failed


def _deliver(engine: SearchEngine, rows: list[OutboxEntry]) -> tuple[int, int, bool]:
    """Send the current state of the documents of rows; return (delivered, failed, engine unavailable)."""
    ids = list(dict.fromkeys(row.doc_id for row in rows))
    documents = {
        entry.doc_id: entry.to_document()
        for entry in IndexEntry.objects.filter(doc_id__in=ids).select_related("facets")
    }
    to_delete = [doc_id for doc_id in ids if doc_id not in documents]
    refused: set[str] = set()
    try:
        try:
            if documents:
                engine.index(documents.values())
        finally:
            # Deletions go out even when some index writes were refused (a partial bulk failure).
            if to_delete:
                engine.delete(to_delete)
    except SearchEngineError as error:
        refused = set(getattr(error, "failed_ids", None) or ids)
        _record_failure([row for row in rows if row.doc_id in refused], error)
        delivered = [row.pk for row in rows if row.doc_id not in refused]
        OutboxEntry.objects.filter(pk__in=delivered).delete()
        unavailable = not hasattr(error, "failed_ids")
        logger.warning("search outbox: %d of %d documents not delivered: %s", len(refused), len(ids), error)
        return len(ids) - len(refused), len(refused), unavailable
    OutboxEntry.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(ids), 0, False


def _record_failure(rows: list[OutboxEntry], error: Exception) -> None:
    """Count one more attempt on rows and remember why it failed."""
    with transaction.atomic():
        OutboxEntry.objects.filter(pk__in=[row.pk for row in rows]).update(
            attempts=F("attempts") + 1, last_error=str(error)[:2000]
        )
