"""Passage vectors as background work: documents are embedded by the worker, cached by content hash.

A change enqueues its keys in the search outbox (cop.search.outbox) and, once committed, `embed_documents` for
the same keys (a Huey task: the web process never embeds a document). The task reads each document as it is now
(the same sources as the lexical index), cuts it into passages (passages.py) and embeds only the passages whose
text it has never embedded for this model (EmbeddingCache, by a hash of model + text): a rebuild, a no-op edit or
an edit of one paragraph embeds nothing or one window. A document whose passages did not change at all (same
digest as its stored vectors) is not touched. A document that left the index loses its vectors.

A sweep every few minutes (`embed_missing`) embeds what is in the lexical index without vectors of the current
model: documents of a lost task, everything after `search_index rebuild` on a fresh index, and everything when
the model changed (vectors of the old model are never mixed with the new ones: searches ask for the current
model's only, and a key's vectors are replaced whole).
"""

import logging
import time

import numpy as np

from .. import get_backend
from ..registry import all_keys, document_for
from .embedders import get_embedder
from .passages import digest, passages, text_digest

logger = logging.getLogger(__name__)

BATCH_PASSAGES = 8
_memory = {}  # text digest -> vector, for this process (a test session, a benchmark, a rebuild after a sweep)
_MEMORY_LIMIT = 50_000


def _cached(digests, model):
    from ..models import EmbeddingCache

    found = {d: _memory[d] for d in digests if d in _memory}
    wanted = [d for d in digests if d not in found]
    for start in range(0, len(wanted), 500):
        # By digest alone (it hashes the model too): with `model` in the filter SQLite chose the model's index and
        # scanned the whole cache for every look-up (a rebuild got slower as the cache grew).
        for entry_digest, blob in EmbeddingCache.objects.filter(
            digest__in=wanted[start:start + 500]
        ).values_list("digest", "vector"):
            found[entry_digest] = np.frombuffer(bytes(blob), dtype=np.float32)
    return found


def _any_cached(model):
    from ..models import EmbeddingCache

    return EmbeddingCache.objects.filter(model=model).exists()


def _remember(new, model):
    from ..models import EmbeddingCache

    if len(_memory) > _MEMORY_LIMIT:
        _memory.clear()
    _memory.update(new)
    EmbeddingCache.objects.bulk_create(
        [EmbeddingCache(digest=d, model=model, vector=v.astype(np.float32).tobytes()) for d, v in new.items()],
        ignore_conflicts=True,
    )


def vectors_for(texts, embedder):
    """The vectors of these passages: from the cache, else embedded (and cached)."""
    model = embedder.model
    digests = [text_digest(t, model) for t in texts]
    found = _cached(digests, model)
    missing = [(d, t) for d, t in zip(digests, texts) if d not in found]
    new = {}
    for start in range(0, len(missing), BATCH_PASSAGES):
        chunk = missing[start:start + BATCH_PASSAGES]
        for (d, _text), vector in zip(chunk, embedder.passages([t for _d, t in chunk])):
            new[d] = np.asarray(vector, dtype=np.float32)
    if new:
        _remember(new, model)
        found.update(new)
    return np.vstack([found[d] for d in digests])


def embed_keys(keys, *, backend=None, deadline=None):
    """Bring the vectors of these keys up to date; returns counts {"embedded", "unchanged", "removed", "skipped"}.

    `deadline` (time.monotonic()): stop starting new documents after it (those are counted as skipped); a
    rebuild attaches cached vectors with `attach_cached` instead."""
    counts = {"embedded": 0, "unchanged": 0, "removed": 0, "skipped": 0}
    embedder = get_embedder()
    if embedder is None:
        return counts
    backend = backend or get_backend()
    keys = list(dict.fromkeys(keys))
    stored = backend.vector_digests(keys, model=embedder.model)
    gone = []
    for key in keys:
        if deadline is not None and time.monotonic() > deadline:
            counts["skipped"] += 1
            continue
        doc = document_for(key)
        if doc is None:
            gone.append(key)
            continue
        texts = passages(doc)
        doc_digest = digest(texts, embedder.model)
        if stored.get(key) == doc_digest:
            counts["unchanged"] += 1
            continue
        vectors = vectors_for(texts, embedder)
        backend.index_vectors(key, model=embedder.model, digest=doc_digest, vectors=vectors)
        counts["embedded"] += 1
    if gone:
        backend.delete_vectors(gone)
        counts["removed"] = len(gone)
    return counts


def missing_keys(backend=None):
    """Keys that belong in the index but have no vectors of the current model, in key order."""
    embedder = get_embedder()
    if embedder is None:
        return []
    backend = backend or get_backend()
    have = backend.vector_keys(model=embedder.model)
    return [key for key in all_keys() if key not in have]


def embed_missing(*, limit=None, seconds=None):
    """The sweep: embed up to `limit` keys without vectors, for at most `seconds`. Returns the counts and how many
    are still missing."""
    keys = missing_keys()
    todo = keys[:limit] if limit else keys
    deadline = time.monotonic() + seconds if seconds else None
    counts = embed_keys(todo, deadline=deadline)
    counts["left"] = len(keys) - counts["embedded"] - counts["removed"]
    return counts


def embed_all():
    """Everything, now, in this process (tests, benchmarks, `search_index embed`)."""
    return embed_missing()


def attach_cached(documents, *, backend=None):
    """Vectors for these Documents from the cache alone, in batches (`search_index rebuild` right after loading the
    words): one cache look-up per 500 passages and one write transaction for all. Documents with a passage never
    embedded are left to the worker's sweep. Returns (attached, left)."""
    embedder = get_embedder()
    if embedder is None:
        return 0, 0
    backend = backend or get_backend()
    model = embedder.model
    if not _memory and not _any_cached(model):  # nothing was ever embedded (a new site): no passage to look up
        return 0, len(documents)
    prepared = []
    for doc in documents:
        texts = passages(doc)
        prepared.append((doc.key, texts, [text_digest(t, model) for t in texts]))
    found = _cached([d for _key, _texts, digests in prepared for d in digests], model)
    attached = left = 0
    with backend.writing():  # the embedded index: one transaction (a no-op elsewhere)
        for key, texts, digests in prepared:
            if not all(d in found for d in digests):
                left += 1
                continue
            backend.index_vectors(key, model=model, digest=digest(texts, model),
                                  vectors=np.vstack([found[d] for d in digests]))
            attached += 1
    return attached, left
