"""What every search backend shares: the base class, the error for "cannot answer now" and a write's outcome.

It imports nothing of cop.search, so the backends (cop.search.backends, cop.search.engine) build on it
without importing each other.
"""

from contextlib import nullcontext
from dataclasses import dataclass


class SearchUnavailable(Exception):
    """The search engine cannot answer now (unreachable, timed out, failing); content is never lost."""


@dataclass
class Outcome:
    """What became of one key in a bulk write: "ok" (acknowledged, and in the live index), "hold" (written,
    but the outbox row must stay for a rebuild to replay), or "error" (rejected by the engine)."""

    status: str
    error: str = ""


class VectorStore:
    """The dense half of hybrid search (cop.search.semantic): passage vectors of documents, by key.

    A backend stores, for every document key, the vectors of its passages (an (n, dim) float32 array, rows
    L2-normalised) with the embedding model's id and a digest of the passages' text. Vectors of another model
    are never returned by `search_vectors` (a changed model re-embeds; old and new vectors are not mixed).
    Permissions and filters are NOT applied here: dense candidates are checked against the lexical index with
    `fetch`, which is the only authority on who may see what (a vector outlives nothing it should not).
    """

    def index_vectors(self, key, *, model, digest, vectors):
        """Replace the vectors of `key` (all its passages) with these, made by `model`."""
        raise NotImplementedError

    def delete_vectors(self, keys):
        raise NotImplementedError

    def vector_digests(self, keys, *, model):
        """{key: digest} of the given keys that have vectors of `model` (what needs no re-embedding)."""
        raise NotImplementedError

    def vector_keys(self, *, model):
        """Every key with vectors of `model` (a sweep embeds the index's keys missing from it)."""
        raise NotImplementedError

    def vectors_of(self, key, *, model):
        """The (n, dim) float32 passage vectors of `key`, or None."""
        raise NotImplementedError

    def search_vectors(self, vector, *, model, limit=100):
        """[(key, score, passage_index)], best first: each key once, with its best passage's cosine similarity
        to `vector` (a (dim,) float32 array, L2-normalised)."""
        raise NotImplementedError

    def fetch(self, keys, *, audiences, filters=None, with_body=True):
        """{key: {"key", "type", "title", "url", "date", "theme", "oblast", "year", "tags", "body", "language",
        "group"}} of those keys that are in the lexical index, visible to `audiences` and match `filters` (the
        same filters as `search`); "body" is "" unless `with_body`."""
        raise NotImplementedError

    def translations(self, groups, *, language, audiences):
        """{group: the same dict as `fetch`} of the documents in `language` of these translation groups that
        `audiences` may see."""
        raise NotImplementedError


class BaseSearchBackend(VectorStore):
    name = "base"
    applies_on_commit = False  # the embedded backend applies the outbox right after each commit

    def health(self):
        raise NotImplementedError

    def refresh(self):
        """Make the writes so far visible to searches (tests and rebuilds; a no-op where they are at once)."""

    def writing(self):
        """A context in which reading documents and writing them is atomic for the index (see EmbeddedIndex.writing)."""
        return nullcontext()

