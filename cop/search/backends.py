"""Search backends. The embedded one needs no server; the engine one talks to Elasticsearch/OpenSearch.

Only configuration and health are here so far; indexing and querying arrive with the search issues.
"""

import json
import sqlite3
import urllib.error
import urllib.request
from base64 import b64encode
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class BaseSearchBackend:
    name = "base"
    applies_on_commit = False  # the embedded backend applies the outbox right after each commit

    def health(self):
        raise NotImplementedError


class EmbeddedSearchBackend(BaseSearchBackend):
    """Full-text search inside SQLite (FTS5), in a file beside the database: no server to run."""

    name = "embedded"
    applies_on_commit = True

    def __init__(self, path=None):
        from .embedded import EmbeddedIndex

        self.index = EmbeddedIndex(str(path or settings.SEARCH_INDEX_PATH))

    def index_documents(self, documents):
        self.index.upsert(documents)

    def delete_documents(self, keys):
        self.index.delete(keys)

    def search(self, query, **kwargs):
        return self.index.search(query, **kwargs)

    def suggest(self, prefix, **kwargs):
        return self.index.suggest(prefix, **kwargs)

    def health(self):
        try:
            conn = sqlite3.connect(":memory:")
            try:
                conn.execute("CREATE VIRTUAL TABLE probe USING fts5(body)")
            finally:
                conn.close()
        except sqlite3.Error as exc:
            return {"status": "error", "backend": self.name, "error": str(exc)}
        return {"status": "ok", "backend": self.name}


class EngineSearchBackend(BaseSearchBackend):
    """Elasticsearch 8 or OpenSearch 2 reached over HTTP(S)."""

    def __init__(self, url):
        parts = urlsplit(url)
        self.name = parts.scheme.split("+")[0]
        scheme = "https" if parts.scheme.endswith("+https") else "http"
        if not parts.hostname:
            raise ImproperlyConfigured(f"SEARCH_URL has no host: {url!r}")
        self.base_url = f"{scheme}://{parts.hostname}:{parts.port or 9200}"
        self.auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None

    def _get(self, path):
        request = urllib.request.Request(self.base_url + path)
        if self.auth:
            token = b64encode(f"{self.auth[0]}:{self.auth[1] or ''}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=settings.SEARCH_TIMEOUT) as response:
            return json.loads(response.read().decode())

    def health(self):
        try:
            cluster = self._get("/_cluster/health")
        except (OSError, urllib.error.URLError, ValueError) as exc:
            return {"status": "unavailable", "backend": self.name, "error": exc.__class__.__name__}
        status = "ok" if cluster.get("status") in ("green", "yellow") else "degraded"
        return {"status": status, "backend": self.name, "cluster": cluster.get("status")}


def backend_from_url(url):
    if not url:
        return EmbeddedSearchBackend()
    scheme = urlsplit(url).scheme
    if scheme.split("+")[0] in ("elasticsearch", "opensearch"):
        return EngineSearchBackend(url)
    raise ImproperlyConfigured(
        f"Unknown SEARCH_URL scheme {scheme!r}: use elasticsearch://, opensearch:// (add +https for TLS) or leave it empty."
    )
