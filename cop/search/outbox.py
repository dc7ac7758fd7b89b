"""The durable outbox: index jobs are rows written in the same transaction as the change.

The embedded backend applies them right after commit, so a change is searchable at once; a job that fails
stays in the table and is retried on the next apply (or by `search_index rebuild`). Nothing is lost.
"""

import logging

from django.db import transaction
from django.utils import timezone

from . import get_backend
from .models import OutboxEntry
from .sources import document_for

logger = logging.getLogger(__name__)


def enqueue(*keys):
    keys = [k for k in dict.fromkeys(keys) if k]
    if not keys:
        return
    OutboxEntry.objects.bulk_create([OutboxEntry(key=key) for key in keys])
    transaction.on_commit(apply_pending)


def apply_pending(limit=500):
    """Apply pending jobs to the backend; returns how many keys were applied."""
    backend = get_backend()
    if not backend.applies_on_commit:
        return 0
    entries = list(OutboxEntry.objects.filter(available_at__lte=timezone.now()).order_by("pk")[:limit])
    if not entries:
        return 0
    keys = list(dict.fromkeys(e.key for e in entries))
    try:
        documents, removed = [], []
        for key in keys:
            document = document_for(key)
            (documents.append(document) if document else removed.append(key))
        backend.index_documents(documents)
        backend.delete_documents(removed)
    except Exception as exc:  # keep the jobs; they are retried
        logger.exception("search outbox: applying %d jobs failed", len(keys))
        OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).update(last_error=str(exc)[:1000])
        return 0
    OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
    return len(keys)
