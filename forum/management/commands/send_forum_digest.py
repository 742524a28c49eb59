from django.core.management.base import BaseCommand

from forum.notifications import send_digests


class Command(BaseCommand):
    help = "Email each member who chose the daily digest their unread forum notifications (run once a day)."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"Sent {sent} forum digest email(s).")
