"""python manage.py search_index rebuild|status|verify

Embedded backend: rebuild clears the SQLite index (and the tantivy index beside it, cop.search.topk) and loads
every document again, one write transaction per batch read; verify also compares the keys of both.

Engine backend (Elasticsearch/OpenSearch): rebuild without downtime.

1. A new concrete index `<prefix>-<timestamp>` is created carrying only the marker alias
   `<prefix>-rebuilding` (one create request, so the marker exists before any document is read).
   Searches keep using the alias `<prefix>`, which still points at the old index.
2. Every key of `sources.all_keys()` is read with `documents_for()` (a batch at a time) and bulk-loaded into the new index
   (with a progress bar on stderr). Meanwhile workers go on draining the outbox into the old index, so
   search stays fresh, but they see the marker and keep ("hold") the rows they wrote instead of deleting
   them.
3. The alias is swapped atomically (`POST /_aliases` with remove + add, and the marker removed, in one
   call), and the old index is dropped.
4. The rebuild replays every outbox row that exists right after the swap (held or not yet processed)
   into the new index, through the same `drain()` as the workers.

Why no write can be lost: a change C to key K commits its outbox row R in the same transaction. Either R
was deleted by a worker before the marker existed, in which case the worker's write of K happened before
the loader (which starts after the marker) read K, so the loader read a state at least as new as C; or R
still exists after the swap (the worker saw the marker, or the alias had moved, only after its write was
acknowledged, and kept R; or nobody processed R yet), and then R is replayed into the new index after
the swap (by the rebuild, or by a worker: after the swap every write lands in the new index). Workers
decide keep-or-delete only after the engine acknowledged the write and with a fresh look at the aliases,
so a write that went to the old index is never mistaken for one in the new index. On PostgreSQL a
per-key advisory lock makes sure an older read of K is never written after a newer one; on SQLite a
single worker is assumed.

A rebuild that dies leaves its half-loaded index with the marker: workers go on writing to the live index
but hold their rows (nothing is lost, the backlog grows); `search_index rebuild --force` drops the
leftover and rebuilds.
"""

from collections import Counter, deque

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max, Min
from django.utils import timezone

from cop.search import get_backend
from cop.search.readers import Readers
from cop.search.backends import EngineSearchBackend, SearchUnavailable
from cop.search.models import OutboxEntry
from cop.search.outbox import apply_pending, drain_all
from cop.search.topk import release_freed_memory
from cop.search.sources import all_keys, documents_for

BATCH = 500
READ_BATCH = 500  # keys whose documents are read together (sources read their related rows per batch)
# Documents per write transaction of an embedded rebuild: the index file's write lock is held for about 2-3 s
# at a time (other writers wait for it; SQLite's busy timeout is 20 s), and the commits are few.
WRITE_BATCH = 2000


