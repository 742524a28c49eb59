"""Wagtail's admin search (modelsearch's database backend), with a cheaper bulk write on PostgreSQL (and on SQLite:
frontline/admin_search_sqlite.py).

``WAGTAILSEARCH_BACKENDS`` names this module: it picks the backend modelsearch picks for the database (SQLite
FTS5, PostgreSQL, …) and, on PostgreSQL, writes index entries the same way with less work per object. An import of
thousands of pages spent about 40% of its time in modelsearch's ``PostgresIndex.add_items``, which reads every
search field of an object five times over (once per column it fills: title, body, autocomplete and their plain
texts, each time extracting the text of rich text again) and builds and compiles a Django expression per text of
each object. Here each field is read once, and the SQL of a vector is compiled once per shape (the weights of its
texts) and reused with the object's texts as parameters. The rows written are the same (tests/site/
test_admin_search.py compares them with modelsearch's own on PostgreSQL).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models.fields.related import RelatedField
from django.db.models.sql.subqueries import InsertQuery
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from modelsearch.backends import database
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk
from taggit.managers import TaggableManager
from wagtail.fields import RichTextField

from safety.text import html_text

_SENTINEL = "\x00frontline-admin-search-text-{}\x00"
_deferred_title_norms: ContextVar[list | None] = ContextVar("deferred_title_norms", default=None)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """Return the backend modelsearch chooses for the default database, with the faster bulk write on PostgreSQL
    and on SQLite with FTS5 (frontline.admin_search_sqlite)."""
    if connection.vendor == "postgresql":
        return PostgresSearchBackend(params)
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        # Imported here: modelsearch's SQLite module reads its FTS5 model, which exists only on SQLite.
        from frontline.admin_search_sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    return backend


class ObjectIndexer(postgres.ObjectIndexer):
    """modelsearch's indexer, reading each search field of the object once for all five columns."""

    @cached_property
    def prepared(self) -> list[tuple[object, str, str]]:
        """Return (field, weight, text) for every search and autocomplete field, related fields expanded."""
        return [row for field in self.search_fields for row in self.prepare_field(self.obj, field)]

    def prepare_field(self, obj, field):
        """modelsearch's, with each search field's value read as modelsearch reads it (``field_value``)."""
        if isinstance(field, SearchField):
            yield field, get_weight(field.boost), self.prepare_value(field_value(field, obj))
        elif isinstance(field, AutocompleteField):
            yield field, "D", self.prepare_value(field_value(field, obj))
        else:
            yield from super().prepare_field(obj, field)

    def _texts(self, *, title: bool | None = None, autocomplete: bool = False) -> list[tuple[str, str]]:
        rows = []
        for field, weight, value in self.prepared:
            if autocomplete:
                if isinstance(field, AutocompleteField):
                    rows.append((value, weight))
            elif isinstance(field, SearchField) and (field.field_name == "title") == title:
                rows.append((value, weight))
        return rows

    @cached_property
    def title_texts(self):
        return self._texts(title=True)

    @cached_property
    def body_texts(self):
        return self._texts(title=False)

    @cached_property
    def autocomplete_texts(self):
        return self._texts(autocomplete=True)

    @cached_property
    def title(self):
        return self.as_vector(self.title_texts)

    @cached_property
    def body(self):
        return self.as_vector(self.body_texts)

    @cached_property
    def autocomplete(self):
        return self.as_vector(self.autocomplete_texts, for_autocomplete=True)

    @cached_property
    def title_text(self):
        return " ".join(text for text in (value.strip() for value, _weight in self.title_texts) if text)

    @cached_property
    def body_text(self):
        return " ".join(text for text in (value.strip() for value, _weight in self.body_texts) if text)


def field_value(field, obj):
    """Return what modelsearch's ``field.get_value(obj)`` returns, without asking the app registry whether taggit is
    installed for every value (a scan of the installed apps each time) and with rich text's plain text read through
    safety.text.html_text, which the site index's page text has read just before."""
    try:
        model_field = field.get_field(obj.__class__)
    except FieldDoesNotExist:
        return field.get_value(obj)
    value = model_field.value_from_object(obj)
    if isinstance(model_field, TaggableManager):
        return value
    if isinstance(model_field, RichTextField):
        return [html_text(force_str(value))]
    if hasattr(model_field, "get_searchable_content"):
        return model_field.get_searchable_content(value)
    if isinstance(model_field, RelatedField):
        remote_field = model_field
        while isinstance(remote_field, RelatedField):
            remote_field = remote_field.target_field
        if hasattr(remote_field, "get_searchable_content"):
            return remote_field.get_searchable_content(value)
    return value


