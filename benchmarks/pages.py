"""Benchmark: server-side time and SQL queries of the main pages, on a fresh database with the demo content.

    .venv/bin/python benchmarks/pages.py [--repeat 20]

Prints, for each page, the median and 95th-percentile time of a full Django request (test client, no
network) and the number of SQL queries, against targets. Exit code 1 when a target is missed.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS_MS = {"median": 150, "p95": 300}
MAX_QUERIES = 40


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cop-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cop.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.MEDIA_ROOT = workdir / "media"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    settings.DEBUG = True  # demo accounts and forum discussions
    call_command("load_demo", stdout=open(os.devnull, "w"))
    settings.DEBUG = False

    from forum.models import Topic
    from knowledge.models import PracticePage

    practice = PracticePage.objects.live().filter(locale__language_code="uk").first()
    biggest_topic = Topic.objects.order_by("-post_count").first()
    pages = [
        ("home", "/"),
        ("practice library", "/praktyky/"),
        ("library, filtered", "/praktyky/?oblast=donetska&sort=title"),
        ("practice page", practice.url),
        ("forum index", "/forum/"),
    ]
    if biggest_topic:
        pages.append((f"topic ({biggest_topic.post_count} posts)", f"/forum/t/{biggest_topic.pk}/"))

    client = Client()
    failed = False
    print(f"{'page':34} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url in pages:
        client.get(url)  # warm caches (templates, lemmas)
        timings = []
        for _ in range(args.repeat):
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
        median = statistics.median(timings)
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        ok = response.status_code == 200 and median <= TARGETS_MS["median"] and p95 <= TARGETS_MS["p95"] and len(queries) <= MAX_QUERIES
        failed |= not ok
        print(f"{name:34} {response.status_code:>6} {median:>10.1f} {p95:>8.1f} {len(queries):>8}  {'ok' if ok else 'MISSED'}")
    print(f"targets: median ≤ {TARGETS_MS['median']} ms, p95 ≤ {TARGETS_MS['p95']} ms, ≤ {MAX_QUERIES} queries, status 200")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
