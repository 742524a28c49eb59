"""The engine conformance suite on the Elasticsearch engine (osmem-server, or TEST_ELASTICSEARCH_URL)."""

import pytest

from tests.search.conformance import CORPUS, GROUP, PUBLIC, EngineConformance, FollowedSearchConformance

pytestmark = pytest.mark.elasticsearch


class TestElasticsearchEngine(EngineConformance, FollowedSearchConformance):
    @pytest.fixture
    def engine(self, es_engine):
        return es_engine

    def test_suggests_a_visible_title_word_for_a_misspelling(self, loaded):
        assert loaded.suggest("smugling", PUBLIC) == "smuggling"

    def test_suggests_a_restricted_word_only_to_its_audience(self, loaded):
        assert loaded.suggest("zanzibarit", GROUP) == "zanzibarite"
        assert loaded.suggest("zanzibarit", PUBLIC) is None

    def test_suggests_nothing_for_correct_words(self, loaded):
        assert loaded.suggest("smuggling river", PUBLIC) is None

    def test_keeps_one_document_per_id(self, loaded):
        loaded.index(CORPUS)
        assert loaded.count() == len(CORPUS)
