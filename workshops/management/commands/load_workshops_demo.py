from django.core.management.base import BaseCommand

from workshops.demo.loader import load_workshops


class Command(BaseCommand):
    help = "Create the demo curriculum (20 questions, five languages) and demo workshops with results; idempotent."

    def handle(self, *args, **options):
        created = load_workshops()
        self.stdout.write(f"Demo workshops: {created} created.")
