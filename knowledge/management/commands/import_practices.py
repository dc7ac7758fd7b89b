"""python manage.py import_practices FILE: bulk import of practices from JSON Lines."""

import sys

from django.core.management.base import BaseCommand, CommandError

from knowledge.importer import PracticeImporter


class Command(BaseCommand):
    help = (
        "Import good practices from a JSON Lines file (one practice per line). Re-importing the same "
        "external_id updates the practice. Bad lines are reported and skipped; the exit code is non-zero if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .jsonl file, or - for standard input.")
        parser.add_argument("--draft", action="store_true", help="Save as drafts instead of publishing.")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; change nothing.")

    def handle(self, *args, file, draft, dry_run, **options):
        importer = PracticeImporter(draft=draft, dry_run=dry_run)

        def progress(number, report):
            self.stderr.write(
                f"… {number} lines: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.failed} failed"
            )

        try:
            stream = sys.stdin.buffer if file == "-" else open(file, "rb")
        except OSError as exc:
            raise CommandError(f"cannot open {file}: {exc.strerror}") from exc
        with stream:
            report = importer.import_lines(stream, progress=progress)

        for number, reason in report.warnings:
            self.stderr.write(self.style.WARNING(f"line {number}: {reason}"))
        for number, reason in report.errors:
            self.stderr.write(self.style.ERROR(f"line {number}: {reason}"))
        if dry_run:
            self.stdout.write(f"Dry run: {report.validated} line(s) valid, {report.failed} line(s) failed; nothing was changed.")
        else:
            self.stdout.write(
                f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged; "
                f"{report.failed} line(s) failed."
            )
        if report.failed:
            raise CommandError(f"{report.failed} line(s) could not be imported; see the messages above.")
