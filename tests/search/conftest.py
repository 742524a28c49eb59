"""Fixtures for the search tests."""

import pytest
from osmem_server import OsmemServer

from tests.search.es_wiring import REAL_CLUSTER_URL, RestartableOsmem, free_port, make_engine


@pytest.fixture(scope="session")
def osmem_base():
    """Yield a session-wide osmem-server (None when TEST_ELASTICSEARCH_URL names a real cluster)."""
    if REAL_CLUSTER_URL:
        yield None
        return
    server = OsmemServer.start()  # raises OsmemError if the bundled binary cannot start: never skipped
    yield server
    server.close()


@pytest.fixture
def es_url(osmem_base):
    """Yield the address of an empty cluster for one test: an osmem clone, or the real cluster."""
    if osmem_base is None:
        yield REAL_CLUSTER_URL
        return
    clone = osmem_base.clone()
    yield clone.url
    clone.close()


@pytest.fixture
def es_engine(es_url):
    """Yield an empty Elasticsearch engine with its own index prefix, its indices removed afterwards."""
    engine = make_engine(es_url)
    engine.clear()
    yield engine
    indices = engine._indices()
    if indices:
        engine.client.indices.delete(index=",".join(indices))


@pytest.fixture
def restartable_osmem(tmp_path):
    """Yield an osmem-server of this test's own that it may stop and start again on the same port."""
    data_dir = tmp_path / "osmem-data"
    data_dir.mkdir()
    server = RestartableOsmem(port=free_port(), data_dir=data_dir)
    server.start()
    yield server
    server.stop(save=False)
