"""PostgreSQL: an entry inserted with its tsvector keeps it (search.vectors builds it in Python, as the trigger does).

The trigger still builds the vector of every other insert and of every update. SQLite is unchanged.
"""

from django.db import migrations

_VECTOR = """CREATE OR REPLACE FUNCTION search_indexentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {given}NEW.search_vector :=
            search_terms_vector(NEW.title_words, 'A') || search_terms_vector(NEW.title_folded, 'A')
            || search_terms_vector(NEW.title_grams, 'A') || search_terms_vector(NEW.body_words, 'B')
            || search_terms_vector(NEW.body_folded, 'B') || search_terms_vector(NEW.body_grams, 'B')
            || search_terms_vector(NEW.label_words, 'C') || search_terms_vector(NEW.label_folded, 'C')
            || search_terms_vector(NEW.label_grams, 'C');
        RETURN NEW;
    END
    $$"""
_GIVEN = """IF TG_OP = 'INSERT' AND NEW.search_vector IS NOT NULL THEN
            RETURN NEW;
        END IF;
        """


def _run(given):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_VECTOR.format(given=given))

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0008_postgres_section_classes")]

    operations = [migrations.RunPython(_run(_GIVEN), _run(""))]
