"""Send the daily forum digest to members who chose it. Run once a day (cron, a scheduled container, a worker)."""

from django.core.management.base import BaseCommand

from forum import notifications


class Command(BaseCommand):
    help = "E-mail each member who chose the daily digest their unread forum notifications not e-mailed yet."

    def handle(self, *args, **options):
        sent = notifications.send_digests()
        self.stdout.write(f"Sent {sent} forum digest e-mail{'' if sent == 1 else 's'}.")
