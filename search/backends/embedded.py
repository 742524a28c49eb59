"""The default engine: an index in the site's own database (SQLite FTS5 with bm25, or PostgreSQL full text).

The database finds the documents matching the text (and scores only those that pass the filters); an
in-memory summary of the index (search.summary: a bitmap per facet value and audience token) then limits them
to the reader's audience, applies the filters and counts every facet disjunctively with a popcount per value.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from accounts.access.tokens import PUBLIC
from search.documents import (
    FACETS,
    SECTION_WEIGHTS,
    SECTIONS,
    SUMMARY_FACETS,
    SearchDocument,
    analyzed_fields,
    field_weight,
)
from search.models import IndexEntry, IndexFacets
from search.summary import IndexSummary, bump_version, get_summary
from search.vectors import document_vector
from textproc import highlight as snippets
from textproc import pipeline as textproc

from .base import Hit, SearchEngine, SearchQuery, SearchResults, sort_facet_values

# The FTS5 columns in table order (search.documents.analyzed_fields); bm25 weighs each by field_weight.
_FTS_COLUMNS = tuple(analyzed_fields())
_MATCH_COLUMNS = tuple("{" + " ".join(f"{section}_{name}" for section in SECTIONS) + "}" for name in textproc.FIELDS)
_BATCH = 400
_vocabulary_cache: dict[tuple, frozenset[str]] = {}
_SQLITE_CACHE_KIB = 131072
_SQLITE_MMAP_BYTES = 1 << 30


def _like_token(token: str) -> str:
    """Return a LIKE pattern matching a space-delimited audience token."""
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped} %"


def _any_public(doc_ids: list[str]) -> bool:
    """Return whether any of these indexed documents is one visitors may find."""
    return IndexFacets.objects.filter(entry__doc_id__in=doc_ids, audience_keys__contains=f" {PUBLIC} ").exists()


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(phrase: str) -> str:
    """Return the tsquery of one phrase: its space-joined terms, adjacent in this order."""
    return "(" + " <-> ".join(_lexeme(term) for term in phrase.split()) + ")"


def _tsquery(parts: textproc.Query) -> str:
    """Return a PostgreSQL tsquery literal OR-ing the query's phrases (space-joined adjacent terms) of every field."""
    phrases = dict.fromkeys(parts.words + parts.folded + parts.grams)
    return " | ".join(_phrase(phrase) for phrase in phrases)


def _match_tsquery(parts: textproc.Query) -> str:
    """Return a tsquery matching the same rows as _tsquery(parts) that the GIN index answers without a recheck.

    A phrase matches only rows holding each of its terms, so a phrase one of whose terms is also looked for alone
    adds no row: it is left out. Without phrase operators (and weights) the GIN index's answer is exact, so matching
    reads no row's vector (a recheck detoasts every candidate's vector; a sequential scan every row's).
    """
    phrases = list(dict.fromkeys(parts.words + parts.folded + parts.grams))
    singles = {phrase for phrase in phrases if " " not in phrase}
    kept = [phrase for phrase in phrases if " " not in phrase or not singles.intersection(phrase.split())]
    return " | ".join(_phrase(phrase) for phrase in kept)


@contextmanager
def _index_scan(cursor):
    """Within a transaction, have PostgreSQL find matches through the GIN index, not a sequential scan.

    The planner prices a sequential scan without the cost of detoasting each row's vector (kilobytes, compressed),
    so for a frequent term it read every row of the table; through the index only matching rows are read.
    """
    with transaction.atomic(using=connection.alias):
        cursor.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
        previous = cursor.fetchone()[0]
        yield
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


def _lexeme_weights(parts: textproc.Query) -> dict[str, float]:
    """Return each term of the query's phrases with the weight of the field it is looked for in (the highest)."""
    weights: dict[str, float] = {}
    for name, phrases in zip(textproc.FIELDS, (parts.words, parts.folded, parts.grams), strict=True):
        for phrase in phrases:
            for term in phrase.split():
                weights[term] = max(weights.get(term, 0.0), textproc.FIELD_WEIGHTS[name])
    return weights


def _idf(documents: int, matching: int) -> float:
    """Return the inverse document frequency of a term as SQLite FTS5's bm25 computes it (never below 1e-6)."""
    return max(math.log((documents - matching + 0.5) / (matching + 0.5)), 1e-6)


def _class_weights() -> str:
    """Return ts_rank's weights of the classes {D, C, B, A}: title terms are in A, body in B, labels in C (migration
    search/0008), weighed relative to the title as search.documents.SECTION_WEIGHTS says; D is unused."""
    title = SECTION_WEIGHTS["title"]
    return "{0, %s, %s, 1}" % (round(SECTION_WEIGHTS["label"] / title, 6), round(SECTION_WEIGHTS["body"] / title, 6))  # noqa: UP031


