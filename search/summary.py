"""The embedded engine's in-memory summary of its index: per facet value and audience token, a bitmap of documents.

Counting a facet value under a query is then one AND and one popcount of two bitmaps, whatever the number of
matches, instead of reading and splitting every match's facet keys. Each process keeps one summary per database
and checks a version token (written in the same transaction as every index change) before each query:

* In autocommit mode (requests), a changed token is applied as a difference: the ids now in the index are
  compared with the summary's, rows that are new are read and added, rows that are gone are marked dead. Index
  rows are never updated in place (a re-indexed document gets a new row id) and row ids are never reused
  after a commit, so a committed id always means the same facet keys.
* Inside a transaction (which may still roll back, and whose ids may then be reused) the summary is built
  afresh and kept only under that exact token.

When a third of the positions are dead, the summary is rebuilt from scratch.

Documents that are versions of one work (a case study and its translations) carry the facet ``work``
(search.documents.WORK_FACET: ``o<id>`` on the original, ``t<id>`` on a translation of it). The summary keeps no
bitmap per work: it keeps each position's work and the bitmap of positions whose work has several rows, and
``representatives`` leaves one row per work in a reader's bitmap, so that counts and listings count works once.
"""

from __future__ import annotations

import bisect
import heapq
import json
import logging
import os
import threading
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction

from search import bitmaps
from search.documents import FACETS, WORK_FACET
from search.models import FACET_SEPARATOR, IndexState

logger = logging.getLogger(__name__)

VERSION_KEY = "embedded-version"
# Changed only when a document a visitor may find changes (public before or after): the visitors' page cache
# (frontline.page_cache) keys on it, so members' forum posts and restricted pages leave stored pages alone.
PUBLIC_VERSION_KEY = "public-version"
_HISTORY = 200
_ROWS_SQL = "SELECT entry_id, CAST(date AS TEXT), facet_keys, audience_keys FROM search_indexfacets"
_READ_BATCH = 500
_SPARSE = 4000
_WORK_PREFIX = WORK_FACET + "="
_ORIGINALS = "\x00originals"  # the builder key of the positions holding an original (never a facet key)
_REPRESENTATIVES_CACHE = 64
_deferred_bumps: ContextVar[list[bool] | None] = ContextVar("deferred_version_bumps", default=None)


def bump_version(*, public: bool = True) -> None:
    """Record that the embedded index changed (call inside the transaction that changes it).

    public: whether a document visitors may find was added, changed or removed (the public version changes too).
    Inside bumping_once, recorded and raised once when the block ends.
    """
    deferred = _deferred_bumps.get()
    if deferred is not None:
        deferred.append(public)
        return
    with transaction.atomic():
        state = IndexState.objects.select_for_update().filter(key=VERSION_KEY).first()
        if state is None:
            IndexState.objects.create(key=VERSION_KEY, value={"token": uuid.uuid4().hex, "history": []})
        else:
            history = [*state.value.get("history", []), state.value.get("token")][-_HISTORY:]
            state.value = {"token": uuid.uuid4().hex, "history": history}
            state.save(update_fields=["value", "updated_at"])
        if public:
            IndexState.objects.update_or_create(key=PUBLIC_VERSION_KEY, defaults={"value": {"token": uuid.uuid4().hex}})


@contextmanager
def bumping_once():
    """Within the block (one long transaction that changes the index many times, such as an import on
    PostgreSQL), raise the version once, when the block ends, instead of at every change.

    Raising it locks the version rows until the transaction commits: raised at an import's first chunk, every
    other writer of the index (a member's forum reply) waited for the whole import. At the end, the lock is held
    only for the commit. Not raised if the block fails (its transaction is rolled back). A search inside the
    block does not see the block's changes (nothing searches inside an import).
    """
    if _deferred_bumps.get() is not None:
        yield
        return
    bumps: list[bool] = []
    token = _deferred_bumps.set(bumps)
    try:
        yield
    finally:
        _deferred_bumps.reset(token)
    if bumps:
        bump_version(public=any(bumps))


