"""Helpers for tests against real processes (a web server, the task worker): a migrated site with a database of
its own, Python snippets run in that site, free ports, and processes started and stopped in groups of their own.

SQLite: a file database in a temporary folder. PostgreSQL (DATABASE_URL points at one): a database of its own,
created next to the configured one and dropped at the end; the test is skipped if the role may not create one.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_python(code, env, *args, timeout=120):
    """Run `code` in the site of `env` (call django.setup() in it); returns the JSON its last line prints."""
    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database_of_its_own(tmp_path):
    """A DATABASE_URL for the processes: a new SQLite file, or a new PostgreSQL database beside the configured one."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_live_{os.getpid()}_{tmp_path.name}"[:63].replace("-", "_")
    connect = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"],
               "password": config["PASSWORD"], "dbname": config["NAME"], "autocommit": True}
    try:
        with psycopg.connect(**connect) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the PostgreSQL role may not create a database of its own for the live processes")
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        # FORCE ends the live processes' sessions; an autovacuum worker that happens to be in the new database
        # belongs to the superuser and may not be ended by us: it is gone a moment later, so try again.
        for attempt in range(20):
            try:
                with psycopg.connect(**connect) as conn:
                    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
                break
            except psycopg.errors.InsufficientPrivilege:
                if attempt == 19:
                    raise
                time.sleep(0.5)


@contextmanager
def migrated_site(tmp_path, **environment):
    """The environment of a migrated site in `tmp_path`: its own database, search index and task queue files."""
    with database_of_its_own(tmp_path) as database_url:
        env = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "cop.settings.dev", "DJANGO_DEBUG": "false",
            "DATABASE_URL": database_url, "SEARCH_URL": "", "SEARCH_INDEX_PATH": str(tmp_path / "index.sqlite3"),
            "HUEY_PATH": str(tmp_path / "tasks.sqlite3"), "HUEY_NAME": f"cop-test-{tmp_path.name}",
            # Its own page cache too: the SQLite and PostgreSQL suites run at once and serve the same URLs.
            "PAGE_CACHE_DIR": str(tmp_path / "page-cache"),
            # Words only unless a test is about meaning: embedding in every live test would load the CPU for nothing.
            "DJANGO_LOG_LEVEL": "WARNING", "SEARCH_EMBEDDER": "", **environment,
        }
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=300,
        )
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        yield env


@contextmanager
def process(command, env, log_path, *, ready=None, timeout=60):
    """`command` in a process group of its own, its output in `log_path`; waits until `ready()` is true. Stopped
    with SIGTERM (then SIGKILL) at the end unless the test already stopped it. Yields the Popen."""
    log = open(log_path, "ab")
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while ready is not None and not ready():
            assert child.poll() is None, Path(log_path).read_text()[-3000:]
            assert time.monotonic() < deadline, f"not ready after {timeout} s: {Path(log_path).read_text()[-3000:]}"
            time.sleep(0.2)
        yield child
    finally:
        stop(child)
        log.close()


def stop(child, sig=signal.SIGTERM, timeout=15):
    if child.poll() is None:
        os.killpg(child.pid, sig)
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def wait_for(condition, timeout, message, interval=0.5):
    """Poll `condition()` until it returns something true (returned), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, message
        time.sleep(interval)


@contextmanager
def worker(env, log_path, *, workers=2):
    """The task worker (`manage.py run_huey`) of the site in `env`; ready once its consumer has started."""
    log_path = Path(log_path)

    def started():
        return log_path.exists() and "consumer started" in log_path.read_text(errors="replace").lower()

    command = [sys.executable, "manage.py", "run_huey", "--workers", str(workers), "--worker-type", "thread"]
    with process(command, env, log_path, ready=started) as consumer:
        yield consumer
