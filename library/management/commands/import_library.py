"""Import library pages from a JSON Lines file."""

import os
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Page

from accounts.audit import record
from library.importing.run import ImportRefused, NothingToImport, import_lines
from library.importing.validate import MAX_FILE_BYTES, LineError
from library.models import LibraryIndexPage
from safety.review_guard import OVERRIDE_EVENT, is_administrator, review_workflow


class Command(BaseCommand):
    help = (
        "Import case studies, methods and resources from a JSON Lines file (one JSON object a line). "
        "Every line is checked first; nothing is imported unless all lines are valid. "
        "Re-importing a file updates the pages it created instead of duplicating them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .jsonl file.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the pages (default: import as drafts). Under the review workflow the pages are submitted "
            "for review instead, unless an administrator overrides it with --without-review.",
        )
        parser.add_argument(
            "--without-review",
            metavar="REASON",
            help="With --publish: publish pages under the review workflow without review, for this reason "
            "(recorded in the audit log with --administrator).",
        )
        parser.add_argument("--administrator", metavar="EMAIL", help="The administrator who orders --without-review.")
        parser.add_argument(
            "--drafts",
            action="store_true",
            help="Import lines in which the anonymization check finds identifying details, as drafts, "
            "instead of refusing the file.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, **options):
        started = time.monotonic()
        administrator, reason = self._override(options)
        workflow = review_workflow(LibraryIndexPage.objects.get())
        submit = bool(options["publish"] and workflow is not None and administrator is None)
        try:
            size = os.path.getsize(options["file"])
            if size > MAX_FILE_BYTES:
                raise CommandError(
                    f"{options['file']} is {size / 2**20:,.0f} MB; import files of at most {MAX_FILE_BYTES // 2**20} MB "
                    "(split it into several files)."
                )
            with open(options["file"], encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{options['file']} is not UTF-8 text: {error.reason}") from error
        self.stdout.write(f"Checking {len(lines)} lines…")
        bar = tqdm(total=0, unit="page", disable=options["no_progress"], file=self.stderr)

        def progress(done, total):
            if bar.total != total:
                bar.reset(total=total)
            bar.update(done)

        def audit(report):
            record(
                OVERRIDE_EVENT,
                user=administrator,
                reason=reason,
                file=str(options["file"]),
                pages=len(report.pages),
                published=report.published,
            )

        submitted = []
        try:
            report = import_lines(
                lines,
                publish=options["publish"] and not submit,
                base_dir=os.path.dirname(os.path.abspath(options["file"])),
                drafts=options["drafts"],
                source=str(options["file"]),
                progress=progress,
                after_batch=(lambda page_ids: submitted.append(self._submit(page_ids, workflow))) if submit else None,
                on_written=audit if administrator is not None else None,
            )
        except NothingToImport as refused:
            raise CommandError("The file holds no pages; nothing was imported.") from refused
        except ImportRefused as refused:
            for message in refused.errors:
                self.stderr.write(message)
            raise CommandError(f"{len(refused.errors)} invalid line(s); nothing was imported.") from refused
        except LineError as error:
            raise CommandError(f"{error}; nothing was imported.") from error
        finally:
            bar.close()
        submitted = sum(submitted)
        elapsed = time.monotonic() - started
        count = report.created + report.updated + report.kept
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {count} pages in {elapsed:.1f} s ({count / max(elapsed, 1e-9):.0f} a second): "
                f"{report.created} created, {report.updated} updated, {report.published} published, "
                f"{report.drafts} drafts, {report.indexed} in the search index."
            )
        )
        self.stdout.write(f"Import run {report.run}: `manage.py undo_import {report.run}` undoes it as a whole.")
        if submit:
            self.stdout.write(
                f'The library follows the review workflow "{workflow.name}": {submitted} page(s) were submitted '
                "for review instead of published. An administrator can publish without review with "
                "--without-review REASON --administrator EMAIL."
            )

    def _override(self, options):
        """Return (administrator, reason) of a --without-review override, or (None, ""); refuse an incomplete one."""
        reason = options.get("without_review")
        if reason is None:
            return None, ""
        reason = reason.strip()
        if not options["publish"]:
            raise CommandError("--without-review goes with --publish.")
        if not reason:
            raise CommandError("--without-review needs a reason; nothing was imported.")
        email = (options.get("administrator") or "").strip()
        user = get_user_model().objects.filter(email__iexact=email).first() if email else None
        if user is None or not is_administrator(user):
            raise CommandError(
                "--without-review needs --administrator EMAIL of an administrator; nothing was imported."
            )
        return user, reason

    def _submit(self, page_ids, workflow):
        """Submit the imported pages that are not in review yet to the review workflow; return how many."""
        submitted = 0
        for page in Page.objects.filter(pk__in=page_ids).specific().iterator():
            if page.latest_revision_id is None:
                page.save_revision(clean=False, log_action=True)
            if page.current_workflow_state is None:
                workflow.start(page, None)
                submitted += 1
        return submitted
