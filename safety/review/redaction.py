"""Replacing identifying values by their placeholders: in plain text, HTML, stream data and a page's text fields."""

from __future__ import annotations

import html
import re

from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from safety.detector import detect, normalize, value_spans
from safety.guard import ATTACHMENT_PREFIX, page_text
from safety.review.findings import CONTEXT_CHARS, open_findings, scan_page, value_hash, watched_names
from safety.words import boundaries, is_ordinary_word, on_word_boundaries

TAG_RE = re.compile(r"(<[^>]*>)")
LOOKS_LIKE_HTML_RE = re.compile(r"</?[a-zA-Z][^>]*>")


class RedactionError(Exception):
    """Raised when a redaction cannot be saved; the message says why."""


def spans(text, targets, literal):
    """Return non-overlapping (start, end, placeholder) spans of target values in plain text: the detector's findings
    of the targets, and literal values where they stand as whole words (never inside a longer word)."""
    candidates = []
    for finding in detect(text, watched_names()):
        placeholder = targets.get(value_hash(finding.kind, finding.text))
        if placeholder:
            candidates.append((finding.start, finding.end, placeholder))
    norm = normalize(text)
    cut = None
    for start, end, value in value_spans(norm.text, literal):
        start, end = norm.original_span(start, end)
        cut = boundaries(text) if cut is None else cut
        if on_word_boundaries(text, start, end, cut):
            candidates.append((start, end, literal[value]))
    covered = bytearray(len(text))
    chosen = []
    for start, end, placeholder in sorted(candidates, key=lambda span: (-(span[1] - span[0]), span[0])):
        if not any(covered[start:end]):
            covered[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, placeholder))
    return sorted(chosen)


def replace_in_text(text, targets, literal):
    """Return (plain text with the target values replaced by their placeholders, number of replacements)."""
    found = spans(text, targets, literal)
    parts, position = [], 0
    for start, end, placeholder in found:
        parts += [text[position:start], placeholder]
        position = end
    return "".join([*parts, text[position:]]), len(found)


def replace_in_html(markup, targets, literal):
    """Return (HTML with target values replaced inside its text nodes only, number of replacements)."""
    parts = TAG_RE.split(markup)
    total = 0
    for index, part in enumerate(parts):
        if not part or part.startswith("<"):
            continue
        replaced, count = replace_in_text(html.unescape(part), targets, literal)
        if count:
            parts[index] = html.escape(replaced, quote=False)
            total += count
    return "".join(parts), total


def _replace_in_stream(data, targets, literal):
    """Return (raw stream data with target values replaced in every text value, number of replacements)."""
    if isinstance(data, dict):
        total = 0
        result = {}
        for key, item in data.items():
            if key in {"id", "type", "url"}:
                result[key] = item
            else:
                result[key], count = _replace_in_stream(item, targets, literal)
                total += count
        return result, total
    if isinstance(data, list):
        total, result = 0, []
        for item in data:
            value, count = _replace_in_stream(item, targets, literal)
            result.append(value)
            total += count
        return result, total
    if isinstance(data, str):
        if LOOKS_LIKE_HTML_RE.search(data):
            return replace_in_html(data, targets, literal)
        return replace_in_text(data, targets, literal)
    return data, 0


def redact_fields_of(page, targets, literal):
    """Replace the target values in every text field of the page object in place; return the number replaced."""
    total = 0
    for field in page._meta.concrete_fields:
        own = field.model is not Page or field.name in {"title", "seo_title", "search_description"}
        if not own or getattr(field, "choices", None):
            continue
        if isinstance(field, models.SlugField | models.URLField | models.EmailField):
            continue
        value = field.value_from_object(page)
        if not value:
            continue
        if isinstance(field, RichTextField):
            new, count = replace_in_html(value, targets, literal)
        elif isinstance(field, StreamField):
            raw = list(value.raw_data)
            new_raw, count = _replace_in_stream(raw, targets, literal)
            new = new_raw
        elif isinstance(field, models.CharField | models.TextField):
            new, count = replace_in_text(value, targets, literal)
        else:
            continue
        if count:
            setattr(page, field.attname, new)
            total += count
    return total


def replacement_preview(page, key):
    """Return (finding, occurrences, ordinary word?) for replacing one open finding's value everywhere, or None.

    Each occurrence is (field, before, match, after, replaced): every case-insensitive copy of the value in the
    page's text fields, with replaced False where the copy is part of a longer word (it stays as it is).
    """
    draft = page.specific.get_latest_revision_as_object()
    finding = next((f for f in open_findings(scan_page(draft)) if f.key == key and not f.in_attachment), None)
    if finding is None:
        return None
    value = normalize(finding.text).text.strip()
    targets, literal = {key: finding.placeholder}, {value: finding.placeholder}
    occurrences = []
    for field, text in page_text(draft).items():
        if field.startswith(ATTACHMENT_PREFIX) or not text:
            continue
        replaced = {(start, end) for start, end, _placeholder in spans(text, targets, literal)}
        norm = normalize(text)
        found = {norm.original_span(m.start(), m.end()) for m in re.finditer(re.escape(value), norm.text, re.I)}
        for start, end in sorted(found | replaced):
            occurrences.append(
                (
                    field,
                    text[max(0, start - CONTEXT_CHARS) : start],
                    text[start:end],
                    text[end : end + CONTEXT_CHARS],
                    (start, end) in replaced,
                )
            )
    return finding, occurrences, is_ordinary_word(value)
