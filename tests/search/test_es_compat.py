"""The media types each HTTP node of search.es_compat sends, seen by a real HTTP server on the loopback."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from elasticsearch import Elasticsearch

from search.es_compat import Elasticsearch8Node, PlainJsonNode


class _Recorder(BaseHTTPRequestHandler):
    """Answer every request with an empty JSON object, as Elasticsearch would, and keep its headers."""

    seen: list[dict] = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.seen.append({"accept": self.headers.get("Accept"), "content-type": self.headers.get("Content-Type")})
        body = json.dumps({"took": 1, "errors": False, "items": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()
    server.server_close()


def send_search_and_bulk(url, node_class=None):
    options = {"node_class": node_class} if node_class else {}
    client = Elasticsearch(url, max_retries=0, **options)
    client.search(index="x", query={"match_all": {}})
    client.bulk(operations=[{"index": {"_index": "x", "_id": "1"}}, {"title": "t"}])


def test_the_default_node_sends_elasticsearch_9_media_types(recorder):
    url, seen = recorder
    send_search_and_bulk(url)
    assert seen[0]["content-type"] == "application/vnd.elasticsearch+json; compatible-with=9"
    assert seen[1]["content-type"] == "application/vnd.elasticsearch+x-ndjson; compatible-with=9"


def test_plain_json_node_sends_plain_media_types(recorder):
    url, seen = recorder
    send_search_and_bulk(url, PlainJsonNode)
    assert seen[0] == {"accept": "application/json", "content-type": "application/json"}
    assert seen[1] == {"accept": "application/json", "content-type": "application/x-ndjson"}


def test_elasticsearch_8_node_asks_for_version_8(recorder):
    url, seen = recorder
    send_search_and_bulk(url, Elasticsearch8Node)
    assert seen[0] == {
        "accept": "application/vnd.elasticsearch+json; compatible-with=8",
        "content-type": "application/vnd.elasticsearch+json; compatible-with=8",
    }
    assert seen[1]["content-type"] == "application/vnd.elasticsearch+x-ndjson; compatible-with=8"
