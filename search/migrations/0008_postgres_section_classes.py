"""PostgreSQL: one tsvector weight class per document section (title A, body B, label C), for the IDF-aware score.

Until now the classes mixed sections and fields (title words A; title folded and body words B; …), so ts_rank could
not weigh sections as search.documents.SECTION_WEIGHTS says. The field of a query phrase is known when the query is
built (search.backends.embedded), so the classes now only say where a term stands. Existing rows are re-vectorised
by touching them (the BEFORE UPDATE trigger recomputes the vector). SQLite's FTS5 table is unchanged.
"""

from django.db import migrations

_VECTOR = """CREATE OR REPLACE FUNCTION search_indexentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := {vector};
        RETURN NEW;
    END
    $$"""
_BY_SECTION = """
            search_terms_vector(NEW.title_words, 'A') || search_terms_vector(NEW.title_folded, 'A')
            || search_terms_vector(NEW.title_grams, 'A') || search_terms_vector(NEW.body_words, 'B')
            || search_terms_vector(NEW.body_folded, 'B') || search_terms_vector(NEW.body_grams, 'B')
            || search_terms_vector(NEW.label_words, 'C') || search_terms_vector(NEW.label_folded, 'C')
            || search_terms_vector(NEW.label_grams, 'C')"""
_BY_FIELD = """
            search_terms_vector(NEW.title_words, 'A') || search_terms_vector(NEW.title_folded, 'B')
            || search_terms_vector(NEW.title_grams, 'C') || search_terms_vector(NEW.body_words, 'B')
            || search_terms_vector(NEW.body_folded, 'C') || search_terms_vector(NEW.body_grams, 'D')
            || search_terms_vector(NEW.label_words, 'D') || search_terms_vector(NEW.label_folded, 'D')
            || search_terms_vector(NEW.label_grams, 'D')"""


def _run(vector):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(_VECTOR.format(vector=vector))
        schema_editor.execute("UPDATE search_indexentry SET id = id")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_label_fields")]

    operations = [migrations.RunPython(_run(_BY_SECTION), _run(_BY_FIELD))]
