"""Reading an embedded rebuild's documents in processes of their own, beside the rebuilding one.

A rebuild does three things per document: read it from the database (the ORM, a practice's StreamField text),
analyse its text (lemmas, cop.search.analysis) and write it (SQLite FTS5 and tantivy). In one process they run
one after another on one core. Here forked reader processes read and analyse batches of keys while the
rebuilding process writes, so a machine's second core works too (at 100,000 documents on two cores: 166 s
reading in process, 118 s with one reader; docs/performance.md).

Why no change is lost: the rebuild asks for a write transaction's batches only after it began (it holds the
index's write lock), as the serial rebuild reads inside it. A change the site commits meanwhile is written to
the index by the site after the lock is released, over whatever the readers read; one committed before the
transaction began is read by them. At most one transaction's batches (WRITE_BATCH documents) are read ahead,
so memory stays bounded by it.

The rebuilding process reads itself (when the writer asks for a batch) when SEARCH_REBUILD_READERS is 0, when
the rebuild is small (fewer than SEARCH_REBUILD_PARALLEL_MIN keys), when the database is an in-memory one or
the process is inside a transaction (another process would not see the same rows), or when the platform
cannot fork.
"""

import multiprocessing

from django.conf import settings
from django.db import connections

from .embedded import fts_columns
from .registry import documents_for


def analysed(documents):
    """{key: analysed columns} of the documents (what EmbeddedIndex.upsert would compute itself)."""
    return {doc.key: fts_columns(doc) for doc in documents}


def read_and_analyse(keys):
    """(documents of the keys that have one, in order, and their analysed columns)."""
    documents = [doc for doc in documents_for(keys).values() if doc is not None]
    return documents, analysed(documents)


def _started():
    # The fork copied the parent's connection objects, closed before it: each reader opens connections of its own.
    for connection in connections.all(initialized_only=True):
        connection.close()


def _database_shared_with_forks():
    """False when a forked process could not read what this one sees: an in-memory SQLite database, or this
    process inside a transaction (what it has not committed is invisible to other connections)."""
    for alias in connections:
        connection = connections[alias]
        if connection.in_atomic_block or (connection.vendor == "sqlite" and connection.is_in_memory_db()):
            return False
    return True


class _Later:
    """In this process: read when the writer asks, as a serial rebuild does."""

    def __init__(self, keys):
        self.keys = keys

    def get(self):
        return read_and_analyse(self.keys)


class Readers:
    """`read(keys)` returns a handle whose `get()` gives read_and_analyse(keys): done by `processes` forked
    processes (started when the block is entered), or in this process, when `get()` is called, if `processes` is
    0. An error in a reader is raised by `get()`."""

    def __init__(self, processes):
        self.processes = processes if "fork" in multiprocessing.get_all_start_methods() else 0
        self._pool = None

    @classmethod
    def for_rebuild(cls, total):
        wanted = settings.SEARCH_REBUILD_READERS if total >= settings.SEARCH_REBUILD_PARALLEL_MIN else 0
        return cls(max(wanted, 0) if _database_shared_with_forks() else 0)

    def __enter__(self):
        if self.processes:
            # Forked before the rebuild opens its index writer (tantivy's threads are not copied into a fork) and
            # after closing this process's connections (none may be shared with a fork; they reopen on use).
            connections.close_all()
            self._pool = multiprocessing.get_context("fork").Pool(self.processes, initializer=_started)
        return self

    def read(self, keys):
        if self._pool is None:
            return _Later(keys)
        return self._pool.apply_async(read_and_analyse, (keys,))

    def __exit__(self, *exc):
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
