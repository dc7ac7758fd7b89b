"""The engine backend: indexing, bulk writes and rebuilds with an alias swap, tying mapping, compiler and results
to a transport.

Index layout: the alias `<prefix>` (setting SEARCH_INDEX_PREFIX) points at one concrete index
`<prefix>-<20-digit UTC timestamp>`; reads and writes go through the alias (writes with
`require_alias=true`, so a missing alias can never auto-create a wrongly mapped index). While
`search_index rebuild` loads a new concrete index, that index also carries the marker alias
`<prefix>-rebuilding`; outbox workers see it and keep their rows for the rebuild to replay.
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

from ..base import BaseSearchBackend, Outcome
from . import compiler, mapping, results
from .transport import TRANSPORTS, EngineError, IndexMissing

logger = logging.getLogger(__name__)

INITIAL_INDEX_SUFFIX = "0" * 20  # the index a worker creates when no rebuild has ever run


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
            self._alias_ready = True
            return
        try:
            self.transport.create_index(f"{self.prefix}-{INITIAL_INDEX_SUFFIX}", mapping.index_body(aliases=[self.alias]))
        except EngineError as exc:
            if exc.error_type != "resource_already_exists_exception":
                raise
        self._alias_ready = True

    def create_concrete(self, name, *, aliases=()):
        self.transport.create_index(name, mapping.index_body(aliases=aliases))

    def drop_index(self, name):
        try:
            self.transport.delete_index(name)
        except IndexMissing:
            pass

    def drop_all(self):
        """Delete every index of this prefix (tests' teardown)."""
        for name in self.alias_state().all:
            self.drop_index(name)
        self._alias_ready = False

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
        return outcomes

    def index_documents(self, documents, *, refresh=False):
        self._raise_on_errors(self.bulk(list(documents), [], refresh=refresh))

    def delete_documents(self, keys, *, refresh=False):
        self._raise_on_errors(self.bulk([], list(keys), refresh=refresh))

    def load(self, index, documents):
        """Bulk-load documents into a concrete index (rebuild); raises on any rejected item."""
        self._raise_on_errors(self.bulk(list(documents), [], index=index))

    def _raise_on_errors(self, items):
        errors = [(info.get("_id"), self.item_error(action, info)) for action, info in items]
        errors = [(key, error) for key, error in errors if error]
        if errors:
            raise EngineError(f"{len(errors)} of {len(items)} documents were rejected, e.g. {errors[0][0]}: {errors[0][1]}")

    def clear(self):
        """Remove every document (tests): delete by id, as delete-by-query needs a module not every node has."""
        while True:
            keys = [key for key, _source in self.scan(fields=[])][:5000]
            if not keys:
                return
            self._raise_on_errors(self.bulk([], keys, refresh=True))

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

    def search(self, query, *, audiences, filters=None, sort="relevance", offset=0, limit=20):
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
