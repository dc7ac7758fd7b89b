"""The durable outbox of index jobs: written in the same transaction as the change it reflects."""

from django.db import models
from django.utils import timezone


class OutboxEntry(models.Model):
    """One pending index job: (re)index or remove the search document with this key."""

    key = models.CharField(max_length=100, db_index=True)  # e.g. "practice:12", "post:345"
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    available_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "search outbox entry"
        verbose_name_plural = "search outbox"

    def __str__(self):
        return self.key
