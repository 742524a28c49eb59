"""Re-analyse the embedded index with the current text pipeline (nominalising prefixes split, English Snowball stems).

The terms stored per entry come from textproc.pipeline; when its analysis changes, entries indexed before the
change no longer match queries analysed after it, so every entry is analysed again from its stored text.
"""

from django.db import migrations

from search.documents import SearchDocument

_BATCH = 500
_FIELDS = ("title_words", "title_folded", "title_grams", "body_words", "body_folded", "body_grams")


def reanalyse(apps, schema_editor):
    """Store every index entry's terms as the current pipeline analyses its title, tag labels, summary and text."""
    IndexEntry = apps.get_model("search", "IndexEntry")
    batch = []
    for entry in IndexEntry.objects.only("doc_id", "title", "tag_labels", "summary", "text", *_FIELDS).iterator():
        document = SearchDocument(
            id=entry.doc_id,
            kind="",
            title=entry.title,
            url="",
            language="",
            text=entry.text,
            summary=entry.summary,
            tag_labels=list(entry.tag_labels or []),
        )
        for name, terms in document.analyzed.items():
            setattr(entry, name, terms)
        batch.append(entry)
        if len(batch) >= _BATCH:
            IndexEntry.objects.bulk_update(batch, _FIELDS)
            batch = []
    if batch:
        IndexEntry.objects.bulk_update(batch, _FIELDS)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_glossary_permissions")]

    operations = [migrations.RunPython(reanalyse, migrations.RunPython.noop, elidable=True)]
