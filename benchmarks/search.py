"""Benchmark of the unified search on a generated Ukrainian corpus, beside Wagtail's own database search backend.

    make bench-search                                   # 100,000 documents, both backends
    make bench-search BENCH_ARGS="--docs 20000 --queries 50 --skip-wagtail --json /tmp/bench.json"

Not a timed test: it prints figures against targets (rebuild >= 1,000 documents/s, query p95 <= 30 ms) with
PASS/MISS and exits 0 unless it fails to run. Everything happens in a temporary folder, with no server.

Embedded backend (cop.search.embedded): a rebuild of a fresh index file in write transactions of 2,000 documents, as
`search_index rebuild` does (timed: analysis, SQLite and tantivy; generating the corpus is not timed), its size on
disk, then the query sets of benchmarks/corpus.py as the search page runs them (parse, search with facets,
highlights and 20 results, the relaxed retry when nothing matches every word) for a member (public and
members documents), and suggestions.

Wagtail reference: the same documents as a benchmark-only model (benchmarks/wagtail_reference) indexed by
`wagtail.search.backends.database` (SQLite FTS5 on SQLite) with its rebuilder in chunks of 1,000, as
`update_index` does, and the same queries through `backend.search(text, queryset)` (a filtered queryset
for the "+filter" classes): first 20 results and the count, as a paginated Wagtail search view does.

A query that runs longer than --timeout seconds is interrupted and counted at the timeout (its percentiles
are then shown as ">=" lower bounds), and a query class stops after --budget seconds: the queries are in
random order, so the ones measured are a random sample (the report says how many ran).

tantivy (`--tantivy`, tantivy 0.27 from requirements-bench.txt): the same documents analysed by our pipeline
(cop.search.analysis) into a tantivy index with the same field weights, filters and facets as fast fields, and
the same queries as the search page would run them there (top 20 with the exact count, one aggregation for the
five facets, the stored documents of the page with our highlights): the embedded engine built for top-k
retrieval, measured beside ours on the same corpus.

Each backend runs in a process of its own, so that its peak memory is its own.
"""

import argparse
import importlib.metadata
import gc
import itertools
import json
import math
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_DOCS_PER_S = 1000
TARGET_P95_MS = 30.0
EMBEDDED_BATCH = 2000  # documents per write transaction, as `search_index rebuild` (WRITE_BATCH)
WAGTAIL_CHUNK = 1000  # as Wagtail's `update_index`
PAGE_SIZE = 20
AUDIENCES = ["public", "members"]  # a member's search: the larger of the two document sets
DEFAULT_TIMEOUT_S = 5.0
DEFAULT_BUDGET_S = 60.0


