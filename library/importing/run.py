"""Import lines from code (the demo content, an app's own data): the path manage.py import_library takes.

Every line is checked (validate.py) and scanned for identifying details (scan.py, in worker processes for large
files), then written in one transaction (write.py) and indexed (index.py); a refused line saves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from .pool import worker_pool
from .scan import AnonymityScan, FindingsRefused, finding_errors, watch_names
from .validate import validate
from .write import Importer, ImportReport


class ImportRefused(Exception):
    """Lines that cannot be imported, each message numbered by line; nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} invalid line(s); nothing was imported")
        self.errors = errors


def import_lines(
    lines: Iterable[str],
    *,
    publish: bool,
    base_dir: str | Path | None = None,
    namespace: str = "id",
    drafts: bool = False,
    keep_existing: bool = False,
    revisions: bool = False,
) -> ImportReport:
    """Check, scan, write and index the lines of an import file; raise ImportRefused with the line errors.

    publish publishes the pages as they are written: a caller under the library's review workflow publishes only
    inside a publication permit (``safety.permits.data_load`` for a data load, with its reason). The other
    arguments are those of ``validate`` and ``Importer``.
    """
    items, errors = validate(list(lines), scan_anonymity=False, namespace=namespace, base_dir=base_dir)
    with worker_pool(len(items)) as pool:
        scan = AnonymityScan(items, watch_names(), pool)
        if errors:
            scan.wait(len(items))
            raise ImportRefused(sorted_errors(errors + ([] if drafts else finding_errors(items))))
        try:
            with transaction.atomic():
                importer = Importer(publish=publish, keep_existing=keep_existing, revisions=revisions, batched=False)
                return importer.run(items, drafts_for_findings=drafts, scan=scan, pool=pool)
        except FindingsRefused as refused:
            raise ImportRefused(sorted_errors(refused.errors)) from refused


def sorted_errors(errors: list[str]) -> list[str]:
    """Return "line N: …" messages in line order."""
    return sorted(errors, key=lambda message: int(message.split(":", 1)[0].split()[1]))
