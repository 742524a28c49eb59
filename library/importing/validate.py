"""Check the lines of an import file against the taxonomy and the page kinds; clean the valid ones."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nh3
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from library.extraction import DocumentUnreadable, extract_text
from library.models import Country, CrimeType, LibraryIndexPage, LibraryPage
from safety.text import html_text
from safety.uploads import max_document_bytes, validate_document

from .fields import LineField
from .pool import worker_pool
from .scan import AnonymityScan, watch_names

ROLES = ("origin", "transit", "destination")
ALLOWED_TAGS = {"p", "br", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "a", "blockquote"}
FIELDS = {
    "type",
    "title",
    "summary",
    "body",
    "language",
    "countries",
    "crime_types",
    "year",
    "tags",
    "source",
    "id",
    "slug",
    "translation_of",
    "audience",
}
AUDIENCES = ("public", "members", "officers")  # or {"groups": [names of groups]}
_URL = re.compile(r"^https?://\S+$")
_SLUG = re.compile(r"^[-\w]+$")
MAX_LINE_CHARS = 1_000_000  # one JSON line; a case study of 200,000 characters fits with room to spare
MAX_BODY_CHARS = 200_000
MAX_FILE_BYTES = 512 * 1024 * 1024


class LineError(Exception):
    """A line of the import file that cannot be imported, with the field at fault."""

    def __init__(self, field_name: str, message: str):
        if field_name and (not field_name.isprintable() or field_name != field_name.strip()):
            field_name = json.dumps(field_name)  # a field named " " or "\r" shows as such, quoted and escaped
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
    extra: dict = field(default_factory=dict)  # the kind's own fields (import_line_fields), cleaned
    slug: str = ""  # the page's address, when the line gives one (used when the page is created)
    translation_of: str = ""  # the key of the page this one translates
    audience: tuple | None = None  # ("public",), ("members",), ("officers",) or ("groups", name, …); None: as it is
    body_blocks: list | None = None  # the body as (block type, value) pairs, when the line gives blocks
    references: list = field(default_factory=list)  # (field, id as given, key, kind or "") of the pages it names
    scan_texts: dict[str, str] = field(default_factory=dict)  # their plain text, for the anonymity check
    findings: list[str] = field(default_factory=list)

    @property
    def source_url(self) -> str:
        """Return the source when it is a web address (http:// or https://), else ""."""
        return self.source if _URL.match(self.source) else ""


def page_kinds() -> dict[str, type[LibraryPage]]:
    """Return the library's page classes by the kind an import line names in its type."""
    return {model.content_type_slug: model for model in LibraryPage.kinds()}


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


def block_html(kind: str, value) -> str:
    """Return the HTML a body block shows, for the anonymity check of a body given as blocks."""
    if kind == "paragraph":
        return value
    if kind == "heading":
        return f"<h2>{html.escape(value)}</h2>"
    return f"<blockquote><p>{html.escape(value['text'])}</p><p>{html.escape(value['attribution'])}</p></blockquote>"


def import_key(namespace: str, value) -> str:
    """Return the import key of a page whose line has this id (the namespace is "id" unless the loader says)."""
    key = f"{namespace}:{value}"
    return key if len(key) <= 255 else f"{namespace}#" + hashlib.sha256(key.encode()).hexdigest()


class Validator:
    """Check lines against the taxonomy and the page kinds; knows countries, crime types and languages.

    namespace prefixes the ids of lines in their pages' import keys (the demo content uses "demo"); base_dir is
    the folder document paths are relative to (the import file's), None when lines come from elsewhere.
    """

    def __init__(self, namespace: str = "id", base_dir: str | Path | None = None):
        self.kinds = page_kinds()
        self.countries = set(Country.objects.values_list("code", flat=True))
        self.crimes = set(CrimeType.objects.values_list("slug", flat=True))
        self.languages = {code for code, _name in settings.CONTENT_LANGUAGES}
        self.slugs: dict[str, set[str]] = {}
        self.namespace = namespace
        self.base_dir = Path(base_dir).resolve() if base_dir is not None else None
        self._groups: set[str] | None = None
        self._addresses: dict[str, str] | None = None
        self._references: list = []

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

    def _countries(self, data):
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
        return countries

    def _crimes(self, data):
        crimes = []
        for item in self._list(data, "crime_types"):
            if not isinstance(item, str) or item.strip() not in self.crimes:
                raise LineError("crime_types", f"unknown crime type '{item}'")
            crimes.append(item.strip())
        return list(dict.fromkeys(crimes))

    def _year(self, data, name="year"):
        year = data.get(name)
        if year is None or year == "":
            return None
        if isinstance(year, str) and year.strip().isascii() and year.strip().isdigit():
            year = int(year)
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
            raise LineError(name, f"'{year}' is not a year between 1900 and 2100")
        return year

    def _rich(self, value, name):
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise LineError(name, "must be text or HTML")
        if len(value) > MAX_BODY_CHARS:
            raise LineError(name, f"is longer than {MAX_BODY_CHARS:,} characters")
        if "\x00" in value:
            raise LineError(name, "contains a NUL character (\\u0000), which text may not hold")
        return body_to_html(value)

    def _slugs(self, model):
        if model not in self.slugs:
            self.slugs[model] = set(apps.get_model(model).objects.values_list("slug", flat=True))
        return self.slugs[model]

    def _records(self, data, name, keys):
        records = []
        for record in self._list(data, name):
            if not isinstance(record, dict) or set(record) - set(keys) or not record.get(keys[0]):
                raise LineError(name, f"give objects with {' and '.join(repr(key) for key in keys)}")
            records.append(record)
        return records

    def _extra_field(self, data, name, spec: LineField):
        """Return the cleaned value of one of a kind's own fields and its plain text for the anonymity check."""
        if spec.shape == "text":
            value = self._text(data, name, max_length=spec.max_length)
            return value, value
        if spec.shape == "rich":
            value = self._rich(data.get(name), name)
            return value, html_text(value)
        if spec.shape == "year":
            return self._year(data, name), None
        if spec.shape == "choice":
            value = data.get(name)
            if value not in spec.choices:
                raise LineError(name, f"unknown value '{value}' (use one of: {', '.join(spec.choices)})")
            return value, None
        if spec.shape == "slugs":
            known = self._slugs(spec.model)
            for slug in self._list(data, name):
                if not isinstance(slug, str) or slug.strip() not in known:
                    raise LineError(name, f"unknown value '{slug}' (use one of: {', '.join(sorted(known))})")
            return list(dict.fromkeys(slug.strip() for slug in data[name] or [])), None
        if spec.shape == "steps":
            steps = [
                (self._text(step, "title", required=True, max_length=255), self._rich(step.get("detail"), name))
                for step in self._records(data, name, ("title", "detail"))
            ]
            return steps, " ".join(f"{title} {html_text(detail)}" for title, detail in steps)
        if spec.shape == "sources":
            return self._sources(data, name), None
        if spec.shape == "pages":
            return self._pages(data, name, spec, self._references), None
        if spec.shape == "document":
            return self._document(data, name)
        if spec.shape == "country_texts":
            rows = []
            for record in self._records(data, name, ("country", "text")):
                code = str(record["country"]).strip().upper()
                if code not in self.countries:
                    raise LineError(name, f"unknown country code '{code}'")
                rows.append((code, self._text(record, "text", required=True)))
            return rows, " ".join(text for _code, text in rows)
        raise LineError(name, f"has a shape the importer does not know ('{spec.shape}')")

    def _extra(self, data, kind):
        """Return the kind's own fields the line gives, cleaned, and their text for the anonymity check."""
        extra, texts = {}, {}
        for name, spec in kind.import_line_fields.items():
            if name in data:
                extra[name], text = self._extra_field(data, name, spec)
                if text:
                    texts[name] = text
        return extra, texts

    def _tags(self, data):
        tags = []
        for item in self._list(data, "tags"):
            if not isinstance(item, str) or not item.strip() or len(item.strip()) > 100 or "\x00" in item:
                raise LineError("tags", f"'{item}' is not a tag (text up to 100 characters)")
            tags.append(item.strip())
        return list(dict.fromkeys(tags))

    def _id(self, value, name):
        """Return the import key of a page named by its line's id (in the id field, or in a reference to it)."""
        if not isinstance(value, str | int) or isinstance(value, bool) or value == "":
            raise LineError(name, "give the id of a line: text or a number")
        if isinstance(value, str) and "\x00" in value:
            raise LineError(name, "contains a NUL character (\\u0000), which text may not hold")
        return import_key(self.namespace, value)

    def _key(self, data, source, title):
        if "id" in data and data["id"] not in (None, ""):
            return self._id(data["id"], "id")
        return "source:" + hashlib.sha256(f"{source}\0{title}".encode()).hexdigest()

    def _slug(self, data, key):
        slug = self._text(data, "slug", max_length=255)
        if not slug:
            return ""
        if not _SLUG.match(slug):
            raise LineError("slug", f"'{slug}' is not a slug (letters, digits, hyphens and underscores, no spaces)")
        if self._addresses is None:
            index = LibraryIndexPage.objects.first()
            children = LibraryPage.objects.child_of(index) if index else LibraryPage.objects.none()
            self._addresses = dict(children.values_list("slug", "import_key"))
        if slug in self._addresses and self._addresses[slug] != key:
            raise LineError("slug", f"'{slug}' is already the address of another library page")
        return slug

    def _audience(self, data):
        if "audience" not in data:
            return None
        value = data["audience"]
        if isinstance(value, str) and value.strip() in AUDIENCES:
            return (value.strip(),)
        if isinstance(value, dict) and set(value) == {"groups"} and isinstance(value["groups"], list):
            names = [name.strip() for name in value["groups"] if isinstance(name, str) and name.strip()]
            if not names or len(names) != len(value["groups"]):
                raise LineError("audience", "give the groups by name, as a list of text")
            if self._groups is None:
                self._groups = set(Group.objects.values_list("name", flat=True))
            unknown = [name for name in names if name not in self._groups]
            if unknown:
                raise LineError("audience", f"no group named '{unknown[0]}'")
            return ("groups", *dict.fromkeys(names))
        raise LineError(
            "audience", f'give one of {", ".join(AUDIENCES)}, or {{"groups": [names of groups]}} for working groups'
        )

    def _block(self, number, block, allowed):
        where = f"block {number}"
        if not isinstance(block, dict) or set(block) != {"type", "value"}:
            raise LineError("body", f"{where}: give an object with a type and a value")
        kind, value = block["type"], block["value"]
        if kind not in allowed:
            raise LineError("body", f"{where}: unknown block type '{kind}' (use one of: {', '.join(allowed)})")
        try:
            if kind == "paragraph":
                value = self._rich(value, "value")
                if not value:
                    raise LineError("value", "is required")
            elif kind == "heading":
                value = self._text(block, "value", required=True, max_length=255)
            else:  # quote
                if not isinstance(value, dict) or set(value) - {"text", "attribution"}:
                    raise LineError("value", "give an object with a text and an attribution")
                value = {
                    "text": self._text(value, "text", required=True, max_length=5000),
                    "attribution": self._text(value, "attribution", max_length=255),
                }
        except LineError as error:
            raise LineError("body", f"{where} ({kind}): {error}") from error
        return kind, value

    def _body(self, data, kind):
        """Return the body's HTML and, when the line gives it as a list of blocks, the blocks."""
        body = data.get("body") or ""
        if isinstance(body, list):
            if not kind.import_body_blocks:
                raise LineError("body", f"the body of a {kind.content_type_slug} is text or HTML, not blocks")
            blocks = [self._block(n, block, kind.import_body_blocks) for n, block in enumerate(body, start=1)]
            body_html = "".join(block_html(*block) for block in blocks)
            if len(body_html) > MAX_BODY_CHARS:
                raise LineError("body", f"is longer than {MAX_BODY_CHARS:,} characters")
            return body_html, blocks
        if not isinstance(body, str):
            raise LineError("body", "must be text or HTML (or, for a case study, a list of blocks)")
        if len(body) > MAX_BODY_CHARS:
            raise LineError("body", f"is longer than {MAX_BODY_CHARS:,} characters")
        if "\x00" in body:
            raise LineError("body", "contains a NUL character (\\u0000), which text may not hold")
        return body_to_html(body), None

    def _document(self, data, name):
        """Return a document the line attaches (read, checked and its text extracted) and its text."""
        value = data.get(name)
        if not isinstance(value, dict) or not isinstance(value.get("file"), str) or set(value) - {"file", "title"}:
            raise LineError(name, 'give an object with a "file" (a path relative to the import file) and a "title"')
        if self.base_dir is None:
            raise LineError(name, "documents are imported from a file: its path is relative to the import file")
        relative = value["file"].strip()
        path = (self.base_dir / relative).resolve()
        if Path(relative).is_absolute() or not path.is_relative_to(self.base_dir):
            raise LineError(name, f"'{relative}' is not inside the folder of the import file")
        if not path.is_file():
            raise LineError(name, f"no file '{relative}' next to the import file")
        if path.stat().st_size > max_document_bytes():
            raise LineError(name, f"'{relative}' is bigger than {max_document_bytes() // 2**20} MB")
        data_bytes = path.read_bytes()
        try:
            validate_document(ContentFile(data_bytes, name=path.name))
            text = extract_text(data_bytes)
        except (ValidationError, DocumentUnreadable) as error:
            raise LineError(name, f"'{relative}': {' '.join(error.messages)}") from error
        title = self._text(value, "title", max_length=255) or path.stem
        document = {
            "path": str(path),
            "name": path.name,
            "title": title,
            "hash": hashlib.sha1(data_bytes, usedforsecurity=False).hexdigest(),
            "text": text,
        }
        return document, text

    def _sources(self, data, name):
        sources = []
        for number, record in enumerate(self._records(data, name, ("title", "publisher", "year", "url")), start=1):
            try:
                url = self._text(record, "url", max_length=500)
                if url and not _URL.match(url):
                    raise LineError("url", f"'{url}' is not a web address (http:// or https://)")
                sources.append(
                    {
                        "title": self._text(record, "title", required=True, max_length=255),
                        "publisher": self._text(record, "publisher", max_length=255),
                        "year": self._year(record),
                        "url": url,
                    }
                )
            except LineError as error:
                raise LineError(name, f"source {number}: {error}") from error
        return sources

    def _pages(self, data, name, spec, item_references):
        keys = []
        for value in self._list(data, name):
            key = self._id(value, name)
            item_references.append((name, value, key, spec.kind))
            keys.append(key)
        return list(dict.fromkeys(keys))

    def clean(self, number: int, data) -> ImportItem:
        """Return the cleaned item of one parsed line, or raise LineError."""
        if not isinstance(data, dict):
            raise LineError("", "each line must be a JSON object")
        kind = data.get("type")
        known = isinstance(kind, str) and kind in self.kinds
        own = self.kinds[kind].import_line_fields if known else {}
        unknown = sorted(set(data) - FIELDS - set(own))
        if unknown:
            others = [slug for slug, model in self.kinds.items() if unknown[0] in model.import_line_fields]
            if known and others:
                raise LineError(unknown[0], f"is a field of {', '.join(others)}, not of {kind}")
            raise LineError(unknown[0], "unknown field")
        if not known:
            raise LineError("type", f"unknown type '{kind}' (use one of: {', '.join(self.kinds)})")
        title = self._text(data, "title", required=True, max_length=255)
        summary = self._text(data, "summary", required=True, max_length=1000)
        body_html, body_blocks = self._body(data, self.kinds[kind])
        language = self._text(data, "language", required=True).lower()
        if language not in self.languages:
            raise LineError(
                "language", f"unknown language '{language}' (use one of: {', '.join(sorted(self.languages))})"
            )
        source = self._text(data, "source", max_length=500)
        key = self._key(data, source, title)
        self._references = []
        translation_of = ""
        if data.get("translation_of") not in (None, ""):
            translation_of = self._id(data["translation_of"], "translation_of")
            if translation_of == key:
                raise LineError("translation_of", "a page cannot be a translation of itself")
            self._references.append(("translation_of", data["translation_of"], translation_of, ""))
        item = ImportItem(
            line=number,
            key=key,
            kind=kind,
            title=title,
            summary=summary,
            body_html=body_html,
            body_blocks=body_blocks,
            slug=self._slug(data, key),
            translation_of=translation_of,
            audience=self._audience(data),
            language=language,
            countries=self._countries(data),
            crime_types=self._crimes(data),
            year=self._year(data),
            tags=self._tags(data),
            source=source,
        )
        item.extra, item.scan_texts = self._extra(data, self.kinds[kind])
        item.references = self._references
        problem = self.kinds[kind].import_problem(item)
        if problem:
            raise LineError(*problem)
        return item


def validate(
    lines: Iterable[str], *, scan_anonymity=True, namespace: str = "id", base_dir: str | Path | None = None
) -> tuple[list[ImportItem], list[str]]:
    """Return the valid items, with their anonymity findings, and an error message per invalid line ("line 7: …").

    Lines that name other pages (translation_of, a case study's related_methods, a method's related_case_studies)
    name lines before them or pages
    imported before (in the same namespace); document paths are relative to base_dir.
    """
    validator = Validator(namespace, base_dir)
    items, errors, seen, slugs = [], [], {}, {}
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
        if item.slug and item.slug in slugs:
            errors.append(f"line {number}: slug: '{item.slug}' is the slug of line {slugs[item.slug]} too")
            continue
        seen[item.key] = number
        if item.slug:
            slugs[item.slug] = number
        items.append(item)
    items, reference_errors = check_references(items, seen)
    errors += reference_errors
    if scan_anonymity:
        with worker_pool(len(items)) as pool:
            AnonymityScan(items, watch_names(), pool).wait(len(items))
    return items, errors


def check_references(items: list[ImportItem], lines: dict[str, int]) -> tuple[list[ImportItem], list[str]]:
    """Return the items whose references resolve, and an error for each line with one that does not.

    A line names a page by the id of a line before it, or of a page imported before (its line may then come
    later, as when a file is imported again); a kind-bound reference
    (related_methods, related_case_studies) must name a page of that kind, and a translation one in another language.
    """
    by_key = {item.key: item for item in items}
    named = {key for item in items for _name, _value, key, _kind in item.references}
    imported = {
        page.import_key: (page.content_type_slug, page.language)
        for page in LibraryPage.objects.filter(import_key__in=named).specific()
    }
    kept, errors = [], []
    for item in items:
        problem = None
        for name, value, key, kind in item.references:
            if key in lines and lines[key] > item.line and key not in imported:
                problem = f"{name}: '{value}' is line {lines[key]}, after this one; put the line it names first"
                break
            target = (by_key[key].kind, by_key[key].language) if key in by_key else imported.get(key)
            if target is None:
                problem = f"{name}: no line before this one, and no page imported before, has the id '{value}'"
                break
            if kind and target[0] != kind:
                problem = f"{name}: '{value}' is a {target[0]}, not a {kind}"
                break
            if name == "translation_of" and target[1] == item.language:
                problem = f"{name}: '{value}' is in {item.language} too; a translation is in another language"
                break
        if problem:
            errors.append(f"line {item.line}: {problem}")
        else:
            kept.append(item)
    return kept, errors
