"""Benchmark: server time and SQL queries of the main pages at the size of a national community (issue #15).

    .venv/bin/python benchmarks/pages.py [--scale 1k|10k|100k] [--repeat 20] [--results docs/benchmarks]

On a fresh SQLite database: the demo content, then the generated community of benchmarks/community.py at the
chosen scale, the search index rebuilt from the database (documents per second: a budget of its own). Each page
is requested through Django's test client (DEBUG off, no network), `--repeat` times after a warm-up; prints the
median and 95th percentile against the budget, and the SQL queries at demo size and at the chosen scale (a count
that grows with the data is a miss, whatever the time). Exit code 1 when a budget is missed. `--results DIR`
also writes a dated Markdown file with the figures and the machine (CPUs, memory, load average).
"""

import argparse
import datetime
import os
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


def main():
    from benchmarks.community import SCALES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="10k")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--results", help="folder for a dated Markdown file of the results (e.g. docs/benchmarks)")
    args = parser.parse_args()
    scale = SCALES[args.scale]

    workdir = Path(tempfile.mkdtemp(prefix="cop-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cop.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["SEARCH_INDEX_PATH"] = str(workdir / "search.sqlite3")
    os.environ["PAGE_CACHE_DIR"] = str(workdir / "page-cache")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from benchmarks.community import fill
    from cop.search import get_backend

    settings.MEDIA_ROOT = workdir / "media"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    settings.DEBUG = True  # demo accounts and forum discussions
    call_command("load_demo", stdout=open(os.devnull, "w"))
    settings.DEBUG = False
    print(f"machine: {machine()}")
    # Every page made by the view (the anonymous page cache off): what the first reader after a change waits for.
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    demo = run_pages(max(3, args.repeat // 4), scale_ready=False)

    fill(scale)
    started = time.perf_counter()
    call_command("search_index", "rebuild", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
    rebuild_seconds = time.perf_counter() - started
    documents = get_backend().index.count()
    rate = documents / rebuild_seconds if rebuild_seconds and documents else 0.0
    measured = run_pages(args.repeat, scale_ready=True)
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60  # then the readers after the first one
    cached = run_pages(args.repeat, scale_ready=True)

    failed = False
    lines = [f"{'page':38} {'status':>6} {'median':>8} {'p95':>8} {'budget':>7} {'queries':>14} {'cached':>7}  result",
             f"{'':38} {'':>6} {'ms':>8} {'ms':>8} {'ms':>7} {'demo → ' + scale.name:>14} {'p95 ms':>7}"]
    for name, figures in measured.items():
        before = demo.get(name) or next((v for k, v in demo.items() if k.split(",")[0] == name.split(",")[0]), None)
        grows = before is not None and figures["queries"] > before["queries"]
        ok = figures["status"] == 200 and figures["p95"] <= figures["budget"] and not grows
        failed |= not ok
        queries = f"{before['queries'] if before else '—'} → {figures['queries']}"
        lines.append(f"{name:38} {figures['status']:>6} {figures['median']:>8.1f} {figures['p95']:>8.1f} "
                     f"{figures['budget']:>7} {queries:>14} {cached[name]['p95']:>7.1f}  {'PASS' if ok else 'MISS'}"
                     f"{' (queries grow)' if grows else ''}")
    rebuild_ok = rate >= REBUILD_BUDGET
    failed |= not rebuild_ok
    lines.append(f"search_index rebuild: {documents:,} documents in {rebuild_seconds:.1f} s = {rate:,.0f} documents/s "
                 f"(budget ≥ {REBUILD_BUDGET:,}/s)  {'PASS' if rebuild_ok else 'MISS'}")
    print("\n".join(lines))
    if args.results:
        folder = Path(args.results)
        folder.mkdir(parents=True, exist_ok=True)
        today = datetime.date.today().isoformat()
        target = folder / f"{today}-pages-{scale.name}.md"
        target.write_text(
            f"# Page budgets at {scale.name} documents, {today}\n\n`benchmarks/pages.py --scale {scale.name} "
            f"--repeat {args.repeat}`; {machine()}; SQLite, Django test client, DEBUG off.\n\n```\n"
            + "\n".join(lines) + "\n```\n", encoding="utf-8")
        print(f"written: {target}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
