"""Curation's background work: files uploaded with a form that was never saved are removed after a day."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import SubmissionFile

ORPHAN_AFTER = timedelta(days=1)


def delete_orphan_files(now=None):
    """Files kept for a form that failed validation and was then abandoned: no submission took them."""
    cutoff = (now or timezone.now()) - ORPHAN_AFTER
    deleted = 0
    for item in SubmissionFile.objects.filter(submission__isnull=True, created_at__lt=cutoff).select_related("document", "image"):
        item.item.delete()  # the document or image and its file; the row goes with it (CASCADE)
        deleted += 1
    return deleted


@db_periodic_task(crontab(minute="40", hour="3"))
def delete_orphan_submission_files():
    delete_orphan_files()
