"""SQLite, the default deployment, takes concurrent writes: the site database and the embedded search index,
written by real threads in several processes at once on files (not :memory:), as gunicorn workers would."""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# One "web process": THREADS threads, each doing TRANSACTIONS read-then-write transactions on the site database
# (the shape of a forum reply: read the topic's last number, insert the next one) and an index write after each,
# through its own EmbeddedIndex connection to the shared index file.
WORKER = textwrap.dedent(
    """
    import json, sys, threading
    import django

    django.setup()
    from django.db import connection, connections, transaction
    from cop.search.embedded import Document, EmbeddedIndex

    index_path, label, threads, transactions = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    errors = []

    def work(thread):
        index = EmbeddedIndex(index_path)
        try:
            for n in range(transactions):
                key = f"{label}-{thread}-{n}"
                try:
                    with transaction.atomic():
                        with connection.cursor() as cursor:
                            cursor.execute("SELECT coalesce(max(number), 0) FROM reply")
                            (last,) = cursor.fetchone()
                            cursor.execute("INSERT INTO reply (number, key) VALUES (%s, %s)", [last + 1, key])
                    index.upsert([Document(key=f"post:{key}", type="post", title="Тема", url="/", body=f"відповідь {key}")])
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    print(json.dumps({"errors": errors, "journal_mode": journal_mode}))
    """
)

PROCESSES, THREADS, TRANSACTIONS = 2, 4, 25


@pytest.fixture(scope="module")
def concurrent_run(tmp_path_factory):
    """Run the processes once for the module: (site database path, index path, one report per process)."""
    tmp_path = tmp_path_factory.mktemp("sqlite-concurrency")
    database, index = tmp_path / "site.sqlite3", tmp_path / "index.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE reply (number INTEGER UNIQUE NOT NULL, key TEXT NOT NULL)")
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "cop.settings.test", "DATABASE_URL": f"sqlite:///{database}",
        "SEARCH_INDEX_PATH": str(index),
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(index), f"p{p}", str(THREADS), str(TRANSACTIONS)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for p in range(PROCESSES)
    ]
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return database, index, reports


@pytest.mark.slow
def test_concurrent_writers_in_several_processes_never_meet_a_locked_database(concurrent_run):
    database, index, reports = concurrent_run
    errors = [error for report in reports for error in report["errors"]]
    assert errors == [], f"{len(errors)} failed writes, e.g. {errors[:3]}"
    total = PROCESSES * THREADS * TRANSACTIONS
    with sqlite3.connect(database) as conn:
        numbers = [row[0] for row in conn.execute("SELECT number FROM reply ORDER BY number")]
    assert numbers == list(range(1, total + 1)), "read-then-write transactions were not serialised"

    from cop.search.embedded import EmbeddedIndex

    assert EmbeddedIndex(str(index)).count() == total


@pytest.mark.slow
def test_the_site_database_and_the_index_use_write_ahead_logging(concurrent_run):
    """WAL lets pages be read while a reply is written, in every process; the mode is stored in the files."""
    database, index, reports = concurrent_run
    assert {report["journal_mode"] for report in reports} == {"wal"}
    for path in (database, index):
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal", path.name
