"""`make bench`: every benchmark of issue #15 end to end, each budget with its measured value and PASS/MISS, in one
dated results file.

    .venv/bin/python benchmarks/bench.py [--scale 100k|10k|1k] [--skip postgres,engine,wagtail,tantivy,semantic]
                                         [--results docs/benchmarks]

In order, each in a process of its own (its peak memory and its failures its own):

1. pages on SQLite (benchmarks/pages.py): the demo content, the generated community of the scale, the search
   index rebuilt from the database (documents/s, peak memory against demo size), every page's server time through
   Django's test client (page cache off and on) and through gunicorn with the production settings, SQL queries at
   demo size and at scale, the write path, page weight, and the load test (locust, 32 users);
2. the same on PostgreSQL: a throwaway server from the machine's own binaries (as .ci/run starts one), or the
   database of BENCH_DATABASE_URL;
3. search at the scale's document count on the embedded backend beside Wagtail's database backend
   (benchmarks/search.py; the reference's queries are a time-bounded random sample), and the same corpus and
   queries in tantivy, an embedded engine built for top-k retrieval, side by side (not a budget: the measurement
   behind the choice of the embedded index, docs/performance.md);
4. the engine backend on a fresh OpenSearch node (ops/opensearch/opensearch.sh; needs Java and Maven), our p95
   against the engine's own `took` (benchmarks/search_engine.py);
5. hybrid search (benchmarks/semantic.py) at 1,000 documents.

Writes docs/benchmarks/<date>-bench-<scale>.md: the machine (CPUs, memory, load average before and after),
how long each part took, the budget table, then each part's own report. Exit code 1 when a budget is missed,
2 when a part fails to run (the file still says what ran).
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from server import free_port  # benchmarks/server.py (this folder is on the path of a script run from it)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.community import SCALES  # noqa: E402
from benchmarks.pages import format_report as pages_report  # noqa: E402
from benchmarks.pages import machine  # noqa: E402

PARTS = ("sqlite", "postgres", "search", "wagtail", "tantivy", "engine", "semantic")
SEARCH_PAGE_MS = 100


def cpu_model():
    try:
        return next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown CPU"


def run(command, log, env=None):
    """Run a part; its output goes to the log and to the terminal. Returns (exit code, seconds)."""
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env or os.environ.copy(), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        for line in process.stdout:
            out.write(line)
            if not line.startswith("\r") and "[#" not in line:
                sys.stdout.write("  | " + line)
                sys.stdout.flush()
        process.wait()
    return process.returncode, time.perf_counter() - started


# ------------------------------------------------------------------------------------------------ PostgreSQL
class ThrowawayPostgres:
    """A PostgreSQL server in a temporary folder on a free port, from the machine's Debian binaries, as .ci/run
    starts one (run as the postgres user when we are root). None of it outlives the benchmark."""

    def __init__(self):
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
        if not found:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)")
        self.bindir = found[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="cop-bench-pg-"))
        self.port = free_port(25432)
        self.password = secrets.token_hex(16)
        self.url = f"postgres://cop_bench:{self.password}@127.0.0.1:{self.port}/cop_bench"

    def _as_postgres(self, *command, **kwargs):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], check=True, **kwargs)

    def __enter__(self):
        data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(str(self.bindir / "initdb"), f"--pgdata={data}", "--username=postgres", "--encoding=UTF8",
                          "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", stdout=subprocess.DEVNULL)
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB")
        self._as_postgres(str(self.bindir / "pg_ctl"), f"--pgdata={data}", f"--log={self.folder / 'postgres.log'}",
                          "--wait", "--timeout=60", "-o", options, "start", stdout=subprocess.DEVNULL)
        self._as_postgres(str(self.bindir / "psql"), f"--host={self.folder}", f"--port={self.port}", "--username=postgres",
                          "--dbname=postgres", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
                          "-c", f"CREATE ROLE cop_bench LOGIN CREATEDB PASSWORD '{self.password}'",
                          "-c", "CREATE DATABASE cop_bench OWNER cop_bench", stdout=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc):
        try:
            self._as_postgres(str(self.bindir / "pg_ctl"), f"--pgdata={self.folder / 'data'}", "--mode=fast", "--wait",
                              "stop", stdout=subprocess.DEVNULL)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


# ------------------------------------------------------------------------------------------------ budgets
def page_budgets(report, label):
    """(budget, measured, target, PASS/MISS) rows of a pages.py report."""
    rows = []
    server = report.get("server") or {}
    for name, figures in report["pages"].items():
        http = server.get("uncached", {}).get(name)
        target = f"p95 ≤ {figures['budget']} ms"
        rows.append((f"{label}: {name}, test client", f"{figures['p95']:.1f} ms", target, figures["p95"] <= figures["budget"]))
        if http:
            rows.append((f"{label}: {name}, HTTP", f"{http['p95']:.1f} ms", target, http["p95"] <= figures["budget"]))
    demo = report["demo"]
    from benchmarks.pages import _before

    grown = [name for name, f in report["pages"].items() if (_before(demo, name) or f)["queries"] < f["queries"]]
    rows.append((f"{label}: SQL queries per page, demo → {report['scale']}", "grow: " + (", ".join(grown) or "none"),
                 "none grows", not grown))
    for name, figures in report["writes"].items():
        before = _before(report["writes_demo"], name) or figures
        rows.append((f"{label}: {name}", f"{figures['p95']:.0f} ms, {before['queries']} → {figures['queries']} queries",
                     f"p95 ≤ {figures['budget']} ms, queries flat",
                     figures["p95"] <= figures["budget"] and figures["queries"] <= before["queries"]))
    r, d = report["rebuild"], report["rebuild_demo"]
    from benchmarks.pages import marginal_rate

    rate = marginal_rate(r, d)
    rows.append((f"{label}: search_index rebuild", f"{rate:,.0f} documents/s ({r['documents']:,} in {r['seconds']:.0f} s)",
                 "≥ 1,000 /s", rate >= 1000))
    rows.append((f"{label}: rebuild peak memory over demo size", f"+{r['peak_mb'] - d['peak_mb']:.0f} MB ({r['peak_mb']:.0f} MB)",
                 "≤ +100 MB", r["peak_mb"] - d["peak_mb"] <= 100))
    for name, w in report["weight"].items():
        rows.append((f"{label}: page weight, {name}", f"{w['total_wire'] / 1024:.1f} KB", "≤ 60 KB", w["total_wire"] <= 60 * 1024))
    load = server.get("load", {}).get("Aggregated")
    if load:
        rows.append((f"{label}: load test, 32 users", f"{load['rps']:.1f} req/s, p50 {load['p50']:.0f} / p95 {load['p95']:.0f} / "
                     f"p99 {load['p99']:.0f} ms, {load['failures']} errors", "0 errors", load["failures"] == 0))
    return rows


def search_budgets(report):
    rows = []
    embedded, wagtail = report["embedded"], report.get("wagtail")
    for cls, q in embedded["queries"].items():
        target = 50.0 if cls.startswith("1w") else 30.0  # the most common words: 50 ms; two and four words: 30 ms
        ratio = ""
        if wagtail and wagtail["queries"].get(cls, {}).get("p95_ms"):
            w = wagtail["queries"][cls]
            ratio = f"; Wagtail DB {'≥ ' if w['p95_censored'] else ''}{w['p95_ms']:,.0f} ms ({'≥ ' if w['p95_censored'] else ''}" \
                    f"{w['p95_ms'] / max(q['p95_ms'], 0.01):,.0f}× ours)"
        rows.append((f"search {report['documents']:,} docs: {cls}", f"{q['p95_ms']:.1f} ms{ratio}", f"p95 ≤ {target:.0f} ms",
                     not q["p95_censored"] and q["p95_ms"] <= target))
    s = embedded["suggest"]
    rows.append((f"search {report['documents']:,} docs: suggestions", f"{s['p95_ms']:.1f} ms", "p95 ≤ 30 ms", s["p95_ms"] <= 30))
    tv = report.get("tantivy")
    if tv:  # the embedded engine built for top-k retrieval, measured beside ours (docs/performance.md: the choice)
        for cls, q in tv["queries"].items():
            ours = embedded["queries"][cls]["p95_ms"]
            rows.append((f"tantivy {report['documents']:,} docs: {cls} (side by side)", f"{q['p95_ms']:.1f} ms "
                         f"(ours {ours:.1f} ms, {ours / max(q['p95_ms'], 0.01):.1f}×)", "reported", True))
        rows.append((f"tantivy {report['documents']:,} docs: our analysis + its writer", f"{tv['rebuild']['docs_per_s']:,.0f} documents/s",
                     "reported", True))
    rate = embedded["rebuild"]["docs_per_s"]
    ratio = f" (Wagtail DB {wagtail['rebuild']['docs_per_s']:,.0f}/s)" if wagtail else ""
    rows.append((f"search {report['documents']:,} docs: index alone, prebuilt documents", f"{rate:,.0f} documents/s{ratio}",
                 "≥ 1,000 /s", rate >= 1000))
    return rows


def engine_budgets(report):
    rows = []
    rtt = report["round_trip_ms"]
    for cls, q in report["queries"].items():
        target = 1.5 * q["took_p95_ms"] + rtt
        rows.append((f"engine {report['documents']:,} docs: {cls}", f"{q['ours_p95_ms']:.1f} ms (took p95 {q['took_p95_ms']:.1f} ms, "
                     f"{q['ours_p95_ms'] / max(q['took_p95_ms'], 0.01):.1f}×)", f"≤ {target:.1f} ms", q["ours_p95_ms"] <= target))
    rows.append((f"engine {report['documents']:,} docs: bulk indexing", f"{report['indexing']['docs_per_s']:,.0f} documents/s "
                 f"(analysis {report['indexing']['analysis_seconds']} of {report['indexing']['seconds']} s)", "reported", True))
    return rows


def semantic_budgets(report):
    rows = []
    for figures in report.get("sizes") or []:
        hybrid = (figures.get("latency") or {}).get("hybrid") or {}
        if hybrid.get("p95_ms") is not None:
            rows.append((f"hybrid search {int(figures['documents']):,} docs", f"{hybrid['p95_ms']:.1f} ms", "p95 ≤ 80 ms", hybrid["p95_ms"] <= 80))
    return rows


# ------------------------------------------------------------------------------------------------ main
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="100k")
    parser.add_argument("--skip", default="", help=f"parts to leave out, comma-separated: {', '.join(PARTS)}")
    parser.add_argument("--results", default=str(ROOT / "docs" / "benchmarks"), help="folder of the dated results file")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--reuse", metavar="FOLDER",
                        help="the working folder of an earlier run (kept when it stopped early, or with --keep): "
                             "parts whose results are there are not run again, the others are")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (its path is printed)")
    args = parser.parse_args(argv)
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    unknown = skip - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    scale = SCALES[args.scale]
    work = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="cop-bench-all-"))
    print(f"working folder: {work}", flush=True)
    durations_file = work / "parts.json"  # how long each part took, for a later --reuse
    durations = json.loads(durations_file.read_text()) if durations_file.exists() else {}
    started, load_before = time.perf_counter(), machine()
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(48))
    os.environ["BENCH_CORPUS_DIR"] = str(work / "corpus")  # generated once, read by the search and engine parts
    (work / "corpus").mkdir(exist_ok=True)
    python = sys.executable
    parts, rows, sections, broken = [], [], [], []

    def part(name, command, env=None, output=None):
        if output is not None and output.exists() and name in durations:
            print(f"== {name}: results of the earlier run in {work}", flush=True)
            parts.append((name, durations[name], 0))
            return 0
        print(f"== {name}", flush=True)
        code, seconds = run(command, work / f"{name}.log", env)
        parts.append((name, seconds, code))
        durations[name] = seconds
        durations_file.write_text(json.dumps(durations))
        return code

    def budgets(name, make, report):
        """The budget rows of a part's report; a report this script cannot read is a broken part, not a crash
        that loses the whole run."""
        try:
            rows.extend(make(report))
        except Exception as exc:  # noqa: BLE001 - any error in reading a report
            broken.append(f"{name}: its report could not be read ({type(exc).__name__}: {exc})")
            print(broken[-1], flush=True)

    def pages_part(label, database=None):
        out = work / f"pages-{label}.json"
        command = [python, "benchmarks/pages.py", "--scale", scale.name, "--json", str(out),
                   "--load-seconds", str(args.load_seconds)] + (["--database", database] if database else [])
        part(f"pages ({label})", command, output=out)
        if not out.exists():
            broken.append(f"pages ({label})")
            return
        report = json.loads(out.read_text(encoding="utf-8"))
        budgets(f"pages ({label})", lambda r: page_budgets(r, label), report)
        sections.append((f"Pages, write path, rebuild, weight and load: {label}", "\n".join(pages_report(report)[0])))

    if "sqlite" not in skip:
        pages_part("SQLite")
    if "postgres" not in skip:
        if (work / "pages-PostgreSQL.json").exists() and "pages (PostgreSQL)" in durations:
            pages_part("PostgreSQL")  # the earlier run's results
        elif os.environ.get("BENCH_DATABASE_URL"):
            pages_part("PostgreSQL", os.environ["BENCH_DATABASE_URL"])
        else:
            try:
                with ThrowawayPostgres() as server:
                    pages_part("PostgreSQL", server.url)
            except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
                broken.append(f"PostgreSQL: {exc}")
                print(f"PostgreSQL not measured: {exc}", flush=True)

    if "search" not in skip:
        out = work / "search.json"
        command = [python, "benchmarks/search.py", "--docs", str(scale.documents), "--queries", "100", "--budget", "10",
                   "--json", str(out)] + (["--skip-wagtail"] if "wagtail" in skip else []) \
            + ([] if "tantivy" in skip else ["--tantivy"])
        part("search (embedded, Wagtail's database backend, tantivy)", command, output=out)
        if out.exists():
            report = json.loads(out.read_text(encoding="utf-8"))
            budgets("search", search_budgets, report)
            from benchmarks.search import format_report

            sections.append(("Search: embedded backend beside Wagtail's database backend", format_report(report)))
        else:
            broken.append("search")

    def engine_report(out):
        """The engine part's budgets and section from its report, or the part marked broken without one."""
        if not out.exists():
            broken.append("engine")
            return
        report = json.loads(out.read_text(encoding="utf-8"))
        budgets("engine", engine_budgets, report)
        from benchmarks.search_engine import format_report

        sections.append(("Engine backend: our layer against the engine's own took", format_report(report)))

    if "engine" not in skip and (work / "engine.json").exists() and "engine (OpenSearch)" in durations:
        part("engine (OpenSearch)", [], output=work / "engine.json")
        engine_report(work / "engine.json")
    elif "engine" not in skip:
        port = free_port(9290)
        env = {**os.environ, "OPENSEARCH_WORK": str(work / "opensearch"), "OPENSEARCH_HEAP": "1g"}
        print("== OpenSearch: start", flush=True)
        start = subprocess.run(["bash", "ops/opensearch/opensearch.sh", "start", "--fresh", str(port)], cwd=ROOT, env=env,
                               capture_output=True, text=True)
        if start.returncode == 0:
            try:
                out = work / "engine.json"
                part("engine (OpenSearch)", [python, "benchmarks/search_engine.py", "--url", f"opensearch://127.0.0.1:{port}",
                                             "--docs", str(scale.documents), "--queries", "100", "--json", str(out)])
                engine_report(out)
            finally:
                subprocess.run(["bash", "ops/opensearch/opensearch.sh", "stop", str(port)], cwd=ROOT, env=env,
                               capture_output=True)
        else:
            broken.append("OpenSearch did not start: " + start.stderr.strip().splitlines()[-1:][0] if start.stderr.strip() else "OpenSearch did not start")
            print(broken[-1], flush=True)

    if "semantic" not in skip:
        out = work / "semantic.json"
        part("hybrid search", [python, "benchmarks/semantic.py", "--docs", "1000", "--real-passages", "100", "--json", str(out)], output=out)
        if out.exists():
            report = json.loads(out.read_text(encoding="utf-8"))
            budgets("hybrid search", semantic_budgets, report)
            sections.append(("Hybrid search (words and meaning)", (work / "hybrid search.log").read_text(encoding="utf-8")[-6000:]))
        else:
            broken.append("hybrid search")

    total = sum(seconds for _name, seconds, _code in parts)  # also when earlier results were reused
    misses = [row for row in rows if not row[3]]
    width = max([len(r[0]) for r in rows] + [10])
    table = [f"{'budget':{width}}  {'measured':60}  {'target':26}  result", "-" * (width + 98)]
    table += [f"{name:{width}}  {measured:60}  {target:26}  {'PASS' if ok else 'MISS'}" for name, measured, target, ok in rows]
    today = datetime.date.today().isoformat()
    header = [
        f"# Benchmarks at {scale.name} documents, {today}", "",
        f"`make bench` (`benchmarks/bench.py --scale {scale.name}{' --skip ' + args.skip if args.skip else ''}`): "
        f"{len(rows) - len(misses)} of {len(rows)} budgets met, in {total / 60:.1f} minutes.", "",
        f"- Machine: {cpu_model()}; {machine()} at the start; load average {machine().split('load average ')[-1]} at the end.",
        f"- Python {platform.python_version()}; parts: " + "; ".join(f"{name} {seconds / 60:.1f} min" + (f" (exit {code})" if code else "")
                                                          for name, seconds, code in parts) + ".",
    ]
    if broken:
        header.append("- Not measured: " + "; ".join(broken) + ".")
    text = "\n".join(header) + "\n\n## Budgets\n\n```\n" + "\n".join(table) + "\n```\n"
    for title, body in sections:
        text += f"\n## {title}\n\n```\n{body.rstrip()}\n```\n"
    folder = Path(args.results)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{today}-bench-{scale.name}.md"
    target.write_text(text, encoding="utf-8")
    print("\n".join(table))
    print(f"{len(rows) - len(misses)} of {len(rows)} budgets met in {total / 60:.1f} minutes; written: {target}")
    if args.keep or args.reuse:
        print(f"working folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    del load_before
    return 2 if broken else 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
