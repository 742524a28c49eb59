"""Import library pages from JSON Lines: validate every line first, then write them all in one transaction.

Pages are inserted directly at computed tree paths (no per-page add_child, no revisions) and indexed for
search in bulk at the end; that is what makes large imports fast.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

KINDS = ("case-study", "method", "resource")
ROLES = ("origin", "transit", "destination")
ALLOWED_TAGS = {"p", "br", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "a", "blockquote"}
FIELDS = {"type", "title", "summary", "body", "language", "countries", "crime_types", "year", "tags", "source", "id"}
_URL = re.compile(r"^https?://\S+$")


class LineError(Exception):
    """A line of the import file that cannot be imported, with the field at fault."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}" if field_name else message)


@dataclass
class ImportItem:
    """One valid line, cleaned, ready to become a page."""

    line: int
    key: str
    kind: str
    title: str
    summary: str
    body_html: str
    language: str
    countries: list[tuple[str, str]]
    crime_types: list[str]
    year: int | None
    tags: list[str]
    source: str
    findings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did."""

    created: int = 0
    updated: int = 0
    published: int = 0
    drafts: int = 0
    indexed: int = 0


def _detector():
    """Return safety.detector.scan_fields (with the editors' watch list) when the detector is installed, else None."""
    try:
        from safety.detector import scan_fields
        from safety.models import WatchedName
    except ImportError:
        return None
    return functools.partial(scan_fields, watch_names=tuple(WatchedName.active_names()))


def body_to_html(body: str) -> str:
    """Return sanitized rich-text HTML for a body given as plain text or simple HTML."""
    body = body.strip()
    if not body:
        return ""
    if "<" not in body:
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", body) if part.strip()]
        return "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)
    cleaned = nh3.clean(body, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"})
    return cleaned if cleaned.lstrip().startswith("<") else f"<p>{cleaned}</p>"


def html_to_text(value: str) -> str:
    """Return the plain text of sanitized HTML."""
    return html.unescape(nh3.clean(re.sub(r"</(p|h2|h3|li|blockquote)>|<br\s*/?>", "\n", value), tags=set())).strip()


class Validator:
    """Check lines against the taxonomy; knows countries, crime types and languages."""

    def __init__(self, scan=None):
        from library.models import Country, CrimeType

        self.countries = set(Country.objects.values_list("code", flat=True))
        self.crimes = set(CrimeType.objects.values_list("slug", flat=True))
        self.languages = {code for code, _name in settings.CONTENT_LANGUAGES}
        self.scan = scan

    def _text(self, data, name, *, required=False, max_length=None):
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise LineError(name, "must be text")
        value = value.strip()
        if required and not value:
            raise LineError(name, "is required")
        if max_length and len(value) > max_length:
            raise LineError(name, f"is longer than {max_length} characters")
        return value

    def _list(self, data, name):
        value = data.get(name) or []
        if not isinstance(value, list):
            raise LineError(name, "must be a list")
        return value

    def _countries(self, data, kind):
        countries = []
        for item in self._list(data, "countries"):
            if isinstance(item, str):
                code, role = item, "origin"
            elif isinstance(item, dict) and isinstance(item.get("code"), str):
                code, role = item["code"], item.get("role") or "origin"
            else:
                raise LineError("countries", "give ISO codes, or objects with a code and a role")
            code = code.strip().upper()
            if code not in self.countries:
                raise LineError("countries", f"unknown country code '{code}'")
            if role not in ROLES:
                raise LineError("countries", f"unknown role '{role}' for '{code}' (use one of: {', '.join(ROLES)})")
            if code not in [c for c, _ in countries]:
                countries.append((code, role))
        if kind == "case-study" and not countries:
            raise LineError("countries", "a case study needs at least one country")
        return countries

    def _crimes(self, data):
        crimes = []
        for item in self._list(data, "crime_types"):
            if not isinstance(item, str) or item.strip() not in self.crimes:
                raise LineError("crime_types", f"unknown crime type '{item}'")
            crimes.append(item.strip())
        return list(dict.fromkeys(crimes))

    def _year(self, data):
        year = data.get("year")
        if year is None or year == "":
            return None
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year)
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
            raise LineError("year", f"'{year}' is not a year between 1900 and 2100")
        return year

    def _tags(self, data):
        tags = []
        for item in self._list(data, "tags"):
            if not isinstance(item, str) or not item.strip() or len(item.strip()) > 100:
                raise LineError("tags", f"'{item}' is not a tag (text up to 100 characters)")
            tags.append(item.strip())
        return list(dict.fromkeys(tags))

    def _key(self, data, source, title):
        if "id" in data and data["id"] not in (None, ""):
            value = data["id"]
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise LineError("id", "must be text or a number")
            key = f"id:{value}"
            return key if len(key) <= 255 else "id#" + hashlib.sha256(key.encode()).hexdigest()
        return "source:" + hashlib.sha256(f"{source}\0{title}".encode()).hexdigest()

    def clean(self, number: int, data) -> ImportItem:
        """Return the cleaned item of one parsed line, or raise LineError."""
        if not isinstance(data, dict):
            raise LineError("", "each line must be a JSON object")
        unknown = sorted(set(data) - FIELDS)
        if unknown:
            raise LineError(unknown[0], "unknown field")
        kind = data.get("type")
        if kind not in KINDS:
            raise LineError("type", f"unknown type '{kind}' (use one of: {', '.join(KINDS)})")
        title = self._text(data, "title", required=True, max_length=255)
        summary = self._text(data, "summary", required=True, max_length=1000)
        body = data.get("body") or ""
        if not isinstance(body, str):
            raise LineError("body", "must be text or HTML")
        body_html = body_to_html(body)
        if kind == "resource" and body_html:
            raise LineError("body", "a resource has no body text; describe it in summary and link it in source")
        language = self._text(data, "language", required=True).lower()
        if language not in self.languages:
            raise LineError(
                "language", f"unknown language '{language}' (use one of: {', '.join(sorted(self.languages))})"
            )
        source = self._text(data, "source", max_length=500)
        if kind == "resource" and not _URL.match(source):
            raise LineError("source", "a resource needs its address (http:// or https://) in source")
        item = ImportItem(
            line=number,
            key=self._key(data, source, title),
            kind=kind,
            title=title,
            summary=summary,
            body_html=body_html,
            language=language,
            countries=self._countries(data, kind),
            crime_types=self._crimes(data),
            year=self._year(data),
            tags=self._tags(data),
            source=source,
        )
        if self.scan is not None:
            found = self.scan({"title": title, "summary": summary, "body": html_to_text(body_html)})
            item.findings = [
                f"{name}: {finding.kind} '{finding.text}'" for name, hits in found.items() for finding in hits
            ]
        return item


def validate(lines: Iterable[str], *, scan_anonymity=True) -> tuple[list[ImportItem], list[str]]:
    """Return the valid items and an error message per invalid line ("line 7: year: …")."""
    validator = Validator(scan=_detector() if scan_anonymity else None)
    items, errors, seen = [], [], {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            errors.append(f"line {number}: not valid JSON ({error.msg} at column {error.colno})")
            continue
        try:
            item = validator.clean(number, data)
        except LineError as error:
            errors.append(f"line {number}: {error}")
            continue
        if item.key in seen:
            errors.append(
                f"line {number}: id: the same page as line {seen[item.key]} (same id, or same source and title)"
            )
            continue
        seen[item.key] = number
        items.append(item)
    return items, errors


class Importer:
    """Write validated items as library pages under the library index."""

    def __init__(self, *, publish: bool, progress: Callable[[int], None] | None = None):
        from library.models import Country, CrimeType, LibraryIndexPage

        self.publish = publish
        self.progress = progress or (lambda n: None)
        self.parent = LibraryIndexPage.objects.get()
        self.countries = {country.code: country for country in Country.objects.all()}
        self.crimes = {crime.slug: crime for crime in CrimeType.objects.all()}
        self.now = timezone.now()

    def _models(self):
        from library.models import CaseStudyPage, MethodPage, ResourcePage

        return {"case-study": CaseStudyPage, "method": MethodPage, "resource": ResourcePage}

    def _slugs(self):
        from wagtail.models import Page

        return set(Page.objects.child_of(self.parent).values_list("slug", flat=True))

    def _unique_slug(self, title, slugs):
        base = (slugify(title, allow_unicode=True) or "page")[:240]
        slug, n = base, 1
        while slug in slugs:
            n += 1
            slug = f"{base}-{n}"
        slugs.add(slug)
        return slug

    def _fill(self, page, item: ImportItem, live: bool):
        from library.models import CaseStudyCountry

        page.title = page.draft_title = item.title
        page.summary = item.summary
        page.language = item.language
        page.year = item.year
        page.import_key = item.key
        page.crime_types = [self.crimes[slug] for slug in item.crime_types]
        page.tags.set(item.tags) if page.pk else page.tags.add(*item.tags)
        if item.kind == "case-study":
            page.country_roles = [
                CaseStudyCountry(country=self.countries[code], role=role) for code, role in item.countries
            ]
            page.body = [("paragraph", item.body_html)] if item.body_html else []
            source = {"title": item.source[:255], "url": item.source if _URL.match(item.source) else ""}
            page.sources = [("source", source)] if item.source else []
        else:
            page.countries = [self.countries[code] for code, _role in item.countries]
        if item.kind == "method":
            page.purpose = item.summary
            page.when_to_use = item.body_html
        if item.kind == "resource":
            page.link = item.source
        if live:
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.first_published_at or self.now
            page.last_published_at = self.now
        elif not page.pk:
            page.live = False
            page.has_unpublished_changes = True

    def run(self, items: list[ImportItem], *, drafts_for_findings: bool) -> ImportReport:
        """Create or update a page per item, index them for search; all in one transaction."""
        from wagtail.models import Page
        from wagtail.signal_handlers import disable_reference_index_auto_update

        from library.models import LibraryPage

        report = ImportReport()
        models = self._models()
        existing = {
            page.import_key: page
            for page in LibraryPage.objects.filter(import_key__in=[item.key for item in items]).specific()
        }
        with transaction.atomic(), _quiet_page_signals(), disable_reference_index_auto_update():
            slugs = self._slugs()
            last = Page.objects.child_of(self.parent).order_by("-path").values_list("path", flat=True).first()
            step = Page._str2int(last[-Page.steplen :]) if last else 0
            created = 0
            pages = []
            for item in items:
                live = self.publish and not (item.findings and drafts_for_findings)
                page = existing.get(item.key)
                if page is not None and not isinstance(page, models[item.kind]):
                    raise LineError("type", f"line {item.line} was imported before as another type")
                if page is None:
                    step += 1
                    page = models[item.kind](
                        slug=self._unique_slug(item.title, slugs),
                        path=Page._get_path(self.parent.path, self.parent.depth + 1, step),
                        depth=self.parent.depth + 1,
                        numchild=0,
                        locale_id=self.parent.locale_id,
                    )
                    page._cached_parent_obj = self.parent
                    created += 1
                    report.created += 1
                else:
                    report.updated += 1
                self._fill(page, item, live)
                page.save(clean=False)
                pages.append(page)
                report.published += page.live
                report.drafts += not page.live
                self.progress(1)
            if created:
                Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + created)
            report.indexed = index_pages(pages)
        return report


class _quiet_page_signals:
    """Within the block, skip Wagtail's per-save search indexing (the import indexes in bulk afterwards)."""

    def __enter__(self):
        from django.db.models.signals import post_save
        from wagtail.search import signal_handlers

        self.handler = signal_handlers.post_save_signal_handler
        self.disconnected = [model for model in self._models() if post_save.disconnect(self.handler, sender=model)]
        return self

    def __exit__(self, *exc):
        from django.db.models.signals import post_save

        for model in self.disconnected:
            post_save.connect(self.handler, sender=model)
        return False

    @staticmethod
    def _models():
        from library.models import CaseStudyPage, MethodPage, ResourcePage

        return [CaseStudyPage, MethodPage, ResourcePage]


def index_pages(pages) -> int:
    """Index live pages for the site search and Wagtail's admin search in bulk; return how many were indexed."""
    from wagtail.search.backends import get_search_backend

    from search.documents import build, document_id
    from search.indexing import apply
    from search.library_documents import cached_audiences

    documents, deleted = [], []
    with cached_audiences():
        for page in pages:
            document = build(page)
            if document is None:
                deleted.append(document_id(page))
            else:
                documents.append(document)
    apply(documents, deleted)
    backend = get_search_backend()
    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, objects in by_model.items():
        backend.add_bulk(model, objects)
    return len(documents)
