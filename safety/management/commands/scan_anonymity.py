"""Management command: scan text, or every published page as the anonymization guard reads it, for identifying
details."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page

from safety.detector import Finding, detect, scan_fields
from safety.guard import page_text
from safety.review.findings import overridden_keys, value_hash, watched_names


def without_overrides(page_id, found: dict[str, list[Finding]]) -> dict[str, list[Finding]]:
    """Return the findings minus the values an editor overrode on this page, with a reason."""
    keys = overridden_keys(page_id)
    if not keys:
        return found
    return {field: [f for f in items if value_hash(f.kind, f.text) not in keys] for field, items in found.items()}


def page_url(page) -> str:
    """Return the page's full URL, or its relative URL, or an empty string when it has none."""
    try:
        return page.get_full_url() or page.get_url() or ""
    except Exception:  # noqa: BLE001
        return ""


class Command(BaseCommand):
    requires_system_checks = []

    @property
    def help(self):
        """Return the translated command description."""
        return _(
            "Scan text for identifying details (names, phone numbers, IDs, addresses, accounts, profiles...). "
            "Scans --text, or every published page with --all, or else standard input."
        )

    def add_arguments(self, parser):
        """Add --text, --all, --json and --watch."""
        parser.add_argument("--text", help=_("Text to scan (otherwise standard input is read)."))
        parser.add_argument("--all", action="store_true", help=_("Scan every published page."))
        parser.add_argument("--json", action="store_true", help=_("Print one JSON object per finding, one per line."))
        parser.add_argument(
            "--watch",
            action="append",
            default=[],
            metavar="NAME",
            help=_("A name to look for in addition to the detected ones; repeat for several names."),
        )

    def handle(self, *args, **options):
        """Scan the requested text or pages and print the findings."""
        if options["text"] is not None and options["all"]:
            raise CommandError(_("Use either --text or --all, not both."))
        if any(not name.strip() for name in options["watch"]):
            raise CommandError(_("--watch needs a non-empty name."))
        watch = [*options["watch"], *watched_names()]
        if options["all"]:
            self.scan_pages(watch, options["json"])
            return
        text = options["text"] if options["text"] is not None else self.read_stdin()
        findings = detect(text, watch)
        for finding in findings:
            self.emit(finding, {}, options["json"])
        if not options["json"]:
            self.stdout.write(_("%(count)d finding(s).") % {"count": len(findings)})

    def read_stdin(self) -> str:
        """Return standard input as text, or fail with a clear message."""
        if sys.stdin.isatty():
            self.stderr.write(_("Reading text from standard input; finish with Ctrl-D."))
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError as error:
            raise CommandError(_("Standard input is not valid UTF-8 text: %(error)s") % {"error": error}) from error
        if any("\udc80" <= char <= "\udcff" for char in text):
            raise CommandError(_("Standard input is not valid UTF-8 text."))
        return text

    def emit(self, finding: Finding, context: dict, as_json: bool, indent: str = "") -> None:
        """Print one finding as a JSON line or as a readable line."""
        if as_json:
            self.stdout.write(json.dumps({**context, **finding.to_dict()}, ensure_ascii=False))
            return
        where = f"{context['field']}:" if "field" in context else ""
        self.stdout.write(
            f"{indent}{where}{finding.start}-{finding.end}\t{finding.kind}\t{finding.placeholder}\t{finding.text!r}"
        )

    def scan_pages(self, watch: list[str], as_json: bool) -> None:
        """Scan every live page and print the findings grouped by page."""
        pages_with_findings = total = 0
        for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path").iterator():
            try:
                fields = page_text(page)
            except Exception as error:  # noqa: BLE001
                self.stderr.write(
                    _("Could not read the text of page %(id)s: %(error)s") % {"id": page.pk, "error": error}
                )
                continue
            found = without_overrides(page.pk, scan_fields(fields, watch))
            count = sum(len(items) for items in found.values())
            if not count:
                continue
            pages_with_findings += 1
            total += count
            url = page_url(page)
            if not as_json:
                self.stdout.write(
                    _("Page %(id)s: %(title)s %(url)s") % {"id": page.pk, "title": page.title, "url": url}
                )
            for field, findings in found.items():
                for finding in findings:
                    context = {"page_id": page.pk, "page_title": page.title, "url": url, "field": field}
                    self.emit(finding, context, as_json, indent="  ")
        if not as_json:
            self.stdout.write(
                _("%(count)d finding(s) on %(pages)d page(s).") % {"count": total, "pages": pages_with_findings}
            )
