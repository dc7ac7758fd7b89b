"""The search-engine backend: Elasticsearch 8 or OpenSearch 2, one code path, two thin transports.

Everything sent to the engine (index settings and mappings, queries, aggregations) is built with
elasticsearch-dsl and serialised with `.to_dict()`; only the HTTP client differs: the `elasticsearch` 8
client for Elasticsearch and `opensearch-py` for OpenSearch (the Elasticsearch client refuses to talk to
OpenSearch). Only features both engines have are used: no combined_fields, runtime mappings,
point-in-time, vectors, scripts or engine plugins.

Analysis is the shared Python pipeline (cop.search.analysis), exactly as for the embedded backend: lemmas
go into `*_lemmas` text fields analysed by the built-in `whitespace` analyzer, so no Ukrainian plugin is
needed and both backends match the same words. See docs/search-engine.md for the whole design.

Index layout: the alias `<prefix>` (setting SEARCH_INDEX_PREFIX) points at one concrete index
`<prefix>-<20-digit UTC timestamp>`; reads and writes go through the alias (writes with
`require_alias=true`, so a missing alias can never auto-create a wrongly mapped index). While
`search_index rebuild` loads a new concrete index, that index also carries the marker alias
`<prefix>-rebuilding`; outbox workers see it and keep their rows for the rebuild to replay.
"""

import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

from django.conf import settings
from elasticsearch_dsl import A, Date, Float, Index, Integer, Keyword, MetaField, Q, Search, SearchAsYouType, Text
from elasticsearch_dsl import Document as DslDocument

from . import embedded
from .analysis import surface_words
from .backends import SearchUnavailable
from .embedded import Document, highlight

logger = logging.getLogger(__name__)

TITLE_BOOST, TAGS_BOOST, BODY_BOOST = embedded.TITLE_WEIGHT, embedded.TAGS_WEIGHT, embedded.BODY_WEIGHT
RECENCY_BOOST, RECENCY_DAYS = embedded.RECENCY_BOOST, embedded.RECENCY_DAYS
LEMMA_FIELDS = ("title_lemmas", "tags_lemmas", "body_lemmas")
BOOSTED_FIELDS = [f"title_lemmas^{TITLE_BOOST}", f"tags_lemmas^{TAGS_BOOST}", f"body_lemmas^{BODY_BOOST}"]
FUZZY_MIN_LENGTH = 5  # typo tolerance only for words of five letters or more
FUZZINESS = "AUTO:5,8"  # 0 edits below 5 letters, 1 edit for 5-7, 2 edits from 8 letters
SUGGEST_TYPES = ("practice", "resource", "event", "topic")
FACET_FIELDS = (("type", "type"), ("theme", "theme"), ("oblast", "oblast"), ("year", "year"), ("tag", "tags"))
FACET_SIZE = 30
MAX_RESULT_WINDOW = 10_000  # the engines' default index.max_result_window
BULK_TIMEOUT = 60.0  # seconds for one bulk request (searches use SEARCH_TIMEOUT)
INITIAL_INDEX_SUFFIX = "0" * 20  # the index a worker creates when no rebuild has ever run
RETRYABLE_STATUSES = {429, 502, 503, 504}


def fts_columns(doc):
    """(title, tags, body, suggest) analysed exactly as the embedded backend does it."""
    return embedded.fts_columns(doc)


def typed_words(prefix):
    """The folded words typed into the suggestion box, split like the suggest field."""
    return surface_words(prefix)


# Mapping


class IndexedDocument(DslDocument):
    """One search document in the engine. `_id` is the document key ("practice:12")."""

    key = Keyword()
    type = Keyword()
    title = Text(index=False)  # raw text, returned for display and snippets
    url = Keyword(index=False)
    body = Text(index=False)
    title_lemmas = Text(analyzer="whitespace")  # the shared pipeline's lemmas: positions kept for phrases
    tags_lemmas = Text(analyzer="whitespace")
    body_lemmas = Text(analyzer="whitespace")
    suggest = SearchAsYouType(analyzer="whitespace")  # folded words of title and tags, for suggestions
    tags = Keyword()
    theme = Keyword()
    oblast = Keyword()
    audience = Keyword()
    date = Date(format="yyyy-MM-dd")
    year = Integer()
    boost = Float()
    content_hash = Keyword(index=False)  # for `search_index verify`

    class Meta:
        dynamic = MetaField("strict")


def index_body(aliases=()):
    """Settings, mappings (and aliases) of a new concrete index, as elasticsearch-dsl serialises them."""
    index = Index("unused")
    index.settings(number_of_shards=1, auto_expand_replicas="0-1", max_result_window=MAX_RESULT_WINDOW)
    index.document(IndexedDocument)
    for alias in aliases:
        index.aliases(**{alias: {}})
    return index.to_dict()


