"""Check the lines of an import file against the taxonomy and the page kinds; clean the valid ones."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import nh3
from django.apps import apps
from django.conf import settings
from wagtail.rich_text import get_text_for_indexing

from library.models import Country, CrimeType, LibraryPage

from .fields import LineField
from .pool import worker_pool
from .scan import AnonymityScan, watch_names

ROLES = ("origin", "transit", "destination")
ALLOWED_TAGS = {"p", "br", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "a", "blockquote"}
FIELDS = {"type", "title", "summary", "body", "language", "countries", "crime_types", "year", "tags", "source", "id"}
_URL = re.compile(r"^https?://\S+$")
MAX_LINE_CHARS = 1_000_000  # one JSON line; a case study of 200,000 characters fits with room to spare
MAX_BODY_CHARS = 200_000
MAX_FILE_BYTES = 512 * 1024 * 1024


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
    extra: dict = field(default_factory=dict)  # the kind's own fields (import_line_fields), cleaned
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


class Validator:
    """Check lines against the taxonomy and the page kinds; knows countries, crime types and languages."""

    def __init__(self):
        self.kinds = page_kinds()
        self.countries = set(Country.objects.values_list("code", flat=True))
        self.crimes = set(CrimeType.objects.values_list("slug", flat=True))
        self.languages = {code for code, _name in settings.CONTENT_LANGUAGES}
        self.slugs: dict[str, set[str]] = {}

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
        if isinstance(year, str) and year.strip().isdigit():
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
            return value, get_text_for_indexing(value)
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
            return steps, " ".join(f"{title} {get_text_for_indexing(detail)}" for title, detail in steps)
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
        kind = data.get("type")
        own = self.kinds[kind].import_line_fields if kind in self.kinds else {}
        unknown = sorted(set(data) - FIELDS - set(own))
        if unknown:
            others = [slug for slug, model in self.kinds.items() if unknown[0] in model.import_line_fields]
            if kind in self.kinds and others:
                raise LineError(unknown[0], f"is a field of {', '.join(others)}, not of {kind}")
            raise LineError(unknown[0], "unknown field")
        if kind not in self.kinds:
            raise LineError("type", f"unknown type '{kind}' (use one of: {', '.join(self.kinds)})")
        title = self._text(data, "title", required=True, max_length=255)
        summary = self._text(data, "summary", required=True, max_length=1000)
        body = data.get("body") or ""
        if not isinstance(body, str):
            raise LineError("body", "must be text or HTML")
        if len(body) > MAX_BODY_CHARS:
            raise LineError("body", f"is longer than {MAX_BODY_CHARS:,} characters")
        if "\x00" in body:
            raise LineError("body", "contains a NUL character (\\u0000), which text may not hold")
        language = self._text(data, "language", required=True).lower()
        if language not in self.languages:
            raise LineError(
                "language", f"unknown language '{language}' (use one of: {', '.join(sorted(self.languages))})"
            )
        source = self._text(data, "source", max_length=500)
        item = ImportItem(
            line=number,
            key=self._key(data, source, title),
            kind=kind,
            title=title,
            summary=summary,
            body_html=body_to_html(body),
            language=language,
            countries=self._countries(data),
            crime_types=self._crimes(data),
            year=self._year(data),
            tags=self._tags(data),
            source=source,
        )
        item.extra, item.scan_texts = self._extra(data, self.kinds[kind])
        problem = self.kinds[kind].import_problem(item)
        if problem:
            raise LineError(*problem)
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
