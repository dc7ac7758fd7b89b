"""The site behind a real server for the benchmarks (issue #15): gunicorn with the production settings on
127.0.0.1, page times over HTTP, and the load test (locust, benchmarks/locustfile.py).

Used by benchmarks/pages.py after it has filled a database; not a test. Everything it starts it stops.
"""

import csv
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKERS = 2  # one per core of the machine the budgets are for
_collected = False


def free_port(first=8301):
    """A port nobody holds (bound, not only listened on), below the range the kernel gives outgoing connections:
    a load test leaves thousands of those, and one had once taken the port PostgreSQL was to listen on."""
    for port in range(first, first + 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def production_environment(workdir, database_url):
    """The environment of every process of the production site on this database (the same secret key as the
    benchmark's own process, so that the sessions it opens for members are valid there)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cop.settings.production",
        "DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"],
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",  # as docker-compose.yml sets it
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "HUEY_PATH": str(workdir / "tasks.sqlite3"),
        "SEARCH_INDEX_PATH": os.environ["SEARCH_INDEX_PATH"],
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


class Gunicorn:
    def __init__(self, workdir, database_url, workers=WORKERS):
        self.workdir, self.env = workdir, production_environment(workdir, database_url)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.process = None

    def __enter__(self):
        manage = [sys.executable, str(ROOT / "manage.py")]
        global _collected
        # Once per run: the production storage compresses and hashes every static file (a minute or more).
        for command in ([] if _collected else [["collectstatic", "--noinput", "-v0"]]) + [["createcachetable"]]:
            subprocess.run(manage + command, env=self.env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        _collected = True
        self.log = open(self.workdir / f"gunicorn-{self.port}.log", "w")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "cop.wsgi", f"--bind=127.0.0.1:{self.port}", f"--workers={self.workers}",
             "--timeout=60", "--graceful-timeout=5"],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log.name}")
            try:
                status, _ = get(self.base, "/")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log.name}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def get(base, path, cookie=""):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", quote(path, safe="/?=&%:+;,"), headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def time_pages(base, items, member_cookie, repeat):
    """{name: figures} of each page over HTTP, one request at a time (a new connection each, as a browser's
    first request): the server's time plus a loopback round trip."""
    results = {}
    for name, url, as_member, budget in items:
        cookie = member_cookie if as_member else ""
        for _ in range(2 * WORKERS):  # warm-up: each worker loads its templates (and the embedder) on first use
            status, _ = get(base, url, cookie)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            status, _ = get(base, url, cookie)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results[name] = {"status": status, "median": statistics.median(timings),
                         "p95": timings[min(len(timings) - 1, int(len(timings) * 0.95))], "budget": budget}
    return results


def load_test(base, plan_path, workdir, users=32, seconds=60):
    """Locust, headless, `users` at once for `seconds`: {request name: figures} with the "Aggregated" row."""
    prefix = workdir / f"locust-{int(time.time())}"
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless", "--only-summary",
        "-u", str(users), "-r", str(max(1, users // 4)), "-t", f"{seconds}s", "--host", base, "--csv", str(prefix),
        "--stop-timeout", "10", "--loglevel", "WARNING",
    ]
    completed = subprocess.run(command, env={**os.environ, "LOCUST_PLAN": str(plan_path)}, cwd=ROOT,
                               capture_output=True, text=True)
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no figures (exit {completed.returncode}):\n{completed.stderr[-2000:]}")
    rows = {}
    with stats.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]), "p50": _number(row["50%"]), "p95": _number(row["95%"]),
                "p99": _number(row["99%"]), "max": _number(row["Max Response Time"]),
            }
    failures = Path(f"{prefix}_failures.csv")
    rows["_failures"] = failures.read_text(encoding="utf-8")[:2000] if failures.exists() else ""
    return rows


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def write_plan(path, *, library, members, practices, topics, forum, queries, reply_to):
    """The locust plan (see benchmarks/locustfile.py), written from the benchmark's own Django process."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    sessions = []
    marker = f'action="{reverse("account_logout")}"'
    for member in members:
        client = Client()
        client.force_login(member)
        sessions.append({"session": client.cookies[settings.SESSION_COOKIE_NAME].value, "name_marker": marker})
    plan = {
        "library": library, "library_filtered": [f"{library}?theme=vybory-pid-chas-covid-19",
                                                 f"{library}?oblast=donetska", f"{library}?theme=vybory-pid-chas-covid-19&oblast=donetska"],
        "practices": practices, "topics": topics, "forum": forum, "queries": queries, "reply_to": reply_to,
        "members": sessions, "session_cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "notifications": reverse("forum:notifications") if _has_url("forum:notifications") else "/forum/",
    }
    Path(path).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return plan


def _has_url(name):
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name)
        return True
    except NoReverseMatch:
        return False
