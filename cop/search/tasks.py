"""Search as background work: the outbox drain (the engine backend's index is written by the worker, never the
web), the saved searches' check for new results, and forgetting old search gaps.

A change enqueues `drain_search_outbox` when it commits, so it is searchable within a second or two; the same
job runs every minute for anything a lost task left behind, and a drain that met a failing engine comes back
when the first row's backoff is over (rows stay in the outbox until the engine acknowledged them, so a worker
killed mid-batch loses nothing). Several workers may drain at once on PostgreSQL (rows claimed with SKIP LOCKED);
on SQLite, which has no row locks, one drain runs at a time under a lock every worker sees and that dies with
its holder (cop/tasks/locks.py). The embedded backend applies the outbox itself after each commit; the minute
job retries what failed there.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cop.tasks import locks

from . import get_backend
from .models import OutboxEntry
from .outbox import DrainResult, apply_pending, drain_all

logger = logging.getLogger(__name__)

DRAIN_LOCK = "search-outbox"
EMBED_LOCK = "search-vectors"
SOON = timedelta(seconds=60)  # a backoff longer than this is left to the minute job


def drain_now(batch=None):
    """Drain what is due; returns the DrainResult, or None when another worker is draining (SQLite): that one
    looks at the outbox again after letting go of the lock, so it takes these rows too."""
    backend = get_backend()
    if backend.applies_on_commit:
        apply_pending()
        return None
    batch = batch or getattr(settings, "SEARCH_WORKER_BATCH", 200)
    if connection.vendor == "postgresql":
        return drain_all(backend, batch=batch)
    total = None
    while True:
        with locks.exclusive(DRAIN_LOCK) as held:
            if not held:
                return total
            total = (total or DrainResult()) + drain_all(backend, batch=batch)
        # Rows committed while we held the lock may belong to drains that found it taken and went away.
        if not OutboxEntry.objects.filter(available_at__lte=timezone.now()).exists():
            return total


def _after(result):
    if result is None or not result.failed:
        return
    logger.warning("search outbox: %d row(s) wait for a retry: %s", result.failed, "; ".join(result.errors[:3]))
    # Come back when the first backoff is over (soon after the engine is back), rather than at the next minute;
    # only a drain that met failures does, so the follow-ups never multiply.
    due = OutboxEntry.objects.filter(attempts__gt=0).aggregate(first=Min("available_at"))["first"]
    if due is not None and due - timezone.now() < SOON:
        drain_search_outbox.schedule(eta=due + timedelta(milliseconds=100))


@db_task(retries=3, retry_delay=5)
def drain_search_outbox():
    _after(drain_now())


@db_periodic_task(crontab(minute="*"))
def drain_search_outbox_periodically():
    _after(drain_now())


@db_periodic_task(crontab(minute="*/10"), retries=1, retry_delay=60)
def notify_saved_searches():
    """Tell members about new documents matching their saved searches (cop/search/saved.py): the state is on each
    saved search, so a run that was lost or failed only delays the news to the next run."""
    from .saved import check_all

    check_all()


@db_periodic_task(crontab(minute="17", hour="3"))
def prune_search_gaps():
    from .gaps import prune

    prune()


@db_periodic_task(crontab(minute="29", hour="3"), retries=1, retry_delay=600)
def refresh_search_recency():
    """The embedded backend's top-k index weighs recent documents by the day they were indexed: re-weigh those of
    the last two years once a day (cop.search.embedded.EmbeddedIndex.refresh_recency)."""
    index = getattr(get_backend(), "index", None)
    if index is not None and hasattr(index, "refresh_recency"):
        logger.info("search: %d recent document(s) re-weighed", index.refresh_recency())


@db_task(retries=2, retry_delay=30)
def embed_documents(keys):
    """The passage vectors of changed documents (cop/search/semantic/vectors.py); one worker at a time embeds, the
    others leave it (the sweep and the next change catch up)."""
    from .semantic.vectors import embed_keys

    with locks.exclusive(EMBED_LOCK) as held:
        if held:
            embed_keys(keys)
        else:
            embed_documents.schedule((keys,), delay=30)


@db_periodic_task(crontab(minute="*/5"))
def embed_missing_vectors():
    """Documents in the index without vectors of the current model (a lost task, a rebuild, a new model): a few
    minutes of embedding at a time, so the worker's other jobs wait at most that long."""
    from .semantic.embedders import get_embedder
    from .semantic.vectors import embed_missing

    if get_embedder() is None:
        return
    with locks.exclusive(EMBED_LOCK) as held:
        if held:
            counts = embed_missing(seconds=getattr(settings, "SEARCH_EMBED_SWEEP_SECONDS", 240))
            if counts["embedded"] or counts["left"]:
                logger.info("search vectors: %s", counts)
