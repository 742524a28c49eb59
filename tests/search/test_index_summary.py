"""The embedded engine's in-memory summary stays true to the index as it changes.

Requests run in autocommit mode, where the summary is brought up to date by difference (search.summary.advance);
these tests call that path directly (the test's transaction would otherwise send every query down the
read-afresh path) and compare the summary with one read from scratch, and with what readers get.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from search import bitmaps
from search import summary as summary_module
from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedEngine
from search.documents import SearchDocument
from search.models import IndexEntry, IndexState
from search.summary import PUBLIC_VERSION_KEY, IndexSummary, advance, current_version, database_key

pytestmark = pytest.mark.django_db

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


def state(summary):
    """Return what a summary says: per live row id its countries and audience, and the live ids newest first."""
    alive = bitmaps.to_bytes(summary.alive)
    live = [summary.ids[p] for p in reversed(summary.order) if bitmaps.contains(alive, p)]

    def holders(bits_by_value):
        out = {}
        for value, bits in bits_by_value.items():
            for entry_id in summary.ids_of(bits & summary.alive):
                out.setdefault(entry_id, set()).add(value)
        return out

    return live, holders(summary.facets.get("country", {})), holders(summary.audiences)


def brought_up_to_date():
    """Return the committed summary advanced to the database's current version."""
    return advance(database_key(), *current_version())


@pytest.fixture
def engine():
    summary_module.forget()
    yield EmbeddedEngine()
    summary_module.forget()


def test_additions_removals_and_changes_are_applied_by_difference(engine):
    engine.index([doc(n) for n in range(1, 6)])
    first = brought_up_to_date()
    engine.index([doc(6, country="KH"), doc(2, country="VN", audience=("members",))])
    engine.delete(["page:3"])
    updated = brought_up_to_date()
    assert updated is first  # updated in place, not read again
    assert state(updated) == state(IndexSummary.load())
    live, countries, audiences = state(updated)
    assert len(live) == 5
    assert sorted(countries.values(), key=sorted) == sorted([{"TH"}] * 3 + [{"KH"}, {"VN"}], key=sorted)
    assert sum(tokens == {"members"} for tokens in audiences.values()) == 1


def test_rows_added_later_take_their_place_in_date_order(engine):
    engine.index([doc(n) for n in (1, 3, 5)])
    brought_up_to_date()
    engine.index([doc(4), doc(2)])
    summary = brought_up_to_date()
    ids = dict(IndexEntry.objects.values_list("id", "doc_id"))
    assert [ids[entry_id] for entry_id in state(summary)[0]] == ["page:5", "page:4", "page:3", "page:2", "page:1"]
    assert summary.newest(summary.alive, 0, 2) == [summary.ids[summary.order[-1]], summary.ids[summary.order[-2]]]


def test_many_removals_make_it_read_everything_again(engine):
    engine.index([doc(n) for n in range(1, 31)])
    first = brought_up_to_date()
    engine.delete([f"page:{n}" for n in range(1, 21)])
    summary = brought_up_to_date()
    assert summary is not first
    assert summary.size == 10


def test_a_flushed_database_that_reuses_row_ids_is_read_afresh(engine):
    engine.index([doc(n, country="TH") for n in range(1, 4)])
    before = state(brought_up_to_date())
    first_id = min(before[0])
    with connection.cursor() as cursor:  # what a flush that restarts the ids does (inside the test's transaction)
        for table in ("search_indexentry", "search_indexfacets", "search_indexstate"):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('search_indexentry', 'id'), %s, false)", [first_id])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = 'search_indexentry'", [first_id - 1])
    engine.index([doc(n, country="LA") for n in range(7, 10)])
    after = state(brought_up_to_date())
    assert after[0] == before[0]  # the same row ids again…
    assert set().union(*after[1].values()) == {"LA"}  # …now meaning other documents


