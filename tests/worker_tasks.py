"""Tasks that exist only for the tests of the real worker (tests/worker_support.py loads them into `run_huey`).

Each attempt leaves a line in a file of COP_TEST_TASK_DIR, so a test can count attempts across processes; a task
fails while its flag file exists, so a test can break and repair it from outside.
"""

import os
import time
from pathlib import Path

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cop.tasks.models import Heartbeat


def _folder():
    return Path(os.environ["COP_TEST_TASK_DIR"])


def attempts(marker):
    path = _folder() / f"{marker}.attempts"
    return len(path.read_text().splitlines()) if path.exists() else 0


def break_task(marker):
    (_folder() / f"{marker}.broken").touch()


def repair_task(marker):
    (_folder() / f"{marker}.broken").unlink(missing_ok=True)


def _attempt(marker):
    with open(_folder() / f"{marker}.attempts", "a") as attempts_file:
        attempts_file.write(f"{time.time()}\n")
    if (_folder() / f"{marker}.broken").exists():
        raise ValueError(f"{marker} is broken")


@db_task(retries=2, retry_delay=0.2)
def flaky(marker):
    """Fails while broken: two retries, then a failed task."""
    _attempt(marker)


@db_task()
def succeeds(marker):
    _attempt(marker)


@db_task(retries=5, retry_delay=1)
def write_to_database(marker):
    """A write to the site's database, retried when the database refuses it (locked, unreachable)."""
    _attempt(marker)
    Heartbeat.objects.update_or_create(name=marker[:50], defaults={"beat_at": timezone.now()})


@db_task()
def slow(marker, seconds):
    """Long enough for the worker to be stopped while it runs."""
    _attempt(marker)
    time.sleep(seconds)
    _attempt(f"{marker}-finished")


# 30 February: the scheduler never runs it on its own; the tests queue its runs.
@db_periodic_task(crontab(month="2", day="30"))
def periodic_probe():
    _attempt("periodic-probe")
