"""Search backends. The embedded one needs no server; the engine one talks to Elasticsearch/OpenSearch.

Both have the same interface: index_documents(documents), delete_documents(keys),
search(query, *, audiences, filters, sort, offset, limit) -> (total, results, facets),
suggest(prefix, *, audiences, limit) -> [{"text", "url"}] and health(); plus apply_changes() for the
outbox worker and refresh()/clear() for tests and rebuilds. The engine backend raises SearchUnavailable
from search and suggest when the engine cannot answer. The engine implementation is in cop.search.engine.
"""

import json
import sqlite3
import urllib.error
import urllib.request
from base64 import b64encode
from contextlib import nullcontext
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SearchUnavailable(Exception):
    """The search engine cannot answer now (unreachable, timed out, failing); content is never lost."""


class BaseSearchBackend:
    name = "base"
    applies_on_commit = False  # the embedded backend applies the outbox right after each commit

    def health(self):
        raise NotImplementedError

    def refresh(self):
        """Make the writes so far visible to searches (tests and rebuilds; a no-op where they are at once)."""

    def writing(self):
        """A context in which reading documents and writing them is atomic for the index (see EmbeddedIndex.writing)."""
        return nullcontext()


class EmbeddedSearchBackend(BaseSearchBackend):
    """Full-text search inside SQLite (FTS5), in a file beside the database: no server to run."""

    name = "embedded"
    applies_on_commit = True

    def __init__(self, path=None):
        from .embedded import EmbeddedIndex

        self.index = EmbeddedIndex(str(path or settings.SEARCH_INDEX_PATH))

    def writing(self):
        return self.index.writing()

    def index_documents(self, documents):
        self.index.upsert(documents)

    def delete_documents(self, keys):
        self.index.delete(keys)

    def search(self, query, **kwargs):
        return self.index.search(query, **kwargs)

    def suggest(self, prefix, **kwargs):
        return self.index.suggest(prefix, **kwargs)

    def apply_changes(self, documents, removed, *, refresh=False):
        """Outbox worker's write: everything is applied or an exception is raised (one SQLite transaction each)."""
        from .engine import Outcome

        self.index.upsert(documents)
        self.index.delete(removed)
        return {key: Outcome("ok") for key in [d.key for d in documents] + list(removed)}

    def clear(self):
        self.index.clear()

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
    """Elasticsearch 8 or OpenSearch 2 reached over HTTP(S); see cop.search.engine and docs/search-engine.md.

    Nothing here talks to the engine when the backend is created, and the web process never writes to it:
    changes go through the durable outbox, which `manage.py search_worker` drains (applies_on_commit False).
    """

    applies_on_commit = False

    def __init__(self, url, *, prefix=None):
        parts = urlsplit(url)
        self.name = parts.scheme.split("+")[0]
        scheme = "https" if parts.scheme.endswith("+https") else "http"
        if not parts.hostname:
            raise ImproperlyConfigured(f"SEARCH_URL has no host: {url!r}")
        self.base_url = f"{scheme}://{parts.hostname}:{parts.port or 9200}"
        self.auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
        self._prefix = prefix  # None: settings.SEARCH_INDEX_PREFIX, read on each use
        self._engine = None
        self._engine_timeout = None

    @property
    def engine(self):
        """The cop.search.engine.EngineIndex behind this backend (created lazily; follows SEARCH_TIMEOUT)."""
        timeout = float(settings.SEARCH_TIMEOUT)
        if self._engine is None or self._engine_timeout != timeout:
            from .engine import TRANSPORTS, EngineIndex

            self._engine = EngineIndex(TRANSPORTS[self.name](self.base_url, self.auth, timeout), prefix=self._prefix)
            self._engine_timeout = timeout
        return self._engine

    @property
    def prefix(self):
        return self.engine.prefix

    def index_documents(self, documents):
        self.engine.index_documents(documents)

    def delete_documents(self, keys):
        self.engine.delete_documents(keys)

    def search(self, query, **kwargs):
        return self.engine.search(query, **kwargs)

    def suggest(self, prefix, **kwargs):
        return self.engine.suggest(prefix, **kwargs)

    def apply_changes(self, documents, removed, *, refresh=False):
        return self.engine.apply_changes(documents, removed, refresh=refresh)

    def refresh(self):
        self.engine.refresh()

    def clear(self):
        self.engine.clear()

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
