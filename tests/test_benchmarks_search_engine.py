"""The engine benchmark's machinery on a tiny corpus against the real node (no timing assertions)."""

import argparse

import pytest

from benchmarks import search_engine

from .search_contract import engine_url_or_skip


@pytest.mark.slow
def test_engine_benchmark_reports_every_query_class_and_cleans_up(settings):
    url = engine_url_or_skip()
    settings.SEARCH_TIMEOUT = 2  # run() raises it; through the fixture it is restored afterwards
    args = argparse.Namespace(url=url, docs=300, queries=5, seed=7, timeout=30.0, json=None)
    report = search_engine.run(args)
    assert report["indexing"]["count"] == 300 and report["indexing"]["docs_per_s"] > 0
    assert set(report["queries"]) == {"1w", "1w+filter", "2w", "2w+filter", "4w", "4w+filter"}
    for figures in report["queries"].values():
        assert figures["n"] == 5 and figures["with_hits"] >= 0.6
        assert figures["ours_p95_ms"] >= figures["ours_p50_ms"] > 0
        assert figures["took_p95_ms"] >= figures["took_p50_ms"] >= 0
    text = search_engine.format_report(report)
    assert "target p95" in text and ("PASS" in text or "MISS" in text)
    from cop.search.backends import EngineSearchBackend

    assert EngineSearchBackend(url, prefix=report["prefix"]).engine.alias_state().all == []
