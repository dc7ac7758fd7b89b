"""Hybrid search's vector half on the engine backend: the VectorStore contract (tests/search_contract.py) against
the real OpenSearch in SEARCH_TEST_OPENSEARCH_URL (with the k-NN plugin: see ops/opensearch), and what only the
engine has: a vector index apart from the words' alias, an older index without the translation fields, the
Elasticsearch request shape, the engine unreachable.

Skipped locally without SEARCH_TEST_OPENSEARCH_URL, a failure on CI (see tests/test_search_contract.py).
"""

import json
import uuid

import pytest

from cop.search.backends import EngineSearchBackend, SearchUnavailable
from cop.search.engine import mapping
from cop.search.query import parse

from .search_contract import EVERYONE, TRANSLATED, VectorStoreContract, engine_url_or_skip, rows, unit
from .test_search_engine import closed_port, fake_elasticsearch


@pytest.fixture(scope="module")
def engine_url():
    return engine_url_or_skip()


class TestOpenSearchVectorStore(VectorStoreContract):
    @pytest.fixture(scope="class")
    @classmethod
    def engine_backend(cls):
        url = engine_url_or_skip()
        backend = EngineSearchBackend(url, prefix=f"cop-test-{uuid.uuid4().hex[:12]}")
        assert backend.name == "opensearch", "SEARCH_TEST_OPENSEARCH_URL must be an opensearch:// URL"
        backend.engine.ensure_index()
        yield backend
        backend.engine.drop_all()

    @pytest.fixture
    def backend(self, engine_backend):
        engine_backend.clear()
        engine_backend.refresh()
        return engine_backend


@pytest.fixture
def engine(engine_url):
    backend = EngineSearchBackend(engine_url, prefix=f"cop-test-{uuid.uuid4().hex[:12]}")
    backend.engine.ensure_index()
    yield backend
    backend.engine.drop_all()


def test_vectors_live_apart_from_the_words_and_survive_an_alias_swap(engine):
    engine.index_documents(TRANSLATED)
    engine.index_vectors("practice:31", model="a", digest="d31", vectors=rows(unit(1), unit(0, 1)))
    engine.refresh()
    index = engine.engine
    state = index.alias_state()
    assert index.vector_index not in state.all and len(state.live) == 1
    aliases = index.transport.get_aliases(f"{index.prefix}-*")
    assert aliases[index.vector_index]["aliases"] == {index.vector_alias: {}}
    properties = index.transport.get_mapping(index.vector_alias)[index.vector_index]["mappings"]["properties"]
    assert properties["vector_384"] == {"type": "knn_vector", "dimension": 384, "method": {
        "engine": "lucene", "space_type": "cosinesimil", "name": "hnsw", "parameters": {}}}
    hits = index.transport.search(index.vector_alias, {"query": {"term": {"key": "practice:31"}}, "sort": ["passage"]})
    assert [hit["_id"] for hit in hits["hits"]["hits"]] == ["practice:31#0", "practice:31#1"]

    # what `search_index rebuild` does: load a new concrete index, swap the alias, drop the old one
    new = index.concrete_name()
    index.create_concrete(new, aliases=[index.marker])
    index.load(new, TRANSLATED)
    for old in index.swap_alias(new):
        index.drop_index(old)
    engine.refresh()
    assert [key for key, _s, _p in engine.search_vectors(unit(1), model="a", limit=5)] == ["practice:31"]
    assert set(engine.fetch(["practice:31"], audiences=["public"])) == {"practice:31"}


def test_a_vector_of_another_size_gets_a_field_of_its_own(engine):
    engine.index_vectors("practice:1", model="a", digest="d", vectors=rows(unit(1)))
    engine.index_vectors("practice:2", model="small", digest="d", vectors=rows(unit(1, dims=8)))
    engine.refresh()
    assert engine.engine.vector_dims(reload=True) == {384, 8}
    assert [(k, round(s, 4)) for k, s, _p in engine.search_vectors(unit(1, dims=8), model="small", limit=5)] == [
        ("practice:2", 1.0)]
    assert engine.vectors_of("practice:2", model="small").shape == (1, 8)


def test_search_results_carry_language_and_group(engine):
    engine.index_documents(TRANSLATED)
    engine.refresh()
    results = engine.search(parse("budget"), audiences=EVERYONE)[1]
    assert [(r["key"], r["language"], r["group"]) for r in results] == [("practice:32", "en", "g1")]


