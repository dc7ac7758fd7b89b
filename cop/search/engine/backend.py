"""The engine backend: indexing, bulk writes and rebuilds with an alias swap, tying mapping, compiler and results
to a transport.

Index layout: the alias `<prefix>` (setting SEARCH_INDEX_PREFIX) points at one concrete index
`<prefix>-<20-digit UTC timestamp>`; reads and writes go through the alias (writes with
`require_alias=true`, so a missing alias can never auto-create a wrongly mapped index). While
`search_index rebuild` loads a new concrete index, that index also carries the marker alias
`<prefix>-rebuilding`; outbox workers see it and keep their rows for the rebuild to replay.

Passage vectors (hybrid search's dense half, cop.search.base.VectorStore) live apart, behind the alias
`<prefix>-vectors` (concrete index `<prefix>-vectors-v1`, created on the first vector written): one engine
document per passage, `_id` "<key>#<n>". The alias swap of a rebuild never touches them, so vectors survive
it; removing a document removes its vectors. Nearest neighbours are searched there, then checked against the
words' index with `fetch`, the only authority on who may see what.
"""

import json
import logging
import re
import urllib.error
import urllib.request
from base64 import b64encode
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ..base import BaseSearchBackend, Outcome, SearchUnavailable
from . import compiler, mapping, results
from .mapping import MAX_RESULT_WINDOW
from .transport import TRANSPORTS, EngineError, IndexMissing

logger = logging.getLogger(__name__)

INITIAL_INDEX_SUFFIX = "0" * 20  # the index a worker creates when no rebuild has ever run
VECTOR_INDEX_SUFFIX = "vectors-v1"  # the concrete index behind the alias <prefix>-vectors
MGET_CHUNK = 500  # ids per multi-get
FETCH_CHUNK = 1000  # keys per fetch query (well below MAX_RESULT_WINDOW)


@dataclass
class AliasState:
    """The concrete indices of a prefix and which alias each one holds."""

    live: list = field(default_factory=list)  # indices behind the alias <prefix> (normally exactly one)
    building: list = field(default_factory=list)  # indices behind <prefix>-rebuilding (a rebuild in progress)
    others: list = field(default_factory=list)  # leftovers: neither live nor being built
    all: list = field(default_factory=list)


