"""The migration that re-analyses the embedded index: entries indexed with the old analysis match new queries."""

import importlib

import pytest
from django.apps import apps

from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedEngine
from search.models import IndexEntry
from tests.search.conformance import doc

migration = importlib.import_module("search.migrations.0006_reanalyse_word_forms")


@pytest.mark.django_db
def test_entries_analysed_before_the_change_are_found_by_word_forms_after_it():
    engine = EmbeddedEngine()
    engine.index(
        [
            doc(1, "ຄະດີ", language="lo", text="ການແຕ່ງງານແບບບັງຄັບ"),
            doc(2, "Traffickers at the pier", kind="resource"),
        ]
    )
    # As the previous pipeline stored them: Lao noun whole, English folded with the plural stemmer.
    IndexEntry.objects.filter(doc_id="page:1").update(body_words="ການແຕ່ງງານແບບບັງຄັບ")
    IndexEntry.objects.filter(doc_id="page:2").update(title_folded="trafficker at the pier")
    public = frozenset({"public"})
    assert engine.search(SearchQuery(text="trafficking", audience=public)).total == 0

    migration.reanalyse(apps, None)

    assert [hit.id for hit in engine.search(SearchQuery(text="trafficking", audience=public)).hits] == ["page:2"]
    entry = IndexEntry.objects.get(doc_id="page:1")
    assert entry.body_words.split()[:2] == ["ການ", "ແຕ່ງງານ"]
