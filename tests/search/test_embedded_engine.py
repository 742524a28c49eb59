"""The embedded engine (SQLite FTS5, or PostgreSQL full text when DATABASE_URL is PostgreSQL)."""

import pytest
from django.db import connection

from search.backends import embedded
from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedEngine
from tests.search.conformance import CORPUS, GROUP, PUBLIC, EngineConformance, FollowedSearchConformance
from textproc import pipeline as textproc


class TestEmbeddedEngine(EngineConformance, FollowedSearchConformance):
    @pytest.fixture
    def engine(self, db):
        return EmbeddedEngine()

    def test_suggests_a_visible_title_word_for_a_misspelling(self, loaded):
        assert loaded.suggest("smugling", PUBLIC) == "smuggling"

    def test_suggests_a_restricted_word_only_to_its_audience(self, loaded):
        assert loaded.suggest("zanzibarit", GROUP) == "zanzibarite"
        assert loaded.suggest("zanzibarit", PUBLIC) is None

    def test_suggests_nothing_for_correct_words(self, loaded):
        assert loaded.suggest("smuggling river", PUBLIC) is None

    def test_keeps_one_row_per_document(self, loaded):
        loaded.index(CORPUS)
        assert loaded.count() == len(CORPUS)

    def test_postgres_search_survives_a_full_document_frequency_cache(self, loaded, monkeypatch):
        """The IDF statistics' cache, emptied when full, never loses a term the query being ranked needs."""
        if connection.vendor != "postgresql":
            pytest.skip("the document frequencies are PostgreSQL's (SQLite's bm25 keeps its own)")
        monkeypatch.setattr(embedded, "_DF_CACHE_SIZE", 1)
        for text in ("trafficking", "trafficking river", "smuggling migrants river", "buon ban nguoi", "ค้ามนุษย์"):
            assert loaded.search(SearchQuery(text=text, audience=GROUP)).total > 0, text

    def test_postgres_matching_without_implied_phrases_finds_the_same_rows(self, loaded):
        """The GIN-only match (no phrase a looked-for term implies) finds exactly the rows of the full tsquery."""
        if connection.vendor != "postgresql":
            pytest.skip("PostgreSQL's tsquery")
        for text in ("buôn bán người", "trafficking compound", "แรงงานประมง", "ການຄ້າມະນຸດ", "smuggling of migrants"):
            parts = textproc.query(text)
            with connection.cursor() as cursor:
                found = []
                for tsquery in (embedded._tsquery(parts), embedded._match_tsquery(parts)):
                    cursor.execute(
                        "SELECT id FROM search_indexentry WHERE search_vector @@ CAST(%s AS tsquery) ORDER BY id",
                        [tsquery],
                    )
                    found.append(cursor.fetchall())
            assert found[0] == found[1] and found[0], text
