"""The embedded engine's in-memory summary stays true to the index between requests (autocommit, as in production).

These tests commit for real (transaction=True): the summary is updated by difference after committed changes,
and read afresh when the database went through a state it did not see (a flush that reuses row ids).
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management.color import no_style
from django.db import connection

from search import summary as summary_module
from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedEngine
from search.documents import SearchDocument

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = frozenset({"public"})
START = datetime(2024, 1, 1, tzinfo=UTC)


def doc(n, country="TH", audience=("public",), text="forced labour on fishing boats"):
    """Return a document numbered n."""
    return SearchDocument(
        id=f"page:{n}",
        kind="case-study",
        title=f"Case {n}",
        url=f"/library/case-{n}/",
        language="en",
        text=text,
        countries=[country],
        year=2020,
        date=START + timedelta(days=n),
        audience=list(audience),
    )


def countries(results):
    """Return the country facet of results as a dict."""
    return dict(results.facets["country"])


@pytest.fixture
def engine():
    summary_module.forget()
    yield EmbeddedEngine()
    summary_module.forget()


def test_counts_follow_committed_additions_removals_and_changes(engine):
    engine.index([doc(n) for n in range(1, 6)])
    first = engine.search(SearchQuery(text="fishing", audience=PUBLIC))
    assert first.total == 5
    assert countries(first) == {"TH": 5}

    engine.index([doc(6, country="KH"), doc(2, country="VN")])
    engine.delete(["page:3"])
    results = engine.search(SearchQuery(text="fishing", audience=PUBLIC))
    assert results.total == 5
    assert countries(results) == {"TH": 3, "KH": 1, "VN": 1}
    assert [hit.id for hit in engine.search(SearchQuery(filters={"country": ["VN"]}, audience=PUBLIC)).hits] == [
        "page:2"
    ]


def test_a_document_restricted_after_the_summary_was_read_disappears_for_the_public(engine):
    engine.index([doc(n) for n in range(1, 4)])
    assert engine.search(SearchQuery(text="fishing", audience=PUBLIC)).total == 3
    engine.index([doc(2, audience=("members",))])
    results = engine.search(SearchQuery(text="fishing", audience=PUBLIC))
    assert results.total == 2
    assert "page:2" not in [hit.id for hit in results.hits]
    assert countries(results) == {"TH": 2}


def test_newest_first_places_documents_added_later_by_date(engine):
    engine.index([doc(n) for n in (1, 3, 5)])
    engine.search(SearchQuery(audience=PUBLIC))
    engine.index([doc(4), doc(2)])
    hits = engine.search(SearchQuery(audience=PUBLIC, sort="newest")).hits
    assert [hit.id for hit in hits] == ["page:5", "page:4", "page:3", "page:2", "page:1"]


def test_many_removals_rebuild_the_summary(engine):
    engine.index([doc(n) for n in range(1, 31)])
    engine.search(SearchQuery(audience=PUBLIC))
    engine.delete([f"page:{n}" for n in range(1, 21)])
    results = engine.search(SearchQuery(text="fishing", audience=PUBLIC))
    assert results.total == 10
    assert summary_module.get_summary().size == 10


def test_a_flushed_database_that_reuses_row_ids_is_read_afresh(engine):
    engine.index([doc(n, country="TH") for n in range(1, 4)])
    assert countries(engine.search(SearchQuery(audience=PUBLIC))) == {"TH": 3}
    tables = ["search_indexentry", "search_indexfacets", "search_indexstate"]
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
            cursor.execute(statement)
    engine.index([doc(n, country="LA") for n in range(7, 10)])
    results = engine.search(SearchQuery(audience=PUBLIC))
    assert countries(results) == {"LA": 3}
    assert {hit.id for hit in results.hits} == {"page:7", "page:8", "page:9"}
