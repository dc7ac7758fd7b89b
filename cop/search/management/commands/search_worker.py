"""python manage.py search_worker [--once] [--batch N] [--sleep S]

Drains the search outbox into the search backend (see cop.search.outbox.drain): run it next to the web
processes when SEARCH_URL points at Elasticsearch or OpenSearch. Several workers may run at once on
PostgreSQL (rows are claimed with FOR UPDATE SKIP LOCKED); on SQLite run exactly one.

--once     drain what is due now and exit (cron, tests, deploy hooks)
--batch N  outbox rows per bulk request (default 200)
--sleep S  seconds to wait when nothing is due, or after a failed batch (default 1)

SIGTERM and SIGINT stop the worker after the batch in progress; a worker killed outright loses nothing
(its batch was not deleted from the outbox, and is done again by the next drain).
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from cop.search import get_backend
from cop.search.outbox import DrainResult, drain

logger = logging.getLogger("cop.search.worker")


class Command(BaseCommand):
    help = "Apply the search outbox to the search backend, continuously or --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="drain what is due now, then exit")
        parser.add_argument("--batch", type=int, default=200, help="outbox rows per batch (default 200)")
        parser.add_argument("--sleep", type=float, default=1.0, help="seconds to wait when idle (default 1)")

    def handle(self, *args, once=False, batch=200, sleep=1.0, **options):
        if batch < 1 or sleep < 0:
            raise CommandError("--batch must be at least 1 and --sleep not negative.")
        self.stopping = threading.Event()
        previous = self._install_signal_handlers()
        try:
            self.run(once=once, batch=batch, sleep=sleep)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def run(self, *, once, batch, sleep):
        total = DrainResult()
        backend_name = get_backend().name
        if not once:
            self.stdout.write(f"search worker: draining the outbox into the {backend_name} backend (batch {batch})")
        while not self.stopping.is_set():
            if not connection.in_atomic_block:  # (tests run commands inside a transaction)
                close_old_connections()
            backend = get_backend()  # follows SEARCH_URL (cached per URL)
            try:
                result = drain(backend, batch=batch)
            except Exception:  # the database itself failed: log, wait, try again (or give up with --once)
                logger.exception("search worker: draining the outbox failed")
                if once:
                    raise
                self.stopping.wait(max(sleep, 1.0))
                continue
            total = total + result
            if result.claimed:
                logger.info("search worker: %d applied, %d failed, %d held (%d keys)",
                            result.applied, result.failed, result.held, result.keys)
                for error in result.errors[:3]:
                    logger.warning("search worker: %s", error)
            if once and (result.claimed == 0 or result.applied == 0):
                break  # nothing due, or only failures (they wait for their backoff)
            if result.claimed == 0 or result.applied == 0:
                self.stopping.wait(sleep)
        self.stdout.write(
            f"search worker: {total.applied} applied, {total.failed} failed, {total.held} held "
            f"({total.claimed} outbox rows in {backend_name})"
        )

    def _install_signal_handlers(self):
        """Stop after the current batch on SIGTERM/SIGINT; returns the handlers to restore."""
        if threading.current_thread() is not threading.main_thread():
            return {}
        previous = {}
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, lambda *_: self.stopping.set())
        return previous