_BUCKET_RATIO = 1.25  # terms whose weights differ by less than this share one ts_rank call
_df_cache: dict[tuple, int] = {}
_DF_CACHE_SIZE = 8192


def _document_frequencies(cursor, terms: list[str], version) -> dict[str, int]:
    """Return how many indexed documents (of every audience, like FTS5's statistics) hold each term.

    The terms not cached for this index version are counted in one statement, each through the GIN index (the
    planner would otherwise scan the table for a frequent term, reading every row's vector).
    """
    stamp = (connection.alias, version)
    frequencies = {term: _df_cache[stamp, term] for term in terms if (stamp, term) in _df_cache}
    missing = [term for term in terms if term not in frequencies]
    if missing:
        counts = ", ".join(
            "(SELECT count(*) FROM search_indexentry WHERE search_vector @@ CAST(%s AS tsquery))" for _ in missing
        )
        with _index_scan(cursor):
            cursor.execute(f"SELECT {counts}", [_lexeme(term) for term in missing])  # noqa: S608 - placeholders
            found = cursor.fetchone()
        if len(_df_cache) > _DF_CACHE_SIZE:  # a full cache is emptied; this query's terms are already in hand
            _df_cache.clear()
        for term, count in zip(missing, found, strict=True):
            _df_cache[stamp, term] = frequencies[term] = count
    return frequencies


def _rank_groups(weights: dict[str, float], documents: int, frequencies: dict[str, int]) -> list[tuple[float, str]]:
    """Return (weight, tsquery OR-ing terms) groups whose weighted ts_rank values sum to the IDF-aware score.

    ts_rank of an OR of terms is the mean of each term's own rank (a saturating count of its occurrences, weighted
    by section class), so idf(term) × field weight × that rank, summed over the terms, is a sum of ts_rank calls
    over groups of terms of about the same weight, each times the group's mean weight × its size.
    """
    groups: dict[int, list[tuple[str, float]]] = {}
    for term, field in weights.items():
        if frequencies.get(term):
            weight = _idf(documents, frequencies[term]) * field
            groups.setdefault(round(math.log(weight, _BUCKET_RATIO)), []).append((term, weight))
    return [
        (sum(weight for _, weight in members), " | ".join(_lexeme(term) for term, _ in members))
        for members in groups.values()
    ]


def _narrowed(base: int, filters: dict[str, int], leave_out: str | None = None) -> int:
    """Return the documents of base that pass every filter but the one left out (AND across facets)."""
    for facet, bits in filters.items():
        if facet != leave_out:
            base &= bits
    return base


def representatives(summary: IndexSummary, visible: int, filters: dict[str, int], audience, within, languages) -> int:
    """Return the rows of visible, one per work, chosen among the versions in the filtered languages (if any); a
    row of no work stands for itself. Kept on the summary per audience, kinds and languages."""
    eligible = visible & filters["language"] if "language" in filters else visible
    key = ("browse", audience, tuple(sorted((facet, tuple(values)) for facet, values in within.items())), languages)
    return summary.representatives(eligible, key=key)


def _counts(
    summary: IndexSummary, base: int, filters: dict[str, int], facets: Iterable[str] = FACETS
) -> dict[str, dict[str, int]]:
    """Return {facet: {value: count}} of the documents of base, each facet counted under the others' filters only."""
    counts = {}
    for facet in facets:
        within = _narrowed(base, filters, leave_out=facet)
        values = {}
        if within:
            for value, bits in summary.facets.get(facet, {}).items():
                n = (within & bits).bit_count()
                if n:
                    values[value] = n
        counts[facet] = values
    return counts


@dataclass
class Browse:
    """The documents a reader may see that pass the filters (no text): how many, the counts, pages newest first."""

    total: int
    facets: dict[str, dict[str, int]]
    audience: frozenset[str]
    summary: IndexSummary
    bits: int
    passing: int = 0  # every version that passes the filters (a work's representative among them is in bits)

    def newest(self, offset: int, limit: int, prefer: str | None = None) -> list[str]:
        """Return the document ids of one page of the documents, newest first; of a work with several versions,
        the one in the language prefer when one passes the filters (else its representative)."""
        entry_ids = self.summary.newest(self.bits, offset, limit)
        if prefer:
            preferred = self.summary.facets.get("language", {}).get(prefer, 0)
            entry_ids = self.summary.versions(entry_ids, self.passing, preferred)
        doc_ids = dict(IndexEntry.objects.filter(pk__in=entry_ids).values_list("pk", "doc_id"))
        return [doc_ids[entry_id] for entry_id in entry_ids if entry_id in doc_ids]


