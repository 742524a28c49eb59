"""manage.py rebuild_search_index and search_status."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from search.documents import SearchDocument
from search.indexing import apply
from search.models import IndexEntry, OutboxEntry
from search.rebuild import checkpoint
from tests.factories.accounts import restrict_to_members
from tests.factories.library import create_case_study, create_method, create_resource

pytestmark = pytest.mark.django_db


def call(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def pages():
    live = [create_case_study(title="Compound raid"), create_method(title="Screening"), create_resource(title="Guide")]
    draft = create_case_study(title="Draft only", publish=False)
    restrict_to_members(live[1])
    return live, draft


def test_rebuild_indexes_published_pages_and_drops_stale_entries(pages):
    live, draft = pages
    IndexEntry.objects.all().delete()
    apply([SearchDocument(id="page:999999", kind="method", title="Gone", url="/gone/", language="en")])
    out = call("rebuild_search_index", "--no-progress")
    assert "3 documents indexed" in out and "1 stale entries removed" in out
    assert sorted(IndexEntry.objects.values_list("doc_id", flat=True)) == sorted(f"page:{p.pk}" for p in live)
    assert IndexEntry.objects.get(doc_id=f"page:{live[1].pk}").audience == ["members"]
    assert checkpoint() is None


def test_an_interrupted_rebuild_continues_where_it_stopped(pages):
    live, _ = pages
    IndexEntry.objects.all().delete()
    out = call("rebuild_search_index", "--no-progress", "--limit", "1", "--batch-size", "1")
    assert "Run the command again to continue" in out
    assert IndexEntry.objects.count() == 1
    assert "Rebuild unfinished" in call("search_status")
    out = call("rebuild_search_index", "--no-progress", "--batch-size", "1")
    assert "Continuing an interrupted rebuild (1 documents already indexed)" in out
    assert "3 documents indexed" in out
    assert IndexEntry.objects.count() == 3
    assert checkpoint() is None


def test_restart_ignores_an_unfinished_rebuild(pages):
    call("rebuild_search_index", "--no-progress", "--limit", "1", "--batch-size", "1")
    out = call("rebuild_search_index", "--no-progress", "--restart")
    assert "Continuing" not in out and "3 documents indexed" in out


def test_rebuild_rejects_a_bad_batch_size(pages):
    with pytest.raises(CommandError, match="must be positive"):
        call("rebuild_search_index", "--batch-size", "0")


@override_settings(SEARCH_URL="http://127.0.0.1:9")
def test_rebuild_reports_an_unreachable_external_engine_after_the_site_index(pages):
    with pytest.raises(CommandError, match="external search engine could not be rebuilt"):
        call("rebuild_search_index", "--no-progress")
    assert IndexEntry.objects.count() == 3


def test_status_shows_engine_documents_and_outbox(pages):
    out = call("search_status")
    assert "Engine: embedded" in out
    assert "3 documents" in out
    assert "Outbox: 0 pending" in out


@override_settings(SEARCH_URL="http://127.0.0.1:9")
def test_status_shows_pending_changes_and_the_last_error(pages):
    OutboxEntry.objects.create(doc_id="page:1", operation="index", attempts=3, last_error="Connection refused")
    out = call("search_status")
    assert "Engine: elasticsearch" in out
    assert "reachable: no" in out
    assert "Outbox: 1 pending" in out
    assert "Connection refused" in out
