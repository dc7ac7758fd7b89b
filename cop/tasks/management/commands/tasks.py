"""python manage.py tasks status | failed [--tracebacks] | retry ID... | retry --all | dismiss ID...

The worker's state and its failed tasks, for operators: the worker itself is `python manage.py run_huey`.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from cop.tasks.failures import dismiss, retry
from cop.tasks.health import worker_status
from cop.tasks.models import FailedTask


class Command(BaseCommand):
    help = "Show the background worker's state, list failed tasks, queue them again or dismiss them."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "failed", "retry", "dismiss"])
        parser.add_argument("ids", nargs="*", type=int, help="failed task ids (retry, dismiss)")
        parser.add_argument("--all", action="store_true", help="retry, dismiss: every unresolved failed task")
        parser.add_argument("--tracebacks", action="store_true", dest="show_traceback",
                            help="failed: print each task's traceback too")

    def handle(self, *args, action, ids, all=False, show_traceback=False, **options):
        self.show_traceback = show_traceback
        getattr(self, action)(ids, everything=all)

    def status(self, ids, **options):
        self.stdout.write(json.dumps(worker_status(), indent=2))

    def failed(self, ids, **options):
        open_failures = FailedTask.objects.filter(resolved_at__isnull=True)
        for failure in open_failures:
            self.stdout.write(
                f"#{failure.pk} {failure.task_name} {failure.arguments} — {failure.failures}× "
                f"{'periodic, ' if failure.periodic else ''}last {failure.last_failed_at:%Y-%m-%d %H:%M:%S}\n"
                f"    {failure.error}"
            )
            if self.show_traceback and failure.traceback:
                self.stdout.write("    " + failure.traceback.rstrip().replace("\n", "\n    "))
        self.stdout.write(f"{open_failures.count()} unresolved failed task(s)")

    def _chosen(self, ids, everything):
        if not ids and not everything:
            raise CommandError("Give the ids of failed tasks (see `tasks failed`), or --all.")
        chosen = FailedTask.objects.filter(resolved_at__isnull=True)
        if not everything:
            chosen = chosen.filter(pk__in=ids)
            missing = set(ids) - set(chosen.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No unresolved failed task with id {', '.join(map(str, sorted(missing)))}.")
        return list(chosen)

    def retry(self, ids, everything=False):
        queued = 0
        for failure in self._chosen(ids, everything):
            if retry(failure):
                queued += 1
            else:
                self.stdout.write(f"#{failure.pk} {failure.task_name}: not queued (a periodic job runs on its own "
                                  "schedule; or the task no longer exists, or was resolved meanwhile)")
        self.stdout.write(self.style.SUCCESS(f"Queued {queued} task(s) again."))

    def dismiss(self, ids, everything=False):
        dismissed = sum(dismiss(failure) for failure in self._chosen(ids, everything))
        self.stdout.write(self.style.SUCCESS(f"Dismissed {dismissed} failed task(s)."))
