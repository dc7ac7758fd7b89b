"""The worker's state for /healthz and `manage.py tasks status`: heartbeat age, queue length, failed tasks."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

RECENT = timedelta(hours=1)


def worker_status():
    """`ok`, or `degraded` with the `problems` found: "no-heartbeat", "heartbeat-stale", "recent-failures",
    "queue-unreachable". Everything that can still be read is reported whatever else failed."""
    from huey.contrib.djhuey import HUEY

    from .models import FailedTask, Heartbeat

    if HUEY.immediate:
        return {"status": "ok", "mode": "immediate", "problems": []}  # tasks run inside the request (tests)
    problems = []
    status = {"queue": None, "scheduled": None}
    try:
        status.update(queue=HUEY.pending_count(), scheduled=HUEY.scheduled_count())
    except Exception as exc:  # nothing new can be queued: e-mails and index updates wait in the database meanwhile
        problems.append("queue-unreachable")
        status["queue_error"] = exc.__class__.__name__
    now = timezone.now()
    beat = Heartbeat.objects.filter(name="periodic").values_list("beat_at", flat=True).first()
    status["heartbeat_age_seconds"] = None if beat is None else max(round((now - beat).total_seconds()), 0)
    # Never a heartbeat counts as degraded, even on a fresh install: the worker's first act on starting is the
    # heartbeat (its periodic jobs run at once), so "never" outlasts the first seconds only when no worker runs
    # against this database, and then nothing scheduled goes live and no e-mail leaves; an operator must hear of
    # that from the first check, not after WORKER_HEARTBEAT_STALE_SECONDS. (Degraded keeps HTTP 200: the site
    # still serves, so a load balancer keeps it.)
    if beat is None:
        problems.append("no-heartbeat")
    elif status["heartbeat_age_seconds"] > settings.WORKER_HEARTBEAT_STALE_SECONDS:
        problems.append("heartbeat-stale")
    unresolved = FailedTask.objects.filter(resolved_at__isnull=True)
    status["failed"] = unresolved.count()
    status["failed_last_hour"] = unresolved.filter(last_failed_at__gte=now - RECENT).count()
    if status["failed_last_hour"]:
        problems.append("recent-failures")
    return {"status": "degraded" if problems else "ok", **status, "problems": problems}
