"""The one entry of an import: ``import_lines``, called by ``manage.py import_library`` and the demo loader alike.

Every line is checked (validate.py) and scanned for identifying details (scan.py, in worker processes for large
files); nothing is written unless every line is valid. Then the pages are written as one recorded run (write.py):
in one transaction where writers do not block each other (PostgreSQL) or when the caller asks (``batched=False``),
else batch by batch, undone as a whole if it fails half-way; and indexed (index.py).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.db import transaction

from .pool import worker_pool
from .scan import AnonymityScan, FindingsRefused, finding_errors, watch_names
from .validate import validate
from .write import Importer, ImportReport


class ImportRefused(Exception):
    """Lines that cannot be imported, each message numbered by line ("line 7: …"); nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} invalid line(s); nothing was imported")
        self.errors = errors


class NothingToImport(ImportRefused):
    """The lines hold no page (all blank); nothing was saved."""

    def __init__(self):
        super().__init__([])


def import_lines(
    lines: Iterable[str],
    *,
    publish: bool,
    base_dir: str | Path | None = None,
    namespace: str = "id",
    drafts: bool = False,
    keep_existing: bool = False,
    revisions: bool = False,
    batched: bool | None = None,
    source: str = "",
    progress: Callable[[int, int], None] | None = None,
    after_batch: Callable[[list[int]], None] | None = None,
    on_written: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Check, scan, write and index the lines of an import file; return the report.

    Raises ImportRefused with line-numbered errors (in line order) when a line is invalid or, without drafts, the
    anonymity check finds identifying details in one; NothingToImport when no line holds a page; LineError when a
    line's page was imported before as another type. In each case nothing is saved.

    publish publishes the pages as they are written: a caller under the library's review workflow publishes only
    inside a publication permit (``safety.permits.data_load`` for a data load, with its reason) or with an
    administrator's recorded override. drafts imports lines with findings as drafts instead of refusing them.
    namespace prefixes the lines' ids in their import keys; base_dir is the folder documents are read from.
    keep_existing leaves pages imported before as they are; revisions gives new pages a first revision, as the
    admin does. batched: None lets the database decide (``write.writes_in_batches``); False writes in one
    transaction (a caller inside its own transaction passes False). source names the file in the run's record.
    progress(pages done, pages in all) follows the writing; after_batch(page ids) runs inside each batch's
    transaction; on_written(report) runs once every page is written, inside the run's transaction when it has one.
    """
    with frozen_heap():
        items, errors = validate(list(lines), scan_anonymity=False, namespace=namespace, base_dir=base_dir)
        # The anonymity check of every line runs alongside (in worker processes for large files). In one transaction
        # pages are written as their lines pass it, and rolled back if any line is refused; in batches every line is
        # checked first, and a run that fails half-way is undone as a whole.
        with worker_pool(len(items)) as pool:
            scan = AnonymityScan(items, watch_names(), pool)
            if errors:
                scan.wait(len(items))
                raise ImportRefused(sorted_errors(errors + ([] if drafts else finding_errors(items))))
            if not items:
                raise NothingToImport()
            importer = Importer(
                publish=publish,
                keep_existing=keep_existing,
                revisions=revisions,
                batched=batched,
                source=source,
                progress=(lambda done: progress(done, len(items))) if progress else None,
            )
            try:
                with nullcontext() if importer.batched else transaction.atomic():
                    report = importer.run(
                        items, drafts_for_findings=drafts, scan=scan, pool=pool, after_batch=after_batch
                    )
                    if on_written is not None:
                        on_written(report)
            except FindingsRefused as refused:
                raise ImportRefused(sorted_errors(refused.errors)) from refused
        return report


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Within the block, keep the objects that existed before it out of the garbage collector's passes.

    An import allocates hundreds of thousands of objects, so the collector runs often, and each pass over its
    oldest generation walked everything the process had loaded (Django, Wagtail, the URL patterns, the text
    tables). Frozen, they are skipped, and the forked workers leave the memory pages they share with this process
    unwritten. A process that froze its heap itself (the task worker) is left as it is.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def sorted_errors(errors: list[str]) -> list[str]:
    """Return "line N: …" messages in line order."""
    return sorted(errors, key=lambda message: int(message.split(":", 1)[0].split()[1]))
