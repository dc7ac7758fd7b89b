"""python manage.py search_worker --once [--batch N]

Drains what is due in the search outbox into the search backend now, then exits (deploy hooks, an operator after
an outage). The continuous worker is the task worker, `python manage.py run_huey`: it drains after every commit
and every minute (cop/search/tasks.py), with the same guarantees (cop.search.outbox.drain); on SQLite this command
takes the same drain lock as the worker, so the two never write one key at the same time.
"""

from django.core.management.base import BaseCommand, CommandError

from cop.search import get_backend
from cop.search.outbox import apply_pending
from cop.search.tasks import drain_now


class Command(BaseCommand):
    help = "Apply what is due in the search outbox now (--once); the continuous worker is `manage.py run_huey`."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="drain what is due now, then exit")
        parser.add_argument("--batch", type=int, default=200, help="outbox rows per batch (default 200)")

    def handle(self, *args, once=False, batch=200, **options):
        if not once:
            raise CommandError(
                "The search outbox is drained by the task worker: run `python manage.py run_huey` "
                "(or `search_worker --once` to drain what is due now and exit)."
            )
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        backend = get_backend()
        if backend.applies_on_commit:
            applied = apply_pending()
            self.stdout.write(f"search worker: {applied} applied ({backend.name} backend)")
            return
        total = drain_now(batch=batch)
        if total is None:
            self.stdout.write("search worker: a worker is draining the outbox right now; it takes what is due.")
            return
        for error in total.errors[:3]:
            self.stderr.write(f"search worker: {error}")
        self.stdout.write(
            f"search worker: {total.applied} applied, {total.failed} failed, {total.held} held "
            f"({total.claimed} outbox rows in {backend.name})"
        )
