"""Helpers for tests against real processes (a web server, the task worker): a migrated site with a database of
its own, Python snippets run in that site, free ports, and processes started and stopped in groups of their own.

SQLite: a file database in a temporary folder. PostgreSQL (DATABASE_URL points at one): a database of its own,
created next to the configured one and dropped at the end; the test is skipped if the role may not create one.
"""

import atexit
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
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


def _postgresql(url):
    import psycopg

    config = dj_database_url.parse(url)
    connect = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"],
               "password": config["PASSWORD"], "dbname": config["NAME"], "autocommit": True}
    return config, lambda: psycopg.connect(**connect)


def _drop_database(connect, name):
    import psycopg
    from psycopg import sql

    # FORCE ends the live processes' sessions; an autovacuum worker that happens to be in the database belongs
    # to the superuser and may not be ended by us: it is gone a moment later, so try again.
    for attempt in range(20):
        try:
            with connect() as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            return
        except psycopg.errors.InsufficientPrivilege:
            if attempt == 19:
                raise
            time.sleep(0.5)


@contextmanager
def database_of_its_own(tmp_path, template=None):
    """A DATABASE_URL for the processes: a new SQLite file, or a new PostgreSQL database beside the configured one.
    `template` (from `_Templates.keep`): the database starts as a copy of it instead of empty."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        path = tmp_path / "live.sqlite3"
        if template is not None:
            _copy_sqlite(template, path)
        yield f"sqlite:///{path}"
        return
    import psycopg
    from psycopg import sql

    config, connect = _postgresql(url)
    name = f"{config['NAME']}_live_{os.getpid()}_{tmp_path.name}"[:63].replace("-", "_")
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        create = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
    try:
        with connect() as conn:
            conn.execute(create)
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the PostgreSQL role may not create a database of its own for the live processes")
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        _drop_database(connect, name)


def _copy_sqlite(source, target):
    """A consistent copy of a SQLite database (its write-ahead log included), by SQLite's backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


class _Templates:
    """Migrated databases kept for the rest of the test process, one per set of search settings: `manage.py
    migrate` takes 15-50 s and a suite's live tests would run it about seven times (CI has a time budget).
    Migrating writes nothing but the database (no post_migrate handler of ours writes the index or the task
    queue), so a copy of a migrated database is what migrating again would give. SQLite: a file copied by the
    backup API; PostgreSQL: a database that new ones are created from (CREATE DATABASE ... TEMPLATE), dropped
    when the process ends."""

    def __init__(self):
        self.kept = {}
        self.folder = None
        self.postgresql = []

    @staticmethod
    def key(env):
        # What could change what migrating writes: the kind of database and the search backends.
        return (env["DATABASE_URL"].split(":", 1)[0], env.get("SEARCH_URL", ""), env.get("SEARCH_EMBEDDER", ""))

    def get(self, env):
        return self.kept.get(self.key(env))

    def keep(self, env):
        """Keep the just-migrated database of `env` as the template for its key."""
        url = env["DATABASE_URL"]
        if url.startswith("sqlite:"):
            if self.folder is None:
                self.folder = tempfile.mkdtemp(prefix="cop-live-templates-")
                atexit.register(shutil.rmtree, self.folder, True)
            template = os.path.join(self.folder, f"migrated-{len(self.kept)}.sqlite3")
            _copy_sqlite(urlsplit(url).path, template)
        else:
            template = self._keep_postgresql(url)
        self.kept[self.key(env)] = template

    def _keep_postgresql(self, url):
        import psycopg
        from psycopg import sql

        config, connect = _postgresql(os.environ["DATABASE_URL"])
        source = urlsplit(url).path.lstrip("/")
        name = f"{config['NAME']}_tpl_{os.getpid()}_{len(self.kept)}"[:63]
        # The migrating process has ended, but PostgreSQL refuses a template someone is connected to (an
        # autovacuum worker may be, for a moment): try again.
        for attempt in range(40):
            try:
                with connect() as conn:
                    conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(source)))
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 39:
                    raise
                time.sleep(0.5)
        if not self.postgresql:
            atexit.register(self._drop_postgresql, connect)
        self.postgresql.append(name)
        return name

    def _drop_postgresql(self, connect):
        for name in self.postgresql:
            try:
                _drop_database(connect, name)
            except Exception:  # the server may be gone at exit; CI throws the whole server away
                pass


_templates = _Templates()


@contextmanager
def migrated_site(tmp_path, **environment):
    """The environment of a migrated site in `tmp_path`: its own database, search index and task queue files.
    The database is a copy of one migrated earlier in this test process with the same search settings, if any."""
    settings = {
        "DJANGO_SETTINGS_MODULE": "cop.settings.dev", "DJANGO_DEBUG": "false", "SEARCH_URL": "",
        # Words only unless a test is about meaning: embedding in every live test would load the CPU for nothing.
        "DJANGO_LOG_LEVEL": "WARNING", "SEARCH_EMBEDDER": "", **environment,
    }
    probe = {**os.environ, **settings, "DATABASE_URL": os.environ.get("DATABASE_URL", "") or "sqlite:"}
    template = _templates.get(probe)
    with database_of_its_own(tmp_path, template) as database_url:
        env = {
            **os.environ, "DATABASE_URL": database_url, "SEARCH_INDEX_PATH": str(tmp_path / "index.sqlite3"),
            "HUEY_PATH": str(tmp_path / "tasks.sqlite3"), "HUEY_NAME": f"cop-test-{tmp_path.name}",
            # Its own page cache too: the SQLite and PostgreSQL suites run at once and serve the same URLs.
            "PAGE_CACHE_DIR": str(tmp_path / "page-cache"), **settings,
        }
        if template is None:
            migrate = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True,
                text=True, timeout=300,
            )
            assert migrate.returncode == 0, migrate.stderr[-3000:]
            _templates.keep(env)
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
