"""python manage.py search_index rebuild|status|verify"""

from django.core.management.base import BaseCommand, CommandError

from cop.search import get_backend
from cop.search.models import OutboxEntry
from cop.search.outbox import apply_pending
from cop.search.sources import all_keys, document_for


class Command(BaseCommand):
    help = "Rebuild the search index, show its status, or verify it against the content."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "verify"])

    def handle(self, *args, action, **options):
        backend = get_backend()
        if not hasattr(backend, "index"):
            raise CommandError(f"The {backend.name} backend is not available in this version.")
        getattr(self, action)(backend)

    def expected(self):
        documents = {}
        for key in all_keys():
            document = document_for(key)
            if document is not None:
                documents[key] = document
        return documents

    def rebuild(self, backend):
        documents = list(self.expected().values())
        backend.index.clear()
        total = len(documents)
        for start in range(0, total, 200):
            backend.index_documents(documents[start:start + 200])
            done = min(start + 200, total)
            bar = "#" * (30 * done // max(total, 1))
            self.stderr.write(f"\r[{bar:<30}] {done}/{total}", ending="")
        self.stderr.write("")
        OutboxEntry.objects.all().delete()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the {backend.name} index: {total} documents."))

    def status(self, backend):
        self.stdout.write(f"backend: {backend.name}")
        self.stdout.write(f"documents: {backend.index.count()}")
        self.stdout.write(f"outbox backlog: {OutboxEntry.objects.count()}")
        applied = apply_pending()
        if applied:
            self.stdout.write(f"applied {applied} pending job(s)")

    def verify(self, backend):
        expected = self.expected()
        indexed = backend.index.keys()
        missing = sorted(set(expected) - indexed)
        extra = sorted(indexed - set(expected))
        for key in missing:
            self.stdout.write(f"missing: {key}")
        for key in extra:
            self.stdout.write(f"should not be indexed: {key}")
        if missing or extra:
            raise CommandError(f"{len(missing)} missing, {len(extra)} extra; run `search_index rebuild`.")
        self.stdout.write(self.style.SUCCESS(f"The index matches the content: {len(expected)} documents."))
