"""Elasticsearch stops in the middle of a session: search keeps answering, and nothing published meanwhile is lost."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from search.backends.base import SearchQuery
from search.models import IndexEntry, OutboxEntry
from tests.factories.library import create_case_study, create_method
from tests.search.es_wiring import point_site_at

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def cluster(restartable_osmem, settings):
    """Point the site at a restartable osmem-server with an index built from the published pages."""
    return restartable_osmem, point_site_at(settings, restartable_osmem.url, "outage")


def api(client, q):
    """Return the JSON search API's answer for a query, as an anonymous reader."""
    response = client.get(reverse("search:api"), {"q": q})
    assert response.status_code == 200
    return response.json()


def publish(create, django_capture_on_commit_callbacks, **fields):
    """Publish a library page, running the index updates that follow the commit."""
    with django_capture_on_commit_callbacks(execute=True):
        return create(**fields)


def test_search_answers_during_an_outage_and_finds_pages_published_meanwhile(
    cluster, client, django_capture_on_commit_callbacks
):
    server, engine = cluster
    publish(create_case_study, django_capture_on_commit_callbacks, title="Sawmill debt bondage in Ratanakiri")
    before = api(client, "sawmill")
    assert (before["engine"], before["fallback"], before["count"]) == ("elasticsearch", False, 1)

    server.stop()
    publish(create_method, django_capture_on_commit_callbacks, title="Sawmill payroll audit")
    assert OutboxEntry.objects.filter(operation=OutboxEntry.INDEX).count() == 1, "the change waits in the outbox"

    during = api(client, "sawmill")
    assert (during["engine"], during["fallback"]) == ("embedded", True)
    assert sorted(hit["title"] for hit in during["results"]) == [
        "Sawmill debt bondage in Ratanakiri",
        "Sawmill payroll audit",
    ]
    page = client.get(reverse("search:search"), {"q": "sawmill"})
    assert "The main search service is not answering" in page.content.decode()

    server.start()
    stale = api(client, "sawmill")
    assert (stale["engine"], stale["fallback"], stale["count"]) == ("elasticsearch", False, 1)

    call_command("drain_search_outbox", stdout=None)

    after = api(client, "sawmill")
    assert (after["engine"], after["fallback"]) == ("elasticsearch", False)
    assert sorted(hit["title"] for hit in after["results"]) == [
        "Sawmill debt bondage in Ratanakiri",
        "Sawmill payroll audit",
    ]
    assert not OutboxEntry.objects.exists()
    # Nothing duplicated: the cluster holds exactly the documents of the site's own index.
    assert sorted(engine.iter_ids()) == sorted(IndexEntry.objects.values_list("doc_id", flat=True))
    assert engine.count() == 2


def test_rebuild_command_fills_the_cluster_from_the_published_pages(cluster):
    _, engine = cluster
    create_case_study(title="Orchard workers recruited by a broker")
    create_method(title="Orchard site inspection")
    create_case_study(title="Orchard draft", publish=False)

    call_command("rebuild_search_index", "--no-progress", stdout=None)

    titles = sorted(hit.title for hit in engine.search(SearchQuery(text="orchard")).hits)
    assert titles == ["Orchard site inspection", "Orchard workers recruited by a broker"]
    assert not OutboxEntry.objects.exists(), "changes older than the rebuild are covered by it"