class PostgresIndex(postgres.PostgresIndex):
    """modelsearch's PostgreSQL index; add_items writes the same rows with one compiled statement per vector shape."""

    def __init__(self, backend):
        super().__init__(backend)
        self._vector_sql: dict[tuple, tuple[str, list, list[int | None]]] = {}

    def _vector(self, compiler, indexer, texts, column, *, for_autocomplete=False):
        """Return the SQL and parameters of the vector as_vector builds for these texts, compiled once per shape."""
        texts = [(text.strip(), weight) for text, weight in texts]
        texts = [(text, weight) for text, weight in texts if text]
        config = self.backend.autocomplete_config if for_autocomplete else self.backend.config
        key = (column, config, for_autocomplete, tuple(weight for _text, weight in texts))
        if key not in self._vector_sql:
            sentinels = [(_SENTINEL.format(n), weight) for n, (_text, weight) in enumerate(texts)]
            vector = indexer.as_vector(sentinels, for_autocomplete=for_autocomplete)
            value = compiler.prepare_value(postgres.IndexEntry._meta.get_field(column), vector)
            sql, params = value.as_sql(compiler, self.write_connection)
            positions = {sentinel: n for n, (sentinel, _weight) in enumerate(sentinels)}
            slots = [positions.get(param) if isinstance(param, str) else None for param in params]
            if sorted(slot for slot in slots if slot is not None) != list(range(len(texts))):
                raise ValueError(f"unexpected SQL for a search vector: {sql}")
            self._vector_sql[key] = (sql, list(params), slots)
        sql, params, slots = self._vector_sql[key]
        return sql, [texts[slot][0] if slot is not None else param for param, slot in zip(params, slots, strict=True)]

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [ObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(postgres.IndexEntry).get_compiler(connection=self.write_connection)
        by_row: dict[str, list[list]] = {}  # rows whose vectors have the same shape share one statement
        for indexer in indexers:
            params = [content_type_pk, indexer.id]
            columns = []
            for column, texts, autocomplete in (
                ("title", indexer.title_texts, False),
                ("autocomplete", indexer.autocomplete_texts, True),
                ("body", indexer.body_texts, False),
            ):
                sql, vector_params = self._vector(compiler, indexer, texts, column, for_autocomplete=autocomplete)
                columns.append(sql)
                params.extend(vector_params)
            params.extend((indexer.title_text, indexer.body_text))
            by_row.setdefault(f"(%s, %s, {columns[0]}, {columns[1]}, {columns[2]}, 1.0, %s, %s)", []).append(params)
        table = postgres.IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            for row, rows in by_row.items():
                # One short statement per shape, sent for each row in one pipeline (psycopg's executemany): a
                # multi-row VALUES of thousands of parameters cost more to convert and to parse than to run.
                cursor.executemany(
                    f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm,"  # noqa: S608 - model metadata
                    f" title_text, body_text) VALUES {row} ON CONFLICT (content_type_id, object_id)"
                    " DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,"
                    " body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                    rows,
                )
        deferred = _deferred_title_norms.get()
        if deferred is None:
            self._refresh_title_norms()
        else:
            deferred.append(self)


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    index_class = PostgresIndex

    @contextmanager
    def bulk_indexing(self):
        """Within the block (an import's transaction), refresh the title norms once, at the end, instead of after
        every add_bulk: each refresh scans the whole admin search table twice and rewrites the new rows, so an
        import of many chunks paid it per chunk and kind, more as the library grew. Not refreshed if the block
        fails (its transaction is rolled back)."""
        if _deferred_title_norms.get() is not None:
            yield
            return
        indexes: list[PostgresIndex] = []
        token = _deferred_title_norms.set(indexes)
        try:
            yield
        finally:
            _deferred_title_norms.reset(token)
        if indexes:
            indexes[0]._refresh_title_norms()  # of every entry left at 1.0, whichever model it belongs to
