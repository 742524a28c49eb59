"""The embedded engine (SQLite FTS5, or PostgreSQL full text when DATABASE_URL is PostgreSQL)."""

import pytest

from search.backends.embedded import EmbeddedEngine
from tests.search.conformance import CORPUS, GROUP, PUBLIC, EngineConformance, FollowedSearchConformance


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
