"""Delivery of the e-mail queue by the worker: which worker sends which e-mail, when a failed one is tried again,
and what operators see when one fails for good. django-post-office keeps the queue (an `Email` row per e-mail,
written by `send_mail` in the transaction of the change that caused it) and sends a batch (`_send_bulk`: one
connection, a log row per failure, retry bookkeeping); this module adds what it lacks for several workers.

Several workers, never the same e-mail twice: a worker first *claims* a batch of due e-mails in one short
transaction (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED; SQLite: the IMMEDIATE transaction holds the write
lock), moving their scheduled time a lease ahead (MAIL_SENDING_LEASE_SECONDS), so no other worker sees them as due;
then it sends them, outside any transaction, and saves the outcome. Why not one Huey lock around the sending
(`HUEY.lock_task`): on the SQLite and PostgreSQL queue storages a Huey lock has no expiry (`put_if_empty` refuses a
ttl), so a worker killed while holding it would stop all e-mail until someone cleared it by hand, and clearing
locks when a consumer starts (`flush_locks`) would let a second sender in while the first still sends. A claim
lapses by itself: the e-mails of a killed worker are due again when its lease runs out. A batch that takes longer
than the lease (a slow mail server: each message may take up to EMAIL_TIMEOUT) keeps it: while it sends, a thread
of the worker renews the lease of the e-mails still waiting every third of it, so a second worker does not take
them while the first is still on the way to them; a killed worker renews nothing.

At least once: the one remaining window is a worker that dies after the mail server accepted a message and before
the batch's outcome was saved. Its claimed e-mails are sent again when the lease runs out, so at most one batch
(POST_OFFICE["BATCH_SIZE"]) can reach someone twice, with the same Message-ID, which most mail clients show once.
"""

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office.mail import _send_bulk
from post_office.models import STATUS, Email
from post_office.settings import get_batch_size, get_retry_timedelta, get_sending_order

logger = logging.getLogger(__name__)

DUE = (STATUS.queued, STATUS.requeued)


@dataclass
class DeliveryResult:
    sent: int = 0
    requeued: int = 0
    failed: int = 0
    next_retry_at: datetime | None = None

    def add(self, other):
        self.sent += other.sent
        self.requeued += other.requeued
        self.failed += other.failed
        if other.next_retry_at and (self.next_retry_at is None or other.next_retry_at < self.next_retry_at):
            self.next_retry_at = other.next_retry_at


def deliver_after_commit(sender, emails, **kwargs):
    """post_office's `email_queued` signal: deliver once the transaction that queued the e-mails has committed
    (a rolled-back change took its e-mails with it). One delivery per transaction, however many e-mails it queued."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(callback is _queue_delivery for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_queue_delivery, robust=True)


def _queue_delivery():
    from .tasks import send_queued_mail

    send_queued_mail()


def _due(now):
    return (
        Q(status__in=DUE)
        & (Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))
        & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    )


class Claim(dict):
    """{id: scheduled time before the claim} of the e-mails a worker took, and the end of its lease on them (the
    scheduled time it gave them: whoever finds that value there still holds them)."""

    def __init__(self, rows=(), lease_until=None):
        super().__init__(rows)
        self.lease_until = lease_until


def _lease_end(now):
    return now + timedelta(seconds=settings.MAIL_SENDING_LEASE_SECONDS)


def claim(now=None):
    """Take up to a batch of due e-mails for this worker until its lease runs out. Another worker claiming at the
    same time gets other e-mails or none."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Email.objects.filter(_due(now)).order_by(*get_sending_order(), "pk")
            .select_for_update(skip_locked=True).values_list("pk", "scheduled_time")[: get_batch_size()]
        )
        if not rows:
            return Claim()
        lease_until = _lease_end(now)
        Email.objects.filter(pk__in=[pk for pk, _ in rows]).update(scheduled_time=lease_until)
    return Claim(rows, lease_until)


def renew(held):
    """Move the lease of the claimed e-mails that still wait (not sent, not failed, not taken by another worker
    after a lapse) a lease ahead from now; returns how many were renewed."""
    lease_until = _lease_end(timezone.now())
    renewed = Email.objects.filter(
        pk__in=list(held), status__in=DUE, scheduled_time=held.lease_until
    ).update(scheduled_time=lease_until)
    held.lease_until = lease_until
    return renewed


