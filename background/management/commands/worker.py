"""Run the background worker: queued tasks (email, forum notifications, …) and the periodic ones."""

import gc
import logging
import sys

from django.core.management.base import BaseCommand, CommandError

from background.worker import Worker, database_aliases


class Command(BaseCommand):
    help = "Run the background worker: queued tasks of every database task alias, and the periodic tasks."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls of an empty queue.")
        parser.add_argument("--queue", action="append", dest="queues", help="Only this queue (repeatable).")
        parser.add_argument("--until-idle", action="store_true", help="Run what is ready now, then exit.")
        parser.add_argument("--no-schedule", action="store_true", help="Do not queue the periodic tasks.")

    def handle(self, *args, interval, queues, until_idle, no_schedule, verbosity, **options):
        if not interval > 0:
            raise CommandError("--interval must be greater than 0.")
        if not database_aliases():
            raise CommandError(
                "No task alias uses the database queue (settings.TASKS; TASK_QUEUE=database): there is nothing for "
                "this worker to run."
            )
        if verbosity >= 1:
            logging.getLogger("background").setLevel(logging.INFO)
            if not logging.getLogger().handlers:
                logging.basicConfig(stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        worker = Worker(queues=queues, interval=interval, schedule_periodic=not no_schedule)
        # Everything loaded at start-up (Django, Wagtail, the text tables) lives as long as the process: keep it out
        # of the collector, so neither each collection nor the exit (a SIGTERM from honcho or systemd) walks it.
        gc.collect()
        gc.freeze()
        worker.install_signal_handlers()
        self.stdout.write(f"Worker {worker.worker_id} running tasks of {', '.join(worker.aliases)}.")
        self.stdout.flush()
        count = worker.run(until_idle=until_idle)
        self.stdout.write(f"Worker {worker.worker_id} stopped after {count} task(s).")
