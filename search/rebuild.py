"""Rebuild the search indexes from the registered content, resumably: a checkpoint is saved after every batch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.utils import timezone

from search.backends import get_embedded_engine, get_engine, uses_external_engine
from search.documents import (
    SearchDocument,
    builder_versions,
    bulk_building,
    count_objects,
    document_id,
    iter_batches,
    registered_models,
)
from search.models import IndexEntry, IndexState, OutboxEntry
from search.summary import bump_version

CHECKPOINT = "rebuild"
VERSIONS = "builder-versions"  # the builder versions (search.documents.register) the embedded index was built with


@dataclass
class RebuildReport:
    """What a rebuild did."""

    indexed: int = 0
    skipped: int = 0
    removed: int = 0
    external: int | None = None
    resumed: bool = False
    finished: bool = False


def checkpoint() -> dict | None:
    """Return the saved progress of an unfinished rebuild, or None."""
    state = IndexState.objects.filter(key=CHECKPOINT).first()
    return state.value if state else None


def _save(value: dict) -> None:
    IndexState.objects.update_or_create(key=CHECKPOINT, defaults={"value": value})


def remaining(state: dict) -> int | None:
    """Return how many objects the rebuild still has to read (None when a source cannot count)."""
    total = 0
    for position, model in enumerate(registered_models()):
        if position < state["model"]:
            continue
        count = count_objects(model, state["after"] if position == state["model"] else None)
        if count is None:
            return None
        total += count
    return total


def start(restart: bool = False) -> tuple[dict, bool]:
    """Return the checkpoint to work from and whether it resumes an interrupted rebuild."""
    state = None if restart else checkpoint()
    if state is not None:
        return state, True
    watermark = IndexEntry.objects.aggregate(top=Max("id"))["top"] or 0
    state = {
        "watermark": watermark,
        "model": 0,
        "after": None,
        "indexed": 0,
        "skipped": 0,
        "started": timezone.now().isoformat(),
    }
    _save(state)
    return state, False


def rebuild_embedded(
    state: dict, *, batch_size: int = 500, limit: int | None = None, progress: Callable[[int], None] = lambda n: None
) -> RebuildReport:
    """Index every registered object into the embedded index from the checkpoint on; stop after limit objects."""
    engine = get_embedded_engine()
    report = RebuildReport(indexed=state["indexed"], skipped=state["skipped"])
    read = 0
    models = registered_models()
    with bulk_building():
        while state["model"] < len(models):
            model = models[state["model"]]
            for objects, documents in iter_batches(model, batch_size, state["after"]):
                kept = {document.id for document in documents}
                with transaction.atomic():
                    engine.index(documents)
                    engine.delete([doc_id for doc_id in map(document_id, objects) if doc_id not in kept])
                    state["after"] = objects[-1].pk
                    state["indexed"] += len(documents)
                    state["skipped"] += len(objects) - len(documents)
                    _save(state)
                read += len(objects)
                progress(len(objects))
                if limit is not None and read >= limit:
                    report.indexed, report.skipped = state["indexed"], state["skipped"]
                    return report
            state["model"] += 1
            state["after"] = None
            _save(state)
    with transaction.atomic():
        report.removed, _ = IndexEntry.objects.filter(id__lte=state["watermark"]).delete()
        bump_version()
        IndexState.objects.filter(key=CHECKPOINT).delete()
        IndexState.objects.update_or_create(key=VERSIONS, defaults={"value": builder_versions()})
    engine.optimize()
    report.indexed, report.skipped, report.finished = state["indexed"], state["skipped"], True
    return report


def outdated() -> bool:
    """Return whether the embedded index holds documents built by another version of a registered builder."""
    state = IndexState.objects.filter(key=VERSIONS).first()
    if state is not None:
        return state.value != builder_versions()
    # No versions recorded: an index built before they were (outdated), or none built yet.
    return IndexEntry.objects.exists()


def refresh_outdated(using: str = "default", write: Callable[[str], None] = lambda line: None) -> bool:
    """Rebuild the embedded index if a builder changed since it was built (run after ``migrate``); return whether it did.

    Does nothing while migrations are still unapplied (the builders read the current models).
    """
    connection = connections[using]
    if IndexState._meta.db_table not in connection.introspection.table_names():
        return False
    try:
        stale = outdated()
    except DatabaseError:  # an index table older than its model: migrations are still to come
        return False
    if not stale:
        IndexState.objects.update_or_create(key=VERSIONS, defaults={"value": builder_versions()})
        return False
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    write("Search: the indexed documents changed; rebuilding the embedded index.")
    state, _resumed = start(restart=True)
    report = rebuild_embedded(state)
    write(f"Search: {report.indexed} documents indexed.")
    if uses_external_engine():
        write("Search: run `manage.py rebuild_search_index` to rebuild the external engine's index as well.")
    return True


def embedded_documents(batch_size: int = 500) -> Iterator[SearchDocument]:
    """Yield every document of the embedded index, in id order."""
    after = 0
    while True:
        entries = list(IndexEntry.objects.filter(id__gt=after).select_related("facets").order_by("id")[:batch_size])
        if not entries:
            return
        yield from (entry.to_document() for entry in entries)
        after = entries[-1].id


def rebuild_external(batch_size: int = 500) -> int | None:
    """Rebuild the configured external engine from the embedded index; return its count (None if there is none)."""
    if not uses_external_engine():
        return None
    began = timezone.now()
    count = get_engine().rebuild(embedded_documents(batch_size), batch_size=batch_size)
    OutboxEntry.objects.filter(created_at__lt=began).delete()
    return count
