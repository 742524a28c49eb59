"""SQL shared by the search migrations: FTS5 triggers (re-created after SQLite table rebuilds) and the facets cascade."""

COLUMNS = ("title_words", "title_folded", "title_grams", "body_words", "body_folded", "body_grams")
LABEL_COLUMNS = ("label_words", "label_folded", "label_grams")  # added by 0007


def sqlite_fts_triggers(columns=COLUMNS) -> list[str]:
    """Return the statements that (re-)create the triggers copying these columns into the FTS5 table."""
    new = ", ".join("new." + c for c in columns)
    old = ", ".join("old." + c for c in columns)
    cols = ", ".join(columns)
    return [
        "DROP TRIGGER IF EXISTS search_fts_insert",
        "DROP TRIGGER IF EXISTS search_fts_delete",
        "DROP TRIGGER IF EXISTS search_fts_update",
        f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_indexentry BEGIN
            INSERT INTO search_fts(rowid, {cols}) VALUES (new.id, {new});
        END""",
        f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_indexentry BEGIN
            INSERT INTO search_fts(search_fts, rowid, {cols}) VALUES ('delete', old.id, {old});
        END""",
        f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_indexentry BEGIN
            INSERT INTO search_fts(search_fts, rowid, {cols}) VALUES ('delete', old.id, {old});
            INSERT INTO search_fts(rowid, {cols}) VALUES (new.id, {new});
        END""",
    ]


def sqlite_fts_table(columns=COLUMNS) -> list[str]:
    """Return the statements that replace the FTS5 table with one of these columns, filled from the entries."""
    return [
        "DROP TABLE IF EXISTS search_fts",
        f"""CREATE VIRTUAL TABLE search_fts USING fts5({", ".join(columns)},
            content='search_indexentry', content_rowid='id', tokenize='ascii', detail='full')""",
        *sqlite_fts_triggers(columns),
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


SQLITE_FTS_TRIGGERS = sqlite_fts_triggers()

SQLITE_CASCADE = [
    "DROP TRIGGER IF EXISTS search_facets_cascade",
    """CREATE TRIGGER search_facets_cascade AFTER DELETE ON search_indexentry BEGIN
        DELETE FROM search_indexfacets WHERE entry_id = old.id;
    END""",
]
POSTGRES_CASCADE = [
    """CREATE FUNCTION search_facets_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_indexfacets WHERE entry_id = OLD.id;
        RETURN OLD;
    END
    $$""",
    """CREATE TRIGGER search_facets_cascade BEFORE DELETE ON search_indexentry
        FOR EACH ROW EXECUTE FUNCTION search_facets_cascade()""",
]


def cascade_forward(apps, schema_editor):
    """Re-create the FTS5 triggers lost by SQLite's table rebuild; delete facet rows with their entries."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_FTS_TRIGGERS + SQLITE_CASCADE, "postgresql": POSTGRES_CASCADE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def cascade_backward(apps, schema_editor):
    """Drop the facets cascade."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_facets_cascade")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_facets_cascade ON search_indexentry")
        schema_editor.execute("DROP FUNCTION IF EXISTS search_facets_cascade()")
