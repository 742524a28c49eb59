"""Wagtail's admin search on SQLite (modelsearch's FTS5 backend), writing the same rows with less work per object.

modelsearch's ``SQLiteIndex.add_items`` reads every search field of an object three times (once for each column
it fills: title, autocomplete, body; each time extracting the text of rich text again) and updates the rows of
objects indexed before with one UPDATE each. Here each field is read once and the rows of a batch, new or not, are
written with one statement (an upsert on the table's unique content type and object id; new rows start with the
title norm 1.0 and the rows kept keep theirs, as modelsearch does). The FTS5 table follows through modelsearch's
own triggers. tests/site/test_admin_search.py compares the rows and the FTS5 table with modelsearch's own.

This module is imported only on SQLite: modelsearch defines its FTS5 model only when the database is SQLite.
"""

from __future__ import annotations

from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk

from frontline.admin_search import field_value


class ObjectIndexer(sqlite.ObjectIndexer):
    """modelsearch's indexer, reading each search field of the object once for the three columns."""

    @cached_property
    def prepared(self) -> list[tuple[object, str]]:
        """Return (field, text) for every search and autocomplete field, related fields expanded."""
        return [row for field in self.search_fields for row in self.prepare_field(self.obj, field)]

    def prepare_field(self, obj, field):
        """modelsearch's, with each search field's value read once (frontline.admin_search.field_value)."""
        if isinstance(field, SearchField | AutocompleteField):
            yield field, self.prepare_value(field_value(field, obj))
        else:
            yield from super().prepare_field(obj, field)

    @cached_property
    def title(self):
        return " ".join(v for f, v in self.prepared if isinstance(f, SearchField) and f.field_name == "title")

    @cached_property
    def body(self):
        return " ".join(v for f, v in self.prepared if isinstance(f, SearchField) and f.field_name != "title")

    @cached_property
    def autocomplete(self):
        return " ".join(v for f, v in self.prepared if isinstance(f, AutocompleteField))


class SQLiteIndex(sqlite.SQLiteIndex):
    """modelsearch's SQLite index; add_items writes a batch of rows, new and indexed before, with one statement."""

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        rows = {}
        for obj in objs:
            indexer = ObjectIndexer(obj, self.backend)
            rows[indexer.id] = (indexer.title, indexer.autocomplete, indexer.body)
        if not rows:
            return
        content_type_pk = get_content_type_pk(model)
        table = sqlite.IndexEntry._meta.db_table
        per_row = 5
        size = max(1, self.write_connection.features.max_query_params // per_row)
        items = list(rows.items())
        with self.write_connection.cursor() as cursor:
            for start in range(0, len(items), size):
                batch = items[start : start + size]
                params = []
                for object_id, (title, autocomplete, body) in batch:
                    params.extend((content_type_pk, object_id, title, autocomplete, body))
                values = ", ".join(["(%s, %s, %s, %s, %s, 1.0)"] * len(batch))
                cursor.execute(
                    f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm)"  # noqa: S608 - model metadata
                    f" VALUES {values} ON CONFLICT (content_type_id, object_id) DO UPDATE SET"
                    " title = excluded.title, autocomplete = excluded.autocomplete, body = excluded.body",
                    params,
                )
        self._refresh_title_norms()


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    index_class = SQLiteIndex