class EngineIndex:
    """Index, search and manage documents in the engine through a transport. EngineSearchBackend below
    delegates here; the method signatures are those of the embedded backend."""

    def __init__(self, transport, prefix=None):
        self.transport = transport
        self._prefix = prefix
        self._alias_ready = False
        self._vector_dims = None  # the dimensions the vector index has a field for; None: not known (yet)

    @property
    def prefix(self):
        # Read on each use: get_backend() is cached by URL, settings may change (tests use their own prefix).
        return self._prefix or settings.SEARCH_INDEX_PREFIX

    @property
    def alias(self):
        return self.prefix

    @property
    def marker(self):
        return f"{self.prefix}-rebuilding"

    def concrete_name(self, moment=None):
        moment = moment or datetime.now(timezone.utc)
        return f"{self.prefix}-{moment.strftime('%Y%m%d%H%M%S%f')}"

    def _is_ours(self, name):
        return re.fullmatch(re.escape(self.prefix) + r"-\d{20}", name) is not None

    # Aliases and indices

    def alias_state(self):
        try:
            data = self.transport.get_aliases(f"{self.prefix}-*")
        except IndexMissing:
            data = {}
        state = AliasState()
        for name in sorted(data):
            if not self._is_ours(name):
                continue
            aliases = set((data[name] or {}).get("aliases", {}))
            state.all.append(name)
            if self.alias in aliases:
                state.live.append(name)
            if self.marker in aliases:
                state.building.append(name)
            if not aliases & {self.alias, self.marker}:
                state.others.append(name)
        return state

    def ensure_index(self):
        """Make sure the alias exists: create the first concrete index behind it when there is none.

        The first index has a fixed name, so two workers starting at once create it only once."""
        if self.alias_state().live:
            self.upgrade_mapping()
            self._alias_ready = True
            return
        try:
            self.transport.create_index(f"{self.prefix}-{INITIAL_INDEX_SUFFIX}", mapping.index_body(aliases=[self.alias]))
        except EngineError as exc:
            if exc.error_type != "resource_already_exists_exception":
                raise
        self._alias_ready = True

    def upgrade_mapping(self):
        """Add the fields added to IndexedDocument since the live index was created (language, group, ...).

        The mapping is strict, so a write carrying a field the index lacks would be rejected. Putting the
        current mapping adds new fields in place (and is a no-op when nothing changed); an index whose existing
        fields changed is refused by the engine: that needs `search_index rebuild`, logged here."""
        try:
            self.transport.put_mapping(self.alias, mapping.mapping_body())
        except IndexMissing:
            pass  # dropped meanwhile: the next write recreates it
        except EngineError as exc:
            logger.error("the %s index %s cannot take the current mapping (%s): run `search_index rebuild`",
                         self.transport.name, self.alias, exc)

    def create_concrete(self, name, *, aliases=()):
        self.transport.create_index(name, mapping.index_body(aliases=aliases))

    def drop_index(self, name):
        try:
            self.transport.delete_index(name)
        except IndexMissing:
            pass

    def drop_all(self):
        """Delete every index of this prefix, the vector index too (tests' teardown)."""
        for name in self.alias_state().all:
            self.drop_index(name)
        self.drop_index(self.vector_index)
        self._alias_ready = False
        self._vector_dims = None

    def swap_alias(self, new_index):
        """Point the alias at `new_index` and take the rebuild marker off it, in one atomic _aliases call.
        Returns the indices the alias pointed at before."""
        state = self.alias_state()
        old = [name for name in state.live if name != new_index]
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        if new_index in state.building:
            actions.append({"remove": {"index": new_index, "alias": self.marker}})
        self.transport.update_aliases(actions)
        self._alias_ready = True
        return old

    def refresh(self, index=None):
        self.transport.refresh(index or self.alias)

    def count(self, index=None):
        try:
            return self.transport.count(index or self.alias)
        except IndexMissing:
            return 0

    # Writing

    @staticmethod
    def operations(documents, removed, index):
        ops = []
        for doc in documents:
            ops.append({"index": {"_index": index, "_id": doc.key}})
            ops.append(mapping.source_of(doc))  # looked up on the module, so tests can replace it
        for key in removed:
            ops.append({"delete": {"_index": index, "_id": key}})
        return ops

    def bulk(self, documents, removed, *, index=None, refresh=False):
        """One bulk request; returns the per-item results as (action, info) pairs."""
        through_alias = index is None
        if through_alias and not self._alias_ready:
            self.ensure_index()
        ops = self.operations(documents, removed, index or self.alias)
        if not ops:
            return []
        response = self.transport.bulk(ops, refresh=refresh, require_alias=through_alias)
        items = [next(iter(item.items())) for item in response.get("items", [])]
        if through_alias and any(_missing_alias(info) for _action, info in items):
            self._alias_ready = False  # dropped behind our back (tests, a manual delete): recreate, retry once
            self.ensure_index()
            response = self.transport.bulk(ops, refresh=refresh, require_alias=True)
            items = [next(iter(item.items())) for item in response.get("items", [])]
        return items

    @staticmethod
    def item_error(action, info):
        """None when the engine acknowledged the item; else the error text."""
        status = info.get("status", 500)
        if "error" not in info and (status < 300 or (action == "delete" and status == 404)):
            return None  # deleting what is not there is a success: it is not there
        error = info.get("error") or {}
        if isinstance(error, dict):
            return f"{status} {error.get('type', '')}: {error.get('reason', '')}"[:1000]
        return f"{status} {error}"[:1000]

    def apply_changes(self, documents, removed, *, refresh=False):
        """Write a batch for the outbox worker; returns {key: Outcome}.

        A key is "ok" only when the engine acknowledged it AND, checked after the acknowledgement, the index
        it landed in is still the only live index and no rebuild is loading a new one. Otherwise it is "hold":
        the row must stay, because the write may have gone to an index that a rebuild is about to replace.
        """
        items = self.bulk(documents, removed, refresh=refresh)
        if not items:
            return {}
        state = self.alias_state()
        outcomes = {}
        for action, info in items:
            key = info.get("_id")
            error = self.item_error(action, info)
            if error:
                outcomes[key] = Outcome("error", error)
            elif state.building:
                outcomes[key] = Outcome("hold", "held: a rebuild is in progress; it replays this change")
            elif state.live != [info.get("_index")]:
                outcomes[key] = Outcome("hold", "held: the index was swapped during the write")
            else:
                outcomes[key] = Outcome("ok")
        if removed:
            try:
                self.delete_vectors(removed)
            except SearchUnavailable as exc:  # harmless meanwhile: a vector is only shown if `fetch` finds its key
                logger.warning("apply_changes: the vectors of %d removed key(s) stay for now: %s", len(removed), exc)
        return outcomes

    def index_documents(self, documents, *, refresh=False):
        self._raise_on_errors(self.bulk(list(documents), [], refresh=refresh))

    def delete_documents(self, keys, *, refresh=False):
        keys = list(keys)
        self._raise_on_errors(self.bulk([], keys, refresh=refresh))
        self.delete_vectors(keys)

    def load(self, index, documents):
        """Bulk-load documents into a concrete index (rebuild); raises on any rejected item."""
        self._raise_on_errors(self.bulk(list(documents), [], index=index))

    def _raise_on_errors(self, items):
        errors = [(info.get("_id"), self.item_error(action, info)) for action, info in items]
        errors = [(key, error) for key, error in errors if error]
        if errors:
            raise EngineError(f"{len(errors)} of {len(items)} documents were rejected, e.g. {errors[0][0]}: {errors[0][1]}")

    def clear(self):
        """Remove every document and vector (tests): delete by id, as delete-by-query needs a module not every
        node has."""
        while True:
            keys = [key for key, _source in self.scan(fields=[])][:5000]
            if not keys:
                break
            self._raise_on_errors(self.bulk([], keys, refresh=True))
        while True:
            try:
                body = {"query": {"match_all": {}}, "size": 5000, "_source": False}
                hits = self.transport.search(self.vector_alias, body)
            except IndexMissing:
                return
            ids = [hit["_id"] for hit in hits["hits"]["hits"]]
            if not ids:
                return
            self._vector_bulk([{"delete": {"_index": self.vector_alias, "_id": _id}} for _id in ids], refresh=True)

    def scan(self, fields=("content_hash",), index=None, page=1000):
        """Every (key, _source) in key order, with search_after (no scroll or point-in-time state)."""
        after = None
        while True:
            body = {"query": {"match_all": {}}, "sort": [{"key": "asc"}], "size": page, "_source": list(fields)}
            if after is not None:
                body["search_after"] = after
            try:
                hits = self.transport.search(index or self.alias, body)["hits"]["hits"]
            except IndexMissing:
                return
            for hit in hits:
                yield hit["_id"], hit.get("_source", {})
            if len(hits) < page:
                return
            after = hits[-1]["sort"]

    # Reading

    def known_terms(self, terms, index=None):
        """Which of these lemmas occur in the index at all (typo tolerance applies only to unknown words)."""
        if not terms:
            return set()
        return results.known_terms(self.transport.search(index or self.alias, compiler.known_terms_body(terms)), terms)

    def search(self, query, *, audiences, filters=None, sort="relevance", offset=0, limit=20, snippets=True):
        # `snippets`: the engine highlights in the same request, so there is nothing to save by leaving them out.
        if not audiences:
            return 0, [], results.empty_facets()
        try:
            known = self.known_terms(compiler.fuzzy_candidates(query))
            body = compiler.search_body(
                query, audiences=audiences, filters=filters, sort=sort, offset=offset, limit=limit, known=known,
            )
            response = self.transport.search(self.alias, body)
        except IndexMissing:
            return 0, [], results.empty_facets()
        except EngineError:
            logger.exception("search: the %s engine refused a query", self.transport.name)
            raise
        return results.search_results(response, query)

    def suggest(self, prefix, *, audiences, limit=8):
        typed = compiler.typed_words(prefix)
        if not typed or not audiences:
            return []
        try:
            response = self.transport.search(self.alias, compiler.suggest_body(typed, audiences=audiences, limit=limit))
        except IndexMissing:
            return []
        except EngineError:
            logger.exception("suggest: the %s engine refused a query", self.transport.name)
            raise
        return results.suggestions(response)


    def fetch(self, keys, *, audiences, filters=None, with_body=True):
        """VectorStore.fetch: these keys' documents from the words' index, if `audiences` may see them and they
        match `filters` (the filters of `search`)."""
        keys = list(dict.fromkeys(key for key in keys if key))
        if not keys or not audiences:
            return {}
        found = {}
        for start in range(0, len(keys), FETCH_CHUNK):
            body = compiler.fetch_body(keys[start:start + FETCH_CHUNK], audiences=audiences, filters=filters,
                                       with_body=with_body)
            try:
                response = self.transport.search(self.alias, body)
            except IndexMissing:
                return {}
            for hit in response.get("hits", {}).get("hits", []):
                item = results.fetched(hit.get("_source", {}))
                found[item["key"]] = item
        return found

    def translations(self, groups, *, language, audiences):
        """VectorStore.translations: {group: fetched document} in `language`, of those `audiences` may see."""
        groups = [group for group in dict.fromkeys(groups) if group]
        if not groups or not language or not audiences:
            return {}
        found = {}
        for start in range(0, len(groups), FETCH_CHUNK):
            chunk = groups[start:start + FETCH_CHUNK]
            body = compiler.translations_body(chunk, language=language, audiences=audiences,
                                              size=min(4 * len(chunk), MAX_RESULT_WINDOW))
            try:
                response = self.transport.search(self.alias, body)
            except IndexMissing:
                return {}
            for hit in response.get("hits", {}).get("hits", []):
                item = results.fetched(hit.get("_source", {}))
                found.setdefault(item["group"], item)
        return found

    # Vectors (VectorStore; see the module's docstring)

    @property
    def vector_alias(self):
        return f"{self.prefix}-vectors"

    @property
    def vector_index(self):
        return f"{self.prefix}-{VECTOR_INDEX_SUFFIX}"

    def refresh_vectors(self):
        try:
            self.transport.refresh(self.vector_alias)
        except IndexMissing:
            pass

    def vector_dims(self, *, reload=False):
        """The vector sizes the vector index has a field for (a set), or None when there is no vector index."""
        if self._vector_dims is None or reload:
            try:
                data = self.transport.get_mapping(self.vector_alias)
            except IndexMissing:
                self._vector_dims = None
                return None
            dims = set()
            for index_data in data.values():
                for name in (index_data.get("mappings", {}).get("properties") or {}):
                    matched = re.fullmatch(r"vector_(\d+)", name)
                    if matched:
                        dims.add(int(matched.group(1)))
            self._vector_dims = dims
        return self._vector_dims

    def ensure_vector_field(self, dims):
        """Create the vector index (with its alias) or add a field for vectors of this size to it."""
        known = self.vector_dims()
        if known is not None and dims in known:
            return
        if known is None:
            body = mapping.vector_index_body(self.transport.name, dims=[dims], aliases=[self.vector_alias])
            try:
                self.transport.create_index(self.vector_index, body)
            except EngineError as exc:
                if exc.error_type != "resource_already_exists_exception":
                    raise
            else:
                self._vector_dims = {dims}
                return
        field_mapping = mapping.vector_field_mapping(self.transport.name, dims)
        self.transport.put_mapping(self.vector_alias, {"properties": {mapping.vector_field(dims): field_mapping}})
        self._vector_dims = (self._vector_dims or set()) | {dims}

    def _vector_bulk(self, ops, *, dims=None, refresh=False):
        """Write to the vector index through its alias (never auto-creating a wrongly mapped index); when the
        index or the field went missing behind our back, create it and retry once."""
        if not ops:
            return
        response = self.transport.bulk(ops, refresh=refresh, require_alias=True)
        items = [next(iter(item.items())) for item in response.get("items", [])]
        if dims is not None and any(_missing_alias(info) or _unknown_field(info) for _action, info in items):
            self._vector_dims = None
            self.ensure_vector_field(dims)
            response = self.transport.bulk(ops, refresh=refresh, require_alias=True)
            items = [next(iter(item.items())) for item in response.get("items", [])]
        self._raise_on_errors(items)

    def _first_passages(self, keys, fields=("key", "passages", "model", "digest")):
        """{key: _source of its passage 0} for those keys that have vectors; real time (multi-get by id)."""
        found = {}
        keys = list(keys)
        for start in range(0, len(keys), MGET_CHUNK):
            docs = [{"_id": f"{key}#0", "_source": list(fields)} for key in keys[start:start + MGET_CHUNK]]
            try:
                response = self.transport.mget(self.vector_alias, docs)
            except IndexMissing:
                return {}
            for doc in response.get("docs", []):
                if doc.get("found") and "error" not in doc:
                    found[doc["_id"].rpartition("#")[0]] = doc.get("_source", {})
        return found

    def index_vectors(self, key, *, model, digest, vectors):
        import numpy as np

        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or not len(vectors):
            self.delete_vectors([key])
            return
        self.ensure_vector_field(vectors.shape[1])
        before = int(self._first_passages([key]).get(key, {}).get("passages") or 0)
        ops = []
        for _id, source in mapping.vector_sources(key, model=model, digest=digest, vectors=vectors):
            ops += [{"index": {"_index": self.vector_alias, "_id": _id}}, source]
        for n in range(len(vectors), before):  # the passages the key no longer has
            ops.append({"delete": {"_index": self.vector_alias, "_id": f"{key}#{n}"}})
        self._vector_bulk(ops, dims=vectors.shape[1])

    def delete_vectors(self, keys):
        keys = list(dict.fromkeys(keys))
        if not keys:
            return
        ids = set()
        for key, source in self._first_passages(keys, fields=("passages",)).items():
            ids.update(f"{key}#{n}" for n in range(int(source.get("passages") or 1)))
        for start in range(0, len(keys), FETCH_CHUNK):  # and any passage a failed write left behind
            body = {"query": {"terms": {"key": keys[start:start + FETCH_CHUNK]}}, "size": MAX_RESULT_WINDOW,
                    "_source": False}
            try:
                ids.update(hit["_id"] for hit in self.transport.search(self.vector_alias, body)["hits"]["hits"])
            except IndexMissing:
                return
        self._vector_bulk([{"delete": {"_index": self.vector_alias, "_id": _id}} for _id in sorted(ids)])

    def vector_digests(self, keys, *, model):
        return {key: source.get("digest") for key, source in self._first_passages(keys).items()
                if source.get("model") == model}

    def vector_keys(self, *, model):
        keys, after = set(), None
        while True:
            body = {"query": {"bool": {"filter": [{"term": {"model": model}}, {"term": {"passage": 0}}]}},
                    "sort": [{"key": "asc"}], "size": 1000, "_source": False}
            if after is not None:
                body["search_after"] = after
            try:
                hits = self.transport.search(self.vector_alias, body)["hits"]["hits"]
            except IndexMissing:
                return keys
            keys.update(hit["sort"][0] for hit in hits)
            if len(hits) < 1000:
                return keys
            after = hits[-1]["sort"]

    def vectors_of(self, key, *, model):
        import numpy as np

        first = self._first_passages([key]).get(key)
        if not first or first.get("model") != model:
            return None
        count = int(first.get("passages") or 1)
        docs = [{"_id": f"{key}#{n}", "_source": ["passage", "vector_*"]} for n in range(count)]
        rows = {}
        for start in range(0, count, MGET_CHUNK):
            try:
                response = self.transport.mget(self.vector_alias, docs[start:start + MGET_CHUNK])
            except IndexMissing:
                return None
            for doc in response.get("docs", []):
                source = doc.get("_source") or {}
                vector = next((value for name, value in source.items() if name.startswith("vector_")), None)
                if doc.get("found") and vector is not None:
                    rows[int(source.get("passage", 0))] = vector
        if not rows:
            return None
        return np.asarray([rows[n] for n in sorted(rows)], dtype=np.float32)

    def search_vectors(self, vector, *, model, limit=100):
        import numpy as np

        vector = np.asarray(vector, dtype=np.float32).ravel()
        limit = int(limit)
        if limit <= 0 or not vector.size:
            return []
        dims = self.vector_dims()
        if dims is None or len(vector) not in dims:
            dims = self.vector_dims(reload=True)  # created or widened by another process meanwhile?
            if dims is None or len(vector) not in dims:
                return []
        body = compiler.knn_body(self.transport.name, vector, model=model, k=4 * limit)  # several passages a key
        try:
            response = self.transport.search(self.vector_alias, body)
        except IndexMissing:
            self._vector_dims = None
            return []
        except EngineError:
            logger.exception("search_vectors: the %s engine refused a query", self.transport.name)
            raise
        return results.nearest_keys(response, limit)


