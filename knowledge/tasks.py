"""The knowledge base's background work: pages (and snippets) scheduled in the Wagtail admin go live on time.

When an editor's "Publish" with a go-live date in the future is approved, Wagtail stores the revision with
`approved_go_live_at`; a task is then scheduled for that moment, so the page goes live within a second or two of
it. Wagtail's `publish_scheduled` also runs every minute: it catches what a lost task or a stopped worker left
behind, and the pages whose expiry date has passed. (Huey runs a periodic job once a minute counted from the
worker's start, not at the minute boundary: without the scheduled task a page could wait up to two minutes.)

Wagtail's command takes no lock of its own, and two runs at once (the go-live task and the minute job in two
threads, or in two workers) would both publish the same revision: one run at a time, under a lock every worker
sees (cop/tasks/locks.py).

The signal is connected when this module is imported, which every process does at start-up (cop/tasks/apps.py).
"""

from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from huey.exceptions import RetryTask
from wagtail.models import Revision

from cop.tasks import locks

# Wagtail publishes revisions whose approved_go_live_at is strictly in the past.
MARGIN = timedelta(seconds=1)


def publish_scheduled():
    """Wagtail's `publish_scheduled`; False when another run is under way (it publishes what is due)."""
    with locks.exclusive("publish-scheduled") as held:
        if held:
            call_command("publish_scheduled", verbosity=0)
        return held


@db_periodic_task(crontab(minute="*"), retries=2, retry_delay=10)
def publish_scheduled_pages():
    """Wagtail's `publish_scheduled`, every minute: no cron."""
    publish_scheduled()


# A failure at the go-live moment (the SQLite file locked by another writer for longer than its busy timeout, the
# database restarting) is retried soon: a ten-second delay made the page that much late. Past the retries the minute
# job publishes it.
@db_task(retries=6, retry_delay=2)
def publish_at_go_live_time():
    if not publish_scheduled():
        # The run under way may have looked before this page's time came: look again once it is done.
        raise RetryTask(delay=1)


def schedule_go_live(sender, instance, **kwargs):
    go_live_at = instance.approved_go_live_at
    if go_live_at is None or go_live_at <= timezone.now():
        return
    # robust: the approval is saved whatever the queue says; the minute job publishes the page then.
    transaction.on_commit(lambda: publish_at_go_live_time.schedule(eta=go_live_at + MARGIN), robust=True)


post_save.connect(schedule_go_live, sender=Revision, dispatch_uid="knowledge.tasks.schedule_go_live")
