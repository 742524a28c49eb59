"""Full-text structures of the embedded engine: an FTS5 table on SQLite, a weighted tsvector on PostgreSQL."""

from django.db import migrations

COLUMNS = ("title_words", "title_folded", "title_grams", "body_words", "body_folded", "body_grams")

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5({", ".join(COLUMNS)},
        content='search_indexentry', content_rowid='id', tokenize='ascii', detail='full')""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_indexentry BEGIN
        INSERT INTO search_fts(rowid, {", ".join(COLUMNS)}) VALUES (new.id, {", ".join("new." + c for c in COLUMNS)});
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_indexentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {", ".join(COLUMNS)})
        VALUES ('delete', old.id, {", ".join("old." + c for c in COLUMNS)});
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_indexentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {", ".join(COLUMNS)})
        VALUES ('delete', old.id, {", ".join("old." + c for c in COLUMNS)});
        INSERT INTO search_fts(rowid, {", ".join(COLUMNS)}) VALUES (new.id, {", ".join("new." + c for c in COLUMNS)});
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

# Terms are pre-tokenized in Python (textproc.pipeline); the tsvector is built from them as a literal with
# positions, so PostgreSQL's own parser never re-splits Thai, Lao or Khmer text and phrases still match.
POSTGRES_FORWARD = [
    "ALTER TABLE search_indexentry ADD COLUMN search_vector tsvector",
    """CREATE FUNCTION search_terms_vector(terms text, weight "char") RETURNS tsvector
        LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(setweight(string_agg(quote_literal(t.term) || ':' || least(t.pos, 16383), ' ')::tsvector, weight),
                        ''::tsvector)
        FROM unnest(string_to_array(terms, ' ')) WITH ORDINALITY AS t(term, pos)
        WHERE t.term <> ''
    $$""",
    """CREATE FUNCTION search_indexentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            search_terms_vector(NEW.title_words, 'A') || search_terms_vector(NEW.title_folded, 'B')
            || search_terms_vector(NEW.title_grams, 'C') || search_terms_vector(NEW.body_words, 'B')
            || search_terms_vector(NEW.body_folded, 'C') || search_terms_vector(NEW.body_grams, 'D');
        RETURN NEW;
    END
    $$""",
    """CREATE TRIGGER search_indexentry_vector BEFORE INSERT OR UPDATE ON search_indexentry
        FOR EACH ROW EXECUTE FUNCTION search_indexentry_vector()""",
    "CREATE INDEX search_indexentry_vector_gin ON search_indexentry USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_indexentry_vector_gin",
    "DROP TRIGGER IF EXISTS search_indexentry_vector ON search_indexentry",
    "DROP FUNCTION IF EXISTS search_indexentry_vector()",
    "DROP FUNCTION IF EXISTS search_terms_vector(text, \"char\")",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
