"""The search benchmark on a few hundred documents: deterministic corpus, query sets that find documents, and a
complete report for both backends. No timing assertions: the figures are the benchmark's business."""

import json
import os
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from benchmarks import corpus, search
from cop.search.analysis import APOSTROPHES, CANONICAL_APOSTROPHE, fold, words
from cop.search.embedded import Document

ROOT = Path(__file__).resolve().parent.parent
DOCS = 300
SEED = 7
PER_CLASS = 10


@pytest.fixture(scope="module")
def query_sets():
    return corpus.queries(SEED, per_class=PER_CLASS, corpus_size=DOCS)


def test_corpus_is_deterministic_and_a_prefix_of_larger_corpora():
    first = list(corpus.documents(40, seed=SEED))
    assert first == list(corpus.documents(40, seed=SEED))
    assert first[:15] == list(corpus.documents(15, seed=SEED))
    assert first != list(corpus.documents(40, seed=SEED + 1))
    assert corpus.queries(SEED, per_class=3, corpus_size=DOCS) == corpus.queries(SEED, per_class=3, corpus_size=DOCS)
    assert corpus.fingerprint() == corpus.vocabulary().fingerprint


def test_a_cached_corpus_is_generated_once_and_read_back_the_same(tmp_path, monkeypatch):
    monkeypatch.delenv("BENCH_CORPUS_DIR", raising=False)
    generated = list(corpus.cached_documents(2_500, SEED, tmp_path))  # more than one pickled chunk of 1,000
    assert generated == list(corpus.documents(2_500, seed=SEED))
    [written] = tmp_path.glob("corpus-*.pickle")
    monkeypatch.setattr(corpus, "documents", lambda *args, **kwargs: pytest.fail("generated again"))
    assert list(corpus.cached_documents(2_500, SEED, tmp_path)) == generated
    stopped = corpus.cached_documents(2_500, SEED + 1, tmp_path / "other")
    (tmp_path / "other").mkdir()
    monkeypatch.undo()
    next(stopped)
    stopped.close()  # a reader that stopped early leaves no file that looks complete
    assert not list((tmp_path / "other").glob("*.pickle"))


def test_corpus_looks_like_the_community_content():
    docs = list(corpus.documents(DOCS, seed=SEED))
    assert all(isinstance(d, Document) for d in docs)
    assert len({d.key for d in docs}) == DOCS
    assert {d.type for d in docs} == {"practice", "resource", "event", "topic", "post"}
    assert {d.audience for d in docs} == {"public", "members"}
    assert {int(d.date[:4]) for d in docs} <= set(range(2020, 2026))
    assert len({d.theme for d in docs if d.theme}) == 7
    for d in docs:
        assert 5 <= len(d.title.split()) <= 12
        assert 80 <= len(d.body.split()) <= 250
        assert len(d.tags) <= 4
        assert d.oblast == "" or d.type in ("practice", "resource", "event")
    forms = [w for d in docs for w in words(f"{d.title} {d.body}")]
    # Many inflected forms, not a few hundred words repeated: ~50,000 words give thousands of distinct forms.
    assert len(set(forms)) > 8000
    assert sum(1 for w in forms if any("\u0400" <= ch <= "\u04ff" for ch in w)) > 0.9 * len(forms)


def test_query_sets(query_sets):
    assert list(query_sets) == list(corpus.QUERY_CLASSES)
    for cls, items in query_sets.items():
        assert len(items) == PER_CLASS
        for item in items:
            assert len(item.text.split()) == int(cls[0])
            assert bool(item.filters) == cls.endswith("+filter")
            assert item.source
    assert len(corpus.suggest_prefixes(SEED, count=12, corpus_size=DOCS)) == 12