def _unknown_field(info):
    error = info.get("error")
    return isinstance(error, dict) and error.get("type") == "strict_dynamic_mapping_exception"


def _missing_alias(info):
    error = info.get("error")
    return isinstance(error, dict) and error.get("type") == "index_not_found_exception"


class EngineSearchBackend(BaseSearchBackend):
    """Elasticsearch 8 or OpenSearch 2 reached over HTTP(S); see docs/search-engine.md.

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
        """The EngineIndex behind this backend (created lazily; follows SEARCH_TIMEOUT)."""
        timeout = float(settings.SEARCH_TIMEOUT)
        if self._engine is None or self._engine_timeout != timeout:
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
        self.engine.refresh_vectors()

    def clear(self):
        self.engine.clear()

    # VectorStore (cop.search.base): passage vectors, and the documents they point at

    def index_vectors(self, key, **kwargs):
        self.engine.index_vectors(key, **kwargs)

    def delete_vectors(self, keys):
        self.engine.delete_vectors(keys)

    def vector_digests(self, keys, **kwargs):
        return self.engine.vector_digests(keys, **kwargs)

    def vector_keys(self, **kwargs):
        return self.engine.vector_keys(**kwargs)

    def vectors_of(self, key, **kwargs):
        return self.engine.vectors_of(key, **kwargs)

    def search_vectors(self, vector, **kwargs):
        return self.engine.search_vectors(vector, **kwargs)

    def fetch(self, keys, **kwargs):
        return self.engine.fetch(keys, **kwargs)

    def translations(self, groups, **kwargs):
        return self.engine.translations(groups, **kwargs)

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