# ------------------------------------------------------------------------------------------------ helpers
def percentile(values, fraction):
    """Nearest-rank percentile of a list of numbers (fraction 0..1)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def summarise(timings_ms, totals=None, found=None, timed_out_ms=(), planned=None):
    """p50/p95/max of the timings; hit rates over the queries that finished. Timed-out queries are in the
    timings at the time they were stopped, so a percentile that reaches them is a lower bound ("censored")."""
    summary = {"n": len(timings_ms), "planned": planned if planned is not None else len(timings_ms), "timeouts": len(timed_out_ms)}
    shortest_timeout = min(timed_out_ms, default=math.inf)
    for name, fraction in (("p50", 0.50), ("p95", 0.95)):
        value = percentile(timings_ms, fraction)
        summary[f"{name}_ms"] = round(value, 2) if value is not None else None
        summary[f"{name}_censored"] = value is not None and value >= shortest_timeout
    summary["max_ms"] = round(max(timings_ms), 2) if timings_ms else None
    summary["max_censored"] = bool(timed_out_ms)
    summary["mean_ms"] = round(statistics.fmean(timings_ms), 2) if timings_ms else None
    if totals is not None:
        finished = [t for t in totals if t is not None]
        summary["with_hits"] = round(sum(1 for t in finished if t > 0) / len(finished), 3) if finished else None
        summary["median_total"] = statistics.median(finished) if finished else None
    if found is not None:
        finished = [f for f in found if f is not None]
        summary["source_in_top20"] = round(sum(finished) / len(finished), 3) if finished else None
    return summary


class Deadline:
    """An SQLite progress handler that interrupts the running statement once the deadline has passed."""

    def __init__(self):
        self.at = None

    def __call__(self):
        return 1 if self.at is not None and time.perf_counter() > self.at else 0


def _interrupted(exc):
    return "interrupt" in str(exc).lower()


def time_queries(items, run, deadline, *, timeout, budget, errors, label="", progress=None):
    """Run `run(item) -> (total, source_found)` for each item under a per-query timeout and a time budget."""
    timings, totals, found, timed_out = [], [], [], []
    started = time.perf_counter()
    for item in items:
        if timings and time.perf_counter() - started > budget:
            break
        start = time.perf_counter()
        deadline.at = start + timeout
        try:
            total, hit = run(item)
        except errors as exc:
            if not _interrupted(exc):
                raise
            total, hit = None, None
            timed_out.append((time.perf_counter() - start) * 1000)
        finally:
            deadline.at = None
        timings.append((time.perf_counter() - start) * 1000)
        totals.append(total)
        found.append(hit)
    summary = summarise(timings, totals, found, timed_out_ms=timed_out, planned=len(items))
    if progress:
        progress(f"  {label}: p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, {summary['n']} queries, {len(timed_out)} timeouts")
    return summary


def current_rss_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def peak_rss_mb():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def file_size_mb(path):
    total = sum(os.path.getsize(p) for p in (path, f"{path}-wal", f"{path}-journal") if os.path.exists(p))
    return round(total / (1024 * 1024), 1)


def say(message):
    print(message, file=sys.stderr, flush=True)


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo") as meminfo:
            memory = round(int(meminfo.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": cpu or platform.processor(), "cores": os.cpu_count(), "memory_gib": memory,
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# ------------------------------------------------------------------------------------------------ embedded
def bench_embedded(n_docs, query_sets, prefixes, workdir, seed, *, batch_size=EMBEDDED_BATCH,
                   timeout=DEFAULT_TIMEOUT_S, budget=DEFAULT_BUDGET_S, progress=say):
    """Rebuild a fresh embedded index of `n_docs` corpus documents in `workdir`, then time the queries.

    Returns the "embedded" part of the report.
    """
    from benchmarks import corpus
    from cop.search import analysis
    from cop.search import query as query_module
    from cop.search.embedded import EmbeddedIndex

    relaxed = getattr(query_module, "relaxed", None)
    corpus.vocabulary()  # built before anything is measured
    gc.collect()
    baseline_rss = current_rss_mb()
    path = str(Path(workdir) / "embedded-index.sqlite3")
    index = EmbeddedIndex(path)
    index.clear()

    indexing, done = 0.0, 0
    started = time.perf_counter()
    for batch in batches(corpus.cached_documents(n_docs, seed, workdir), batch_size):  # generating a batch is not timed
        generated = time.perf_counter()
        index.upsert(batch)
        indexing += time.perf_counter() - generated
        done += len(batch)
        if progress and (done % 10_000 == 0 or done == n_docs):
            progress(f"  embedded: {done:,}/{n_docs:,} documents, {done / indexing:,.0f}/s")
    wall = time.perf_counter() - started
    count = index.count()
    rss_after_rebuild = current_rss_mb()
    cache = {}
    for name in ("lemma", "word_lemmas"):
        function = getattr(analysis, name, None)
        if hasattr(function, "cache_info"):
            info = function.cache_info()
            cache[name] = {"hits": info.hits, "misses": info.misses, "size": info.currsize, "maxsize": info.maxsize,
                           "hit_rate": round(info.hits / max(info.hits + info.misses, 1), 4)}
    index_terms = index._conn.execute("SELECT count(*) FROM vocab").fetchone()[0]
    del index
    gc.collect()

    # Queries go through a fresh connection, as in a web process (the operating system's file cache is warm).
    index = EmbeddedIndex(path)
    deadline = Deadline()
    index._conn.set_progress_handler(deadline, 10_000)

    def search(item):
        parsed = query_module.parse(item.text)
        total, results, _facets = index.search(parsed, audiences=AUDIENCES, filters=item.filters, limit=PAGE_SIZE)
        if total == 0 and relaxed is not None and (wider := relaxed(parsed)) is not None:
            total, results, _facets = index.search(wider, audiences=AUDIENCES, filters=item.filters, limit=PAGE_SIZE)
        return total, any(r.get("key") == item.source for r in results)

    errors = (sqlite3.OperationalError,)
    queries_report = {
        cls: time_queries(items, search, deadline, timeout=timeout, budget=budget, errors=errors,
                          label=f"embedded {cls}", progress=progress)
        for cls, items in query_sets.items()
    }

    def suggest(prefix):
        return len(index.suggest(prefix, audiences=AUDIENCES)), None

    suggest_report = time_queries(prefixes, suggest, deadline, timeout=timeout, budget=budget, errors=errors,
                                  label="embedded suggest", progress=progress)
    return {
        "backend": "embedded (cop.search.embedded: SQLite record + tantivy top-k, pymorphy3 lemmas)",
        "documents": count,
        "rebuild": {
            "seconds": round(indexing, 2), "docs_per_s": round(n_docs / indexing, 1) if indexing else None,
            "batch": batch_size, "wall_seconds_with_generation": round(wall, 2),
            "generation_seconds": round(wall - indexing, 2),
        },
        "index_mb": file_size_mb(path),
        "index_terms": index_terms,
        "lemma_cache": cache,
        "queries": queries_report,
        "suggest": suggest_report,
        "memory": {"baseline_rss_mb": baseline_rss, "rss_after_rebuild_mb": rss_after_rebuild,
                   "rss_after_queries_mb": current_rss_mb(), "peak_rss_mb": peak_rss_mb()},
    }


# ------------------------------------------------------------------------------------------------ tantivy
TANTIVY_FIELDS = (("title", 8.0), ("tags", 5.0), ("body", 1.0))  # the embedded index's column weights


def _tantivy_weight(doc, today):
    """The embedded ranking's boost x recency as a weight for tantivy's `weight_by_field`, which multiplies the
    score by log2(2 + weight): weight = 2**factor - 2 gives the same factor (recency as of indexing time)."""
    from datetime import date as date_type

    from cop.search.embedded import RECENCY_BOOST, RECENCY_DAYS

    age = RECENCY_DAYS
    if doc.date:
        age = (today - date_type.fromisoformat(doc.date[:10])).days
    factor = doc.boost * (1.0 + RECENCY_BOOST * max(0.0, 1.0 - age / RECENCY_DAYS))
    return max(0.0, 2.0 ** factor - 2.0)


def tantivy_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    for name, _weight in TANTIVY_FIELDS:  # lemmas, analysed by cop.search.analysis as for the embedded index
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in ("type", "theme", "oblast", "audience", "tag"):  # filters and facets: fast fields, one term each
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_unsigned_field("year", indexed=True, fast=True)
    builder.add_float_field("weight", fast=True)
    builder.add_bytes_field("stored", stored=True)  # what a result shows: key, title, url, date, tags, body
    return builder.build()


def tantivy_document(doc, today):
    import tantivy

    from cop.search.embedded import fts_columns

    title, tags, body, _suggest = fts_columns(doc)
    document = tantivy.Document()
    for name, value in (("title", title), ("tags", tags), ("body", body), ("type", doc.type), ("audience", doc.audience),
                        ("theme", doc.theme), ("oblast", doc.oblast), *(("tag", tag) for tag in doc.tags)):
        if value:
            document.add_text(name, value)
    document.add_float("weight", _tantivy_weight(doc, today))
    if doc.date:
        document.add_unsigned("year", int(doc.date[:4]))
    stored = {"key": doc.key, "type": doc.type, "title": doc.title, "url": doc.url, "date": doc.date,
              "theme": doc.theme, "tags": doc.tags, "body": doc.body}
    document.add_bytes("stored", json.dumps(stored, ensure_ascii=False).encode())
    return document


def tantivy_query(schema, parsed, audiences, filters):
    """The embedded index's query in tantivy: every term (all of them, or any for the relaxed retry) in the
    title, tags or body with the same weights, phrases in any of them, exclusions, the reader's audiences and
    the filters as non-scoring clauses. (No typo expansion: the corpus's query words are all in the index.)"""
    from tantivy import Occur, Query

    def in_fields(make):
        return Query.boolean_query([(Occur.Should, Query.boost_query(make(name), weight)) for name, weight in TANTIVY_FIELDS])

    positive = [in_fields(lambda name, t=term: Query.term_query(schema, name, t)) for term in parsed.terms]
    positive += [in_fields(lambda name, p=phrase: Query.phrase_query(schema, name, p)) for phrase in parsed.phrases]
    occur = Occur.Must if parsed.match_all else Occur.Should
    clauses = [(Occur.Must, Query.boolean_query([(occur, q) for q in positive]))]
    for term in parsed.excluded:
        clauses.append((Occur.MustNot, in_fields(lambda name, t=term: Query.term_query(schema, name, t))))
    not_scored = [Query.boolean_query([(Occur.Should, Query.term_query(schema, "audience", a)) for a in audiences])]
    for name in ("type", "theme", "oblast"):
        if filters.get(name):
            not_scored.append(Query.term_query(schema, name, filters[name]))
    if filters.get("tag"):
        not_scored.append(Query.term_query(schema, "tag", filters["tag"]))
    if filters.get("year"):
        not_scored.append(Query.term_query(schema, "year", int(filters["year"])))
    clauses += [(Occur.Must, Query.const_score_query(q, 0.0)) for q in not_scored]
    return Query.boolean_query(clauses)


TANTIVY_FACETS = {name: {"terms": {"field": field, "size": 30}}
                  for name, field in (("type", "type"), ("theme", "theme"), ("tag", "tag"), ("oblast", "oblast"), ("year", "year"))}


def bench_tantivy(n_docs, query_sets, workdir, seed, *, batch_size=EMBEDDED_BATCH,
                  timeout=DEFAULT_TIMEOUT_S, budget=DEFAULT_BUDGET_S, progress=say):
    """The same corpus and queries in tantivy (Rust, block-max WAND top-k, fast fields), as the search page
    would use it: our analysis, then one search for the top 20 and the exact count, one aggregation for the five
    facets, the 20 stored documents with our highlights. Returns the "tantivy" part of the report."""
    from datetime import date as date_type

    import tantivy

    from benchmarks import corpus
    from cop.search import query as query_module
    from cop.search.embedded import highlight

    corpus.vocabulary()
    gc.collect()
    baseline_rss = current_rss_mb()
    path = Path(workdir) / "tantivy-index"
    path.mkdir()
    schema = tantivy_schema()
    index = tantivy.Index(schema, path=str(path))
    # One indexing thread beside this one (the machine has two cores), as one worker process would run it.
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    today = date_type.today()
    indexing, done = 0.0, 0
    started = time.perf_counter()
    for batch in batches(corpus.cached_documents(n_docs, seed, workdir), batch_size):
        generated = time.perf_counter()
        for doc in batch:
            writer.add_document(tantivy_document(doc, today))
        indexing += time.perf_counter() - generated
        done += len(batch)
        if progress and (done % 10_000 == 0 or done == n_docs):
            progress(f"  tantivy: {done:,}/{n_docs:,} documents, {done / indexing:,.0f}/s")
    generated = time.perf_counter()
    writer.commit()
    writer.wait_merging_threads()
    indexing += time.perf_counter() - generated
    wall = time.perf_counter() - started
    rss_after_rebuild = current_rss_mb()
    index.reload()
    searcher = index.searcher()
    count = searcher.num_docs
    relaxed = query_module.relaxed

    def page(parsed, filters):
        q = tantivy_query(schema, parsed, AUDIENCES, filters)
        result = searcher.search(q, limit=PAGE_SIZE, count=True, weight_by_field="weight")
        facets = searcher.aggregate(q, TANTIVY_FACETS)
        results = []
        for _score, address in result.hits:
            stored = json.loads(searcher.doc(address)["stored"][0])
            stored["snippet"] = highlight(stored["body"] or stored["title"], parsed)
            stored["title_html"] = highlight(stored["title"], parsed, whole=True)
            results.append(stored)
        return result.count, results, facets

    def search(item):
        parsed = query_module.parse(item.text)
        total, results, _facets = page(parsed, item.filters)
        if total == 0 and (wider := relaxed(parsed)) is not None:
            total, results, _facets = page(wider, item.filters)
        return total, any(r["key"] == item.source for r in results)

    deadline = Deadline()  # tantivy cannot be interrupted: no query ever came near the timeout
    queries_report = {
        cls: time_queries(items, search, deadline, timeout=timeout, budget=budget, errors=(),
                          label=f"tantivy {cls}", progress=progress)
        for cls, items in query_sets.items()
    }
    return {
        "backend": f"tantivy {importlib.metadata.version('tantivy')} (Python bindings; our analysis)",
        "documents": count,
        "rebuild": {
            "seconds": round(indexing, 2), "docs_per_s": round(n_docs / indexing, 1) if indexing else None,
            "batch": batch_size, "wall_seconds_with_generation": round(wall, 2),
            "generation_seconds": round(wall - indexing, 2),
        },
        "index_mb": round(sum(f.stat().st_size for f in path.iterdir() if f.is_file()) / 2**20, 1),
        "segments": searcher.num_segments,
        "queries": queries_report,
        "memory": {"baseline_rss_mb": baseline_rss, "rss_after_rebuild_mb": rss_after_rebuild,
                   "rss_after_queries_mb": current_rss_mb(), "peak_rss_mb": peak_rss_mb()},
    }


# ------------------------------------------------------------------------------------------------ Wagtail
def setup_wagtail(workdir):
    """Django with benchmarks.settings in `workdir`: a fresh SQLite database with Wagtail's search tables
    (its migrations create the FTS5 table) and the benchmark model's table; the site's other tables are not
    needed."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["COP_BENCH_DIR"] = str(workdir)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "wagtailsearch", verbosity=0, interactive=False)
    call_command("migrate", "bench_wagtail_reference", run_syncdb=True, verbosity=0, interactive=False)


def bench_wagtail(n_docs, query_sets, workdir, seed, *, chunk_size=WAGTAIL_CHUNK,
                  timeout=DEFAULT_TIMEOUT_S, budget=DEFAULT_BUDGET_S, progress=say):
    """Index the same corpus with Wagtail's database search backend and time the same queries.

    Needs setup_wagtail(workdir) first. Returns the "wagtail" part of the report.
    """
    import django.db
    from django.conf import settings
    from django.db import connection, transaction
    from wagtail.search.backends import get_search_backend

    from benchmarks import corpus
    from benchmarks.wagtail_reference.models import BenchDocument

    corpus.vocabulary()
    gc.collect()
    baseline_rss = current_rss_mb()

    # The rows exist before indexing, as pages do on a Wagtail site (not timed).
    started = time.perf_counter()
    for batch in batches(corpus.cached_documents(n_docs, seed, workdir), chunk_size):
        BenchDocument.objects.bulk_create([BenchDocument.from_document(doc) for doc in batch])
    rows_seconds = time.perf_counter() - started
    if progress:
        progress(f"  wagtail: {n_docs:,} rows written in {rows_seconds:.0f} s (not timed); indexing")

    # Indexing as `update_index` does it (objects read in chunks of 1,000, each added with the backend's
    # add_bulk, all in one transaction as its atomic rebuilder does); the index starts empty, so the
    # rebuilder's clean-up of stale entries has nothing to do and is left out.
    backend = get_search_backend("default")
    started = time.perf_counter()
    done, last_pk = 0, 0
    with transaction.atomic():
        while chunk := list(BenchDocument.objects.filter(pk__gt=last_pk).order_by("pk")[:chunk_size]):
            backend.add_bulk(BenchDocument, chunk)
            last_pk = chunk[-1].pk
            done += len(chunk)
            if progress and (done % 10_000 == 0 or done == n_docs):
                progress(f"  wagtail: {done:,}/{n_docs:,} documents, {done / (time.perf_counter() - started):,.0f}/s")
    indexing = time.perf_counter() - started
    rss_after_rebuild = current_rss_mb()
    index_bytes = None
    with connection.cursor() as cursor:
        if "dbstat" in {row[0] for row in cursor.execute("SELECT name FROM pragma_module_list")}:
            # Wagtail's index: the index entries table, its FTS5 tables and their indexes.
            index_bytes = cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%indexentry%'").fetchone()[0]

    connection.ensure_connection()
    deadline = Deadline()
    connection.connection.set_progress_handler(deadline, 10_000)

    def search(item):
        queryset = BenchDocument.objects.filter(**item.filters) if item.filters else BenchDocument.objects.all()
        results = backend.search(item.text, queryset)
        page = list(results[:PAGE_SIZE])
        return results.count(), any(doc.key == item.source for doc in page)

    errors = (django.db.OperationalError, sqlite3.OperationalError)
    queries_report = {
        cls: time_queries(items, search, deadline, timeout=timeout, budget=budget, errors=errors,
                          label=f"wagtail {cls}", progress=progress)
        for cls, items in query_sets.items()
    }
    return {
        "backend": "Wagtail database search backend (modelsearch, SQLite FTS5)",
        "documents": BenchDocument.objects.count(),
        "rebuild": {"seconds": round(indexing, 2), "docs_per_s": round(n_docs / indexing, 1) if indexing else None,
                    "batch": chunk_size, "rows_written_seconds": round(rows_seconds, 2)},
        "index_mb": round(index_bytes / (1024 * 1024), 1) if index_bytes else None,
        "database_mb": file_size_mb(settings.DATABASES["default"]["NAME"]),
        "queries": queries_report,
        "suggest": None,
        "memory": {"baseline_rss_mb": baseline_rss, "rss_after_rebuild_mb": rss_after_rebuild,
                   "rss_after_queries_mb": current_rss_mb(), "peak_rss_mb": peak_rss_mb()},
    }


# ------------------------------------------------------------------------------------------------ report
def verdict(value, target, higher_is_better):
    if value is None:
        return "n/a"
    return "PASS" if (value >= target if higher_is_better else value <= target) else "MISS"


def _ms(summary, name):
    value = summary.get(f"{name}_ms")
    if value is None:
        return "-"
    text = f"{value:,.0f}" if value >= 100 else f"{value:.1f}"
    return (">=" + text) if summary.get(f"{name}_censored") else text


def _latency(summary):
    return f"{_ms(summary, 'p50')} / {_ms(summary, 'p95')} / {_ms(summary, 'max')}"


def _sample(summary):
    text = f"{summary['n']}"
    if summary["n"] < summary["planned"]:
        text += f" of {summary['planned']}"
    if summary["timeouts"]:
        text += f", {summary['timeouts']} t/o"
    return text


def _hits(summary):
    if summary.get("with_hits") is None:
        return "- (none finished)"
    text = f"{summary['with_hits']:.0%} / {summary['source_in_top20']:.0%}"
    finished = summary["n"] - summary["timeouts"]
    return text + (f" (of {finished})" if finished < summary["n"] else "")


def format_report(report):
    from benchmarks.corpus import QUERY_CLASSES

    embedded, wagtail, tv = report["embedded"], report.get("wagtail"), report.get("tantivy")
    m = report["machine"]
    lines = [
        f"Search benchmark: {report['documents']:,} documents, up to {report['queries_per_class']} queries per class, "
        f"seed {report['seed']}, corpus {report['corpus_fingerprint']}, timeout {report['timeout_s']:g} s, budget {report['budget_s']:g} s per class",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB RAM; Python {m['python']}, SQLite {m['sqlite']}; "
        f"load average at start {m['load_average']}",
        "",
    ]
    width = 34
    header = f"{'':{width}} {'embedded':>24} {'target':>10} {'':>4}"
    if wagtail:
        header += f" {'Wagtail database':>24}"
    if tv:
        header += f" {'tantivy':>24}"
    lines += [header, "-" * len(header)]

    def row(label, embedded_value, target="", result="", wagtail_value="", tantivy_value=""):
        line = f"{label:{width}} {embedded_value:>24} {target:>10} {result:>4}"
        if wagtail:
            line += f" {wagtail_value:>24}"
        if tv:
            line += f" {tantivy_value:>24}"
        lines.append(line)

    rate = embedded["rebuild"]["docs_per_s"]
    row("rebuild, documents/s", f"{rate:,.0f}", f">= {TARGET_DOCS_PER_S:,}", verdict(rate, TARGET_DOCS_PER_S, True),
        f"{wagtail['rebuild']['docs_per_s']:,.0f}" if wagtail else "", f"{tv['rebuild']['docs_per_s']:,.0f}" if tv else "")
    row("rebuild, s", f"{embedded['rebuild']['seconds']:,.1f}", "", "", f"{wagtail['rebuild']['seconds']:,.1f}" if wagtail else "",
        f"{tv['rebuild']['seconds']:,.1f}" if tv else "")
    row("index on disk, MB", f"{embedded['index_mb']:,.1f}", "", "", f"{wagtail['index_mb'] or wagtail['database_mb']:,.1f}" if wagtail else "",
        f"{tv['index_mb']:,.1f}" if tv else "")
    row("query latency p50 / p95 / max, ms", "", "", "", "")
    for cls in QUERY_CLASSES:
        e = embedded["queries"][cls]
        w = wagtail["queries"][cls] if wagtail else None
        censored = e["p95_censored"]
        row(f"  {cls}", _latency(e), f"p95 <= {TARGET_P95_MS:.0f}", "MISS" if censored else verdict(e["p95_ms"], TARGET_P95_MS, False),
            _latency(w) if w else "", _latency(tv["queries"][cls]) if tv else "")
    row("queries run (of planned, timeouts)", "", "", "", "")
    for cls in QUERY_CLASSES:
        row(f"  {cls}", _sample(embedded["queries"][cls]), "", "", _sample(wagtail["queries"][cls]) if wagtail else "",
            _sample(tv["queries"][cls]) if tv else "")
    row("found anything / source in top 20", "", "", "", "")  # over the queries that finished
    for cls in QUERY_CLASSES:
        row(f"  {cls}", _hits(embedded["queries"][cls]), "", "", _hits(wagtail["queries"][cls]) if wagtail else "",
            _hits(tv["queries"][cls]) if tv else "")
    s = embedded["suggest"]
    row("suggestions p50 / p95 / max, ms", _latency(s), f"p95 <= {TARGET_P95_MS:.0f}",
        verdict(s["p95_ms"], TARGET_P95_MS, False), "(not measured)" if wagtail else "")
    em, wm = embedded["memory"], (wagtail["memory"] if wagtail else None)
    tm = tv["memory"] if tv else None
    row("peak RSS, MB", f"{em['peak_rss_mb']:,.0f}", "", "", f"{wm['peak_rss_mb']:,.0f}" if wm else "", f"{tm['peak_rss_mb']:,.0f}" if tm else "")
    row("  RSS before indexing, MB", f"{em['baseline_rss_mb']:,.0f}", "", "", f"{wm['baseline_rss_mb']:,.0f}" if wm else "",
        f"{tm['baseline_rss_mb']:,.0f}" if tm else "")
    caches = embedded.get("lemma_cache", {})
    name = "word_lemmas" if "word_lemmas" in caches else "lemma"  # the outer cache: what a word costs
    if name in caches:
        info = caches[name]
        row("lemma cache hit rate (entries)", f"{info['hit_rate']:.1%} ({info['size']:,})", "", "", "")
    row("distinct terms in the index", f"{embedded['index_terms']:,}", "", "", "")
    lines += [
        "",
        f"Not timed: generating the corpus, {embedded['rebuild']['generation_seconds']:.0f} s"
        + (f"; writing the Wagtail model's rows, {wagtail['rebuild']['rows_written_seconds']:.0f} s" if wagtail else "") + ".",
        "Embedded query: parse + search with facets, highlights, 20 results (+ relaxed retry), member audiences. "
        "Wagtail query: backend.search(), first 20 results + count.",
    ]
    if tv:
        lines.append("tantivy query: the same parse, one search (top 20 + exact count), one aggregation for the five facets, "
                     "the 20 stored documents with the same highlights; rebuild = our analysis + tantivy's writer (1 thread) + commit.")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ running
def worker(backend, args):
    """One backend, in this process; writes its part of the report to args.worker_out."""
    from benchmarks import corpus

    workdir = Path(args.workdir)
    started = time.perf_counter()
    query_sets = corpus.queries(args.seed, per_class=args.queries, corpus_size=args.docs)
    say(f"  {backend}: vocabulary and {sum(len(v) for v in query_sets.values())} queries ready in {time.perf_counter() - started:.1f} s")
    options = {"timeout": args.timeout, "budget": args.budget}
    if backend == "embedded":
        prefixes = corpus.suggest_prefixes(args.seed, count=args.queries, corpus_size=args.docs)
        part = bench_embedded(args.docs, query_sets, prefixes, workdir, args.seed, **options)
    elif backend == "tantivy":
        part = bench_tantivy(args.docs, query_sets, workdir, args.seed, **options)
    else:
        setup_wagtail(workdir)
        part = bench_wagtail(args.docs, query_sets, workdir, args.seed, **options)
    Path(args.worker_out).write_text(json.dumps(part, ensure_ascii=False, indent=1))


def run_worker(backend, args, workdir):
    out = Path(workdir) / f"{backend}.json"
    command = [
        sys.executable, str(Path(__file__).resolve()), "--worker", backend, "--workdir", str(workdir),
        "--worker-out", str(out), "--docs", str(args.docs), "--queries", str(args.queries), "--seed", str(args.seed),
        "--timeout", str(args.timeout), "--budget", str(args.budget),
    ]
    subprocess.run(command, check=True, cwd=str(ROOT))
    return json.loads(out.read_text())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="corpus size (default 100000)")
    parser.add_argument("--queries", type=int, default=200, help="queries per class (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="corpus seed (default benchmarks.corpus.DEFAULT_SEED)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="per-query timeout, s (default 5)")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET_S, help="time budget per query class, s (default 60)")
    parser.add_argument("--skip-wagtail", action="store_true", help="only the embedded backend")
    parser.add_argument("--json", metavar="PATH", help="also write the report as JSON")
    parser.add_argument("--tantivy", action="store_true",
                        help="also the same corpus and queries in tantivy (requirements-bench.txt), beside the embedded index")
    parser.add_argument("--worker", choices=["embedded", "wagtail", "tantivy"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    from benchmarks import corpus

    if args.seed is None:
        args.seed = corpus.DEFAULT_SEED
    if args.worker:
        worker(args.worker, args)
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="cop-bench-search-"))
    # The corpus's vocabulary reads the demo texts, which read the settings (the workers set Django up themselves).
    os.environ.setdefault("COP_BENCH_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    try:
        report = {
            "documents": args.docs, "queries_per_class": args.queries, "seed": args.seed,
            "timeout_s": args.timeout, "budget_s": args.budget, "machine": machine(),
            "targets": {"rebuild_docs_per_s": TARGET_DOCS_PER_S, "query_p95_ms": TARGET_P95_MS},
        }
        # The vocabulary is built once here and read by both workers.
        os.environ[corpus.VOCABULARY_CACHE_ENV] = str(workdir / "vocabulary.pickle")
        started = time.perf_counter()
        report["corpus_fingerprint"] = corpus.fingerprint()
        say(f"Corpus vocabulary built in {time.perf_counter() - started:.1f} s (fingerprint {report['corpus_fingerprint']}); working folder {workdir}")
        say(f"Embedded backend, {args.docs:,} documents")
        report["embedded"] = run_worker("embedded", args, workdir)
        if args.tantivy:
            say(f"tantivy, {args.docs:,} documents")
            report["tantivy"] = run_worker("tantivy", args, workdir)
        if not args.skip_wagtail:
            say(f"Wagtail database backend, {args.docs:,} documents")
            report["wagtail"] = run_worker("wagtail", args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(format_report(report), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