def current_version() -> tuple[str | None, list[str]]:
    """Return the embedded index's version token (None before its first change) and the tokens before it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM search_indexstate WHERE key = %s", [VERSION_KEY])
        row = cursor.fetchone()
    if row is None:
        return None, []
    value = json.loads(row[0]) if isinstance(row[0], str) else row[0]
    return value.get("token"), value.get("history", [])


class IndexSummary:
    """Positions of index rows with their newest-first order and a bitmap per facet value and audience token."""

    def __init__(self):
        self.ids: list[int] = []
        self.slot: list[int] = []
        self.sort_keys: list[tuple[str, int]] = []
        self.order: list[int] = []
        self.facets: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        self.audiences: dict[str, int] = {}
        self.alive = 0
        self.dead: set[int] = set()
        self.version: str | None = None
        self.work: list[int] = []  # per position: the work it is a version of, or -1
        self.work_rows: dict[int, tuple[int, ...]] = {}  # work -> its positions
        self.translated = 0  # positions whose work has more than one row (live or dead)
        self.originals = 0  # positions of originals (a work's row without "translation of")
        self._representatives: dict = {}

    @classmethod
    def load(cls) -> IndexSummary:
        """Return the summary of every row of the index, read now."""
        with connection.cursor() as cursor:
            cursor.execute(_ROWS_SQL)
            rows = cursor.fetchall()
        summary = cls()
        summary._add_all(rows)
        logger.info("Read the search index summary: %d rows (process %d).", len(rows), os.getpid())
        return summary

    def _add_all(self, rows) -> None:
        rows.sort(key=lambda row: (row[1] or "", row[0]))
        start = len(self.ids)
        size = start + len(rows)
        builder = bitmaps.BitmapBuilder(size)
        touched: dict[int, list[int]] = {}
        for offset, (entry_id, date, facet_keys, audience_keys) in enumerate(rows):
            position = start + offset
            self.ids.append(entry_id)
            if entry_id >= len(self.slot):
                self.slot.extend([-1] * (entry_id + 1 - len(self.slot)))
            self.slot[entry_id] = position
            self.sort_keys.append((date or "", entry_id))
            work = -1
            for key in facet_keys.split(FACET_SEPARATOR):
                if key.startswith(_WORK_PREFIX):
                    value = key[len(_WORK_PREFIX) :]
                    if value[1:].isdigit():
                        work = int(value[1:])
                        if value[0] == "o":
                            builder.add(_ORIGINALS, position)
                        touched.setdefault(work, []).append(position)
                elif key:
                    builder.add(key, position)
            self.work.append(work)
            for token in audience_keys.split():
                builder.add(" " + token, position)
        # Readers in other threads may be using this summary: build new dicts and lists, then swap them in.
        audiences = dict(self.audiences)
        facets = {facet: dict(values) for facet, values in self.facets.items()}
        originals, translated = self.originals, self.translated
        work_rows = dict(self.work_rows) if touched else self.work_rows
        for work, positions in touched.items():
            work_rows[work] = (*work_rows.get(work, ()), *positions)
        several = [position for work in touched for position in work_rows[work] if len(work_rows[work]) > 1]
        if several:
            translated |= bitmaps.bitmap(several, size)
        for key, bits in builder.bitmaps().items():
            if key == _ORIGINALS:
                originals |= bits
            elif key.startswith(" "):
                token = key[1:]
                audiences[token] = audiences.get(token, 0) | bits
            else:
                facet, _, value = key.partition("=")
                values = facets.setdefault(facet, {})
                values[value] = values.get(value, 0) | bits
        if start == 0:
            order = list(range(size))
        else:
            order = list(self.order)
            for position in range(start, size):
                bisect.insort(order, position, key=self.sort_keys.__getitem__)
        self.audiences, self.facets, self.order = audiences, facets, order
        self.work_rows, self.translated, self.originals = work_rows, translated, originals
        self.alive |= ((1 << len(rows)) - 1) << start
        self._representatives = {}

    def refresh(self) -> bool:
        """Apply the rows added and removed since this summary was read; return False if a full rebuild is due."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT entry_id FROM search_indexfacets")
            current = {entry_id for (entry_id,) in cursor.fetchall()}
        live = self.live_ids()
        gone = live - current
        new = list(current - live - self.dead)
        if gone:
            self.alive &= ~bitmaps.bitmap((self.slot[entry_id] for entry_id in gone), len(self.ids))
            self.dead |= gone
            self._representatives = {}
        if new:
            rows = []
            with connection.cursor() as cursor:
                for start in range(0, len(new), _READ_BATCH):
                    batch = new[start : start + _READ_BATCH]
                    cursor.execute(f"{_ROWS_SQL} WHERE entry_id IN ({', '.join(['%s'] * len(batch))})", batch)  # noqa: S608
                    rows.extend(cursor.fetchall())
            self._add_all(rows)
        return len(self.dead) * 3 <= len(self.ids)

    def live_ids(self) -> set[int]:
        """Return the ids of the rows the summary holds as present."""
        return set(self.ids) - self.dead

    @property
    def size(self) -> int:
        """Return the number of positions (live and dead)."""
        return len(self.ids)

    def audience(self, tokens: Iterable[str]) -> int:
        """Return the bitmap of live documents visible to a reader holding these tokens."""
        bits = 0
        for token in tokens:
            bits |= self.audiences.get(token, 0)
        return bits & self.alive

    def union(self, facet: str, values: Iterable[str]) -> int:
        """Return the bitmap of documents carrying any of the values of a facet."""
        known = self.facets.get(facet, {})
        bits = 0
        for value in values:
            bits |= known.get(value, 0)
        return bits

    def representatives(self, bits: int, key=None) -> int:
        """Return the rows of a bitmap with one row per work: each work's original when the bitmap holds it, else
        its first row in index order (rows of no work, or of a work with one row, stay).

        key: a hashable name of the bitmap (e.g. an audience and languages) under which the answer is kept until
        the summary changes.
        """
        several = bits & self.translated
        if not several:
            return bits
        if key is not None:
            cached = self._representatives.get(key)
            if cached is not None and cached[0] == bits:
                return cached[1]
        originals = bitmaps.to_bytes(self.originals)
        work = self.work
        chosen: dict[int, int] = {}
        for position in bitmaps.members(several):
            group = work[position]
            if group not in chosen or (
                bitmaps.contains(originals, position) and not bitmaps.contains(originals, chosen[group])
            ):
                chosen[group] = position
        found = (bits & ~self.translated) | bitmaps.bitmap(chosen.values(), len(self.ids))
        if key is not None:
            if len(self._representatives) >= _REPRESENTATIVES_CACHE:
                self._representatives = {}
            self._representatives[key] = (bits, found)
        return found

    def versions(self, entry_ids: list[int], among: int, preferred: int) -> list[int]:
        """Return, for each row id, the row of the same work that among and preferred both hold (e.g. the rows
        passing a reader's filters, and the rows in the reader's language), else the row itself."""
        several = bitmaps.to_bytes(self.translated)
        allowed = bitmaps.to_bytes(among & preferred)
        slot, work, ids = self.slot, self.work, self.ids
        found = []
        for entry_id in entry_ids:
            position = slot[entry_id] if entry_id < len(slot) else -1
            if position >= 0 and bitmaps.contains(several, position) and not bitmaps.contains(allowed, position):
                for other in self.work_rows.get(work[position], ()):
                    if bitmaps.contains(allowed, other):
                        entry_id = ids[other]
                        break
            found.append(entry_id)
        return found

    def bitmap_of_ids(self, entry_ids: list[int]) -> int:
        """Return the bitmap of the given index row ids (ids the summary does not know are left out)."""
        slot = self.slot
        known = len(slot)
        size = len(self.ids)  # rows another thread adds meanwhile are left out
        data = bytearray((size + 7) // 8)
        for entry_id in entry_ids:
            if entry_id < known:
                position = slot[entry_id]
                if 0 <= position < size:
                    data[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(data, "little")

    def best(
        self, scored: list[tuple[int, float | None]], bits: int, offset: int, limit: int
    ) -> list[tuple[int, float]]:
        """Return (row id, score) of one page of the rows within a bitmap, from rows already sorted best first."""
        data = bitmaps.to_bytes(bits)
        size = len(data)
        slot = self.slot
        known = len(slot)
        end = offset + limit
        found = []
        for entry_id, score in scored:
            if score is None or len(found) >= end:
                break
            if entry_id < known:
                position = slot[entry_id]
                if position >= 0 and (position >> 3) < size and data[position >> 3] >> (position & 7) & 1:
                    found.append((entry_id, score))
        return found[offset:]

    def ids_of(self, bits: int) -> list[int]:
        """Return the index row ids of a bitmap's positions."""
        ids = self.ids
        return [ids[position] for position in bitmaps.members(bits)]

    def newest(self, bits: int, offset: int, limit: int) -> list[int]:
        """Return the row ids of one page of a bitmap's documents, newest first."""
        end = offset + limit
        count = bits.bit_count()
        if count <= _SPARSE:
            positions = heapq.nlargest(end, bitmaps.members(bits), key=self.sort_keys.__getitem__)
        else:
            data = bitmaps.to_bytes(bits)
            positions = []
            for position in reversed(self.order):
                if bitmaps.contains(data, position):
                    positions.append(position)
                    if len(positions) >= end:
                        break
        return [self.ids[position] for position in positions[offset:end]]


_lock = threading.Lock()
_committed: dict[tuple, tuple[str | None, IndexSummary]] = {}
_in_transaction: dict[tuple, tuple[str | None, IndexSummary]] = {}


def database_key() -> tuple:
    """Return the key of this connection's database in the summary caches."""
    return (connection.alias, str(connection.settings_dict.get("NAME")))


def get_summary() -> IndexSummary:
    """Return the summary of the embedded index as this connection sees it now."""
    key = database_key()
    version, history = current_version()
    cached = _committed.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    if connection.in_atomic_block:
        scratch = _in_transaction.get(key)
        if scratch is not None and scratch[0] == version:
            return scratch[1]
        summary = IndexSummary.load()
        summary.version = version
        _in_transaction.clear()
        _in_transaction[key] = (version, summary)
        return summary
    return advance(key, version, history)


def advance(key: tuple, version: str | None, history: list[str]) -> IndexSummary:
    """Return the committed summary of a database brought to a version, by difference when that is safe."""
    with _lock:
        cached = _committed.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        # A difference is only safe on top of a state this database went through (a flushed or restored
        # database may reuse row ids): otherwise, and when too many positions are dead, read everything.
        if cached is not None and cached[0] in history and cached[1].refresh():
            summary = cached[1]
        else:
            summary = IndexSummary.load()
        summary.version = version
        _committed[key] = (version, summary)
    return summary


def forget() -> None:
    """Drop every summary of this process (the next query reads the index again)."""
    with _lock:
        _committed.clear()
        _in_transaction.clear()