def test_an_index_made_before_the_translation_fields_takes_them_on_first_write(engine_url):
    prefix = f"cop-test-{uuid.uuid4().hex[:12]}"
    old_body = mapping.index_body(aliases=[prefix])
    for name in ("language", "group"):
        del old_body["mappings"]["properties"][name]
    writer = EngineSearchBackend(engine_url, prefix=prefix)
    try:
        writer.engine.transport.create_index(f"{prefix}-20240101000000000000", old_body)
        writer.engine.transport.bulk([{"index": {"_index": prefix, "_id": "practice:1"}},
                                      {"key": "practice:1", "type": "practice", "title": "Old", "audience": "public"}],
                                     refresh=True)
        assert writer.translations(["g1"], language="en", audiences=EVERYONE) == {}  # the field is unknown: nothing
        assert writer.fetch(["practice:1"], audiences=EVERYONE)["practice:1"]["language"] == ""
        writer.index_documents(TRANSLATED)  # strict mapping: this would be rejected without the upgrade
        writer.refresh()
        found = writer.translations(["g1"], language="en", audiences=EVERYONE)
        assert found["g1"]["key"] == "practice:32"
        properties = writer.engine.transport.get_mapping(prefix)[f"{prefix}-20240101000000000000"]["mappings"]["properties"]
        assert properties["group"] == {"type": "keyword"} and properties["language"] == {"type": "keyword"}
    finally:
        writer.engine.drop_all()


def test_engine_unreachable_raises_search_unavailable():
    backend = EngineSearchBackend(f"opensearch://127.0.0.1:{closed_port()}", prefix="cop-test-closed")
    with pytest.raises(SearchUnavailable):
        backend.search_vectors(unit(1), model="a", limit=10)
    with pytest.raises(SearchUnavailable):
        backend.fetch(["practice:1"], audiences=["public"])
    with pytest.raises(SearchUnavailable):
        backend.translations(["g1"], language="en", audiences=["public"])
    with pytest.raises(SearchUnavailable):
        backend.index_vectors("practice:1", model="a", digest="d", vectors=rows(unit(1)))


def test_the_elasticsearch_knn_request_and_its_scores():
    hits = [
        {"_id": "practice:1#1", "_score": 0.95, "_source": {"key": "practice:1", "passage": 1}},
        {"_id": "practice:1#0", "_score": 0.9, "_source": {"key": "practice:1", "passage": 0}},
        {"_id": "practice:2#0", "_score": 0.5, "_source": {"key": "practice:2", "passage": 0}},
    ]
    responses = {
        ("GET", "/es-test-vectors/_mapping"): (200, {"es-test-vectors-v1": {"mappings": {"properties": {
            "key": {"type": "keyword"}, "vector_4": {"type": "dense_vector", "dims": 4}}}}}),
        ("*", "/es-test-vectors/_search"): (200, {"hits": {"total": {"value": 3, "relation": "eq"}, "hits": hits}}),
        ("*", "/es-test/_search"): (200, {"hits": {"total": {"value": 1, "relation": "eq"}, "hits": [
            {"_id": "practice:1", "_source": {"key": "practice:1", "type": "practice", "title": "T", "url": "/p/1",
                                              "year": 2020, "date": "2020-01-01", "language": "uk", "group": "g"}}]}}),
    }
    with fake_elasticsearch(responses) as (port, requests):
        backend = EngineSearchBackend(f"elasticsearch://127.0.0.1:{port}", prefix="es-test")
        found = backend.search_vectors(unit(1, dims=4), model="m", limit=10)
        assert [(key, round(score, 4), passage) for key, score, passage in found] == [
            ("practice:1", 0.9, 1), ("practice:2", 0.0, 0)]  # (1 + cos) / 2 back to cos, one hit per key
        body = json.loads([r for r in requests if r["path"] == "/es-test-vectors/_search"][-1]["body"])
        assert body["knn"] == {"field": "vector_4", "query_vector": [1.0, 0.0, 0.0, 0.0], "k": 40,
                               "num_candidates": 100, "filter": {"term": {"model": "m"}}}
        assert body["size"] == 40 and "query" not in body

        item = backend.fetch(["practice:1"], audiences=["public"], filters={"type": "practice", "year": 2020})
        assert item["practice:1"]["year"] == 2020 and item["practice:1"]["oblast"] == ""
        body = json.loads([r for r in requests if r["path"] == "/es-test/_search"][-1]["body"])
        assert body["query"]["bool"]["filter"] == [
            {"terms": {"key": ["practice:1"]}}, {"terms": {"audience": ["public"]}}, {"term": {"type": "practice"}},
            {"term": {"year": 2020}}]

    assert mapping.vector_field_mapping("elasticsearch", 384) == {
        "type": "dense_vector", "dims": 384, "index": True, "similarity": "cosine", "index_options": {"type": "hnsw"}}
    assert "knn" not in mapping.vector_index_body("elasticsearch", dims=[384])["settings"]["index"]
