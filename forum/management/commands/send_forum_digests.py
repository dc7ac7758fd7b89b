"""Send the daily forum digest now, for operators: the worker sends it on its own every day (forum/tasks.py)."""

from django.core.management.base import BaseCommand

from forum import notifications


class Command(BaseCommand):
    help = (
        "E-mail each member who chose the daily digest their unread forum notifications not e-mailed yet, whatever "
        "the hour; members who already had today's digest (Kyiv time) are left out, as by the worker."
    )

    def handle(self, *args, **options):
        sent = notifications.send_digests()
        self.stdout.write(f"Sent {sent} forum digest e-mail{'' if sent == 1 else 's'}.")
