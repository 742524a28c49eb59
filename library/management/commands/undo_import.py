"""Undo a recorded run of import_library as a whole, or list the runs."""

from django.core.management.base import BaseCommand, CommandError

from library.importing.write import undo_run
from library.models import ImportRun


class Command(BaseCommand):
    help = (
        "Undo an import run (see the id import_library printed): delete the pages it created and restore the pages "
        "it updated as they were before it. Without an id, list the recent runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("run", nargs="?", type=int, help="The import run's id.")

    def handle(self, *args, run=None, **options):
        if run is None:
            for item in ImportRun.objects.all()[:20]:
                when = item.started_at.strftime("%Y-%m-%d %H:%M")
                self.stdout.write(
                    f"{item.pk}  {when}  {item.get_status_display()}  {item.lines} lines: {item.created} created, "
                    f"{item.updated} updated  {item.source}"
                )
            return
        record = ImportRun.objects.filter(pk=run).first()
        if record is None:
            raise CommandError(f"There is no import run {run}.")
        if record.status != ImportRun.Status.DONE:
            raise CommandError(f"Import run {run} is {record.get_status_display()}: there is nothing to undo.")
        deleted, restored = undo_run(record)
        self.stdout.write(
            self.style.SUCCESS(f"Import run {run} undone: {deleted} page(s) deleted, {restored} page(s) restored.")
        )
