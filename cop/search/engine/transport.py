"""The only code that differs between Elasticsearch and OpenSearch: two thin clients behind one interface.

Bodies are built with elasticsearch-dsl elsewhere and passed here as plain dicts; only the HTTP client
differs: the `elasticsearch` 8 client for Elasticsearch and `opensearch-py` for OpenSearch (the
Elasticsearch client refuses to talk to OpenSearch). Each client's errors become ours here.
"""

from urllib.parse import urlsplit

from ..base import SearchUnavailable

BULK_TIMEOUT = 60.0  # seconds for one bulk request (searches use SEARCH_TIMEOUT)
# Seconds for the index's own changes (create, delete, mappings, aliases, refresh): a busy node takes seconds to
# create an index with its analysers, and SEARCH_TIMEOUT (2 s) made a drain give up on it (seen on CI).
ADMIN_TIMEOUT = 30.0
RETRYABLE_STATUSES = {429, 502, 503, 504}


class EngineError(SearchUnavailable):
    """The engine answered with an error. A SearchUnavailable, so callers that only care about
    "search cannot answer now" catch every engine failure with one except clause."""

    def __init__(self, message, *, status=None, error_type=""):
        super().__init__(message)
        self.status = status
        self.error_type = error_type or ""


class IndexMissing(EngineError):
    """The index or alias does not exist (yet)."""


def _error_type(body):
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return error.get("type", "")
        if isinstance(error, str):
            return error
    return ""


def _error_from(status, body, fallback=""):
    kind = _error_type(body) or (fallback if isinstance(fallback, str) else "")
    message = f"engine error {status}: {kind or body!r}"[:500]
    if status == 404 and kind in ("index_not_found_exception", "aliases_not_found_exception", ""):
        return IndexMissing(message, status=status, error_type=kind)
    if isinstance(status, int) and (status >= 500 or status in RETRYABLE_STATUSES):
        return SearchUnavailable(message)
    return EngineError(message, status=status, error_type=kind)


class Transport:
    """A small set of engine calls, each returning plain dicts and raising SearchUnavailable subclasses."""

    name = "engine"

    def __init__(self, base_url, auth=None, timeout=2.0):
        self.base_url = base_url
        self.auth = auth
        self.timeout = timeout
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = self.make_client()
        return self._client

    def make_client(self):
        raise NotImplementedError

    def translate(self, exc):
        raise NotImplementedError

    def call(self, method, *args, **kwargs):
        try:
            response = method(*args, **kwargs)
        except SearchUnavailable:
            raise
        except Exception as exc:  # the client's own errors become ours
            raise self.translate(exc) from exc
        return getattr(response, "body", response)

    # The calls. Bodies are dicts (the client serialises them); bulk takes a list of action/source dicts.
    # Both clients name these calls and their arguments alike; bulk and update_aliases differ per client.
    def admin(self):
        """(the client, extra arguments) for a change of the index itself, with ADMIN_TIMEOUT."""
        raise NotImplementedError

    def create_index(self, name, body):
        client, extra = self.admin()
        return self.call(client.indices.create, index=name, body=body, **extra)

    def delete_index(self, name):
        client, extra = self.admin()
        return self.call(client.indices.delete, index=name, **extra)

    def refresh(self, index):
        client, extra = self.admin()
        return self.call(client.indices.refresh, index=index, **extra)

    def bulk(self, operations, *, refresh=False, require_alias=False):
        raise NotImplementedError

    def search(self, index, body):
        return self.call(self.client.search, index=index, body=body)

    def mget(self, index, docs):
        """Documents by id, real time (no refresh needed): `docs` are {"_id", "_source"} dicts."""
        return self.call(self.client.mget, index=index, body={"docs": docs})

    def get_mapping(self, index):
        return self.call(self.client.indices.get_mapping, index=index)

    def put_mapping(self, index, body):
        """Add fields to the mapping of `index` (an existing field cannot change: the engine refuses)."""
        client, extra = self.admin()
        return self.call(client.indices.put_mapping, index=index, body=body, **extra)

    def count(self, index):
        return self.call(self.client.count, index=index)["count"]

    def get_aliases(self, index_pattern):
        return self.call(self.client.indices.get_alias, index=index_pattern)

    def update_aliases(self, actions):
        raise NotImplementedError

    def cluster_health(self):
        return self.call(self.client.cluster.health)


class ElasticsearchTransport(Transport):
    name = "elasticsearch"

    def make_client(self):
        from elasticsearch import Elasticsearch

        return Elasticsearch(
            self.base_url, basic_auth=self.auth, request_timeout=self.timeout, max_retries=0, retry_on_timeout=False,
        )

    def translate(self, exc):
        from elastic_transport import TransportError as ConnectionLevelError
        from elasticsearch import ApiError

        if isinstance(exc, ApiError):
            return _error_from(exc.meta.status if exc.meta else None, exc.body, exc.message)
        if isinstance(exc, ConnectionLevelError):  # refused, timed out, TLS failure
            return SearchUnavailable(f"{self.name} unreachable: {exc.__class__.__name__}")
        return SearchUnavailable(f"{self.name} failed: {exc.__class__.__name__}: {exc}"[:500])

    def bulk(self, operations, *, refresh=False, require_alias=False):
        client = self.client.options(request_timeout=max(self.timeout, BULK_TIMEOUT))
        return self.call(client.bulk, operations=operations, refresh=refresh, require_alias=require_alias)

    def admin(self):
        return self.client.options(request_timeout=max(self.timeout, ADMIN_TIMEOUT)), {}

    def update_aliases(self, actions):
        client, _extra = self.admin()
        return self.call(client.indices.update_aliases, actions=actions)


class OpenSearchTransport(Transport):
    name = "opensearch"

    def make_client(self):
        from opensearchpy import OpenSearch

        parts = urlsplit(self.base_url)
        https = parts.scheme == "https"
        return OpenSearch(
            hosts=[{"host": parts.hostname, "port": parts.port or 9200}], http_auth=self.auth, use_ssl=https,
            verify_certs=https, timeout=self.timeout, max_retries=0, retry_on_timeout=False, pool_maxsize=10,
        )

    def translate(self, exc):
        from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
        from opensearchpy.exceptions import TransportError

        if isinstance(exc, OpenSearchConnectionError):  # refused, timed out, TLS failure
            return SearchUnavailable(f"{self.name} unreachable: {exc.__class__.__name__}")
        if isinstance(exc, TransportError):
            status = exc.status_code if isinstance(exc.status_code, int) else None
            return _error_from(status, exc.info, exc.error)
        return SearchUnavailable(f"{self.name} failed: {exc.__class__.__name__}: {exc}"[:500])

    def bulk(self, operations, *, refresh=False, require_alias=False):
        return self.call(
            self.client.bulk, body=operations, refresh="true" if refresh else "false",
            require_alias="true" if require_alias else "false", request_timeout=max(self.timeout, BULK_TIMEOUT),
        )

    def admin(self):
        return self.client, {"request_timeout": max(self.timeout, ADMIN_TIMEOUT)}

    def update_aliases(self, actions):
        client, extra = self.admin()
        return self.call(client.indices.update_aliases, body={"actions": actions}, **extra)


TRANSPORTS = {"elasticsearch": ElasticsearchTransport, "opensearch": OpenSearchTransport}
