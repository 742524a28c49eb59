"""Test wiring for the Elasticsearch engine: an osmem-server process (or a real cluster) and engines on it.

osmem-server is an in-memory OpenSearch-compatible server shipped as a pip package, so these tests always
run. It refuses the elasticsearch client's versioned media types with 406, so engines on it get a client
built with search.es_compat.PlainJsonNode; a real Elasticsearch (TEST_ELASTICSEARCH_URL) gets the default one.
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from elasticsearch import Elasticsearch
from osmem_server import OsmemError, OsmemServer

from search.backends.elasticsearch import ElasticsearchEngine
from search.es_compat import plain_json_client

REAL_CLUSTER_URL = os.environ.get("TEST_ELASTICSEARCH_URL", "").strip()


def is_opensearch(url: str) -> bool:
    """Return whether the server at url says it is OpenSearch (and so wants plain JSON media types)."""
    with urllib.request.urlopen(url.rstrip("/") + "/", timeout=5) as response:  # noqa: S310 (test cluster URL)
        info = json.load(response)
    return info.get("version", {}).get("distribution") == "opensearch"


# Generous: the test machine is shared and busy; production keeps its short SEARCH_TIMEOUT.
TEST_TIMEOUT = 20.0


def client_for(url: str) -> Elasticsearch:
    """Return a client for a test cluster: plain JSON for OpenSearch-compatible servers, the default otherwise."""
    if is_opensearch(url):
        return plain_json_client(url, request_timeout=TEST_TIMEOUT)
    return Elasticsearch(url, request_timeout=TEST_TIMEOUT, max_retries=0, retry_on_timeout=False)


def make_engine(url: str, index_prefix: str | None = None) -> ElasticsearchEngine:
    """Return an engine on a test cluster with its own index prefix, writes visible to the next search.

    refresh=True rather than "wait_for": a write during a rebuild also reaches the new index, whose refresh
    is off until the load ends, and "wait_for" would wait for it forever on a real cluster.
    """
    prefix = index_prefix or f"test-{uuid.uuid4().hex[:10]}"
    return ElasticsearchEngine(url, index_prefix=prefix, client=client_for(url), refresh=True)


def point_site_at(settings, url: str, label: str) -> ElasticsearchEngine:
    """Point the site's settings at a test cluster under a fresh index prefix; return an engine on it, index created."""
    settings.SEARCH_URL = url
    settings.SEARCH_NODE_CLASS = "search.es_compat.PlainJsonNode"
    settings.SEARCH_TIMEOUT = TEST_TIMEOUT
    settings.SEARCH_INDEX_PREFIX = f"{label}-{uuid.uuid4().hex[:8]}"
    engine = make_engine(url, index_prefix=settings.SEARCH_INDEX_PREFIX)
    engine.ensure_index()
    return engine


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(method: str, url: str, body: bytes | None = None) -> dict:
    """Send a plain JSON request to a test server and return its decoded answer."""
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback test server)
        return json.load(response)


@dataclass
class RestartableOsmem:
    """An osmem-server that a test can stop and start again on the same port, keeping its indices.

    osmem keeps everything in memory; like a real cluster's disk, stop() writes every index (settings,
    mapping, aliases, documents) to a seed folder that the next start() loads.
    """

    port: int
    data_dir: Path
    server: OsmemServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the server on this port with the indices saved by the last stop()."""
        seed = [str(self.data_dir)] if any(self.data_dir.iterdir()) else []
        deadline = time.monotonic() + 10
        while True:
            try:
                self.server = OsmemServer.start(seed=seed, addr=f"127.0.0.1:{self.port}")
                return
            except OsmemError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)  # the port is still held by the process that just stopped

    def stop(self, save: bool = True) -> None:
        """Save every index to the seed folder (unless told not to), then stop the server process."""
        if self.server is None:
            return
        if save:
            self._save()
        self.server.close()
        self.server = None

    def _save(self) -> None:
        """Write each index as <index>.index.json (settings, mappings, aliases) and <index>.ndjson (documents)."""
        for old in self.data_dir.iterdir():
            old.unlink()
        for name, definition in _request("GET", f"{self.url}/_all").items():
            settings = definition["settings"]["index"]
            kept = {key: settings[key] for key in ("number_of_shards", "analysis") if key in settings}
            body = {"settings": {"index": kept}, "mappings": definition["mappings"], "aliases": definition["aliases"]}
            (self.data_dir / f"{name}.index.json").write_text(json.dumps(body))
            found = _request("POST", f"{self.url}/{name}/_search?size=10000", b'{"query": {"match_all": {}}}')
            lines = []
            for hit in found["hits"]["hits"]:
                lines.append(json.dumps({"index": {"_id": hit["_id"]}}))
                lines.append(json.dumps(hit["_source"]))
            if lines:
                (self.data_dir / f"{name}.ndjson").write_text("\n".join(lines) + "\n")

    def is_running(self) -> bool:
        """Return whether the server process is alive."""
        return self.server is not None and self.server.process.poll() is None
