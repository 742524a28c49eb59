"""Rebuild the search index from the published content."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the site's search index from the published content, then the external engine when one is "
        "configured. Interrupted runs continue where they stopped when run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")
        parser.add_argument("--restart", action="store_true", help="Ignore an unfinished rebuild and start over.")
        parser.add_argument("--batch-size", type=int, default=500, help="Objects read and written per batch.")
        parser.add_argument(
            "--limit", type=int, default=None, help="Stop after this many objects (run again to continue)."
        )

    def handle(self, *args, **options):
        if options["batch_size"] < 1 or (options["limit"] is not None and options["limit"] < 1):
            raise CommandError("--batch-size and --limit must be positive.")
        state, resumed = rebuild.start(restart=options["restart"])
        if resumed:
            self.stdout.write(f"Continuing an interrupted rebuild ({state['indexed']} documents already indexed).")
        bar = tqdm(total=rebuild.remaining(state), unit="doc", disable=options["no_progress"], file=self.stderr)
        try:
            report = rebuild.rebuild_embedded(
                state, batch_size=options["batch_size"], limit=options["limit"], progress=bar.update
            )
        except KeyboardInterrupt:
            bar.close()
            raise CommandError("Interrupted. Run the command again to continue where it stopped.") from None
        bar.close()
        if not report.finished:
            self.stdout.write(
                f"Stopped after the limit: {report.indexed} documents indexed so far. "
                "Run the command again to continue."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Site index rebuilt: {report.indexed} documents indexed, {report.skipped} objects not indexable "
                f"(drafts, unpublished or hidden), {report.removed} stale entries removed."
            )
        )
        try:
            external = rebuild.rebuild_external(options["batch_size"])
        except Exception as error:
            raise CommandError(
                f"The site index is complete, but the external search engine could not be rebuilt: {error}"
            ) from error
        if external is not None:
            self.stdout.write(self.style.SUCCESS(f"External search engine rebuilt: {external} documents."))
