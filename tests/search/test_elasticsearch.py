"""The Elasticsearch engine's own behaviour: index lifecycle behind an alias, errors, and the plain JSON wiring."""

from datetime import UTC, datetime

import pytest
from elasticsearch import Elasticsearch

from search.backends.base import SearchEngineError, SearchQuery
from search.backends.elasticsearch import ElasticsearchEngine
from search.documents import SearchDocument
from search.es_compat import plain_json_client
from tests.search.es_wiring import REAL_CLUSTER_URL, free_port, make_engine

pytestmark = pytest.mark.elasticsearch


def doc(pk, title, text="", **fields):
    """Return a public case study document."""
    fields.setdefault("date", datetime(2024, 1, pk % 28 + 1, tzinfo=UTC))
    return SearchDocument(
        id=f"page:{pk}", kind="case-study", title=title, url=f"/library/{pk}/", language="en", text=text, **fields
    )


def titles(results):
    return [hit.title for hit in results.hits]


def test_rebuild_swaps_the_alias_while_readers_keep_the_old_index(es_engine):
    es_engine.index([doc(1, "Fishing boat crew held at sea"), doc(2, "Fishing licence fraud")])
    first_index = es_engine._live_indices()
    seen_during_rebuild = []

    def new_documents():
        yield doc(3, "Fishing vessel inspection checklist")
        # Half-way through the rebuild, readers still get the complete old index.
        seen_during_rebuild.append(sorted(titles(es_engine.search(SearchQuery(text="fishing")))))
        yield doc(4, "Fishing port interviews")

    assert es_engine.rebuild(new_documents(), batch_size=1) == 2

    assert seen_during_rebuild == [["Fishing boat crew held at sea", "Fishing licence fraud"]]
    results = es_engine.search(SearchQuery(text="fishing"))
    assert sorted(titles(results)) == ["Fishing port interviews", "Fishing vessel inspection checklist"]
    assert es_engine.count() == 2
    live = es_engine._live_indices()
    assert len(live) == 1 and live != first_index
    assert es_engine._indices() == live, "the old index is deleted after the swap"


def test_a_change_written_during_a_rebuild_is_not_overwritten_by_the_rebuild(es_engine):
    es_engine.index([doc(1, "Old title about brokers")])

    def snapshot_then_change():
        # The rebuild read its snapshot of page 1 before an editor changed it again.
        stale = doc(1, "Old title about brokers")
        es_engine.index([doc(1, "New title about recruitment brokers")])
        yield stale

    es_engine.rebuild(snapshot_then_change(), batch_size=1)

    assert titles(es_engine.search(SearchQuery(text="brokers"))) == ["New title about recruitment brokers"]


def test_a_failed_rebuild_leaves_the_old_index_in_service(es_engine):
    es_engine.index([doc(1, "Casino compound rescue")])
    live = es_engine._live_indices()

    with pytest.raises(SearchEngineError, match="refused"):
        es_engine.rebuild([doc(2, "Casino payroll"), doc(3, "Casino debt", countries=[{"code": "TH"}])])

    assert titles(es_engine.search(SearchQuery(text="casino"))) == ["Casino compound rescue"]
    assert es_engine._indices() == live, "the half-built index is dropped"


def test_a_word_stops_being_suggested_as_soon_as_its_page_is_restricted(es_engine):
    public = frozenset({"public"})
    es_engine.index([doc(1, "Zanzibarite mining compound")])
    assert es_engine.suggest("zanzibarit", public) == "zanzibarite"

    es_engine.index([doc(1, "Zanzibarite mining compound", audience=["group:7"])])

    assert es_engine.suggest("zanzibarit", public) is None
    assert es_engine.suggest("zanzibarit", frozenset({"group:7"})) == "zanzibarite"


def test_a_page_beyond_the_result_window_raises_so_the_site_falls_back(es_engine):
    es_engine.index([doc(1, "Border crossing")])

    with pytest.raises(SearchEngineError, match="could not search"):
        es_engine.search(SearchQuery(text="border", page=600, page_size=20))


def test_delete_removes_documents_and_ignores_unknown_ids(es_engine):
    es_engine.index([doc(1, "Border crossing"), doc(2, "Border patrol")])

    assert es_engine.delete(["page:1", "page:999"]) == 2

    assert titles(es_engine.search(SearchQuery(text="border"))) == ["Border patrol"]
    assert list(es_engine.iter_ids()) == ["page:2"]


def test_clear_leaves_an_empty_searchable_index(es_engine):
    es_engine.index([doc(1, "Border crossing")])

    es_engine.clear()

    assert es_engine.count() == 0
    assert es_engine.search(SearchQuery(text="border")).total == 0
    assert es_engine.ping()


def test_a_search_before_the_index_was_built_raises_so_the_site_falls_back(es_url):
    engine = make_engine(es_url)

    with pytest.raises(SearchEngineError, match="could not search"):
        engine.search(SearchQuery(text="anything"))
    assert engine.count() == 0


def test_an_unreachable_cluster_raises_search_engine_error():
    url = f"http://127.0.0.1:{free_port()}"
    engine = ElasticsearchEngine(url, index_prefix="down", client=plain_json_client(url))

    assert engine.ping() is False
    with pytest.raises(SearchEngineError, match="could not search"):
        engine.search(SearchQuery(text="border"))
    with pytest.raises(SearchEngineError, match="Elasticsearch could not"):
        engine.index([doc(1, "Border crossing")])


def test_the_default_client_uses_a_short_timeout_and_no_retries():
    engine = ElasticsearchEngine("http://127.0.0.1:9", index_prefix="x")

    assert engine.client._request_timeout == 2.0
    assert engine.client._max_retries == 0
    assert engine.client._retry_on_timeout is False


@pytest.mark.skipif(bool(REAL_CLUSTER_URL), reason="checks what osmem-server (an OpenSearch) refuses")
def test_osmem_refuses_the_default_media_types_and_accepts_plain_json(es_url):
    default = ElasticsearchEngine(es_url, index_prefix="media", client=Elasticsearch(es_url, max_retries=0))
    with pytest.raises(SearchEngineError, match="406"):
        default.ensure_index()

    plain = ElasticsearchEngine(es_url, index_prefix="media", client=plain_json_client(es_url))
    plain.ensure_index()
    assert plain.ping()
