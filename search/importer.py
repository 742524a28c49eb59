"""Import library pages from JSON Lines: check every line, write them all in one transaction or none.

The structure of every line is checked first; the anonymity check runs while pages are written (in worker
processes for large files), and a refused line rolls the whole import back. Pages are inserted table by table
in bulk at computed tree paths (no per-page add_child or save) and indexed for search in bulk: that is what
makes large imports fast.
"""

from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.rich_text import RichText, get_text_for_indexing

KINDS = ("case-study", "method", "resource")
ROLES = ("origin", "transit", "destination")
ALLOWED_TAGS = {"p", "br", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "a", "blockquote"}
FIELDS = {"type", "title", "summary", "body", "language", "countries", "crime_types", "year", "tags", "source", "id"}
_URL = re.compile(r"^https?://\S+$")
MAX_LINE_CHARS = 1_000_000  # one JSON line; a case study of 200,000 characters fits with room to spare
MAX_BODY_CHARS = 200_000
MAX_FILE_BYTES = 512 * 1024 * 1024
PARALLEL_FROM = 200
SCAN_CHUNK = 100
ANALYSIS_CHUNK = 100


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
    pages: list[int] = field(default_factory=list)


def watch_names() -> tuple[str, ...] | None:
    """Return the editors' watch list for the anonymity check, or None when the safety app is not installed."""
    try:
        from safety.models import WatchedName
    except ImportError:
        return None
    return tuple(WatchedName.active_names())


def scan_lines(lines: list[tuple[str, str, str]], watch: tuple[str, ...]) -> list[list[str]]:
    """Return the anonymity findings of each (title, summary, body HTML), as "field: kind 'value'" lines."""
    from safety.detector import scan_fields

    return [
        [
            f"{name}: {finding.kind} '{finding.text}'"
            for name, hits in scan_fields(anonymity_text(*line), watch).items()
            for finding in hits
        ]
        for line in lines
    ]


def _workers() -> int:
    """Return how many worker processes to use: the CPUs this process may use (at most 4), 1 without fork."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cpus, 4))


@contextmanager
def worker_pool(count: int):
    """Yield a pool of forked worker processes for the pure-Python work on a file of count lines, or None.

    The workers only ever run functions of this module on the values they are given (anonymity scans, search
    text analysis), never the database. They are started here, before any other thread exists, so forking is
    safe; small files and single-CPU machines get None and do everything in this process.
    """
    workers = _workers()
    if workers < 2 or count < PARALLEL_FROM:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        pool.submit(int).result()  # starts (forks) the workers now
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


class AnonymityScan:
    """The anonymity scan of every item, chunk by chunk, in a worker pool when one is given.

    The caller can write pages while the workers scan; ``wait(n)`` sets the findings of the first n items.
    Without the safety app there is nothing to scan and every item has no findings.
    """

    def __init__(self, items: list[ImportItem], watch: tuple[str, ...] | None, pool: ProcessPoolExecutor | None):
        self.items, self.watch, self.done = items, watch, 0
        self.futures = {}
        if watch is not None and pool is not None:
            for start in range(0, len(items), SCAN_CHUNK):
                lines = [self._line(item) for item in items[start : start + SCAN_CHUNK]]
                self.futures[start] = pool.submit(scan_lines, lines, watch)

    @staticmethod
    def _line(item):
        return item.title, item.summary, item.body_html

    def wait(self, count: int) -> None:
        """Set the findings of the first count items (at least), waiting for the workers if need be."""
        while self.done < min(count, len(self.items)):
            chunk = self.items[self.done : self.done + SCAN_CHUNK]
            if self.watch is None:
                results = [[] for _item in chunk]
            elif self.futures:
                results = self.futures.pop(self.done).result()
            else:
                results = scan_lines([self._line(item) for item in chunk], self.watch)
            for item, findings in zip(chunk, results, strict=True):
                item.findings = findings
            self.done += len(chunk)


def finding_errors(items: Iterable[ImportItem]) -> list[str]:
    """Return the error message of each item the anonymity check found identifying details in."""
    return [
        f"line {item.line}: anonymization check: {'; '.join(item.findings[:3])} "
        "(fix the line, or use --drafts to import such lines as drafts)"
        for item in items
        if item.findings
    ]


class FindingsRefused(Exception):
    """The anonymity check found identifying details in lines that may not be imported as drafts."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} line(s) with identifying details")
        self.errors = errors


