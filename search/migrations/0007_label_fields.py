"""A third section of every index entry: the taxonomy names a document is coded with (search.documents.SECTIONS).

SQLite: the FTS5 table is re-created with the label columns (and filled from the entries); PostgreSQL: the label
terms join the tsvector with the lowest weight, D. The entries get their labels when the embedded index is
rebuilt, which ``manage.py migrate`` does next (search.rebuild.refresh_outdated: the library's documents changed).
"""

from django.db import migrations, models

from search.migrations._fulltext import COLUMNS, LABEL_COLUMNS, SQLITE_CASCADE, sqlite_fts_table

_VECTOR = """CREATE OR REPLACE FUNCTION search_indexentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            search_terms_vector(NEW.title_words, 'A') || search_terms_vector(NEW.title_folded, 'B')
            || search_terms_vector(NEW.title_grams, 'C') || search_terms_vector(NEW.body_words, 'B')
            || search_terms_vector(NEW.body_folded, 'C') || search_terms_vector(NEW.body_grams, 'D'){labels};
        RETURN NEW;
    END
    $$"""
_LABELS = """
            || search_terms_vector(NEW.label_words, 'D') || search_terms_vector(NEW.label_folded, 'D')
            || search_terms_vector(NEW.label_grams, 'D')"""


def _run(forward: bool):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            # Adding columns rebuilt search_indexentry, which drops its triggers: all are re-created here.
            statements = [*sqlite_fts_table(COLUMNS + LABEL_COLUMNS if forward else COLUMNS), *SQLITE_CASCADE]
        elif vendor == "postgresql":
            statements = [_VECTOR.format(labels=_LABELS if forward else "")]
        else:
            statements = []
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_reanalyse_word_forms")]

    operations = [
        # Undone last: the full-text table of the six earlier columns comes back after the fields are removed.
        migrations.RunPython(migrations.RunPython.noop, _run(False)),
        migrations.AddField(model_name="indexentry", name="labels", field=models.JSONField(default=list)),
        migrations.AddField(model_name="indexentry", name="label_words", field=models.TextField(blank=True)),
        migrations.AddField(model_name="indexentry", name="label_folded", field=models.TextField(blank=True)),
        migrations.AddField(model_name="indexentry", name="label_grams", field=models.TextField(blank=True)),
        migrations.RunPython(_run(True), migrations.RunPython.noop),
    ]
