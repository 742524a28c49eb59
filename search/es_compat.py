"""An HTTP node for the elasticsearch client that speaks plain JSON, for OpenSearch-compatible servers.

The elasticsearch 8/9 client sends ``application/vnd.elasticsearch+json; compatible-with=9`` media types,
which OpenSearch and OpenSearch-compatible test servers (osmem) refuse with HTTP 406. This node rewrites
them to the plain ``application/json`` / ``application/x-ndjson`` types they accept. Clusters that are
Elasticsearch use the client's default node; nothing in the engine depends on this one.

The client also refuses answers without the ``X-Elastic-Product: Elasticsearch`` header. osmem sends it; a real
OpenSearch cluster does not, so this node alone does not make the client work with OpenSearch.
"""

from __future__ import annotations

import re

from elastic_transport import Urllib3HttpNode
from elasticsearch import Elasticsearch

__all__ = ["PlainJsonNode", "plain_json_client"]

_VENDOR_MEDIA_TYPE = re.compile(r"application/vnd\.elasticsearch\+([\w.-]+)\s*;\s*compatible-with=\d+")


class PlainJsonNode(Urllib3HttpNode):
    """Send plain JSON media types in Accept and Content-Type instead of Elasticsearch's versioned ones."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        """Send the request with the vendor media types replaced by their plain equivalents."""
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value:
                    headers[name] = _VENDOR_MEDIA_TYPE.sub(r"application/\1", value)
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


def plain_json_client(url: str, **kwargs) -> Elasticsearch:
    """Return an elasticsearch client for url whose requests use plain JSON media types."""
    kwargs.setdefault("request_timeout", 2.0)
    kwargs.setdefault("max_retries", 0)
    kwargs.setdefault("retry_on_timeout", False)
    return Elasticsearch(url, node_class=PlainJsonNode, **kwargs)
