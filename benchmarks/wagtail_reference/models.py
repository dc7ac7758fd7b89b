"""The benchmark corpus as a Wagtail-indexed model: what a Wagtail site would search with its database backend."""

from django.db import models
from wagtail.search import index


class BenchDocument(index.Indexed, models.Model):
    key = models.CharField(max_length=40, unique=True)
    type = models.CharField(max_length=20)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    tags = models.TextField(blank=True)  # comma-separated
    theme = models.CharField(max_length=100, blank=True)
    oblast = models.CharField(max_length=100, blank=True)
    year = models.IntegerField(null=True)
    date = models.CharField(max_length=10, blank=True)
    audience = models.CharField(max_length=10, default="public")

    search_fields = [
        index.SearchField("title", boost=8),
        index.SearchField("tags", boost=5),
        index.SearchField("body"),
        index.FilterField("type"),
        index.FilterField("theme"),
        index.FilterField("year"),
        index.FilterField("audience"),
    ]

    class Meta:
        app_label = "bench_wagtail_reference"

    def __str__(self):
        return self.key

    @classmethod
    def from_document(cls, doc):
        """A row from a cop.search.embedded.Document."""
        return cls(
            key=doc.key, type=doc.type, title=doc.title, body=doc.body, tags=", ".join(doc.tags), theme=doc.theme,
            oblast=doc.oblast, year=int(doc.date[:4]) if doc.date else None, date=doc.date, audience=doc.audience,
        )
