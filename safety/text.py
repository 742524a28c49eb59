"""The plain text the anonymity detector reads: of HTML, of stream data, of a model's text fields, and the documents
a page attaches. Used by the guard (safety.guard), the importer's scan and the scan_anonymity command."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

# The Page fields that hold a page's own words; the rest of Page's fields are tree and workflow bookkeeping.
PAGE_TEXT_FIELDS = frozenset({"title", "seo_title", "search_description"})
DOCUMENT_LINK_RE = re.compile(
    r"""linktype=["']document["'][^>]*?\bid=["'](\d+)["']|\bid=["'](\d+)["'][^>]*?linktype=["']document["']"""
)


_kept_texts: ContextVar[dict[str, str] | None] = ContextVar("kept_html_texts", default=None)


def html_text(markup: str | None) -> str:
    """Return the plain text of HTML (rich text), with a space between block elements and entities unescaped."""
    if not markup:
        return ""
    markup = str(markup)
    kept = _kept_texts.get()
    if kept is None:
        return get_text_for_indexing(markup)
    text = kept.get(markup)
    if text is None:
        text = kept[markup] = get_text_for_indexing(markup)
    return text


@contextmanager
def keeping_html_texts() -> Iterator[None]:
    """Within the block, work out the plain text of each HTML once: indexing a page reads its rich text fields
    twice (the site index's page text, then Wagtail's admin search, frontline.admin_search), and an import indexes
    a chunk of pages at a time. The texts are forgotten when the block ends, so memory follows one chunk."""
    if _kept_texts.get() is not None:
        yield
        return
    token = _kept_texts.set({})
    try:
        yield
    finally:
        _kept_texts.reset(token)


def stream_strings(value) -> Iterable[str]:
    """Yield the plain text of every string inside raw stream data (block ids and types left out)."""
    if isinstance(value, str):
        yield html_text(value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in {"id", "type"}:
                yield from stream_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from stream_strings(item)


def field_text(obj, field) -> str:
    """Return the plain text of one CharField, TextField, RichTextField or StreamField value of an object."""
    value = field.value_from_object(obj)
    if value is None:
        return ""
    if isinstance(field, StreamField):
        raw = getattr(value, "raw_data", value)
        return "\n".join(text for text in stream_strings(list(raw)) if text.strip())
    if isinstance(field, models.TextField):
        return html_text(str(value))
    return str(value)


def is_free_text(field) -> bool:
    """Return whether a model field holds free text (no choices, slugs, URLs or email addresses)."""
    if getattr(field, "choices", None) or isinstance(field, models.SlugField | models.URLField | models.EmailField):
        return False
    return isinstance(field, models.CharField | models.TextField | StreamField)


def own_text_fields(model) -> list[str]:
    """Return the names of a model's free-text fields (for a page: its title, SEO fields and its own fields)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if (field.model is not Page or field.name in PAGE_TEXT_FIELDS) and is_free_text(field)
    ]


def fields_text(obj, names: Iterable[str] | None = None) -> dict[str, str]:
    """Return the plain text of the named fields of an object by name (all its free-text fields when names is None)."""
    names = own_text_fields(type(obj)) if names is None else names
    return {name: field_text(obj, obj._meta.get_field(name)) for name in names}


def attached_document_ids(page) -> list[int]:
    """Return the ids of documents the page attaches: its document field, document blocks and document links."""
    ids = []
    document_id = getattr(page, "document_id", None)
    if document_id:
        ids.append(document_id)
    for field in page._meta.concrete_fields:
        if isinstance(field, RichTextField):
            for match in DOCUMENT_LINK_RE.finditer(field.value_from_object(page) or ""):
                ids.append(int(match.group(1) or match.group(2)))
        elif isinstance(field, StreamField):
            value = field.value_from_object(page)
            ids.extend(_stream_document_ids(list(getattr(value, "raw_data", None) or [])))
    return list(dict.fromkeys(ids))


def _stream_document_ids(data):
    """Yield document ids of document blocks and rich text document links inside raw stream data."""
    if isinstance(data, dict):
        if data.get("type") == "document" and isinstance(data.get("value"), int):
            yield data["value"]
            return
        for key, item in data.items():
            if key not in {"id", "type"}:
                yield from _stream_document_ids(item)
    elif isinstance(data, list):
        for item in data:
            yield from _stream_document_ids(item)
    elif isinstance(data, str) and "document" in data:
        for match in DOCUMENT_LINK_RE.finditer(data):
            yield int(match.group(1) or match.group(2))
