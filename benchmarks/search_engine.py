"""Benchmark of the engine backend (Elasticsearch / OpenSearch) on the same corpus and queries as
benchmarks/search.py, to show the overhead of our layer over the raw engine.

    bash ops/opensearch/opensearch.sh start 9250
    make bench-search-engine BENCH_ENGINE_ARGS="--url opensearch://127.0.0.1:9250"
    .venv/bin/python benchmarks/search_engine.py --url opensearch://127.0.0.1:9250 --docs 20000 --queries 50

Not a timed test: it prints figures against the target and exits 0 unless it fails to run. It writes into
an index of its own (prefix `cop-bench-<random>`), dropped at the end.

Reported:
- bulk indexing throughput: the shared analysis (lemmas) plus bulk requests of 500 documents, as the
  worker and `search_index rebuild` send them; the analysis share is shown separately;
- for each query class (1, 2, 4 words, with and without a filter): our layer's latency end to end
  (`EngineSearchBackend.search`: query building with elasticsearch-dsl, the known-terms request for typo
  tolerance, the search with facets, snippets in Python) and the engine's own `took` summed over the
  requests of that search;
- one loopback round trip (`GET /` on the node), median of 50;
- the target of the search-at-scale issue: our p95 within 1.5 × the engine's p95 `took` plus one round trip.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BULK_BATCH = 500
PAGE_SIZE = 20
AUDIENCES = ["public", "members"]


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def setup_django(timeout):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.test")
    import django
    from django.conf import settings

    django.setup()
    settings.SEARCH_TIMEOUT = timeout


def round_trip_ms(base_url, n=50):
    times = []
    for _ in range(n):
        started = time.perf_counter()
        with urllib.request.urlopen(base_url + "/", timeout=10) as response:
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(args):
    setup_django(args.timeout)
    from benchmarks.corpus import cached_documents, documents, queries
    from cop.search.analysis import clear_caches
    from cop.search.backends import EngineSearchBackend
    from cop.search.embedded import fts_columns
    from cop.search.query import QueryError, parse

    prefix = f"cop-bench-{uuid.uuid4().hex[:8]}"
    backend = EngineSearchBackend(args.url, prefix=prefix)
    engine = backend.engine
    report = {"url": args.url, "documents": args.docs, "queries_per_class": args.queries, "prefix": prefix}
    try:
        engine.ensure_index()
        shared = os.environ.get("BENCH_CORPUS_DIR")  # make bench: the search part's corpus, not generated again
        corpus = list(cached_documents(args.docs, args.seed, shared) if shared else documents(args.docs, seed=args.seed))
        # The analysis alone, from cold lemma caches (the share of indexing spent in Python's pipeline).
        clear_caches()
        a = time.perf_counter()
        for doc in corpus:
            fts_columns(doc)
        analysis_s = time.perf_counter() - a
        clear_caches()
        started = time.perf_counter()  # indexing from cold caches, as a fresh worker or rebuild does
        for start in range(0, len(corpus), BULK_BATCH):
            batch = corpus[start:start + BULK_BATCH]
            backend.apply_changes(batch, [])
            done = start + len(batch)
            if done % 10_000 == 0 or done == len(corpus):
                print(f"  indexed {done}/{len(corpus)}", file=sys.stderr)
        backend.refresh()
        total_s = time.perf_counter() - started
        report["indexing"] = {
            "seconds": round(total_s, 2), "docs_per_s": round(len(corpus) / total_s, 1),
            "analysis_seconds": round(analysis_s, 2), "count": engine.count(),
        }

        report["round_trip_ms"] = round(round_trip_ms(backend.base_url), 2)

        tooks = []
        real_search = engine.transport.search

        def recording_search(index, body):
            response = real_search(index, body)
            tooks.append(response.get("took", 0))
            return response

        engine.transport.search = recording_search
        report["queries"] = {}
        for cls, items in queries(seed=args.seed, per_class=args.queries, corpus_size=args.docs).items():
            ours, took, hits = [], [], 0
            for item in items:
                try:
                    parsed = parse(item.text)
                except QueryError:
                    continue
                tooks.clear()
                started = time.perf_counter()
                total, _results, _facets = backend.search(parsed, audiences=AUDIENCES, filters=item.filters, limit=PAGE_SIZE)
                ours.append((time.perf_counter() - started) * 1000)
                took.append(sum(tooks))
                hits += total > 0
            report["queries"][cls] = {
                "n": len(ours), "with_hits": round(hits / max(len(ours), 1), 3),
                "ours_p50_ms": round(percentile(ours, 0.5), 2), "ours_p95_ms": round(percentile(ours, 0.95), 2),
                "took_p50_ms": round(percentile(took, 0.5), 2), "took_p95_ms": round(percentile(took, 0.95), 2),
            }
        engine.transport.search = real_search
    finally:
        engine.drop_all()
    return report


def format_report(report):
    rtt = report["round_trip_ms"]
    lines = [
        f"Engine backend benchmark: {report['documents']:,} documents at {report['url']}",
        f"  bulk indexing: {report['indexing']['docs_per_s']:,.0f} documents/s "
        f"({report['indexing']['seconds']} s; the analysis alone takes {report['indexing']['analysis_seconds']} s); "
        f"{report['indexing']['count']:,} documents in the index",
        f"  loopback round trip: {rtt} ms",
        "",
        f"  {'class':<11} {'n':>4} {'ours p50':>9} {'ours p95':>9} {'took p50':>9} {'took p95':>9} {'target p95':>11}  verdict",
    ]
    for cls, q in report["queries"].items():
        target = 1.5 * q["took_p95_ms"] + rtt
        verdict = "PASS" if q["ours_p95_ms"] <= target else "MISS"
        lines.append(
            f"  {cls:<11} {q['n']:>4} {q['ours_p50_ms']:>8.1f}m {q['ours_p95_ms']:>8.1f}m {q['took_p50_ms']:>8.1f}m "
            f"{q['took_p95_ms']:>8.1f}m {target:>10.1f}m  {verdict}"
        )
    lines.append("  (ms; took = the engine's own time summed over the requests of one search; "
                 "target = 1.5 × took p95 + one round trip)")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("SEARCH_TEST_OPENSEARCH_URL", "opensearch://127.0.0.1:9200"))
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per class")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per engine request")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    report = run(args)
    print(format_report(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
