"""The hybrid search benchmark on a couple of hundred documents: it runs end to end with the real embedder and
reports both modes. No timing assertions: the figures are the benchmark's business."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_semantic_benchmark_reports_words_only_and_hybrid(tmp_path):
    out = tmp_path / "semantic.json"
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "semantic.py"), "--docs", "120", "--real-passages", "6",
         "--queries", "2", "--skip-relevance", "--json", str(out)],
        cwd=str(ROOT), capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(out.read_text())
    embedding = report["embedding"]
    assert embedding["passages"] >= 6 and embedding["passages_per_s"] > 0 and embedding["dim"] > 0
    (size,) = report["sizes"]
    assert size["documents"] == 120 and size["real_documents"] + size["synthetic_documents"] == 120
    assert 0 < size["real_documents"] < 120  # a few real, the rest made from them
    assert size["index"]["vectors_bytes"] == size["passages"] * embedding["dim"] * 4
    assert size["semantic_states"] == {"on": size["queries"]}  # every hybrid query really used the vectors
    for name in ("words", "hybrid", "embed", "hybrid_without_embed", "vector_scan"):
        assert size["latency"][name]["n"] == size["queries"], name
    assert size["latency"]["hybrid"]["p50_ms"] >= size["latency"]["embed"]["p50_ms"]
    assert "SYNTHETIC" in completed.stdout and "words only" in completed.stdout and "hybrid" in completed.stdout
