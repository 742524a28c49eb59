from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import AuditEvent


class Command(BaseCommand):
    help = "Delete audit events older than a number of days (run daily from cron to keep a retention period)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, required=True, help="Keep this many days of events.")
        parser.add_argument("--dry-run", action="store_true", help="Count the events without deleting them.")

    def handle(self, *args, days, dry_run, **options):
        if days < 30:
            raise CommandError("Keep at least 30 days of audit events.")
        old = AuditEvent.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
        count = old.count()
        if not dry_run:
            old.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} audit events older than {days} days.")
