"""PostgreSQL: the index entries' long columns (texts, analysed fields, tsvector) are compressed with lz4 when the
server has it, instead of pglz: an import wrote about 38 kB an entry through pglz, the biggest share of the server's
CPU per page (bench/import_speed.py on PostgreSQL: 2.6 -> 2.2 CPU s a 1,000 new pages). Rows already stored keep
their compression; readers see the same values. SQLite, and servers built without lz4, are unchanged.
"""

from django.db import migrations

COLUMNS = (
    "summary",
    "text",
    "title_words",
    "title_folded",
    "title_grams",
    "body_words",
    "body_folded",
    "body_grams",
    "label_words",
    "label_folded",
    "label_grams",
    "search_vector",
)


def _set(method):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
            )
            if cursor.fetchone() is None:
                return
        changes = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION {method}" for column in COLUMNS)
        schema_editor.execute(f"ALTER TABLE search_indexentry {changes}")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0009_postgres_given_vectors")]

    operations = [migrations.RunPython(_set("lz4"), _set("default"))]