class Command(BaseCommand):
    help = "Rebuild the search index, show its status, or verify it against the content."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "verify"])
        parser.add_argument("--force", action="store_true",
                            help="rebuild: drop the index of a rebuild that died instead of refusing to start")
        parser.add_argument("--batch", type=int, default=BATCH, help="documents per bulk request (engine rebuild)")

    def handle(self, *args, action, force=False, batch=BATCH, **options):
        backend = get_backend()
        if isinstance(backend, EngineSearchBackend):
            try:
                getattr(self, f"engine_{action}")(backend, force=force, batch=max(1, batch))
            except SearchUnavailable as exc:
                raise CommandError(f"The {backend.name} engine at {backend.base_url} cannot be used: {exc}") from exc
            return
        if not hasattr(backend, "index"):
            raise CommandError(f"The {backend.name} backend is not available in this version.")
        getattr(self, action)(backend)

    def expected(self):
        documents = {}
        keys = list(all_keys())
        for start in range(0, len(keys), READ_BATCH):
            for key, document in documents_for(keys[start:start + READ_BATCH]).items():
                if document is not None:
                    documents[key] = document
        return documents

    def progress(self, done, total):
        bar = "#" * (30 * done // max(total, 1))
        self.stderr.write(f"\r[{bar:<30}] {done}/{total}", ending="")

    # Embedded backend

    def rebuild(self, backend):
        """A batch at a time: read (the sources prefetch their related rows per batch) and analyse (in reader
        processes when the rebuild is large: cop/search/readers.py), index, attach the vectors the cache already
        holds. Memory is bounded by the batch, not by the corpus."""
        keys = list(all_keys())
        total, counts = len(keys), Counter()
        batches = [keys[start:start + READ_BATCH] for start in range(0, total, READ_BATCH)]
        per_write = max(WRITE_BATCH // READ_BATCH, 1)
        with Readers.for_rebuild(total) as readers:
            backend.index.clear()
            ahead = deque()  # (batch number, its reading), at most two write transactions' worth

            def read_ahead():
                while len(ahead) < 2 * per_write and (number := ahead[-1][0] + 1 if ahead else done) < len(batches):
                    ahead.append((number, readers.read(batches[number])))

            done, version = 0, None
            while done < len(batches):
                # One write transaction (and one commit of each index) per WRITE_BATCH documents: a tantivy commit
                # costs 50-100 ms on this machine's disk (files synced), as much as indexing 100 documents.
                with backend.writing():
                    now = backend.index.data_version()  # no other process commits while this transaction lasts
                    if version is not None and now != version:
                        # Another process wrote to the index since this rebuild's last transaction: what the
                        # readers read before then is read again, now (cop/search/readers.py).
                        ahead.clear()
                    version = now
                    read_ahead()
                    for _ in range(min(per_write, len(batches) - done)):
                        _number, reading = ahead.popleft()
                        read_ahead()
                        self.write_batch(backend, *reading.get(), counts)
                        done += 1
                        self.progress(min(done * READ_BATCH, total), total)
                release_freed_memory()  # what this transaction's tantivy merges freed (cop/search/topk.py)
        self.stderr.write("")
        OutboxEntry.objects.all().delete()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the {backend.name} index: {counts['indexed']} documents."))
        if counts["attached"] or counts["left"]:
            self.stdout.write(f"Vectors: {counts['attached']} from the cache, {counts['left']} left to the worker.")

    def write_batch(self, backend, documents, analysed, counts):
        for offset in range(0, len(documents), 200):
            backend.index_documents(documents[offset:offset + 200], analysed)
        counts["indexed"] += len(documents)
        attached, left = self.attach_cached_vectors(documents)
        counts["attached"] += attached
        counts["left"] += left

    def attach_cached_vectors(self, documents):
        """Vectors whose passages were all embedded before come back at once, from the cache; the worker's sweep
        embeds the rest (cop/search/semantic/vectors.py). Returns (attached, left)."""
        from cop.search.semantic.vectors import attach_cached

        return attach_cached(documents)

    def status(self, backend):
        self.stdout.write(f"backend: {backend.name}")
        self.stdout.write(f"documents: {backend.index.count()}")
        topk = backend.index.topk_keys()
        self.stdout.write(f"top-k index: {len(topk)} documents" if topk is not None else "top-k index: not available (FTS5 answers)")
        self.stdout.write(f"outbox backlog: {OutboxEntry.objects.count()}")
        applied = apply_pending()
        if applied:
            self.stdout.write(f"applied {applied} pending job(s)")

    def verify(self, backend):
        # Every stored field is compared, not only presence: a document indexed with an old audience
        # (a category switched to members-only) is as wrong as a missing one.
        expected = self.expected()
        indexed = backend.index.documents()
        missing = sorted(set(expected) - set(indexed))
        extra = sorted(set(indexed) - set(expected))
        different = sorted(key for key in set(expected) & set(indexed) if expected[key] != indexed[key])
        topk = backend.index.topk_keys()
        if topk is not None:  # the top-k index must hold exactly what SQLite holds
            for key in sorted(set(indexed) - topk):
                self.stdout.write(f"missing from the top-k index: {key}")
            for key in sorted(topk - set(indexed)):
                self.stdout.write(f"in the top-k index only: {key}")
            different = sorted(set(different) | (set(indexed) ^ topk))
        self.report(missing, extra, different, len(expected))

    def report(self, missing, extra, different, expected_count):
        for key in missing:
            self.stdout.write(f"missing: {key}")
        for key in extra:
            self.stdout.write(f"should not be indexed: {key}")
        for key in different:
            self.stdout.write(f"out of date: {key}")
        if missing or extra or different:
            backlog = OutboxEntry.objects.count()
            pending = f" ({backlog} change(s) still wait in the outbox)" if backlog else ""
            raise CommandError(
                f"{len(missing)} missing, {len(extra)} extra, {len(different)} out of date{pending}; run `search_index rebuild`."
            )
        self.stdout.write(self.style.SUCCESS(f"The index matches the content: {expected_count} documents."))

    # Engine backend

    def engine_rebuild(self, backend, *, force=False, batch=BATCH):
        engine = backend.engine
        state = engine.alias_state()
        if state.building:
            if not force:
                raise CommandError(
                    f"A rebuild is already loading {', '.join(state.building)}. If it died, run `search_index rebuild --force`."
                )
            for name in state.building:
                self.stderr.write(f"dropping the index of an unfinished rebuild: {name}")
                engine.drop_index(name)
        started = timezone.now()
        new_index = engine.concrete_name(started)
        engine.create_concrete(new_index, aliases=[engine.marker])  # the marker first: see the module docstring
        swapped = False
        try:
            keys = list(all_keys())
            total, loaded = len(keys), 0
            for start in range(0, total, batch):
                documents = [doc for doc in documents_for(keys[start:start + batch]).values() if doc is not None]
                engine.load(new_index, documents)
                loaded += len(documents)
                self.progress(min(start + batch, total), total)
            self.stderr.write("")
            engine.refresh(new_index)
            old = engine.swap_alias(new_index)
            swapped = True
        finally:
            if not swapped:
                engine.drop_index(new_index)  # the marker goes with it; held rows become ordinary rows again
        for name in sorted(set(old) | set(engine.alias_state().others) - {new_index}):
            engine.drop_index(name)
        last = OutboxEntry.objects.aggregate(last=Max("pk"))["last"]
        replay = drain_all(backend, ignore_backoff=True, max_pk=last) if last else None
        engine.refresh(new_index)
        self.stdout.write(self.style.SUCCESS(
            f"Rebuilt the {backend.name} index {new_index}: {loaded} documents; alias {engine.alias} swapped"
            + (f" from {', '.join(old)}" if old else "") + "."
        ))
        if replay and replay.claimed:
            self.stdout.write(
                f"replayed {replay.applied} pending outbox row(s) (changes made before or during the rebuild)"
                + (f"; {replay.failed + replay.held} kept for the worker" if replay.failed + replay.held else "")
            )
        return new_index

    def engine_status(self, backend, **options):
        engine = backend.engine
        self.stdout.write(f"backend: {backend.name} at {backend.base_url}")
        self.outbox_status()
        health = backend.health()
        self.stdout.write(f"engine: {health['status']}" + (f" (cluster {health['cluster']})" if health.get("cluster") else ""))
        if health["status"] == "unavailable":
            raise CommandError(f"The {backend.name} engine at {backend.base_url} is unreachable.")
        state = engine.alias_state()
        self.stdout.write(f"alias: {engine.alias} -> {', '.join(state.live) or '(none: run `search_index rebuild`)'}")
        if len(state.live) > 1:
            self.stdout.write(self.style.ERROR("the alias points at more than one index: run `search_index rebuild`"))
        if state.building:
            self.stdout.write(f"rebuild in progress: {', '.join(state.building)}")
        if state.others:
            self.stdout.write(f"unused indices (dropped by the next rebuild): {', '.join(state.others)}")
        self.stdout.write(f"documents: {engine.count() if state.live else 0}")

    def outbox_status(self):
        now = timezone.now()
        rows = OutboxEntry.objects.all()
        summary = rows.aggregate(oldest=Min("created_at"), attempts=Max("attempts"))
        self.stdout.write(f"outbox backlog: {rows.count()}")
        if summary["oldest"]:
            due = rows.filter(available_at__lte=now).count()
            self.stdout.write(
                f"  due now: {due}, waiting to retry: {rows.count() - due}, most attempts: {summary['attempts']}, "
                f"oldest: {summary['oldest']:%Y-%m-%d %H:%M:%S}"
            )
            errors = Counter(rows.exclude(last_error="").values_list("last_error", flat=True)[:1000])
            for error, count in errors.most_common(3):
                self.stdout.write(f"  {count} × {error[:200]}")

    def engine_verify(self, backend, **options):
        from cop.search.engine import content_hash

        expected = {key: content_hash(doc) for key, doc in self.expected().items()}
        indexed = {key: source.get("content_hash") for key, source in backend.engine.scan(fields=["content_hash"])}
        missing = sorted(set(expected) - set(indexed))
        extra = sorted(set(indexed) - set(expected))
        different = sorted(key for key in set(expected) & set(indexed) if expected[key] != indexed[key])
        self.report(missing, extra, different, len(expected))
