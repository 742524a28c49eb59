"""Send queued search index changes to the external search engine, once or as a worker loop."""

import time

from django.core.management.base import BaseCommand, CommandError

from search.backends import get_engine, is_external
from search.outbox import drain, pending


class Command(BaseCommand):
    help = "Send queued search index changes (the outbox) to the Elasticsearch cluster named by SEARCH_URL."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep draining until stopped (a worker process).")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds to wait between passes with --loop (default 2)."
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Documents sent per bulk request.")

    def handle(self, *args, loop=False, interval=2.0, batch_size=500, **options):
        if batch_size < 1 or interval <= 0:
            raise CommandError("--batch-size must be at least 1 and --interval greater than 0.")
        engine = get_engine()
        if not is_external(engine):
            raise CommandError("SEARCH_URL is not set: the embedded engine is updated directly and has no outbox.")
        try:
            while True:
                done, failed = drain(engine, batch_size=batch_size)
                if done or failed or not loop:
                    self.stdout.write(f"Delivered {done} documents, {failed} failed, {pending()} changes still queued.")
                if not loop:
                    break
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
            return
        if failed:
            raise CommandError("Some changes could not be delivered; they stay queued for the next run.")
