"""What becomes of a task that does not finish: failed for good → a FailedTask row, never only a log line;
interrupted by a worker shutting down → queued again. Connected to Huey's signals, in every process."""

import logging
import traceback

from django.db import close_old_connections
from django.db.models import F
from django.utils import timezone
from huey import signals
from huey.api import PeriodicTask

logger = logging.getLogger(__name__)

# The tasks that run a Django Tasks job (Wagtail's): their first argument names the job, which is what an
# operator needs to see, not the runner.
DJANGO_TASK_RUNNERS = {"djtasks.run", "cop.django_tasks.run"}


def task_name(task):
    if task.name in DJANGO_TASK_RUNNERS and task.args:
        return str(task.args[0])
    return f"{type(task).__module__}.{task.name}"


def describe(task):
    args, kwargs = list(task.args or ()), {k: v for k, v in (task.kwargs or {}).items() if k != "task"}
    if task.name in DJANGO_TASK_RUNNERS and len(args) == 3:
        args, kwargs = args[1], args[2]
    return repr({"args": args, "kwargs": kwargs})[:2000]


def record_failure(task, exc):
    """Called on every error; writes a row only when the task will not be retried any more."""
    if task.retries:
        return  # Huey retries it (SIGNAL_RETRYING follows)
    from huey.contrib.djhuey import HUEY

    from .models import FailedTask

    periodic = isinstance(task, PeriodicTask)
    name, now = task_name(task), timezone.now()
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    trace = "".join(traceback.format_exception(exc))[-10000:]
    if periodic:
        # One row per failing periodic job, however often it fails: a count that grows, not a flood of rows.
        if FailedTask.objects.filter(task_name=name, periodic=True, resolved_at__isnull=True).update(
            failures=F("failures") + 1, last_failed_at=now, error=error, traceback=trace
        ):
            return
    try:
        data = None if periodic else HUEY.serialize_task(task)
    except Exception:  # recorded all the same, only without "Queue again"
        logger.warning("worker: cannot keep %s to queue it again", name, exc_info=True)
        data = None
    FailedTask.objects.create(
        task_name=name, task_id=str(task.id or ""), arguments=describe(task), error=error, traceback=trace,
        periodic=periodic, data=data, first_failed_at=now, last_failed_at=now,
    )


def resolve_periodic(task):
    """A periodic job that runs through again resolves its open failure."""
    if isinstance(task, PeriodicTask):
        from .models import FailedTask

        FailedTask.objects.filter(task_name=task_name(task), periodic=True, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolution="succeeded"
        )


def requeue_interrupted(task):
    """The worker was told to stop (SIGTERM: a deploy, `docker compose stop`, Ctrl-C of `make run`) while the task
    ran: Huey would forget it, so it goes back in the queue for the next worker. Every job may run twice (its
    state is in the database: a repeat finds the work done). Periodic jobs simply run at their next time."""
    if isinstance(task, PeriodicTask):
        return
    from huey.contrib.djhuey import HUEY

    HUEY.enqueue(task)
    logger.warning("worker: %s was interrupted by the shutdown and is queued again", task_name(task))


def _safely(handler, *, database=True):
    """A signal handler must never stop the worker, not even when the database is what failed."""

    def wrapper(signal, task, *args):
        try:
            from huey.contrib.djhuey import HUEY

            if database and not HUEY.immediate:  # immediate mode (tests): the request's own connection
                close_old_connections()
            handler(task, *args)
        except Exception:
            logger.exception("worker: could not record the outcome of %s", getattr(task, "name", task))

    return wrapper


def connect():
    from huey.contrib.djhuey import HUEY

    HUEY.signal(signals.SIGNAL_ERROR)(_safely(record_failure))
    HUEY.signal(signals.SIGNAL_COMPLETE)(_safely(resolve_periodic))
    HUEY.signal(signals.SIGNAL_INTERRUPTED)(_safely(requeue_interrupted, database=False))


def retry(failed):
    """Queue a failed task again with its original arguments; returns False for a periodic job (it runs on its
    own schedule), one whose task no longer exists, or one resolved meanwhile (two operators: queued once)."""
    from huey.contrib.djhuey import HUEY

    if failed.periodic or not failed.data:
        return False
    try:
        task = HUEY.deserialize_task(bytes(failed.data))
    except Exception:  # the task was renamed or removed since
        logger.warning("worker: cannot queue %s again", failed.task_name, exc_info=True)
        return False
    task.retries, task.retry_delay = task.default_retries, task.default_retry_delay
    if not _resolve(failed, "retried"):
        return False
    try:
        HUEY.enqueue(task)
    except Exception:  # the queue cannot be reached: the failure stays open, for another try
        type(failed).objects.filter(pk=failed.pk).update(resolved_at=None, resolution="")
        raise
    return True


def dismiss(failed):
    """Close a failed task without running it again; False when it was resolved meanwhile."""
    return _resolve(failed, "dismissed")


def _resolve(failed, resolution):
    now = timezone.now()
    if not type(failed).objects.filter(pk=failed.pk, resolved_at__isnull=True).update(resolved_at=now,
                                                                                       resolution=resolution):
        return False
    failed.resolved_at, failed.resolution = now, resolution
    return True