@contextmanager
def lease_kept(held):
    """While the block runs, renew the lease of `held` every third of MAIL_SENDING_LEASE_SECONDS, from a thread of
    its own (with its own database connection, closed when the block ends)."""
    interval = settings.MAIL_SENDING_LEASE_SECONDS / 3
    if interval <= 0:  # no lease to keep
        yield held
        return
    done = threading.Event()

    def keep():
        try:
            while not done.wait(interval):
                try:
                    renew(held)
                except Exception:  # the database is busy or gone: the next round tries again, the lease may lapse
                    logger.warning("could not renew the lease of e-mails %s", sorted(held), exc_info=True)
        finally:
            db_connection.close()

    keeper = threading.Thread(target=keep, name="mail-lease", daemon=True)
    keeper.start()
    try:
        yield held
    finally:
        done.set()
        keeper.join()


def retry_delay(retries):
    """post_office waits RETRY_INTERVAL after every failure; a mail server that is down for a while is asked less
    and less often: the interval doubles after each failure, up to MAIL_RETRY_MAX_SECONDS."""
    delay = get_retry_timedelta() * 2 ** max(retries - 1, 0)
    return min(delay, timedelta(seconds=settings.MAIL_RETRY_MAX_SECONDS))


def _deliver(claimed):
    emails = list(Email.objects.filter(pk__in=claimed).select_related("template").prefetch_related("attachments"))
    with lease_kept(claimed):
        _send_bulk(emails, uses_multiprocessing=False)
    now = timezone.now()
    outcome = {pk: (status, retries) for pk, status, retries in
               Email.objects.filter(pk__in=claimed).values_list("pk", "status", "number_of_retries")}
    result, changed = DeliveryResult(), []
    for email in emails:
        status, retries = outcome[email.pk]
        if status == STATUS.sent:
            result.sent += 1
            email.scheduled_time = claimed[email.pk]  # the lease is over: show when it was meant to go
        elif status == STATUS.requeued:
            result.requeued += 1
            email.scheduled_time = now + retry_delay(retries or 0)
            result.next_retry_at = min(filter(None, (result.next_retry_at, email.scheduled_time)))
        else:
            result.failed += 1
            _record_failure(email)
            continue
        changed.append(email)
    Email.objects.bulk_update(changed, ["scheduled_time"])
    return result


def deliver_due():
    """Send every e-mail that is due, a batch at a time, until none is left for this worker."""
    result = DeliveryResult()
    while claimed := claim():
        result.add(_deliver(claimed))
    return result


def _record_failure(email):
    """An e-mail that failed for good is a failed task too: `manage.py tasks failed` lists it (and /healthz counts
    it), `manage.py tasks retry` sends it again. The Django admin shows it with each attempt's error."""
    from huey.contrib.djhuey import HUEY

    from cop.tasks.models import FailedTask

    from .tasks import retry_failed_email

    last = email.logs.filter(status=STATUS.failed).order_by("-date").first()
    error = f"{last.exception_type}: {last.message}" if last else "failed"
    logger.error("e-mail #%s to %s failed for good: %s", email.pk, ", ".join(email.to), error)
    FailedTask.objects.create(
        task_name="e-mail delivery", task_id=f"email-{email.pk}",
        arguments=f"e-mail #{email.pk} to {', '.join(email.to)}: {email.subject}"[:2000], error=error[:2000],
        data=HUEY.serialize_task(retry_failed_email.s(email.pk)),
    )


def requeue(email_id):
    """Give a failed e-mail a new round of attempts, from now."""
    return bool(Email.objects.filter(pk=email_id, status=STATUS.failed).update(
        status=STATUS.queued, number_of_retries=0, scheduled_time=None, last_updated=timezone.now()
    ))


def mail_status():
    """For the worker's status: e-mails waiting (due or waiting for a retry) and those that failed for good."""
    return {
        "mail_waiting": Email.objects.filter(status__in=DUE).count(),
        "mail_failed": Email.objects.filter(status=STATUS.failed).count(),
    }