def _insert_with_vectors(entries: list[IndexEntry], documents: list[SearchDocument]) -> None:
    """Insert entries on PostgreSQL with their tsvectors built here (search.vectors), with COPY; set their pks.

    The ids are taken from the table's sequence first (COPY returns none); the trigger (search/0009) keeps a vector
    given and builds the ones left NULL. COPY spares the parsing of a statement with thousands of parameters, on
    both sides, that a multi-row INSERT costs.
    """
    fields = [field for field in IndexEntry._meta.local_concrete_fields if not field.primary_key]
    pk_column = IndexEntry._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [IndexEntry._meta.db_table, pk_column, len(entries)],
        )
        for entry, (pk,) in zip(entries, cursor.fetchall(), strict=True):
            entry.pk = pk
    _copy_rows(
        IndexEntry,
        [pk_column, *(field.column for field in fields), "search_vector"],
        (
            [
                entry.pk,
                *(field.get_db_prep_save(field.pre_save(entry, True), connection) for field in fields),
                document_vector(document),
            ]
            for entry, document in zip(entries, documents, strict=True)
        ),
    )


def _copy_rows(model, columns: list[str], rows: Iterable[list]) -> None:
    """Write rows of database values into the model's table on PostgreSQL with one COPY."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _insert_facets(rows: list[IndexFacets]) -> None:
    """Insert the facets rows of new entries (COPY on PostgreSQL)."""
    if connection.vendor != "postgresql":
        IndexFacets.objects.bulk_create(rows, batch_size=_BATCH)
        return
    fields = IndexFacets._meta.local_concrete_fields
    _copy_rows(
        IndexFacets,
        [field.column for field in fields],
        ([field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields] for row in rows),
    )


class EmbeddedEngine(SearchEngine):
    """Search the IndexEntry table of the site's database."""

    name = "embedded"

    @property
    def vendor(self) -> str:
        """Return the database vendor the index lives in: 'sqlite' or 'postgresql'."""
        return connection.vendor

    # Writing

    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents by id; return how many were written."""
        latest = {document.id: document for document in documents}
        if not latest:
            return 0
        documents = list(latest.values())
        entries = [IndexEntry.from_document(document) for document in documents]
        with transaction.atomic():
            self.delete(latest)
            if self.vendor == "postgresql":
                _insert_with_vectors(entries, documents)
            else:
                IndexEntry.objects.bulk_create(entries, batch_size=_BATCH)
            if any(entry.pk is None for entry in entries):
                pks = dict(IndexEntry.objects.filter(doc_id__in=list(latest)).values_list("doc_id", "pk"))
                for entry in entries:
                    entry.pk = pks[entry.doc_id]
            _insert_facets(
                [
                    IndexFacets.from_document(entry.pk, document)
                    for entry, document in zip(entries, documents, strict=True)
                ]
            )
            bump_version(public=any(PUBLIC in document.audience for document in documents))
        return len(entries)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; return how many ids were given."""
        ids = list(dict.fromkeys(ids))
        with transaction.atomic():
            public = False
            for start in range(0, len(ids), _BATCH):
                batch = ids[start : start + _BATCH]
                public = public or _any_public(batch)
                IndexEntry.objects.filter(doc_id__in=batch).delete()
            if ids:
                bump_version(public=public)
        return len(ids)

    def count(self) -> int:
        """Return the number of indexed documents."""
        return IndexEntry.objects.count()

    def clear(self) -> None:
        """Remove every document."""
        with transaction.atomic():
            IndexEntry.objects.all().delete()
            bump_version()
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")

    def ping(self) -> bool:
        """Return whether the index table answers."""
        try:
            IndexEntry.objects.exists()
        except Exception:  # noqa: BLE001 - any database error means not ready
            return False
        return True

    def optimize(self) -> None:
        """Merge the full-text index segments (after a bulk load)."""
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    # Reading

    def _audience_sql(self, audience: Iterable[str]) -> tuple[str, list[str]]:
        tokens = sorted(set(audience))
        if not tokens:
            return "1 = 0", []
        sql = " OR ".join("f.audience_keys LIKE %s ESCAPE '\\'" for _ in tokens)
        return f"({sql})", [_like_token(token) for token in tokens]

    def _tune(self) -> None:
        """Give this SQLite connection a larger page cache and memory-mapped reads, once (the index is read-heavy)."""
        if self.vendor != "sqlite":
            return
        connection.ensure_connection()
        raw_id = id(connection.connection)
        if getattr(connection, "_search_tuned_id", None) == raw_id:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size=-{_SQLITE_CACHE_KIB}")
            cursor.execute(f"PRAGMA mmap_size={_SQLITE_MMAP_BYTES}")
        connection._search_tuned_id = raw_id

    def _matches(self, text: str, restrict: list[int] | None, scored: bool) -> list[tuple[int, float | None]]:
        """Return (row id, score — lower is better, None when not asked for) of the rows matching the text.

        Scores cost more than matching: when restrict is given, only rows among those ids are scored. Scored rows
        come best first (ties: newer row first), unscored ones last.
        """
        self._tune()
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                return self._postgres_matches(cursor, textproc.query(text), restrict, scored)
            match = textproc.fts5_match(text, _MATCH_COLUMNS)
            if not match:
                return []
            bm25 = f"bm25(search_fts, {', '.join(str(field_weight(name)) for name in _FTS_COLUMNS)})"
            if not scored:
                cursor.execute("SELECT rowid, NULL FROM search_fts WHERE search_fts MATCH %s", [match])
            elif restrict is None:
                cursor.execute(
                    f"SELECT rowid, {bm25} FROM search_fts WHERE search_fts MATCH %s ORDER BY 2, 1 DESC",  # noqa: S608
                    [match],
                )
            else:
                # CASE keeps bm25 from being computed for rows outside the filters ("rowid IN" in the WHERE
                # clause would make FTS5 look every id up separately, which is far slower).
                cursor.execute(
                    f"SELECT rowid, CASE WHEN rowid IN (SELECT value FROM json_each(%s)) THEN {bm25} END "  # noqa: S608
                    "FROM search_fts WHERE search_fts MATCH %s ORDER BY 2 NULLS LAST, 1 DESC",
                    [json.dumps(restrict), match],
                )
            return cursor.fetchall()

    @staticmethod
    def _postgres_matches(cursor, parts: textproc.Query, restrict, scored: bool) -> list[tuple[int, float | None]]:
        """Return the matching rows of a PostgreSQL index, scored BM25-like when asked (lower is better).

        ts_rank alone has no inverse document frequency, so a frequent word outweighed a rare one. The score sums,
        over the query's terms a row holds, idf(term) × the weight of the term's field × ts_rank of the term with
        the section weights as class weights (_rank_groups): the statistics and weights of SQLite's bm25(),
        without its length normalisation.
        """
        tsquery = _tsquery(parts)
        if not tsquery:
            return []
        match = _match_tsquery(parts)
        if not scored:
            with _index_scan(cursor):
                cursor.execute(
                    "SELECT e.id, NULL FROM search_indexentry e WHERE e.search_vector @@ CAST(%s AS tsquery)", [match]
                )
                return cursor.fetchall()
        summary = get_summary()
        weights = _lexeme_weights(parts)
        frequencies = _document_frequencies(cursor, list(weights), summary.version)
        groups = _rank_groups(weights, summary.alive.bit_count(), frequencies) or [(1.0, tsquery)]
        rank = " + ".join(
            "CAST(%s AS float8) * ts_rank(CAST(%s AS real[]), e.search_vector, CAST(%s AS tsquery))" for _ in groups
        )
        params = [value for weight, terms in groups for value in (weight, _class_weights(), terms)]
        if restrict is None:
            score = f"-({rank})"
        else:
            score = f"CASE WHEN e.id = ANY(%s) THEN -({rank}) END"
            params = [restrict, *params]
        with _index_scan(cursor):
            cursor.execute(
                f"SELECT e.id, {score} FROM search_indexentry e "  # noqa: S608 - placeholders only
                "WHERE e.search_vector @@ CAST(%s AS tsquery) ORDER BY 2 NULLS LAST, 1 DESC",
                [*params, match],
            )
            return cursor.fetchall()

    def search(self, query: SearchQuery) -> SearchResults:
        """Return one page of hits with disjunctive facet counts, limited to the query's audience."""
        summary = get_summary()
        allowed = summary.audience(query.audience)
        filters = {facet: summary.union(facet, values) for facet, values in query.active_filters.items()}
        text = query.text.strip()
        ranked = bool(text) and query.sort == "relevance"
        if text:
            restrict = None
            if ranked and filters:
                narrowed = _narrowed(allowed, filters)
                if narrowed.bit_count() * 2 < allowed.bit_count():
                    restrict = summary.ids_of(narrowed)
            rows = self._matches(text, restrict, ranked)
            base = summary.bitmap_of_ids([row[0] for row in rows]) & allowed
        else:
            rows = []
            base = allowed

        counts = {facet: sort_facet_values(values, facet) for facet, values in _counts(summary, base, filters).items()}
        final = _narrowed(base, filters)
        total = final.bit_count()

        if ranked and total:
            page = [(entry_id, -score) for entry_id, score in summary.best(rows, final, query.offset, query.page_size)]
        else:
            page = [(entry_id, 0.0) for entry_id in summary.newest(final, query.offset, query.page_size)]
        entries = IndexEntry.objects.in_bulk([entry_id for entry_id, _ in page])
        hits = []
        for entry_id, score in page:
            entry = entries.get(entry_id)
            if entry is not None:
                document = entry.to_document()
                hits.append(Hit.from_document(document, self.snippet(document, query.text), score=float(score)))
        return SearchResults(
            hits=hits,
            facets=counts,
            total=total,
            page=query.page,
            pages=SearchResults.page_count(total, query.page_size),
            engine=self.name,
        )

    def browse(
        self,
        audience: Iterable[str],
        filters: dict[str, list[str]] | None = None,
        *,
        within: dict[str, list[str]] | None = None,
        counted: Iterable[str] = FACETS,
    ) -> Browse:
        """Return the documents the audience may see that pass the filters, with disjunctive counts of the facets
        named in counted; within limits the documents considered at all (e.g. to some kinds), counted or not.

        A browse reads only the summary, so it filters and counts on the summary-only facets too (a country's role,
        recruitment channels, provinces: what insights counts, so that each figure links to its case studies).

        A work with several versions (a case study and its translations) counts once: among the versions the
        audience may open, in the filtered languages if any, its representative (the original when there, else
        the first) stands for it and the other filters apply to that one (``representatives``); insights counts
        the same way, so a figure and the listing it links to agree. ``Browse.newest`` then shows, of each work,
        the version in a language the caller prefers when one passes the filters."""
        audience, filters, within = frozenset(audience), filters or {}, within or {}
        unknown = (set(filters) | set(within) | set(counted)) - set(FACETS) - set(SUMMARY_FACETS)
        if unknown:
            raise ValueError(f"unknown facets: {sorted(unknown)}")
        summary = get_summary()
        visible = summary.audience(audience)
        for facet, values in within.items():
            visible &= summary.union(facet, values)
        bits = {facet: summary.union(facet, values) for facet, values in filters.items() if values}
        languages = tuple(sorted(filters.get("language") or ()))
        base = representatives(summary, visible, bits, audience, within, languages)
        final = _narrowed(base, bits, leave_out="language")
        counts = _counts(summary, base, bits, [facet for facet in counted if facet != "language"])
        if "language" in counted:
            counts["language"] = {}
            others = _narrowed(visible, bits, leave_out="language")
            for value, language_bits in summary.facets.get("language", {}).items():
                if others & language_bits:
                    shown = representatives(summary, visible, {"language": language_bits}, audience, within, (value,))
                    n = _narrowed(shown, bits, leave_out="language").bit_count()
                    if n:
                        counts["language"][value] = n
        passing = _narrowed(visible, bits)
        return Browse(final.bit_count(), counts, audience, summary, final, passing)

    def count_matches(self, text: str, audience: Iterable[str]) -> int:
        """Return how many documents the audience may see match the text (no scoring, no facets)."""
        if not text.strip():
            return 0
        summary = get_summary()
        rows = self._matches(text.strip(), None, scored=False)
        return (summary.bitmap_of_ids([row[0] for row in rows]) & summary.audience(audience)).bit_count()

    @staticmethod
    def snippet(document: SearchDocument, text: str) -> str:
        """Return the HTML snippet of a document for a query: escaped text, matches in <mark>."""
        return snippets.snippet(document.body_text or document.title, text)

    # Suggestions

    def vocabulary(self, audience: Iterable[str]) -> frozenset[str]:
        """Return the title and tag words of the documents this audience may see."""
        audience_sql, params = self._audience_sql(audience)
        stamp = (connection.alias, get_summary().version, tuple(sorted(set(audience))))
        if stamp in _vocabulary_cache:
            return _vocabulary_cache[stamp]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.title_words FROM search_indexentry e "  # noqa: S608
                f"JOIN search_indexfacets f ON f.entry_id = e.id WHERE {audience_sql}",
                params,
            )
            words = frozenset(word for (terms,) in cursor.fetchall() for word in terms.split() if len(word) > 2)
        if len(_vocabulary_cache) > 32:
            _vocabulary_cache.clear()
        _vocabulary_cache[stamp] = words
        return words
