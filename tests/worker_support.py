"""Helpers for the tests of the real worker: `run_huey` with the tests' own tasks loaded, snippets run in the
site, and the site's database read directly (quick enough to poll several times a second).
"""

import json
import signal
import sqlite3
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import dj_database_url

from .live import ROOT, process, run_python

# `run_huey` as `manage.py run_huey` runs it, with the tests' tasks (tests/worker_tasks.py) registered first and
# optional settings overridden; "slow_engine" makes every bulk request to the search engine take that long after
# the engine answered, so a kill lands between the engine's acknowledgement and the outbox rows' deletion.
CONSUMER = textwrap.dedent(
    """
    import json, sys, time
    import django

    django.setup()
    from django.conf import settings

    options = json.loads(sys.argv[1])
    for name, value in options.get("settings", {}).items():
        setattr(settings, name, value)
    import tests.worker_tasks  # noqa: F401

    if options.get("slow_engine"):
        from cop.search.backends import EngineSearchBackend

        apply_changes = EngineSearchBackend.apply_changes

        def slow_apply_changes(self, *args, **kwargs):
            outcomes = apply_changes(self, *args, **kwargs)
            time.sleep(options["slow_engine"])
            return outcomes

        EngineSearchBackend.apply_changes = slow_apply_changes
    from django.core.management import call_command

    call_command("run_huey", "--workers", str(options.get("workers", 2)), "--worker-type", "thread")
    """
)


@contextmanager
def consumer(env, log_path, **options):
    """A real task worker of the site in `env`; ready once its consumer has started. Yields the Popen."""
    log_path = Path(log_path)

    def started():
        return log_path.exists() and "consumer started" in log_path.read_text(errors="replace").lower()

    with process([sys.executable, "-c", CONSUMER, json.dumps(options)], env, log_path, ready=started) as child:
        yield child


@contextmanager
def paused(child, env, timeout=20):
    """The worker stopped (SIGSTOP) in between, as if it were busy elsewhere or not running; stopped only at a
    moment it holds no lock the test's own writes would wait for (else it is let go on and tried again)."""
    deadline = time.monotonic() + timeout
    while True:
        child.send_signal(signal.SIGSTOP)
        if _holds_nothing(env):
            break
        child.send_signal(signal.SIGCONT)
        assert time.monotonic() < deadline, "the worker was never idle"
        time.sleep(0.2)
    try:
        yield
    finally:
        child.send_signal(signal.SIGCONT)


def _holds_nothing(env):
    if is_postgresql(env):
        name = dj_database_url.parse(env["DATABASE_URL"])["NAME"]
        busy = query(env, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
                          "AND state IN ('active', 'idle in transaction')", (name,))[0][0]
        return busy == 0
    for path in (dj_database_url.parse(env["DATABASE_URL"])["NAME"], env["HUEY_PATH"]):
        conn = sqlite3.connect(path, timeout=0.2, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError:  # locked by the worker
            return False
        finally:
            conn.close()
    return True


def in_site(code, env, *args, timeout=120):
    """Run `code` in the site (Django set up, the tests' tasks registered); returns the JSON its last line prints."""
    prelude = "import json, sys\nimport django\ndjango.setup()\nimport tests.worker_tasks as test_tasks\n"
    return run_python(prelude + textwrap.dedent(code), env, *args, timeout=timeout)


def is_postgresql(env):
    return env["DATABASE_URL"].startswith(("postgres://", "postgresql://"))


def connect(env):
    """A connection of the test's own to the site's database (sqlite3 or psycopg), in autocommit."""
    if not is_postgresql(env):
        return sqlite3.connect(dj_database_url.parse(env["DATABASE_URL"])["NAME"], timeout=20, isolation_level=None)
    import psycopg

    return psycopg.connect(env["DATABASE_URL"], autocommit=True)


def query(env, sql, params=()):
    """Rows of `sql` (written with %s placeholders) in the site's database."""
    if not is_postgresql(env):
        sql = sql.replace("%s", "?")
    conn = connect(env)
    try:
        return list(conn.execute(sql, params).fetchall())
    finally:
        conn.close()


def log_text(path):
    return Path(path).read_text(errors="replace") if Path(path).exists() else ""


__all__ = ["ROOT", "consumer", "paused", "in_site", "is_postgresql", "connect", "query", "log_text"]
