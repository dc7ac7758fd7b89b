"""The durable outbox: index jobs are rows written in the same transaction as the change.

Embedded backend: the jobs are applied right after commit (`apply_pending`), so a change is searchable at
once; a job that fails stays in the table and is retried on the next apply (or by `search_index rebuild`).

Engine backend (Elasticsearch/OpenSearch): the web process only writes the rows and never waits for the
engine. The worker (cop/search/tasks.py, run by `manage.py run_huey`) calls `drain()`, queued by each commit and
every minute; `manage.py search_worker --once` does the same by hand:

* it claims a batch of due rows (oldest first). On PostgreSQL the rows are locked with
  `SELECT … FOR UPDATE SKIP LOCKED` inside a transaction held until the batch is settled, and each key is
  also taken with a transaction-level advisory lock, so several workers can run at once: they claim
  disjoint rows, and one key is never written by two workers at the same time (so an older read of a
  document can never overwrite a newer one). SQLite has no row locks: run ONE worker there.
* it reads every key's document as it is now (`sources.document_for`; None means "remove it") and sends
  the batch with one bulk request;
* a row is deleted only when the engine acknowledged its key. A key the engine rejected keeps its rows,
  with `attempts + 1`, `available_at = now + min(2 ** attempts, 300)` seconds and `last_error`. If the
  engine is unreachable the whole batch is kept that way. A worker killed mid-batch deletes nothing
  (its transaction is rolled back), so the next drain does the batch again; writes are idempotent
  (the document key is the engine's _id), so nothing is duplicated;
* while `search_index rebuild` is loading a new index, or if the alias moved during the write, the
  acknowledged rows are "held" instead of deleted (available again after HOLD_SECONDS, attempts
  unchanged): the rebuild replays them into the new index after the alias swap. See
  cop/search/management/commands/search_index.py for why this loses no write.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import get_backend
from .models import OutboxEntry
from .sources import document_for

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 300
HOLD_SECONDS = 5
ADVISORY_LOCK_CLASS = 0x5EA4  # first key of pg_try_advisory_xact_lock(int, int): "search outbox"


def enqueue(*keys):
    keys = [k for k in dict.fromkeys(keys) if k]
    if not keys:
        return
    OutboxEntry.objects.bulk_create([OutboxEntry(key=key) for key in keys])
    # robust: the change is committed whatever happens here; a failure only leaves the rows for the next apply
    # (the embedded backend) or for the worker's minute job (the engine backend).
    transaction.on_commit(_after_commit, robust=True)
    # The passage vectors follow in the worker (a lost task is made good by its sweep: semantic/vectors.py).
    transaction.on_commit(lambda: _schedule_vectors(keys), robust=True)


def _schedule_vectors(keys):
    from .semantic.embedders import get_embedder

    if get_embedder() is not None:
        from .tasks import embed_documents

        embed_documents(list(keys))


def _after_commit():
    if get_backend().applies_on_commit:
        apply_pending()
    elif settings.SEARCH_DRAIN_ON_COMMIT:
        from .tasks import drain_search_outbox

        drain_search_outbox()  # queued for the worker: the web process never waits for the engine


def apply_pending(limit=500):
    """Apply pending jobs to the backend; returns how many keys were applied (0 when it failed: the rows stay)."""
    backend = get_backend()
    if not backend.applies_on_commit:
        return 0
    entries = []
    try:
        entries = list(OutboxEntry.objects.filter(available_at__lte=timezone.now()).order_by("pk")[:limit])
        if not entries:
            return 0
        keys = list(dict.fromkeys(e.key for e in entries))
        # Documents are read inside the index's write transaction: another process applying the same key
        # waits, then reads a state at least as new, so an older read never overwrites a newer one.
        with backend.writing():
            documents, removed = [], []
            for key in keys:
                document = document_for(key)
                (documents.append(document) if document else removed.append(key))
            backend.index_documents(documents)
            backend.delete_documents(removed)
        OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
    except Exception as exc:  # keep the jobs; they are retried by the next apply, `status` or `rebuild`
        logger.exception("search outbox: applying %d jobs failed", len(entries))
        try:
            OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).update(last_error=str(exc)[:1000])
        except Exception:  # the database itself may be what failed
            logger.warning("search outbox: could not record the error", exc_info=True)
        return 0
    return len(keys)


@dataclass
class DrainResult:
    """Counts of one drain() call, in outbox rows (keys in `keys`)."""

    claimed: int = 0  # rows taken in this batch
    applied: int = 0  # rows deleted: the engine acknowledged their key
    failed: int = 0  # rows kept with a backoff: their key was rejected, or the engine was unreachable
    held: int = 0  # rows kept without a backoff: written, but a rebuild will replay them
    keys: int = 0  # distinct keys sent
    errors: list = field(default_factory=list)  # a few error texts, for logs

    def __add__(self, other):
        return DrainResult(
            self.claimed + other.claimed, self.applied + other.applied, self.failed + other.failed,
            self.held + other.held, self.keys + other.keys, (self.errors + other.errors)[:10],
        )


def backoff_seconds(attempts):
    return min(2 ** attempts, MAX_BACKOFF_SECONDS)


def _row_locks():
    return connection.features.has_select_for_update_skip_locked


def _lock_key(key):
    """A transaction-level advisory lock on one key (PostgreSQL); False when another worker holds it."""
    objid = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [ADVISORY_LOCK_CLASS, objid])
        return bool(cursor.fetchone()[0])


def _claim(batch, *, ignore_backoff, max_pk, ids, now):
    rows = OutboxEntry.objects.order_by("pk")
    if not ignore_backoff:
        rows = rows.filter(available_at__lte=now)
    if max_pk is not None:
        rows = rows.filter(pk__lte=max_pk)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    if _row_locks():
        rows = rows.select_for_update(skip_locked=True)
    entries = list(rows[:batch])
    if entries and connection.vendor == "postgresql":
        locked = {}
        for entry in entries:
            if entry.key not in locked:
                locked[entry.key] = _lock_key(entry.key)
        entries = [entry for entry in entries if locked[entry.key]]
    return entries


def drain(backend=None, *, batch=200, ignore_backoff=False, max_pk=None, ids=None, refresh=False, now=None):
    """Apply one batch of due outbox rows to the backend; returns a DrainResult.

    ignore_backoff: also take rows whose available_at is in the future (rebuild replay, tests).
    max_pk / ids: only rows up to this pk / with these pks. refresh: make the writes searchable at once
    (tests). Call it in a loop until `claimed` is 0 to empty the backlog.
    """
    backend = backend or get_backend()
    now = now or timezone.now()
    if _row_locks():
        # The claim transaction stays open until the batch is settled: the row and key locks hold that long.
        with transaction.atomic():
            entries = _claim(batch, ignore_backoff=ignore_backoff, max_pk=max_pk, ids=ids, now=now)
            return _process(backend, entries, refresh=refresh)
    # SQLite: no row locks, and a transaction held across the network call would block the web process's
    # writes; one worker is assumed, rows are read and settled in short autocommit steps.
    entries = _claim(batch, ignore_backoff=ignore_backoff, max_pk=max_pk, ids=ids, now=now)
    return _process(backend, entries, refresh=refresh)


def _process(backend, entries, *, refresh):
    result = DrainResult(claimed=len(entries))
    if not entries:
        return result
    keys = list(dict.fromkeys(entry.key for entry in entries))
    result.keys = len(keys)
    documents, removed, errors = [], [], {}
    for key in keys:
        try:
            document = document_for(key)
        except Exception as exc:  # a bug or bad data for one key must not stop the others
            logger.exception("search outbox: reading %s failed", key)
            errors[key] = f"reading the document failed: {exc.__class__.__name__}: {exc}"[:1000]
            continue
        (documents.append(document) if document is not None else removed.append(key))
    outcomes = {}
    if documents or removed:
        try:
            outcomes = backend.apply_changes(documents, removed, refresh=refresh)
        except Exception as exc:  # unreachable, timed out, 5xx: keep every row, with a backoff
            logger.warning("search outbox: a batch of %d keys failed: %s", len(keys), exc)
            message = f"{exc.__class__.__name__}: {exc}"[:1000]
            errors.update({key: message for key in keys if key not in errors})
    done, held, failed = [], [], []
    for entry in entries:
        outcome = outcomes.get(entry.key)
        if entry.key in errors:
            failed.append((entry, errors[entry.key]))
        elif outcome is None:
            failed.append((entry, "the engine did not report on this key"))
        elif outcome.status == "ok":
            done.append(entry)
        elif outcome.status == "hold":
            held.append((entry, outcome.error))
        else:
            failed.append((entry, outcome.error))
    now = timezone.now()
    for entry, error in failed:
        entry.attempts += 1
        entry.available_at = now + timedelta(seconds=backoff_seconds(entry.attempts))
        entry.last_error = error
    for entry, error in held:
        entry.available_at = now + timedelta(seconds=HOLD_SECONDS)
        entry.last_error = error
    with transaction.atomic():
        if done:
            OutboxEntry.objects.filter(pk__in=[entry.pk for entry in done]).delete()
        if failed or held:
            OutboxEntry.objects.bulk_update([entry for entry, _ in failed + held], ["attempts", "available_at", "last_error"])
    result.applied, result.held, result.failed = len(done), len(held), len(failed)
    result.errors = list(dict.fromkeys(error for _, error in failed))[:10]
    return result


def drain_all(backend=None, *, batch=200, ignore_backoff=False, max_pk=None, refresh=False, max_batches=None):
    """drain() until nothing due is left (rows that fail or are held wait for their time). Returns the sum."""
    total, batches = DrainResult(), 0
    while max_batches is None or batches < max_batches:
        result = drain(backend, batch=batch, ignore_backoff=ignore_backoff, max_pk=max_pk, refresh=refresh)
        batches += 1
        total = total + result
        if result.claimed == 0:
            break
        if ignore_backoff and result.applied == 0:
            break  # what is left fails or is held, and would be due again at once: stop rather than loop
    return total
