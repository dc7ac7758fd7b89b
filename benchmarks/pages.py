"""Benchmark: server time and SQL queries of the main pages at the size of a national community (issue #15).

    .venv/bin/python benchmarks/pages.py [--scale 1k|10k|100k] [--repeat 20] [--database URL] [--no-server]
                                         [--results docs/benchmarks] [--json out.json]

On a fresh database (SQLite in a temporary folder, or the empty database of --database): the demo content, then
the generated community of benchmarks/community.py at the chosen scale, the search index rebuilt from the
database by `manage.py search_index rebuild` in a process of its own (documents per second and peak memory, at
demo size and at scale: a budget each). Each page is requested through Django's test client (DEBUG off, no
network), `--repeat` times after a warm-up, with the anonymous page cache off and on; prints the median and 95th
percentile against the budget, and the SQL queries at demo size and at the chosen scale (a count that grows with
the data is a miss, whatever the time). Then the write path and page weight (benchmarks/writes.py), and, unless
--no-server, the same pages over HTTP through gunicorn with the production settings and the load test
(benchmarks/server.py, benchmarks/locustfile.py). Exit code 1 when a budget is missed. `--results DIR` also
writes a dated Markdown file with the figures and the machine (CPUs, memory, load average); benchmarks/bench.py
(`make bench`) runs it on SQLite and PostgreSQL and gathers every budget in one file.
"""

import argparse
import datetime
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE_BUDGET_MS = 50  # p95, every page but search
SEARCH_BUDGET_MS = 100  # p95, the search results page on the embedded backend
REBUILD_BUDGET = 1000  # documents per second, `search_index rebuild` from the database
REBUILD_MEMORY_GROWTH_MB = 100  # peak memory of the rebuild at scale over its peak at demo size
WEIGHT_BUDGET = 60 * 1024  # bytes on the wire, a first visit to a practice or a topic (tests/test_accessibility.py)


def machine():
    load = os.getloadavg()
    memory = ""
    try:
        total = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        memory = f"{int(total.split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} CPUs, {memory} memory, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def measure(client, url, repeat):
    from django.db import connection

    response = client.get(url)  # warm-up: templates, lemmas, caches
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    timings.sort()
    return {"status": response.status_code, "median": statistics.median(timings),
            "p95": timings[min(len(timings) - 1, int(len(timings) * 0.95))], "queries": len(queries)}