def body_to_html(body: str) -> str:
    """Return sanitized rich-text HTML for a body given as plain text or simple HTML."""
    body = body.strip()
    if not body:
        return ""
    if "<" not in body:
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", body) if part.strip()]
        return "".join(f"<p>{html.escape(part).replace(chr(10), '<br/>')}</p>" for part in paragraphs)
    cleaned = nh3.clean(body, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"})
    # Wagtail's rich text writes <br/>; its plain-text extraction (search, anonymity check) only spaces that form.
    cleaned = cleaned.replace("<br>", "<br/>")
    return cleaned if cleaned.lstrip().startswith("<") else f"<p>{cleaned}</p>"


def anonymity_text(title: str, summary: str, body_html: str) -> dict[str, str]:
    """Return the text the publish guard (safety.review.page_fields) checks on a page imported from these values."""
    return {"title": title, "summary": summary, "body": get_text_for_indexing(body_html)}


class Validator:
    """Check lines against the taxonomy; knows countries, crime types and languages."""

    def __init__(self):
        from library.models import Country, CrimeType

        self.countries = set(Country.objects.values_list("code", flat=True))
        self.crimes = set(CrimeType.objects.values_list("slug", flat=True))
        self.languages = {code for code, _name in settings.CONTENT_LANGUAGES}

    def _text(self, data, name, *, required=False, max_length=None):
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise LineError(name, "must be text")
        if "\x00" in value:
            raise LineError(name, "contains a NUL character (\\u0000), which text may not hold")
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
            if not isinstance(item, str) or not item.strip() or len(item.strip()) > 100 or "\x00" in item:
                raise LineError("tags", f"'{item}' is not a tag (text up to 100 characters)")
            tags.append(item.strip())
        return list(dict.fromkeys(tags))

    def _key(self, data, source, title):
        if "id" in data and data["id"] not in (None, ""):
            value = data["id"]
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise LineError("id", "must be text or a number")
            if isinstance(value, str) and "\x00" in value:
                raise LineError("id", "contains a NUL character (\\u0000), which text may not hold")
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
        if len(body) > MAX_BODY_CHARS:
            raise LineError("body", f"is longer than {MAX_BODY_CHARS:,} characters")
        if "\x00" in body:
            raise LineError("body", "contains a NUL character (\\u0000), which text may not hold")
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
        return item


def validate(lines: Iterable[str], *, scan_anonymity=True) -> tuple[list[ImportItem], list[str]]:
    """Return the valid items, with their anonymity findings, and an error message per invalid line ("line 7: …")."""
    validator = Validator()
    items, errors, seen = [], [], {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_CHARS:
            errors.append(f"line {number}: longer than {MAX_LINE_CHARS:,} characters; split the page or shorten it")
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            errors.append(f"line {number}: not valid JSON ({error.msg} at column {error.colno})")
            continue
        except RecursionError:
            errors.append(f"line {number}: not valid JSON (nested too deeply)")
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
    if scan_anonymity:
        with worker_pool(len(items)) as pool:
            AnonymityScan(items, watch_names(), pool).wait(len(items))
    return items, errors


CHUNK = 500


class Importer:
    """Write validated items as library pages under the library index, table by table in bulk.

    Rows go in with one statement per table and chunk (pages at computed tree paths, then each table of the page
    types, taxonomy links, tags, countries with roles, log entries), in one transaction; the site search index and
    Wagtail's admin search are written in bulk too. Rows written this way send no save signals, so the safety app's
    publish guard does not see them: the importer's own anonymity scan of every line (``AnonymityScan``, waited
    for before a chunk is written) stands in for it, on the same text (see ``anonymity_text``). A live page whose
    new content may not go live keeps its live content and gets the new content as a draft revision through
    Wagtail's own ``save_revision``; a page edited in the admin since its import gets a revision of the import.
    """

    def __init__(self, *, publish: bool, progress: Callable[[int], None] | None = None):
        from library.models import Country, CrimeType, LibraryIndexPage

        self.publish = publish
        self.progress = progress or (lambda n: None)
        self.parent = LibraryIndexPage.objects.get()
        self.countries = {country.code: country for country in Country.objects.all()}
        self.crimes = {crime.slug: crime for crime in CrimeType.objects.all()}
        self.tags: dict[str, object] = {}
        self.now = timezone.now()
        self.connection = connections[router.db_for_write(LibraryIndexPage)]

    def _models(self):
        from library.models import CaseStudyPage, MethodPage, ResourcePage

        return {"case-study": CaseStudyPage, "method": MethodPage, "resource": ResourcePage}

    def _own_fields(self):
        """Return, per table, the fields an import writes to an existing page."""
        from wagtail.models import Page

        from library.models import CaseStudyPage, LibraryPage, MethodPage, ResourcePage

        return {
            Page: [
                "title",
                "draft_title",
                "live",
                "has_unpublished_changes",
                "first_published_at",
                "last_published_at",
                "latest_revision_id",
                "latest_revision_created_at",
                "live_revision_id",
            ],
            LibraryPage: ["summary", "language", "year", "import_key"],
            CaseStudyPage: ["body", "sources"],
            MethodPage: ["purpose", "when_to_use"],
            ResourcePage: ["link"],
        }

    def _unique_slug(self, title):
        base = (slugify(title, allow_unicode=True) or "page")[:240]
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def _tag_objects(self, names):
        """Return the tags of these names (matched without regard to case, as taggit does here), creating new ones."""
        from taggit.models import Tag

        tags = []
        for name in names:
            key = name.casefold()
            if key not in self.tags:
                self.tags[key] = Tag.objects.filter(name__iexact=name).order_by("pk").first() or Tag.objects.create(
                    name=name
                )
            if self.tags[key] not in tags:
                tags.append(self.tags[key])
        return tags

    def _new_page(self, model, item):
        from wagtail.models import Page

        self.step += 1
        page = model(
            slug=self._unique_slug(item.title),
            path=Page._get_path(self.parent.path, self.parent.depth + 1, self.step),
            depth=self.parent.depth + 1,
            numchild=0,
            locale_id=self.parent.locale_id,
        )
        page.url_path = f"{self.parent.url_path}{page.slug}/"
        return page

    def _fill(self, page, item: ImportItem, live: bool):
        """Set the page's fields and its relations (in memory, as the admin's form does) from the item."""
        from library.models import CaseStudyCountry, LibraryPageTag

        page.title = page.draft_title = item.title
        page.summary = item.summary
        page.language = item.language
        page.year = item.year
        page.import_key = item.key
        page.crime_types = [self.crimes[slug] for slug in item.crime_types]
        page.tagged_items = [LibraryPageTag(tag=tag) for tag in self._tag_objects(item.tags)]
        page.countries = [self.countries[code] for code, _role in item.countries]
        if item.kind == "case-study":
            page.country_roles = [
                CaseStudyCountry(country=self.countries[code], role=role, sort_order=n)
                for n, (code, role) in enumerate(item.countries)
            ]
            page.body = [("paragraph", RichText(item.body_html))] if item.body_html else []
            source = {"title": item.source[:255], "url": item.source if _URL.match(item.source) else ""}
            page.sources = [("source", source)] if item.source else []
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

    def run(
        self,
        items: list[ImportItem],
        *,
        drafts_for_findings: bool,
        scan: AnonymityScan | None = None,
        pool: ProcessPoolExecutor | None = None,
    ) -> ImportReport:
        """Create or update a page per item and index them for search; all in one transaction.

        With a scan still running, each chunk is written as soon as its lines are checked. Lines with findings
        are imported as drafts with drafts_for_findings, else they raise FindingsRefused (after every line is
        checked, so all are reported) and nothing is saved. With a worker pool, the search text analysis runs in it.
        """
        from wagtail.models import Page

        from library.models import ListingVersion

        report = ImportReport()
        self.pool = pool
        with transaction.atomic(using=self.connection.alias):
            children = Page.objects.child_of(self.parent)
            self.slugs = set(children.values_list("slug", flat=True))
            last = children.order_by("-path").values_list("path", flat=True).first()
            self.step = Page._str2int(last[-Page.steplen :]) if last else 0
            refused = []
            for start in range(0, len(items), CHUNK):
                chunk = items[start : start + CHUNK]
                if scan is not None:
                    scan.wait(start + len(chunk))
                if not drafts_for_findings:
                    refused += finding_errors(chunk)
                if not refused:
                    self._write(chunk, drafts_for_findings, report)
                self.progress(len(chunk))
            if refused:
                raise FindingsRefused(refused)
            if report.created:
                Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + report.created)
            ListingVersion.bump()
        return report

    def _write(self, items, drafts_for_findings, report):
        from library.models import LibraryPage

        models = self._models()
        existing = {
            page.import_key: page
            for page in LibraryPage.objects.filter(import_key__in=[item.key for item in items]).specific()
        }
        created, updated, drafted = [], [], []
        for item in items:
            live = self.publish and not (item.findings and drafts_for_findings)
            page = existing.get(item.key)
            if page is not None and not isinstance(page, models[item.kind]):
                raise LineError("type", f"line {item.line} was imported before as another type")
            if page is None:
                page = self._new_page(models[item.kind], item)
                created.append(page)
            elif page.live and not live:
                drafted.append(page)
            else:
                updated.append(page)
            self._fill(page, item, live)
        self._insert_pages(created)
        self._write_relations(created, updated)
        self._revise([page for page in updated if page.latest_revision_id])
        self._update_pages(updated)
        self._log(created, "wagtail.create")
        self._log(updated, "wagtail.edit")
        for page in drafted:
            # The live content stays as it is; the new content becomes a draft revision to review.
            page.save_revision(clean=False, log_action=True)
        written = created + updated
        report.pages.extend(page.pk for page in written + drafted)
        live = sum(page.live for page in written)
        report.created += len(created)
        report.updated += len(updated) + len(drafted)
        report.published += live
        report.drafts += len(written) - live + len(drafted)
        report.indexed += index_pages(written, self.pool)

    def _tables(self, page_class):
        """Return the models whose tables hold a page of this class, below Page, base first."""
        from wagtail.models import Page

        return [model for model in reversed([page_class, *page_class._meta.get_parent_list()]) if model is not Page]

    def _insert_pages(self, pages):
        from wagtail.models import Page

        if not pages:
            return
        Page.objects.using(self.connection.alias).bulk_create(pages)
        by_table: dict[type, list] = {}
        for page in pages:
            for model in self._tables(type(page)):
                for link in model._meta.parents.values():
                    setattr(page, link.attname, page.id)
                by_table.setdefault(model, []).append(page)
        for model, objs in by_table.items():
            fields = model._meta.local_concrete_fields
            self._insert_rows(
                model,
                [field.column for field in fields],
                [
                    [field.get_db_prep_save(field.pre_save(obj, True), self.connection) for field in fields]
                    for obj in objs
                ],
            )

    def _insert_rows(self, model, columns, rows):
        """Insert rows of database values into the model's table, with one executemany."""
        if not rows:
            return
        quote = self.connection.ops.quote_name
        names, marks = ", ".join(quote(column) for column in columns), ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 - model metadata
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _update_pages(self, pages):
        """Write the imported fields of existing pages, one executemany per table."""
        if not pages:
            return
        own = self._own_fields()
        by_table: dict[type, list] = {}
        for page in pages:
            for model in [model for model in own if isinstance(page, model)]:
                by_table.setdefault(model, []).append(page)
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            for model, objs in by_table.items():
                fields = [model._meta.get_field(name) for name in own[model]]
                assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
                table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
                sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from model metadata
                rows = [
                    [field.get_db_prep_save(getattr(obj, field.attname), self.connection) for field in fields]
                    + [obj.id]
                    for obj in objs
                ]
                cursor.executemany(sql, rows)

    def _write_relations(self, created, updated):
        """Replace the taxonomy links, tags and countries with roles of the pages, in bulk."""
        from library.models import CaseStudyCountry, LibraryPage, LibraryPageTag

        countries = LibraryPage.countries.through
        crimes = LibraryPage.crime_types.through
        using = self.connection.alias
        if updated:
            ids = [page.id for page in updated]
            countries._base_manager.filter(librarypage_id__in=ids)._raw_delete(using)
            crimes._base_manager.filter(librarypage_id__in=ids)._raw_delete(using)
            LibraryPageTag._base_manager.filter(content_object_id__in=ids)._raw_delete(using)
            CaseStudyCountry._base_manager.filter(page_id__in=ids)._raw_delete(using)
        pages = created + updated
        for through, target, relation in ((countries, "country", "countries"), (crimes, "crimetype", "crime_types")):
            columns = [through._meta.get_field(name).column for name in ("librarypage", target)]
            rows = [[page.id, obj.pk] for page in pages for obj in getattr(page, relation).all()]
            self._insert_rows(through, columns, rows)
        LibraryPageTag._base_manager.using(using).bulk_create(
            [tagged for page in pages for tagged in page.tagged_items.all()]
        )
        CaseStudyCountry._base_manager.using(using).bulk_create(
            [role for page in pages if hasattr(page, "country_roles") for role in page.country_roles.all()]
        )

    def _revise(self, pages):
        """Record the new content of pages edited in the admin since as a revision, so the editor shows it."""
        from wagtail.models import Revision

        if not pages:
            return
        revisions = [
            Revision(
                content_object=page,
                base_content_type=page.get_base_content_type(),
                content=page.serializable_data(),
                object_str=str(page),
                created_at=self.now,
            )
            for page in pages
        ]
        Revision.objects.using(self.connection.alias).bulk_create(revisions)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = revision
            page.latest_revision_created_at = revision.created_at
            if page.live:
                page.live_revision = revision

    def _log(self, pages, action):
        """Log the creation or edit of each page in its history, as Page.save and save_revision do."""
        from wagtail.log_actions import get_active_log_context
        from wagtail.models import PageLogEntry

        context = get_active_log_context()
        PageLogEntry.objects.using(self.connection.alias).bulk_create(
            [
                PageLogEntry(
                    content_type_id=page.content_type_id,
                    label=page.get_admin_display_title(),
                    action=action,
                    timestamp=self.now,
                    data={},
                    user=context.user,
                    uuid=context.uuid,
                    content_changed=True,
                    page_id=page.id,
                    revision_id=page.latest_revision_id if action == "wagtail.edit" else None,
                )
                for page in pages
            ]
        )


def analyze(documents) -> list[dict[str, str]]:
    """Return the analyzed search fields of each document (tokens, folded forms, n-grams)."""
    return [document.analyzed for document in documents]


def index_pages(pages, pool: ProcessPoolExecutor | None = None) -> int:
    """Index pages for the site search (live ones) and Wagtail's admin search in bulk; return how many are in the site index.

    With a pool, the text analysis of the site search documents (pure Python on their text) runs in its worker
    processes while this one writes Wagtail's admin search entries.
    """
    from wagtail.search.backends import get_search_backend

    from search.documents import build, bulk_building, document_id
    from search.indexing import apply

    documents, deleted = [], []
    with bulk_building():
        for page in pages:
            document = build(page)
            if document is None:
                deleted.append(document_id(page))
            else:
                documents.append(document)
    analyzing = []
    if pool is not None:
        size = ANALYSIS_CHUNK
        analyzing = [
            (documents[n : n + size], pool.submit(analyze, documents[n : n + size]))
            for n in range(0, len(documents), size)
        ]
    backend = get_search_backend()
    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, objects in by_model.items():
        backend.add_bulk(model, objects)
    for chunk, future in analyzing:
        for document, analyzed in zip(chunk, future.result(), strict=True):
            vars(document)["analyzed"] = analyzed  # SearchDocument.analyzed is a cached_property
    apply(documents, deleted)
    return len(documents)
