"""Management command: scan text or every published page for identifying details."""

import html
import json
import sys
from collections.abc import Iterable, Mapping

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, models
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from safety.detector import Finding, detect, scan_fields

PAGE_SYSTEM_FIELDS = frozenset({"title", "seo_title", "search_description"})


def watched_names() -> list[str]:
    """Return the names of the optional safety.WatchedName model, or an empty list when it does not exist."""
    try:
        model = apps.get_model("safety", "WatchedName")
    except LookupError:
        return []
    field_names = {field.name for field in model._meta.get_fields()}
    name_field = "name" if "name" in field_names else None
    if name_field is None:
        text_fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.CharField)]
        if not text_fields:
            return []
        name_field = text_fields[0]
    queryset = model._default_manager.all()
    for flag in ("is_active", "active"):
        if flag in field_names:
            queryset = queryset.filter(**{flag: True})
    try:
        return [name for name in queryset.values_list(name_field, flat=True) if name and name.strip()]
    except DatabaseError:
        return []


def without_overrides(page_id, found: dict[str, list[Finding]]) -> dict[str, list[Finding]]:
    """Return the findings minus the values an editor overrode on this page, with a reason."""
    from safety.review import overridden_keys, value_hash

    keys = overridden_keys(page_id)
    if not keys:
        return found
    return {field: [f for f in items if value_hash(f.kind, f.text) not in keys] for field, items in found.items()}


def stream_strings(value) -> Iterable[str]:
    """Yield every string inside raw StreamField data, HTML stripped."""
    if isinstance(value, str):
        yield html.unescape(strip_tags(value))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in {"id", "type"}:
                yield from stream_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from stream_strings(item)


def field_text(page, field) -> str:
    """Return the plain text of one CharField, TextField, RichTextField or StreamField value of a page."""
    from wagtail.fields import StreamField

    value = field.value_from_object(page)
    if value is None:
        return ""
    if isinstance(field, StreamField):
        raw = getattr(value, "raw_data", value)
        return "\n".join(text for text in stream_strings(list(raw)) if text.strip())
    if isinstance(field, models.TextField):
        return html.unescape(strip_tags(str(value)))
    return str(value)


def page_text_fields(page) -> dict[str, str]:
    """Return the free-text fields of a page: its get_text_for_anonymity() if defined, else title and text fields."""
    from wagtail.fields import StreamField
    from wagtail.models import Page

    custom = getattr(page, "get_text_for_anonymity", None)
    if callable(custom):
        value = custom()
        if isinstance(value, Mapping):
            return {str(name): str(text or "") for name, text in value.items()}
        return {"text": str(value or "")}
    fields = {}
    for field in page._meta.concrete_fields:
        own_field = field.model is not Page or field.name in PAGE_SYSTEM_FIELDS
        is_text = isinstance(field, models.CharField | models.TextField | StreamField) and not field.choices
        if own_field and is_text and not isinstance(field, models.SlugField | models.URLField | models.EmailField):
            fields[field.name] = field_text(page, field)
    return fields


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
        from wagtail.models import Page

        pages_with_findings = total = 0
        for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path").iterator():
            try:
                fields = page_text_fields(page)
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
