"""The forum's background work: notifications fanned out after the commit, the daily digest at its hour, and
old read notifications cleaned up."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import notifications
from .models import Notification


@db_task(retries=3, retry_delay=10)
def fan_out_notifications(pending_id):
    """Queued when a change that owes notifications commits (forum.notifications.owe)."""
    notifications.fan_out(pending_id)


@db_periodic_task(crontab(minute="*"))
def fan_out_owed_notifications():
    """What a task lost with a killed worker (or one that failed for good) left owed."""
    notifications.fan_out_owed()


@db_periodic_task(crontab(minute="*/15"), retries=2, retry_delay=60)
def send_daily_digests():
    """No cron: every quarter of an hour, the digest of whoever is due (from FORUM_DIGEST_HOUR in Kyiv, once a day)."""
    notifications.send_digests_if_due()


@db_periodic_task(crontab(minute="29", hour="3"), retries=3, retry_delay=300)
def forum_housekeeping():
    """Read notifications older than FORUM_NOTIFICATIONS_KEEP_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.FORUM_NOTIFICATIONS_KEEP_DAYS)
    Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