def content_hash(doc: Document):
    return hashlib.sha256(json.dumps(asdict(doc), sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


def source_of(doc: Document):
    title_lemmas, tags_lemmas, body_lemmas, suggest = fts_columns(doc)
    return {
        "key": doc.key, "type": doc.type, "title": doc.title, "url": doc.url, "body": doc.body,
        "title_lemmas": title_lemmas, "tags_lemmas": tags_lemmas, "body_lemmas": body_lemmas, "suggest": suggest,
        "tags": list(doc.tags), "theme": doc.theme or None, "oblast": doc.oblast or None, "audience": doc.audience,
        "date": doc.date or None, "year": int(doc.date[:4]) if doc.date else None, "boost": float(doc.boost),
        "content_hash": content_hash(doc),
    }


# Errors


class EngineError(SearchUnavailable):
    """The engine answered with an error. A SearchUnavailable, so callers that only care about
    "search cannot answer now" catch every engine failure with one except clause."""

    def __init__(self, message, *, status=None, error_type=""):
        super().__init__(message)
        self.status = status
        self.error_type = error_type or ""


class IndexMissing(EngineError):
    """The index or alias does not exist (yet)."""


def _error_type(body):
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            return error.get("type", "")
        if isinstance(error, str):
            return error
    return ""


def _error_from(status, body, fallback=""):
    kind = _error_type(body) or (fallback if isinstance(fallback, str) else "")
    message = f"engine error {status}: {kind or body!r}"[:500]
    if status == 404 and kind in ("index_not_found_exception", "aliases_not_found_exception", ""):
        return IndexMissing(message, status=status, error_type=kind)
    if isinstance(status, int) and (status >= 500 or status in RETRYABLE_STATUSES):
        return SearchUnavailable(message)
    return EngineError(message, status=status, error_type=kind)


# Transports: the only code that differs between Elasticsearch and OpenSearch.


class Transport:
    """A small set of engine calls, each returning plain dicts and raising SearchUnavailable subclasses."""

    name = "engine"

    def __init__(self, base_url, auth=None, timeout=2.0):
        self.base_url = base_url
        self.auth = auth
        self.timeout = timeout
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = self.make_client()
        return self._client

    def make_client(self):
        raise NotImplementedError

    def translate(self, exc):
        raise NotImplementedError

    def call(self, method, *args, **kwargs):
        try:
            response = method(*args, **kwargs)
        except SearchUnavailable:
            raise
        except Exception as exc:  # the client's own errors become ours
            raise self.translate(exc) from exc
        return getattr(response, "body", response)

    # The calls. Bodies are dicts (the client serialises them); bulk takes a list of action/source dicts.
    # Both clients name these calls and their arguments alike; bulk and update_aliases differ per client.
    def create_index(self, name, body):
        return self.call(self.client.indices.create, index=name, body=body)

    def delete_index(self, name):
        return self.call(self.client.indices.delete, index=name)

    def refresh(self, index):
        return self.call(self.client.indices.refresh, index=index)

    def bulk(self, operations, *, refresh=False, require_alias=False):
        raise NotImplementedError

    def search(self, index, body):
        return self.call(self.client.search, index=index, body=body)

    def count(self, index):
        return self.call(self.client.count, index=index)["count"]

    def get_aliases(self, index_pattern):
        return self.call(self.client.indices.get_alias, index=index_pattern)

    def update_aliases(self, actions):
        raise NotImplementedError

    def cluster_health(self):
        return self.call(self.client.cluster.health)


class ElasticsearchTransport(Transport):
    name = "elasticsearch"

    def make_client(self):
        from elasticsearch import Elasticsearch

        return Elasticsearch(
            self.base_url, basic_auth=self.auth, request_timeout=self.timeout, max_retries=0, retry_on_timeout=False,
        )

    def translate(self, exc):
        from elastic_transport import TransportError as ConnectionLevelError
        from elasticsearch import ApiError

        if isinstance(exc, ApiError):
            return _error_from(exc.meta.status if exc.meta else None, exc.body, exc.message)
        if isinstance(exc, ConnectionLevelError):  # refused, timed out, TLS failure
            return SearchUnavailable(f"{self.name} unreachable: {exc.__class__.__name__}")
        return SearchUnavailable(f"{self.name} failed: {exc.__class__.__name__}: {exc}"[:500])

    def bulk(self, operations, *, refresh=False, require_alias=False):
        client = self.client.options(request_timeout=max(self.timeout, BULK_TIMEOUT))
        return self.call(client.bulk, operations=operations, refresh=refresh, require_alias=require_alias)

    def update_aliases(self, actions):
        return self.call(self.client.indices.update_aliases, actions=actions)


class OpenSearchTransport(Transport):
    name = "opensearch"

    def make_client(self):
        from opensearchpy import OpenSearch

        parts = urlsplit(self.base_url)
        https = parts.scheme == "https"
        return OpenSearch(
            hosts=[{"host": parts.hostname, "port": parts.port or 9200}], http_auth=self.auth, use_ssl=https,
            verify_certs=https, timeout=self.timeout, max_retries=0, retry_on_timeout=False, pool_maxsize=10,
        )

    def translate(self, exc):
        from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
        from opensearchpy.exceptions import TransportError

        if isinstance(exc, OpenSearchConnectionError):  # refused, timed out, TLS failure
            return SearchUnavailable(f"{self.name} unreachable: {exc.__class__.__name__}")
        if isinstance(exc, TransportError):
            status = exc.status_code if isinstance(exc.status_code, int) else None
            return _error_from(status, exc.info, exc.error)
        return SearchUnavailable(f"{self.name} failed: {exc.__class__.__name__}: {exc}"[:500])

    def bulk(self, operations, *, refresh=False, require_alias=False):
        return self.call(
            self.client.bulk, body=operations, refresh="true" if refresh else "false",
            require_alias="true" if require_alias else "false", request_timeout=max(self.timeout, BULK_TIMEOUT),
        )

    def update_aliases(self, actions):
        return self.call(self.client.indices.update_aliases, body={"actions": actions})


TRANSPORTS = {"elasticsearch": ElasticsearchTransport, "opensearch": OpenSearchTransport}


# The index


@dataclass
class AliasState:
    """The concrete indices of a prefix and which alias each one holds."""

    live: list = field(default_factory=list)  # indices behind the alias <prefix> (normally exactly one)
    building: list = field(default_factory=list)  # indices behind <prefix>-rebuilding (a rebuild in progress)
    others: list = field(default_factory=list)  # leftovers: neither live nor being built
    all: list = field(default_factory=list)


@dataclass
class Outcome:
    """What became of one key in a bulk write: "ok" (acknowledged, and in the live index), "hold" (written,
    but the outbox row must stay for a rebuild to replay), or "error" (rejected by the engine)."""

    status: str
    error: str = ""


class EngineIndex:
    """Index, search and manage documents in the engine through a transport. The backend class in
    cop.search.backends delegates here; the method signatures are those of the embedded backend."""

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
            self.transport.create_index(f"{self.prefix}-{INITIAL_INDEX_SUFFIX}", index_body(aliases=[self.alias]))
        except EngineError as exc:
            if exc.error_type != "resource_already_exists_exception":
                raise
        self._alias_ready = True

    def create_concrete(self, name, *, aliases=()):
        self.transport.create_index(name, index_body(aliases=aliases))

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
            ops.append(source_of(doc))
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
        search = Search().extra(size=0)
        for position, term in enumerate(terms):
            search.aggs.bucket(f"t{position}", A("filter", Q("multi_match", query=term, fields=list(LEMMA_FIELDS))))
        response = self.transport.search(index or self.alias, search.to_dict())
        aggregations = response.get("aggregations", {})
        return {term for position, term in enumerate(terms) if aggregations.get(f"t{position}", {}).get("doc_count")}

    def text_query(self, query, known=frozenset()):
        """The full-text part: every term (or any, for a relaxed query) in title, tags or body, phrases
        in order, typo tolerance for unknown long words, minus the excluded words."""
        clauses = []
        for term in query.terms:
            options = {"query": term, "fields": BOOSTED_FIELDS}
            if len(term) >= FUZZY_MIN_LENGTH and term not in known:
                options.update(fuzziness=FUZZINESS, prefix_length=1, max_expansions=20)
            clauses.append(Q("multi_match", **options))
        for phrase in query.phrases:
            text = " ".join(phrase)
            clauses.append(Q("bool", minimum_should_match=1, should=[
                Q("match_phrase", title_lemmas={"query": text, "boost": TITLE_BOOST}),
                Q("match_phrase", tags_lemmas={"query": text, "boost": TAGS_BOOST}),
                Q("match_phrase", body_lemmas={"query": text, "boost": BODY_BOOST}),
            ]))
        if query.match_all:
            text_query = Q("bool", must=clauses)
        else:
            text_query = Q("bool", should=clauses, minimum_should_match=1)
        excluded = [Q("multi_match", query=term, fields=list(LEMMA_FIELDS)) for term in query.excluded]
        if excluded:
            text_query = Q("bool", must=[text_query], must_not=excluded)
        return text_query

    def scored_query(self, text_query):
        """Relevance × the document's boost × a mild recency factor, like the embedded backend."""
        scored = text_query
        if RECENCY_BOOST:
            # 1 + RECENCY_BOOST × (1 - age / RECENCY_DAYS), never below 1; documents without a date get 1.
            scored = Q("function_score", query=scored, score_mode="sum", boost_mode="multiply", functions=[
                {"weight": 1.0},
                {"filter": Q("exists", field="date").to_dict(), "weight": RECENCY_BOOST,
                 "linear": {"date": {"origin": "now", "scale": f"{RECENCY_DAYS // 2}d", "decay": 0.5}}},
            ])
        return Q("function_score", query=scored, boost_mode="multiply", functions=[
            {"field_value_factor": {"field": "boost", "missing": 1.0}},
        ])

    def search_body(self, query, *, audiences, filters=None, sort="relevance", offset=0, limit=20, known=frozenset()):
        filters = filters or {}
        search = Search().query(self.scored_query(self.text_query(query, known)))
        search = search.filter("terms", audience=list(audiences))
        for name in ("type", "theme", "oblast"):
            if filters.get(name):
                search = search.filter("term", **{name: filters[name]})
        if filters.get("tag"):
            search = search.filter("term", tags=filters["tag"])
        if filters.get("year"):
            search = search.filter("term", year=int(filters["year"]))
        by_date = {"date": {"order": "desc", "missing": "_last"}}
        search = search.sort(*([by_date, "_score"] if sort == "date" else ["_score", by_date]), {"key": {"order": "asc"}})
        offset, limit = max(0, int(offset)), max(0, int(limit))
        if offset >= MAX_RESULT_WINDOW:
            offset, limit = 0, 0  # beyond what the engine pages through: the count and facets only
        limit = min(limit, MAX_RESULT_WINDOW - offset)
        search = search.extra(from_=offset, size=limit, track_total_hits=True, track_scores=True)
        search = search.source(["key", "type", "title", "url", "date", "theme", "tags", "body"])
        for name, field_name in FACET_FIELDS:
            search.aggs.bucket(name, A("terms", field=field_name, size=FACET_SIZE))
        return search.to_dict()

    def search(self, query, *, audiences, filters=None, sort="relevance", offset=0, limit=20):
        empty_facets = {name: {} for name, _field in FACET_FIELDS}
        if not audiences:
            return 0, [], empty_facets
        try:
            long_terms = [t for t in query.terms if len(t) >= FUZZY_MIN_LENGTH]
            known = self.known_terms(long_terms)
            body = self.search_body(query, audiences=audiences, filters=filters, sort=sort, offset=offset, limit=limit, known=known)
            response = self.transport.search(self.alias, body)
        except IndexMissing:
            return 0, [], empty_facets
        except EngineError:
            logger.exception("search: the %s engine refused a query", self.transport.name)
            raise
        hits = response.get("hits", {})
        total = hits.get("total", 0)
        total = total.get("value", 0) if isinstance(total, dict) else total
        results = []
        for hit in hits.get("hits", []):
            source = hit.get("_source", {})
            title, body = source.get("title", ""), source.get("body", "")
            results.append({
                "key": source.get("key", hit.get("_id")), "type": source.get("type"), "title": title,
                "url": source.get("url", ""), "date": source.get("date") or "", "theme": source.get("theme") or "",
                "tags": source.get("tags") or [], "score": round(hit.get("_score") or 0.0, 4),
                "snippet": highlight(body or title, query), "title_html": highlight(title, query, whole=True),
            })
        aggregations = response.get("aggregations", {})
        facets = {
            name: {str(bucket["key"]): bucket["doc_count"] for bucket in aggregations.get(name, {}).get("buckets", [])}
            for name, _field in FACET_FIELDS
        }
        return total, results, facets

    def suggest_body(self, typed, *, audiences, limit=8):
        search = Search().query(Q(
            "multi_match", query=" ".join(typed), type="bool_prefix", operator="and",
            fields=["suggest", "suggest._2gram", "suggest._3gram"],
        ))
        search = search.filter("terms", audience=list(audiences)).filter("terms", type=list(SUGGEST_TYPES))
        return search.source(["title", "url"]).extra(size=limit).to_dict()

    def suggest(self, prefix, *, audiences, limit=8):
        typed = typed_words(prefix)
        if not typed or not audiences:
            return []
        try:
            response = self.transport.search(self.alias, self.suggest_body(typed, audiences=audiences, limit=limit))
        except IndexMissing:
            return []
        except EngineError:
            logger.exception("suggest: the %s engine refused a query", self.transport.name)
            raise
        return [
            {"text": hit["_source"].get("title", ""), "url": hit["_source"].get("url", "")}
            for hit in response.get("hits", {}).get("hits", [])
        ]


def _missing_alias(info):
    error = info.get("error")
    return isinstance(error, dict) and error.get("type") == "index_not_found_exception"