def test_readers_see_changes_at_once(engine):
    engine.index([doc(n) for n in range(1, 4)])
    assert engine.search(SearchQuery(text="fishing", audience=PUBLIC)).total == 3
    engine.index([doc(2, audience=("members",))])
    results = engine.search(SearchQuery(text="fishing", audience=PUBLIC))
    assert results.total == 2
    assert "page:2" not in [hit.id for hit in results.hits]
    assert dict(results.facets["country"]) == {"TH": 2}


def public_version():
    return IndexState.objects.filter(key=PUBLIC_VERSION_KEY).values_list("value", flat=True).first()


def test_many_changes_in_one_long_transaction_raise_the_version_once_at_the_end(engine):
    engine.index([doc(1)])
    before, public_before = current_version(), public_version()
    with summary_module.bumping_once():
        engine.index([doc(2, audience=("members",))])
        engine.index([doc(3)])
        engine.delete(["page:1"])
        assert current_version() == before  # nothing raised (and so nothing locked) yet
        assert public_version() == public_before
    token, history = current_version()
    assert token != before[0] and history[-1] == before[0]  # raised once: the old token is the one just before
    assert public_version() != public_before  # a public document changed in the block
    summary = brought_up_to_date()
    assert state(summary) == state(IndexSummary.load())
    assert len(state(summary)[0]) == 2


def test_a_long_transaction_with_only_members_documents_leaves_the_public_version(engine):
    engine.index([doc(1)])
    public_before = public_version()
    with summary_module.bumping_once():
        engine.index([doc(2, audience=("members",))])
    assert public_version() == public_before


def test_a_failed_long_transaction_raises_nothing(engine):
    engine.index([doc(1)])
    before = current_version()
    with pytest.raises(RuntimeError), summary_module.bumping_once():
        engine.index([doc(2)])
        raise RuntimeError("the import failed")
    assert current_version() == before


def version(n, work, language, audience=("public",)):
    """Return document n as a version of a work (o<work> on the original, t<work> on a translation)."""
    document = doc(n, audience=audience)
    document.language = language
    document.extra_facets = {"work": [f"{'o' if work == n else 't'}{work}"]}
    return document


def test_a_work_counts_once_when_its_translations_arrive_by_difference():
    engine = EmbeddedEngine()
    engine.index([version(1, 1, "en"), doc(2)])
    summary = brought_up_to_date()
    assert engine.browse(PUBLIC).total == 2
    # A Thai translation and an officers-only Lao one are added later: the summary extends by difference.
    engine.index([version(3, 1, "th"), version(4, 1, "lo", audience=("group:9",))])
    assert brought_up_to_date() is summary
    officers = PUBLIC | {"group:9"}
    assert summary.representatives(summary.audience(PUBLIC)).bit_count() == 2
    lao = summary.facets["language"]["lo"]
    assert summary.representatives(summary.audience(officers) & lao).bit_count() == 1
    fresh = IndexSummary.load()
    assert set(summary.ids_of(summary.representatives(summary.audience(officers)))) == set(
        fresh.ids_of(fresh.representatives(fresh.audience(officers)))
    )
    assert engine.browse(PUBLIC).total == 2
    assert engine.browse(PUBLIC | {"group:9"}).total == 2
    assert engine.browse(PUBLIC, {"language": ["th"]}).total == 1
    assert engine.browse(PUBLIC, {"language": ["lo"]}).total == 0
    assert engine.browse(PUBLIC | {"group:9"}, {"language": ["lo"]}).facets["language"] == {"en": 2, "th": 1, "lo": 1}
    # The original stands for the work; a reader of Thai is shown the Thai version instead.
    found = engine.browse(PUBLIC)
    assert sorted(found.newest(0, 10)) == ["page:1", "page:2"]
    assert sorted(found.newest(0, 10, prefer="th")) == ["page:2", "page:3"]
    assert sorted(found.newest(0, 10, prefer="lo")) == ["page:1", "page:2"]
    # Without the original, the first translation the reader may open stands for it; the same from scratch.
    engine.delete(["page:1"])
    assert engine.browse(PUBLIC).newest(0, 10) == ["page:3", "page:2"]
    fresh = IndexSummary.load()
    assert fresh.representatives(fresh.audience(PUBLIC)).bit_count() == 2
