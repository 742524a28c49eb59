"""HTTP nodes for the elasticsearch client that change the media types it sends, for servers that need others.

The elasticsearch 9 client sends ``application/vnd.elasticsearch+json; compatible-with=9`` in Accept and
Content-Type. Two kinds of server refuse that:

* Elasticsearch 8 answers "Invalid media-type value" (it knows compatible-with 7 and 8):
  ``Elasticsearch8Node`` asks for compatible-with=8. Everything the engine sends exists in 8.x.
* OpenSearch-compatible servers such as osmem-server (the test server) answer 406:
  ``PlainJsonNode`` sends plain ``application/json`` / ``application/x-ndjson``.

Choose one with SEARCH_NODE_CLASS; Elasticsearch 9 clusters use the client's default node. The client also
refuses answers without the ``X-Elastic-Product: Elasticsearch`` header: osmem sends it, a real OpenSearch
cluster does not, so no node here makes the client work with OpenSearch itself.
"""

from __future__ import annotations

import re

from elastic_transport import Urllib3HttpNode
from elasticsearch import Elasticsearch

__all__ = ["Elasticsearch8Node", "PlainJsonNode", "plain_json_client"]

_VENDOR_MEDIA_TYPE = re.compile(r"application/vnd\.elasticsearch\+([\w.-]+)\s*;\s*compatible-with=\d+")


class _MediaTypeNode(Urllib3HttpNode):
    """Rewrite the vendor media types of Accept and Content-Type with REPLACEMENT before sending."""

    REPLACEMENT = ""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        """Send the request with the vendor media types rewritten."""
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value:
                    headers[name] = _VENDOR_MEDIA_TYPE.sub(self.REPLACEMENT, value)
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


class PlainJsonNode(_MediaTypeNode):
    """Send plain JSON media types instead of Elasticsearch's versioned ones (OpenSearch-compatible servers)."""

    REPLACEMENT = r"application/\1"


class Elasticsearch8Node(_MediaTypeNode):
    """Ask for Elasticsearch 8 compatible requests and answers (an Elasticsearch 8.x cluster)."""

    REPLACEMENT = r"application/vnd.elasticsearch+\1; compatible-with=8"


def plain_json_client(url: str, **kwargs) -> Elasticsearch:
    """Return an elasticsearch client for url whose requests use plain JSON media types."""
    kwargs.setdefault("request_timeout", 2.0)
    kwargs.setdefault("max_retries", 0)
    kwargs.setdefault("retry_on_timeout", False)
    return Elasticsearch(url, node_class=PlainJsonNode, **kwargs)
