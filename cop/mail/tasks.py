"""The e-mail queue as background work: delivered after each commit that queued e-mail, retried when due, and
cleaned up after MAIL_KEEP_DAYS (see cop/mail/delivery.py for who sends what)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from post_office.utils import cleanup_expired_mails

from . import delivery


def _deliver():
    result = delivery.deliver_due()
    if result.next_retry_at:
        # The next attempt on time, not at the next minute job (which remains the safety net).
        delay = max((result.next_retry_at - timezone.now()).total_seconds(), 1)
        send_queued_mail.schedule(delay=delay)
    return result


@db_task(retries=3, retry_delay=10)
def send_queued_mail():
    """Queued on commit by post_office's email_queued signal (cop.mail.delivery.deliver_after_commit)."""
    _deliver()


@db_periodic_task(crontab(minute="*"), retries=1, retry_delay=10)
def send_due_mail():
    """Whatever is due that no task is on the way for: a task lost with a killed worker, a claim whose lease ran out."""
    _deliver()


@db_task()
def retry_failed_email(email_id):
    """`manage.py tasks retry` of an e-mail that failed for good."""
    delivery.requeue(email_id)
    _deliver()


@db_periodic_task(crontab(minute="41", hour="3"), retries=3, retry_delay=300)
def clean_up_old_mail():
    cleanup_expired_mails(timezone.now() - timedelta(days=settings.MAIL_KEEP_DAYS))
