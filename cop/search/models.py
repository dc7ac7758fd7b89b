"""What search keeps in the database: the outbox of index jobs (written in the same transaction as the change it
reflects), the searches that found nothing, and members' saved searches."""

from django.conf import settings
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


class SearchGap(models.Model):
    """A search that found nothing, by its normalised query and filters: what people look for and the library lacks.

    Nothing about who searched is kept (no user, no address); the days it was searched are in SearchGapDay."""

    key = models.CharField(max_length=64, unique=True)  # sha256 of `normalised`: one gap for every form of the words
    normalised = models.CharField(max_length=1000)  # the lemmas and filters the key is made from
    example = models.CharField(max_length=200)  # what was typed the first time, for reading
    filters = models.JSONField(default=dict, blank=True)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)
    # Searches before this day are not counted: the day after a moderator marked it handled.
    counted_from = models.DateField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answer = models.ForeignKey("wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Set when a listing found that the query now finds results for the public; cleared by the next empty search.
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "search gap"

    def __str__(self):
        return self.example


class SearchGapDay(models.Model):
    gap = models.ForeignKey(SearchGap, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gap", "day"], name="search_gap_day_unique")]


class SavedSearch(models.Model):
    """A member's saved query and filters; the worker tells them about new documents they may read that match."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    query = models.CharField(max_length=500)
    filters = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=64)  # as SearchGap.key: the same search in other word forms is a duplicate
    created_at = models.DateTimeField(default=timezone.now)
    # None until the documents matching at the time of saving were recorded (the worker does it if saving could not).
    checked_at = models.DateTimeField(null=True, blank=True)
    # Keys of the documents the member was told about or that matched when they saved: anything else matching is new.
    seen_keys = models.JSONField(default=list, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="saved_search_unique_per_user")]

    def __str__(self):
        return self.query


class EmbeddingCache(models.Model):
    """The vector of one passage's text for one model, by a hash of both: a rebuild, a no-op edit or an edit of
    another part of a document embeds nothing again (cop/search/semantic/vectors.py)."""

    digest = models.CharField(max_length=64, unique=True)  # sha256 of model + text
    model = models.CharField(max_length=100, db_index=True)
    vector = models.BinaryField()  # float32, L2-normalised
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "embedding cache entry"
        verbose_name_plural = "embedding cache"
