"""The search backend contract (tests/search_contract.py) run against each backend.

TestEmbeddedContract always runs. TestOpenSearchContract runs against the real engine whose URL is in
SEARCH_TEST_OPENSEARCH_URL (e.g. opensearch://127.0.0.1:9250, from `bash ops/opensearch/opensearch.sh
start 9250`): skipped locally without it, a failure when CI=true. Each engine test class uses an index
prefix of its own (unique per run), dropped at teardown.
"""

import uuid

import pytest

from cop.search.backends import EmbeddedSearchBackend, EngineSearchBackend

from .search_contract import SearchBackendContract, engine_url_or_skip


class TestEmbeddedContract(SearchBackendContract):
    @pytest.fixture
    def backend(self):
        return EmbeddedSearchBackend(path=":memory:")


class TestOpenSearchContract(SearchBackendContract):
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

    def test_the_index_is_behind_the_alias(self, engine_backend):
        state = engine_backend.engine.alias_state()
        assert len(state.live) == 1 and state.building == [] and state.others == []
