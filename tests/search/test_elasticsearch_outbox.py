"""The outbox delivers index changes to Elasticsearch: latest state once, nothing lost while the cluster is down."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.backends.base import SearchQuery
from search.documents import SearchDocument
from search.models import IndexEntry, OutboxEntry
from search.outbox import drain, paused
from tests.search.es_wiring import TEST_TIMEOUT, make_engine

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def doc(pk, title, **fields):
    """Return a public document of the library."""
    fields.setdefault("date", datetime(2024, 3, 1, tzinfo=UTC))
    return SearchDocument(id=f"page:{pk}", kind="method", title=title, url=f"/library/{pk}/", language="en", **fields)


def queue(document=None, *, delete_id=None):
    """Record a change the way the site does: the embedded index holds the current state, the outbox a row."""
    if document is not None:
        IndexEntry.objects.filter(doc_id=document.id).delete()
        IndexEntry.from_document(document).save()
        OutboxEntry.objects.create(doc_id=document.id, operation=OutboxEntry.INDEX)
    else:
        IndexEntry.objects.filter(doc_id=delete_id).delete()
        OutboxEntry.objects.create(doc_id=delete_id, operation=OutboxEntry.DELETE)


def found(engine, text, audience=("public",)):
    """Return the titles an engine finds for a text."""
    return [hit.title for hit in engine.search(SearchQuery(text=text, audience=frozenset(audience))).hits]


def test_a_document_changed_twice_is_sent_once_with_its_latest_state(es_engine):
    queue(doc(1, "Checkpoint interview draft"))
    queue(doc(1, "Checkpoint interview guide"))

    assert drain(es_engine) == (1, 0)

    assert found(es_engine, "checkpoint") == ["Checkpoint interview guide"]
    assert es_engine.count() == 1
    assert not OutboxEntry.objects.exists()


def test_a_document_that_left_the_index_is_deleted(es_engine):
    es_engine.index([doc(2, "Withdrawn checklist")])
    queue(delete_id="page:2")

    assert drain(es_engine) == (1, 0)

    assert found(es_engine, "checklist") == []
    assert not OutboxEntry.objects.exists()


def test_an_index_row_whose_document_has_since_been_removed_deletes_it(es_engine):
    es_engine.index([doc(3, "Restricted raid notes")])
    queue(doc(3, "Restricted raid notes"))
    IndexEntry.objects.filter(doc_id="page:3").delete()  # unpublished before the outbox ran

    drain(es_engine)

    assert found(es_engine, "raid") == []


def test_a_refused_document_stays_queued_and_the_others_are_delivered(es_engine):
    queue(doc(4, "Harbour inspection"))
    queue(doc(5, "Harbour patrol"))
    # A malformed country (an object where the mapping has a keyword): the cluster refuses this one document.
    IndexEntry.objects.filter(doc_id="page:5").update(countries=[{"code": "TH"}])

    assert drain(es_engine) == (1, 1)

    assert found(es_engine, "harbour") == ["Harbour inspection"]
    row = OutboxEntry.objects.get()
    assert (row.doc_id, row.attempts) == ("page:5", 1)
    assert row.last_error


def test_nothing_is_lost_while_the_cluster_is_down(restartable_osmem):
    engine = make_engine(restartable_osmem.url)
    queue(doc(6, "Ferry crossing screening"))
    assert drain(engine) == (1, 0)

    restartable_osmem.stop()
    queue(doc(7, "Ferry ticket fraud"))
    queue(doc(6, "Ferry crossing screening, revised"))

    assert drain(engine) == (0, 2)
    rows = list(OutboxEntry.objects.order_by("pk"))
    assert [(row.doc_id, row.attempts) for row in rows] == [("page:7", 1), ("page:6", 1)]
    assert all("could not" in row.last_error for row in rows)

    restartable_osmem.start()
    assert drain(engine) == (2, 0)

    assert sorted(found(engine, "ferry")) == ["Ferry crossing screening, revised", "Ferry ticket fraud"]
    assert engine.count() == 2
    assert not OutboxEntry.objects.exists()


def test_max_batches_limits_one_drain(es_engine):
    for pk in range(8, 13):
        queue(doc(pk, f"Border post {pk}"))

    assert drain(es_engine, batch_size=2, max_batches=1) == (2, 0)
    assert OutboxEntry.objects.count() == 3
    assert drain(es_engine, batch_size=2) == (3, 0)
    assert es_engine.count() == 5


def test_changes_made_during_a_paused_rebuild_reach_the_new_index_afterwards(es_engine):
    queue(doc(14, "Karaoke bar raid"))
    drain(es_engine)

    with paused():
        snapshot = [IndexEntry.objects.get(doc_id="page:14").to_document()]
        queue(delete_id="page:14")  # unpublished while the rebuild runs from an older snapshot
        queue(doc(15, "Karaoke bar licensing"))
        assert drain(es_engine) == (0, 0), "drains wait for the rebuild"
        es_engine.rebuild(snapshot)

    assert drain(es_engine) == (2, 0)
    assert found(es_engine, "karaoke") == ["Karaoke bar licensing"]


def test_drain_command_delivers_and_reports(es_url, settings):
    settings.SEARCH_URL = es_url
    settings.SEARCH_NODE_CLASS = "search.es_compat.PlainJsonNode"
    settings.SEARCH_TIMEOUT = TEST_TIMEOUT
    settings.SEARCH_INDEX_PREFIX = "command"
    queue(doc(13, "Labour inspection manual"))

    out = io.StringIO()
    call_command("drain_search_outbox", stdout=out)

    assert "Delivered 1 documents, 0 failed, 0 changes still queued." in out.getvalue()
    assert found(make_engine(es_url, index_prefix="command"), "labour") == ["Labour inspection manual"]


def test_drain_worker_loop_keeps_draining_until_stopped(es_url, settings, monkeypatch):
    settings.SEARCH_URL = es_url
    settings.SEARCH_NODE_CLASS = "search.es_compat.PlainJsonNode"
    settings.SEARCH_TIMEOUT = TEST_TIMEOUT
    settings.SEARCH_INDEX_PREFIX = "worker"
    queue(doc(16, "Brothel raid debrief"))
    pauses = []

    def pause(seconds):
        """Publish another page during the first pause; stop the worker (Ctrl-C) at the second."""
        pauses.append(seconds)
        if len(pauses) == 1:
            queue(doc(17, "Brothel licensing checks"))
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr("search.management.commands.drain_search_outbox.time.sleep", pause)
    out = io.StringIO()

    call_command("drain_search_outbox", "--loop", "--interval", "0.5", stdout=out)

    assert pauses == [0.5, 0.5]
    assert out.getvalue().count("Delivered 1 documents") == 2 and "Stopped." in out.getvalue()
    engine = make_engine(es_url, index_prefix="worker")
    assert sorted(found(engine, "brothel")) == ["Brothel licensing checks", "Brothel raid debrief"]


def test_drain_command_refuses_to_run_without_a_cluster(settings):
    settings.SEARCH_URL = ""

    with pytest.raises(CommandError, match="SEARCH_URL is not set"):
        call_command("drain_search_outbox")
