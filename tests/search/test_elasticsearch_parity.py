"""Both engines give a reader the same answer: the same documents, totals, facet counts, snippets and suggestions.

Only the order of equally relevant hits may differ (each engine has its own BM25), so hits are compared as sets.
"""

import pytest

from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedEngine
from tests.search.conformance import CORPUS, GROUP, PUBLIC

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

QUERIES = [
    ("", {}),
    ("ค้ามนุษย์", {}),
    ("สงขลา", {}),
    ("ຄ້າມະນຸດ", {}),
    ("buon ban nguoi", {}),
    ("buôn bán người", {"country": ["VN"]}),
    ("trafficking", {"type": ["method", "case-study"]}),
    ("victims interview", {}),
    ("smuggling river", {"country": ["LA", "TH"], "crime": ["smuggling"]}),
    ("compound raid", {}),
    ("", {"year": ["2023"], "language": ["vi", "en"]}),
    ("?!…", {}),
]


@pytest.fixture
def engines(es_engine):
    embedded = EmbeddedEngine()
    embedded.index(CORPUS)
    es_engine.index(CORPUS)
    return embedded, es_engine


@pytest.mark.parametrize("audience", [PUBLIC, GROUP], ids=["public", "group"])
@pytest.mark.parametrize(("text", "filters"), QUERIES)
def test_engines_agree(engines, text, filters, audience):
    embedded, elastic = engines
    query = SearchQuery(text=text, filters=filters, audience=audience, page_size=50)

    expected, actual = embedded.search(query), elastic.search(query)

    assert actual.total == expected.total
    assert actual.facets == expected.facets
    assert {hit.id: hit.snippet for hit in actual.hits} == {hit.id: hit.snippet for hit in expected.hits}
    if not text.strip():
        assert [hit.id for hit in actual.hits] == [hit.id for hit in expected.hits], "browsing is newest first"


@pytest.mark.parametrize("audience", [PUBLIC, GROUP], ids=["public", "group"])
@pytest.mark.parametrize("text", ["smugling", "zanzibarit", "intervew victms", "smuggling river"])
def test_engines_suggest_the_same(engines, text, audience):
    embedded, elastic = engines
    assert elastic.suggest(text, audience) == embedded.suggest(text, audience)