def pages(scale_ready):
    """(name, url, as member, budget) of the pages to measure; some exist only once the community is there."""
    from django.contrib.auth import get_user_model

    from forum.models import Category, Topic
    from knowledge.models import PracticeLibraryPage, PracticePage

    library = PracticeLibraryPage.objects.get(locale__language_code="uk").url
    practice = PracticePage.objects.live().filter(locale__language_code="uk").order_by("-pk").first()
    category = Category.objects.filter(visibility="public").order_by("pk").first()
    longest = Topic.objects.order_by("-post_count", "pk").first()
    member = get_user_model().objects.filter(membership_status="approved", is_superuser=False).order_by("-pk").first()
    last_library_page = 50 if scale_ready else 2
    last_topic_page = max(1, -(-longest.post_count // 20))
    items = [
        ("home", "/", False, PAGE_BUDGET_MS),
        ("library, page 1", library, False, PAGE_BUDGET_MS),
        (f"library, page {last_library_page}", f"{library}?page={last_library_page}", False, PAGE_BUDGET_MS),
        ("library, theme and oblast", f"{library}?theme=vybory-pid-chas-covid-19&oblast=donetska", False, PAGE_BUDGET_MS),
        ("practice", practice.url, False, PAGE_BUDGET_MS),
        ("forum index", "/forum/", False, PAGE_BUDGET_MS),
        ("category", category.get_absolute_url(), False, PAGE_BUDGET_MS),
        (f"topic ({longest.post_count} posts), first page", longest.get_absolute_url(), False, PAGE_BUDGET_MS),
        ("topic, last page", f"{longest.get_absolute_url()}?page={last_topic_page}", False, PAGE_BUDGET_MS),
        ("profile (member)", member.get_absolute_url(), True, PAGE_BUDGET_MS),
        ("directory (member)", "/members/", True, PAGE_BUDGET_MS),
        ("search «вибори»", "/search/?q=вибори", False, SEARCH_BUDGET_MS),
        ("search «вибори» (member)", "/search/?q=вибори", True, SEARCH_BUDGET_MS),
        ("search «бюджет участі»", "/search/?q=бюджет+участі", False, SEARCH_BUDGET_MS),
    ]
    return items, member


def run_pages(repeat, scale_ready):
    from django.test import Client

    items, member = pages(scale_ready)
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    return {name: measure(signed_in if as_member else anonymous, url, repeat) | {"budget": budget}
            for name, url, as_member, budget in items}


def rebuild(env):
    """`manage.py search_index rebuild` in a process of its own: (documents per second, seconds, peak RSS in MB)."""
    import subprocess

    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "search_index", "rebuild"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"search_index rebuild failed (exit {process.returncode})")
    from cop.search import get_backend

    documents = get_backend().index.count()
    return {"documents": documents, "seconds": seconds, "rate": documents / seconds if seconds else 0.0,
            "peak_mb": usage.ru_maxrss / 1024}


def server_phase(workdir, database_url, member, repeat, users, seconds, write):
    """Page times over HTTP through gunicorn (production settings), the page cache off then on; then the load test."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.conf import settings

    from benchmarks import server
    from benchmarks.corpus import QUERY_CLASSES, queries
    from forum.models import Category, Topic
    from knowledge.models import PracticeLibraryPage, PracticePage

    items, _ = pages(scale_ready=True)
    client = Client()
    client.force_login(member)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    results = {}
    os.environ["ANONYMOUS_PAGE_CACHE_SECONDS"] = "0"
    with server.Gunicorn(workdir, database_url) as site:
        write(f"  gunicorn at {site.base}, page cache off")
        results["uncached"] = server.time_pages(site.base, items, cookie, repeat)
    os.environ["ANONYMOUS_PAGE_CACHE_SECONDS"] = "60"  # the production default
    members = list(get_user_model().objects.filter(membership_status="approved", is_superuser=False).order_by("-pk")[:40])
    practices = [p.url for p in PracticePage.objects.live().filter(locale__language_code="uk").order_by("?")[:300]]
    topics = list(Topic.objects.filter(category__visibility="public", is_locked=False).order_by("?")[:300])
    longest = Topic.objects.order_by("-post_count", "pk").first()
    words = [item.text for cls in QUERY_CLASSES if "filter" not in cls for item in queries(2020, per_class=40, corpus_size=10_000)[cls]]
    plan = server.write_plan(
        workdir / "locust-plan.json",
        library=PracticeLibraryPage.objects.get(locale__language_code="uk").url, members=members, practices=practices,
        topics=[t.get_absolute_url() for t in topics] + [longest.get_absolute_url()] * 10,
        forum=["/forum/"] + [c.get_absolute_url() for c in Category.objects.filter(visibility="public")],
        queries=words, reply_to=[{"url": t.get_absolute_url(), "reply_url": f"/forum/t/{t.pk}/reply/"} for t in topics[:60]],
    )
    with server.Gunicorn(workdir, database_url) as site:
        write(f"  gunicorn at {site.base}, page cache on")
        results["cached"] = server.time_pages(site.base, items, cookie, repeat)
        write(f"  load test: {users} users for {seconds} s, {len(plan['members'])} members")
        results["load"] = server.load_test(site.base, workdir / "locust-plan.json", workdir, users=users, seconds=seconds)
    return results


def main(argv=None):
    from benchmarks.community import SCALES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="10k")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", help="DATABASE_URL of an empty database to use (default: SQLite in a temporary folder)")
    parser.add_argument("--results", help="folder for a dated Markdown file of the results (e.g. docs/benchmarks)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--no-server", action="store_true", help="only Django's test client (no gunicorn, no load test)")
    parser.add_argument("--users", type=int, default=32, help="load test: concurrent users (default 32)")
    parser.add_argument("--load-seconds", type=int, default=60, help="load test: duration (default 60 s)")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]

    workdir = Path(tempfile.mkdtemp(prefix="cop-bench-"))
    database_url = args.database or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cop.settings.dev"
    os.environ["DATABASE_URL"] = database_url
    os.environ["SEARCH_INDEX_PATH"] = str(workdir / "search.sqlite3")
    os.environ["PAGE_CACHE_DIR"] = str(workdir / "page-cache")
    os.environ["HUEY_PATH"] = str(workdir / "tasks.sqlite3")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from benchmarks.community import fill
    from benchmarks.writes import measure_writes, page_weight
    from cop.tasks.tasks import refresh_planner_statistics

    def write(text):
        print(text, flush=True)

    database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    settings.DEBUG = True  # demo accounts and forum discussions
    call_command("load_demo", stdout=open(os.devnull, "w"))
    settings.DEBUG = False
    write(f"machine: {machine()}; {database}")
    report = {"scale": scale.name, "database": database, "machine": machine(), "repeat": args.repeat}
    # Every page made by the view (the anonymous page cache off): what the first reader after a change waits for.
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    report["rebuild_demo"] = rebuild(dict(os.environ))
    demo = run_pages(max(3, args.repeat // 4), scale_ready=False)
    writes_demo = measure_writes()

    started = time.perf_counter()
    fill(scale, write=write)
    refresh_planner_statistics()  # as the worker's nightly housekeeping does (ANALYZE)
    if database == "PostgreSQL":
        # What autovacuum does a little after a bulk load: the visibility map it sets lets PostgreSQL answer from an
        # index alone (the home page's newest practices: 27 ms reading the practice rows, 13 ms from the index).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
    report["fill_seconds"] = time.perf_counter() - started
    report["rebuild"] = rebuild(dict(os.environ))
    write(f"rebuild: {report['rebuild']['documents']:,} documents in {report['rebuild']['seconds']:.1f} s, "
          f"peak {report['rebuild']['peak_mb']:.0f} MB")
    measured = run_pages(args.repeat, scale_ready=True)
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60  # then the readers after the first one
    cached = run_pages(args.repeat, scale_ready=True)
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    writes = measure_writes()
    items, member = pages(scale_ready=True)
    urls = {name: url for name, url, _, _ in items}
    weight = {name: page_weight(Client(), urls[name]) for name in ("practice", next(n for n in urls if n.startswith("topic (")))}
    report.update(demo=demo, pages=measured, cached=cached, writes_demo=writes_demo, writes=writes, weight=weight)
    if not args.no_server:
        report["server"] = server_phase(workdir, database_url, member, args.repeat, args.users, args.load_seconds, write)

    lines, failed = format_report(report)
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if args.results:
        folder = Path(args.results)
        folder.mkdir(parents=True, exist_ok=True)
        today = datetime.date.today().isoformat()
        target = folder / f"{today}-pages-{scale.name}-{database.lower()}.md"
        target.write_text(
            f"# Page budgets at {scale.name} documents, {today}\n\n`benchmarks/pages.py --scale {scale.name} "
            f"--repeat {args.repeat}`; {machine()}; {database}, DEBUG off.\n\n```\n"
            + "\n".join(lines) + "\n```\n", encoding="utf-8")
        print(f"written: {target}")
    return 1 if failed else 0


def marginal_rate(rebuild, demo):
    """Documents per second of a rebuild beyond what a rebuild of the demo content costs (the process's start-up,
    Django and the analyser's dictionaries): the rate that decides how long a big rebuild takes."""
    documents, seconds = rebuild["documents"] - demo["documents"], rebuild["seconds"] - demo["seconds"]
    return documents / seconds if seconds > 0 else 0.0


def _before(demo, name):
    return demo.get(name) or next((v for k, v in demo.items() if k.split(",")[0].split(" (")[0] == name.split(",")[0].split(" (")[0]), None)


def format_report(report):
    """(lines, any budget missed) of a report of main()."""
    scale = report["scale"]
    failed = False
    server = report.get("server") or {}
    lines = [f"Pages, {report['database']}, {scale}: p95 ms of {report['repeat']} requests; test client with the page cache off "
             f"and on; over HTTP (gunicorn, production settings, {2} workers) off and on",
             f"{'page':38} {'status':>6} {'median':>7} {'p95':>7} {'budget':>6} {'queries':>13} {'cached':>7} {'HTTP':>7} {'HTTP':>7}  result",
             f"{'':38} {'':>6} {'':>7} {'':>7} {'':>6} {'demo → ' + scale:>13} {'':>7} {'':>7} {'cached':>7}"]
    for name, figures in report["pages"].items():
        before = _before(report["demo"], name)
        grows = before is not None and figures["queries"] > before["queries"]
        http = server.get("uncached", {}).get(name)
        http_cached = server.get("cached", {}).get(name)
        ok = figures["status"] == 200 and figures["p95"] <= figures["budget"] and not grows
        if http:
            ok = ok and http["status"] == 200 and http["p95"] <= figures["budget"]
        failed |= not ok
        queries = f"{before['queries'] if before else '—'} → {figures['queries']}"
        lines.append(f"{name:38} {figures['status']:>6} {figures['median']:>7.1f} {figures['p95']:>7.1f} {figures['budget']:>6} "
                     f"{queries:>13} {report['cached'][name]['p95']:>7.1f} "
                     f"{http['p95'] if http else float('nan'):>7.1f} {http_cached['p95'] if http_cached else float('nan'):>7.1f}  "
                     f"{'PASS' if ok else 'MISS'}{' (queries grow)' if grows else ''}")
    lines += ["", f"Write path: ms and SQL queries of one action, demo → {scale} (the search index updated on commit)",
              f"{'action':46} {'median':>7} {'p95':>7} {'budget':>6} {'queries':>13}  result"]
    for name, figures in report["writes"].items():
        before = _before(report["writes_demo"], name)
        grows = before is not None and figures["queries"] > before["queries"]
        ok = figures["p95"] <= figures["budget"] and not grows
        failed |= not ok
        queries = f"{before['queries'] if before else '—'} → {figures['queries']}"
        lines.append(f"{name:46} {figures['median']:>7.1f} {figures['p95']:>7.1f} {figures['budget']:>6} {queries:>13}  "
                     f"{'PASS' if ok else 'MISS'}{' (queries grow)' if grows else ''}")
    r, d = report["rebuild"], report["rebuild_demo"]
    rate_ok = marginal_rate(r, d) >= REBUILD_BUDGET
    memory_ok = r["peak_mb"] - d["peak_mb"] <= REBUILD_MEMORY_GROWTH_MB
    failed |= not (rate_ok and memory_ok)
    lines += ["", f"search_index rebuild: {r['documents']:,} documents in {r['seconds']:.1f} s = {r['rate']:,.0f} documents/s; "
              f"{marginal_rate(r, d):,.0f}/s beyond the {d['seconds']:.1f} s of a rebuild of the demo content (start-up) "
              f"(budget ≥ {REBUILD_BUDGET:,}/s)  {'PASS' if rate_ok else 'MISS'}",
              f"  peak memory {r['peak_mb']:.0f} MB at {scale}, {d['peak_mb']:.0f} MB at demo size ({d['documents']:,} documents): "
              f"+{r['peak_mb'] - d['peak_mb']:.0f} MB (budget ≤ +{REBUILD_MEMORY_GROWTH_MB} MB: bounded by the batch)  "
              f"{'PASS' if memory_ok else 'MISS'}"]
    lines += ["", "Page weight on a first visit (HTML and every asset it names; gzip as served / raw), budget 60 KB:"]
    for name, w in report["weight"].items():
        ok = w["total_wire"] <= WEIGHT_BUDGET
        failed |= not ok
        lines.append(f"  {name:44} {w['total_wire'] / 1024:6.1f} KB / {w['total_raw'] / 1024:6.1f} KB "
                     f"(HTML {w['html_wire'] / 1024:.1f} KB, {w['assets']} assets {w['assets_wire'] / 1024:.1f} KB)  {'PASS' if ok else 'MISS'}")
    load = server.get("load")
    if load:
        total = load.get("Aggregated", {})
        ok = total.get("failures", 1) == 0 and total.get("requests", 0) > 0
        failed |= not ok
        lines += ["", f"Load test: locust, {report.get('users', 32)} users, gunicorn 2 workers, production settings, "
                  f"page cache on (errors must be 0)",
                  f"{'requests':40} {'n':>6} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"]
        for name, row in load.items():
            if name.startswith("_"):
                continue
            lines.append(f"{name:40} {row['requests']:>6} {row['failures']:>6} {row['rps']:>7.1f} {row['p50'] or 0:>6.0f} "
                         f"{row['p95'] or 0:>6.0f} {row['p99'] or 0:>6.0f}")
        lines.append(f"errors: {total.get('failures')}  {'PASS' if ok else 'MISS'}")
        if load.get("_failures", "").count("\n") > 1:
            lines.append("failures:\n" + load["_failures"])
    return lines, failed


if __name__ == "__main__":
    sys.exit(main())
