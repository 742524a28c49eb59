"""The anonymity check of every import line, chunk by chunk, in worker processes when a pool is given."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import Future

from safety.detector import scan_fields
from safety.models import WatchedName
from safety.text import html_text

from .pool import WorkerPool

SCAN_CHUNK = 100


def watch_names() -> tuple[str, ...]:
    """Return the editors' watch list for the anonymity check."""
    return tuple(WatchedName.active_names())


def anonymity_text(title: str, summary: str, body_html: str, more: dict[str, str] | None = None) -> dict[str, str]:
    """Return the text the publish guard (safety.guard.page_text) checks on a page imported from these values.

    more holds the plain text of the kind's own fields by name (modus operandi, steps, legal bases…).
    """
    return {"title": title, "summary": summary, "body": html_text(body_html), **(more or {})}


def scan_lines(lines: list[tuple], watch: tuple[str, ...]) -> list[list[str]]:
    """Return the anonymity findings of each (title, summary, body HTML, more text), as "field: kind 'value'" lines."""
    return [
        [
            f"{name}: {finding.kind} '{finding.text}'"
            for name, hits in scan_fields(anonymity_text(*line), watch).items()
            for finding in hits
        ]
        for line in lines
    ]


class AnonymityScan:
    """The anonymity scan of every item, chunk by chunk, in a worker pool when one is given.

    The caller can write pages while the workers scan; ``wait(n)`` sets the findings of the first n items.
    With no watch list given (None) there is nothing to scan and every item has no findings.

    Only a few chunks are queued in the pool at a time (one more than it has workers), the next as one finishes:
    the pool runs its tasks in the order they came, and the search analysis of the pages being written (queued
    by the writer meanwhile) would otherwise wait for the scan of the whole file, and the writer with it.
    """

    def __init__(self, items: list, watch: tuple[str, ...] | None, pool: WorkerPool | None):
        self.items, self.watch, self.done, self.pool = items, watch, 0, pool
        self.futures: dict[int, Future] = {}
        self.starts = iter(range(0, len(items), SCAN_CHUNK))
        self.lock = threading.Lock()
        if watch is not None and pool is not None:
            for _n in range(pool.workers + 1):
                self._submit_next()

    def _submit_next(self, finished: Future | None = None) -> None:
        """Queue the scan of the next chunk in the pool (called again as each chunk finishes)."""
        if finished is not None and finished.cancelled():
            return
        with self.lock:
            start = next(self.starts, None)
            if start is None:
                return
            lines = [self._line(item) for item in self.items[start : start + SCAN_CHUNK]]
            try:
                future = self.pool.submit(scan_lines, lines, self.watch)
            except RuntimeError:  # the pool is shutting down: the import failed meanwhile
                return
            self.futures[start] = future
        future.add_done_callback(self._submit_next)

    @staticmethod
    def _line(item):
        return item.title, item.summary, item.body_html, item.scan_texts

    def wait(self, count: int) -> None:
        """Set the findings of the first count items (at least), waiting for the workers if need be."""
        while self.done < min(count, len(self.items)):
            chunk = self.items[self.done : self.done + SCAN_CHUNK]
            if self.watch is None:
                results = [[] for _item in chunk]
            elif self.pool is not None:
                while self.done not in self.futures:  # its turn came before the callback queued it
                    self._submit_next()
                results = self.futures.pop(self.done).result()
            else:
                results = scan_lines([self._line(item) for item in chunk], self.watch)
            for item, findings in zip(chunk, results, strict=True):
                item.findings = findings
            self.done += len(chunk)


def finding_errors(items: Iterable) -> list[str]:
    """Return the error message of each item the anonymity check found identifying details in."""
    return [
        f"line {item.line}: anonymization check: {'; '.join(item.findings[:3])} "
        "(fix the line, or use --drafts to import such lines as drafts)"
        for item in items
        if item.findings
    ]


class FindingsRefused(Exception):
    """The anonymity check found identifying details in lines that may not be imported as drafts."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} line(s) with identifying details")
        self.errors = errors
