"""Search backends. The embedded one needs no server; the engine one talks to Elasticsearch/OpenSearch.

Both have the same interface: index_documents(documents), delete_documents(keys),
search(query, *, audiences, filters, sort, offset, limit) -> (total, results, facets),
suggest(prefix, *, audiences, limit) -> [{"text", "url"}] and health(); plus apply_changes() for the
outbox worker and refresh()/clear() for tests and rebuilds. The engine backend raises SearchUnavailable
from search and suggest when the engine cannot answer. The engine backend is the package cop.search.engine;
what both share (the base class, SearchUnavailable, Outcome) is in cop.search.base.
"""

import sqlite3
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import BaseSearchBackend, Outcome, SearchUnavailable  # noqa: F401  (SearchUnavailable: imported from here)


def __getattr__(name):
    # The engine backend loads elasticsearch-dsl and the elasticsearch client (a quarter of a second);
    # a site on the embedded backend never needs them, so `from cop.search.backends import EngineSearchBackend` loads it
    # only when asked for.
    if name == "EngineSearchBackend":
        from .engine import EngineSearchBackend

        return EngineSearchBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class EmbeddedSearchBackend(BaseSearchBackend):
    """Full-text search inside SQLite (FTS5), in a file beside the database: no server to run."""

    name = "embedded"
    applies_on_commit = True

    def __init__(self, path=None):
        from .embedded import EmbeddedIndex

        self.index = EmbeddedIndex(str(path or settings.SEARCH_INDEX_PATH))

    def writing(self):
        return self.index.writing()

    def index_documents(self, documents, analysed=None):
        self.index.upsert(documents, analysed)

    def delete_documents(self, keys):
        self.index.delete(keys)

    def search(self, query, **kwargs):
        return self.index.search(query, **kwargs)

    def suggest(self, prefix, **kwargs):
        return self.index.suggest(prefix, **kwargs)

    def apply_changes(self, documents, removed, *, refresh=False):
        """Outbox worker's write: everything is applied or an exception is raised (one SQLite transaction each)."""
        self.index.upsert(documents)
        self.index.delete(removed)
        return {key: Outcome("ok") for key in [d.key for d in documents] + list(removed)}

    def clear(self):
        self.index.clear()

    # The vector store of hybrid search: in the same SQLite file as the words (cop.search.base.VectorStore).
    def index_vectors(self, key, **kwargs):
        self.index.index_vectors(key, **kwargs)

    def delete_vectors(self, keys):
        self.index.delete_vectors(keys)

    def vector_digests(self, keys, **kwargs):
        return self.index.vector_digests(keys, **kwargs)

    def vector_keys(self, **kwargs):
        return self.index.vector_keys(**kwargs)

    def vectors_of(self, key, **kwargs):
        return self.index.vectors_of(key, **kwargs)

    def search_vectors(self, vector, **kwargs):
        return self.index.search_vectors(vector, **kwargs)

    def fetch(self, keys, **kwargs):
        return self.index.fetch(keys, **kwargs)

    def translations(self, groups, **kwargs):
        return self.index.translations(groups, **kwargs)

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


def backend_from_url(url):
    if not url:
        return EmbeddedSearchBackend()
    scheme = urlsplit(url).scheme
    if scheme.split("+")[0] in ("elasticsearch", "opensearch"):
        from .engine import EngineSearchBackend

        return EngineSearchBackend(url)
    raise ImproperlyConfigured(
        f"Unknown SEARCH_URL scheme {scheme!r}: use elasticsearch://, opensearch:// (add +https for TLS) or leave it empty."
    )
