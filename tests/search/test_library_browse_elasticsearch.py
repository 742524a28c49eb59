"""With Elasticsearch as the engine, the library listing keeps reading the site's own index and agrees with it."""

import uuid

import pytest
from wagtail.models import PageViewRestriction

from tests.factories.library import create_case_study, create_method
from tests.search.es_wiring import TEST_TIMEOUT, is_opensearch, make_engine

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def cluster(es_url, settings):
    """Point the site at an empty test cluster with its index created."""
    settings.SEARCH_URL = es_url
    if is_opensearch(es_url):
        settings.SEARCH_NODE_CLASS = "search.es_compat.PlainJsonNode"
    settings.SEARCH_TIMEOUT = TEST_TIMEOUT
    settings.SEARCH_INDEX_PREFIX = f"browse-{uuid.uuid4().hex[:8]}"
    engine = make_engine(es_url, index_prefix=settings.SEARCH_INDEX_PREFIX)
    engine.ensure_index()
    yield engine
    indices = engine._indices()
    if indices:
        engine.client.indices.delete(index=",".join(indices))


def counts_of(listing):
    """Return {facet: {value: count}} of a listing."""
    return {group.name: {link.value: link.count for link in group.values} for group in listing.facets}


def test_the_listing_and_the_clusters_search_page_agree(cluster, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox is drained to the cluster after commit
        create_case_study(title="Fishing crews held at sea", countries=[("TH", "destination")], year=2022)
        create_case_study(title="Recruited for a scam compound", countries=[("KH", "destination")], year=2023)
        method = create_method(title="Interviewing crews in port", countries=["TH"], year=2024)
        hidden = create_case_study(title="Members-only raid notes", countries=[("TH", "origin")], year=2021)
        PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    assert cluster.count() == 4  # the cluster holds every document, the members-only one with its audience

    response = client.get("/library/", {"country": "TH"})
    assert response.status_code == 200
    listing = response.context["listing"]
    assert [page.title for page in listing.page.object_list] == [method.title, "Fishing crews held at sea"]

    data = client.get("/api/search/", {"type": ["case-study", "method", "resource"], "country": "TH"}).json()
    assert data["engine"] == "elasticsearch" and not data["fallback"]
    assert data["count"] == listing.total == 2
    api = {name: {v["value"]: v["count"] for v in values} for name, values in data["facets"].items()}
    for name, values in counts_of(listing).items():
        assert values == api[name], name