@pytest.fixture(scope="module")
def embedded_report(tmp_path_factory, query_sets):
    prefixes = corpus.suggest_prefixes(SEED, count=PER_CLASS, corpus_size=DOCS)
    workdir = tmp_path_factory.mktemp("embedded")
    report = search.bench_embedded(DOCS, query_sets, prefixes, workdir, SEED, progress=None)
    assert (workdir / "embedded-index.sqlite3").exists()
    return report


def test_embedded_benchmark_report(embedded_report):
    report = embedded_report
    assert report["documents"] == DOCS
    assert report["rebuild"]["docs_per_s"] > 0 and report["index_mb"] > 0
    for cls in corpus.QUERY_CLASSES:
        figures = report["queries"][cls]
        assert figures["p50_ms"] is not None and figures["p95_ms"] >= figures["p50_ms"]
        assert figures["n"] == PER_CLASS
        assert figures["with_hits"] >= 0.8  # the words come from the documents: most queries find them
    assert report["suggest"]["p95_ms"] is not None
    assert report["memory"]["peak_rss_mb"] > 0


@pytest.mark.slow
def test_wagtail_reference_and_the_printed_report(tmp_path, embedded_report):
    vocabulary = tmp_path / "vocabulary.pickle"
    corpus.save_vocabulary(vocabulary)
    out = tmp_path / "wagtail.json"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "search.py"), "--worker", "wagtail", "--workdir", str(tmp_path),
         "--worker-out", str(out), "--docs", str(DOCS), "--queries", str(PER_CLASS), "--seed", str(SEED)],
        check=True, cwd=ROOT, timeout=120, capture_output=True,
        env={**os.environ, corpus.VOCABULARY_CACHE_ENV: str(vocabulary), "DJANGO_SETTINGS_MODULE": "benchmarks.settings"},
    )
    wagtail = json.loads(out.read_text())
    assert wagtail["documents"] == DOCS
    assert wagtail["rebuild"]["docs_per_s"] > 0
    for cls in corpus.QUERY_CLASSES:
        assert wagtail["queries"][cls]["p50_ms"] is not None and wagtail["queries"][cls]["p95_ms"] is not None
    # Without Ukrainian morphology it finds less, but a one-word query still finds documents.
    assert wagtail["queries"]["1w"]["with_hits"] > 0

    report = {
        "documents": DOCS, "queries_per_class": PER_CLASS, "seed": SEED, "corpus_fingerprint": corpus.fingerprint(),
        "timeout_s": 5, "budget_s": 60, "machine": search.machine(), "embedded": embedded_report, "wagtail": wagtail,
    }
    text = search.format_report(report)
    for cls in corpus.QUERY_CLASSES:
        assert f"  {cls} " in text
    assert "rebuild, documents/s" in text and "Wagtail database" in text
    assert "PASS" in text or "MISS" in text


def _reference_fold(text):
    """fold() before its fast path (the benchmark made it faster; the result must not change)."""
    text = unicodedata.normalize("NFD", text.translate(str.maketrans({a: CANONICAL_APOSTROPHE for a in APOSTROPHES})).casefold())
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" and (unicodedata.category(ch) != "Mn" or ch in "\u0306\u0308"))
    return unicodedata.normalize("NFC", text)


def test_fold_fast_path_gives_the_same_result():
    rng = random.Random(3)
    special = "\n\t\r\u0306\u0308\u0301\u0316\u0483\u00ad\u200b\ufeff йїЙЇёЁ'’ʼ`´‘ΣςİßŉИ\u0306і\u0308é"
    samples = ["Об'єднання громад: Йосипівка, ЇЖАК — naïve café\nрядок\tтаб", "ВИБОРИ 2020 року", ""]
    for _ in range(5000):
        samples.append("".join(
            rng.choice(special) if rng.random() < 0.4 else chr(rng.randrange(0x400, 0x530) if rng.random() < 0.5 else rng.randrange(0, 0x3000))
            for _ in range(rng.randint(1, 16))
        ))
    for text in samples:
        assert fold(text) == _reference_fold(text), repr(text)
