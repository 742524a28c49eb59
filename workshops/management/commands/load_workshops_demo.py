from django.core.management.base import BaseCommand

from workshops.demo.certificates import issue_demo_certificates
from workshops.demo.loader import load_workshops


class Command(BaseCommand):
    help = (
        "Create the demo curriculum (20 questions, five languages) and demo workshops with results, and issue the "
        "past workshops' certificates; idempotent."
    )

    def handle(self, *args, **options):
        created = load_workshops()
        self.stdout.write(f"Demo workshops: {created} created.")
        issued = issue_demo_certificates()
        self.stdout.write(f"Demo certificates: {issued} issued.")
