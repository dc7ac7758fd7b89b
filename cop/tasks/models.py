"""What the worker leaves behind for operators: its heartbeat, and the tasks that failed for good."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a periodic job of the worker ran (one row per name): /healthz reads how old it is."""

    name = models.CharField(max_length=50, primary_key=True)
    beat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("worker heartbeat")


class FailedTask(models.Model):
    """A task that raised after its retries ran out. A periodic job failing again updates its row (and a later
    success resolves it); `manage.py tasks retry` queues a failed task again."""

    task_name = models.CharField(_("task"), max_length=200, db_index=True)
    task_id = models.CharField(max_length=64, blank=True)
    arguments = models.TextField(_("arguments"), blank=True)
    error = models.TextField(_("error"))
    traceback = models.TextField(blank=True)
    failures = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField(default=timezone.now)
    last_failed_at = models.DateTimeField(default=timezone.now, db_index=True)
    periodic = models.BooleanField(default=False)
    data = models.BinaryField(null=True, editable=False)  # the serialised Huey task, to queue it again
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolution = models.CharField(max_length=20, blank=True)  # "retried", "succeeded", "dismissed"

    class Meta:
        ordering = ["-last_failed_at", "-pk"]
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")

    def __str__(self):
        return f"{self.task_name} ({self.last_failed_at:%Y-%m-%d %H:%M})"
