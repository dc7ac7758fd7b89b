"""The worker's own periodic jobs: a heartbeat every minute, and daily housekeeping."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import django_tasks  # noqa: F401  (registers the task that runs Wagtail's jobs: the worker must know it)
from .models import FailedTask, Heartbeat

logger = logging.getLogger(__name__)

# Huey's Django Tasks backend keeps a record of each Wagtail job (status, times, errors) in the queue's result
# store, for anyone asking for the job's result, and never removes it: one or more records per page save.
JOB_RECORDS_KEEP = timedelta(days=7)


@db_periodic_task(crontab(minute="*"))
def heartbeat():
    """/healthz calls the worker degraded when this is older than WORKER_HEARTBEAT_STALE_SECONDS."""
    Heartbeat.objects.update_or_create(name="periodic", defaults={"beat_at": timezone.now()})


@db_periodic_task(crontab(minute="17", hour="3"), retries=3, retry_delay=300)
def housekeeping():
    """Expired sessions, failed-task records resolved long ago, and the records of Wagtail's finished jobs. (The
    apps clean what they own: old read notifications, sent e-mails; see their tasks modules.)"""
    call_command("clearsessions")
    refresh_planner_statistics()
    cutoff = timezone.now() - timedelta(days=getattr(settings, "WORKER_FAILED_TASKS_KEEP_DAYS", 30))
    FailedTask.objects.filter(resolved_at__lt=cutoff).delete()
    purge_job_records(before=timezone.now() - JOB_RECORDS_KEEP)


def refresh_planner_statistics():
    """ANALYZE: the query planner's statistics of every table. SQLite keeps none until asked, and without them it
    picks an index by its shape alone: the home page's five newest discussions were found by sorting every topic
    of the readable categories (20 ms at 3,500 topics) instead of reading the newest first by the index on
    `last_activity_at` (under 1 ms). PostgreSQL's autovacuum analyses on its own; this only refreshes it."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def purge_job_records(*, before):
    """Remove the records of Django Tasks jobs finished (or, never finished, queued) before `before`; returns how
    many. A job still queued whose record is gone runs all the same (Huey's backend runs it without one)."""
    from huey.contrib.djhuey import HUEY
    from huey.contrib.djhuey.tasks_backend import KEY

    prefix, removed = KEY % "", 0
    for key, raw in HUEY.all_results().items():
        if not key.startswith(prefix):
            continue
        try:
            record = HUEY.serializer.deserialize(raw)
            when = datetime.fromisoformat(record.get("finished_at") or record["enqueued_at"])
        except Exception:  # not a record this code understands: left alone
            logger.warning("housekeeping: cannot read the job record %s", key, exc_info=True)
            continue
        if when < before:
            removed += bool(HUEY.delete(key))
    return removed
