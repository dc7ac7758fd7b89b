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
