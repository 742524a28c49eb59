"""Anonymity review of library pages: findings of a revision, overrides, redaction into a new revision, the guard."""

from __future__ import annotations

import hashlib
import hmac
import html
import re
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from safety import patterns as P
from safety.detector import Finding, detect, normalize, scan_fields, value_key, value_spans
from safety.words import boundaries, is_ordinary_word, on_word_boundaries

CONTEXT_CHARS = 60
KIND_LABELS = {
    "person": _("person's name"),
    "phone": _("phone number"),
    "email": _("email address"),
    "passport": _("passport number"),
    "id_number": _("identity card number"),
    "case_number": _("case or file number"),
    "birth_date": _("date of birth"),
    "address": _("address or precise place"),
    "vehicle_plate": _("vehicle plate"),
    "gps": _("GPS coordinates"),
    "bank_account": _("bank account"),
    "social_media": _("social media profile"),
}
ATTACHMENT_PREFIX = "attachment:"
DOCUMENT_LINK_RE = re.compile(
    r"""linktype=["']document["'][^>]*?\bid=["'](\d+)["']|\bid=["'](\d+)["'][^>]*?linktype=["']document["']"""
)
TAG_RE = re.compile(r"(<[^>]*>)")
LOOKS_LIKE_HTML_RE = re.compile(r"</?[a-zA-Z][^>]*>")


class AnonymityBlocked(PermissionDenied):
    """Raised when publishing or approving content whose anonymity check has open findings."""

    def __init__(self, findings):
        self.findings = list(findings)
        count = len(self.findings)
        super().__init__(
            ngettext(
                "Blocked: the anonymity check found %(count)d identifying detail. Redact it or override it with a "
                "reason first.",
                "Blocked: the anonymity check found %(count)d identifying details. Redact them or override them with "
                "a reason first.",
                count,
            )
            % {"count": count}
            + " ("
            + ", ".join(sorted({f"{finding.kind_label}: {finding.field}" for finding in self.findings}))
            + ")"
        )


@dataclass
class PageFinding:
    """One finding on a page: where it is, what it is, its placeholder and whether an editor overrode it."""

    field: str
    kind: str
    text: str
    placeholder: str
    reason: str
    confidence: float
    start: int
    end: int
    before: str
    after: str
    key: str
    overridden: bool = False

    @property
    def kind_label(self):
        """Return the human name of the finding's kind."""
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def in_attachment(self):
        """Return whether the finding is in an attached document's text (which cannot be redacted in place)."""
        return self.field.startswith(ATTACHMENT_PREFIX)

    @property
    def masked(self):
        """Return the value with its middle hidden, for lists and logs."""
        return mask(self.text)

    def to_dict(self):
        """Return the finding as JSON-serialisable data."""
        return asdict(self)


def mask(text):
    """Return text with all but its first and last characters hidden."""
    text = " ".join(text.split())
    if len(text) <= 4:
        return text[:1] + "…"
    return f"{text[:2]}…{text[-2:]}"


def value_hash(kind, text):
    """Return a keyed fingerprint of a value (formatting-insensitive) that does not reveal the value."""
    message = f"{kind}\x00{value_key(kind, text)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def watched_names():
    """Return the active names on the editors' watch list."""
    from safety.models import WatchedName

    return WatchedName.active_names()


def attached_document_ids(page):
    """Return the ids of documents the page attaches: its document field, document blocks and document links."""
    from wagtail.fields import RichTextField, StreamField

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


def page_fields(page):
    """Return the page's free text by field, plus the extracted text of every document it attaches."""
    from library.models import LibraryDocument
    from safety.management.commands.scan_anonymity import page_text_fields

    fields = page_text_fields(page)
    fields.pop("document", None)
    for document in LibraryDocument.objects.filter(pk__in=attached_document_ids(page)).order_by("pk"):
        fields[f"{ATTACHMENT_PREFIX}{document.pk}"] = document.extracted_text or ""
    return fields


def _used_numbers(fields):
    """Return the placeholder numbers already present in the text, by placeholder label."""
    used = {}
    labels = "|".join(re.escape(label) for label in set(P.PLACEHOLDER_LABELS.values()))
    pattern = re.compile(rf"\[({labels}) (\d+)\]")
    for text in fields.values():
        for match in pattern.finditer(text or ""):
            used.setdefault(match.group(1), set()).add(int(match.group(2)))
    return used


def scan_page(page, overrides=None):
    """Return every finding in the page's text and attachments, with placeholders not yet used on the page."""
    fields = page_fields(page)
    found = scan_fields(fields, watched_names())
    if overrides is None:
        overrides = overridden_keys(page.pk) if page.pk else set()
    used = _used_numbers(fields)
    assigned = {}
    results = []
    for field, findings in found.items():
        text = fields[field] or ""
        for finding in findings:
            key = value_hash(finding.kind, finding.text)
            if key not in assigned:
                assigned[key] = _next_placeholder(finding.kind, used)
            results.append(
                PageFinding(
                    field=field,
                    kind=finding.kind,
                    text=finding.text,
                    placeholder=assigned[key],
                    reason=finding.reason,
                    confidence=finding.confidence,
                    start=finding.start,
                    end=finding.end,
                    before=text[max(0, finding.start - CONTEXT_CHARS) : finding.start],
                    after=text[finding.end : finding.end + CONTEXT_CHARS],
                    key=key,
                    overridden=key in overrides,
                )
            )
    return results


def _next_placeholder(kind, used):
    """Return the next free placeholder for a kind, recording its number as used."""
    label = P.PLACEHOLDER_LABELS[kind]
    if kind in P.UNNUMBERED_KINDS:
        return f"[{label}]"
    numbers = used.setdefault(label, set())
    number = 1
    while number in numbers:
        number += 1
    numbers.add(number)
    return f"[{label} {number}]"


def overridden_keys(page_id):
    """Return the value fingerprints overridden on a page."""
    from safety.models import AnonymityOverride

    return set(AnonymityOverride.objects.filter(page_id=page_id).values_list("value_hash", flat=True))


def open_findings(findings):
    """Return the findings no editor has overridden."""
    return [finding for finding in findings if not finding.overridden]


def open_findings_for_revision(revision):
    """Return the open findings in a revision's content (scanned now, never from a stored result)."""
    return open_findings(scan_page(revision.as_object()))


def open_findings_for_page(page):
    """Return the open findings of the page's latest revision, from the stored check when it is current."""
    from wagtail.models import Page, Revision

    from safety.models import AnonymityCheck

    revision_id = Page.objects.filter(pk=page.pk).values_list("latest_revision_id", flat=True).first()
    check = AnonymityCheck.objects.filter(page_id=page.pk).first()
    if check is not None and revision_id and check.revision_id == revision_id:
        keys = overridden_keys(page.pk)
        return [PageFinding(**data) for data in check.findings if data["key"] not in keys]
    revision = Revision.objects.filter(pk=revision_id).first() if revision_id else None
    latest = revision.as_object() if revision is not None else page.specific
    return open_findings(scan_page(latest))


def open_findings_for_request(request, page):
    """Return open_findings_for_page(page), worked out once per request for the hooks, menu and panel of a view."""
    cache = request.__dict__.setdefault("_open_anonymity_findings", {})
    if page.pk not in cache:
        cache[page.pk] = open_findings_for_page(page)
    return cache[page.pk]


def record_check(page, revision=None):
    """Scan a page (as of a revision) and store the result as its current anonymity check; return the findings."""
    from safety.models import AnonymityCheck

    findings = scan_page(page)
    open_count = sum(1 for finding in findings if not finding.overridden)
    AnonymityCheck.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "revision": revision,
            "open_count": open_count,
            "overridden_count": len(findings) - open_count,
            "findings": [finding.to_dict() for finding in findings],
        },
    )
    return findings


# ----------------------------------------------------------------------------- redaction


def _spans(text, targets, literal):
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
    spans = _spans(text, targets, literal)
    parts, position = [], 0
    for start, end, placeholder in spans:
        parts += [text[position:start], placeholder]
        position = end
    return "".join([*parts, text[position:]]), len(spans)


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
    from wagtail.fields import RichTextField, StreamField
    from wagtail.models import Page

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


class RedactionError(Exception):
    """Raised when a redaction cannot be saved; the message says why."""


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
    for field, text in page_fields(draft).items():
        if field.startswith(ATTACHMENT_PREFIX) or not text:
            continue
        replaced = {(start, end) for start, end, _placeholder in _spans(text, targets, literal)}
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


@transaction.atomic
def redact(page, user, keys=None, allow_ordinary_words=False):
    """Replace the chosen open findings (all when keys is None) everywhere in the page, as a new revision, and purge
    them from every earlier copy of the page (safety.purge). Copies inside longer words are never replaced; a value
    that is an ordinary word is replaced by one key only with allow_ordinary_words, and by "Redact all" only where
    the detector found it.

    Return (revision or None, {key: (finding, occurrences, fully_removed)}, purge report or None).
    """
    from accounts.audit import record
    from safety.models import AnonymityAction
    from safety.purge import purge_page, scrubber_for_findings  # safety.purge builds on this module's replacements

    page = page.specific
    draft = page.get_latest_revision_as_object()
    findings = [f for f in open_findings(scan_page(draft)) if not f.in_attachment]
    if keys is not None:
        findings = [f for f in findings if f.key in set(keys)]
    if not findings:
        return None, {}, None
    targets, literal, by_key = {}, {}, {}
    for finding in findings:
        targets[finding.key] = finding.placeholder
        value = normalize(finding.text).text.strip()
        ordinary = is_ordinary_word(value)
        if ordinary and keys is not None and not allow_ordinary_words:
            raise RedactionError(
                _("“%(placeholder)s” stands for an ordinary word: confirm that it identifies someone here first.")
                % {"placeholder": finding.placeholder}
            )
        # "Redact all" replaces an ordinary word only where the detector found it, never its other copies.
        if len(value) >= 2 and not (ordinary and keys is None):
            literal.setdefault(value, finding.placeholder)
        by_key.setdefault(finding.key, finding)
    total = redact_fields_of(draft, targets, literal)
    if not total:
        return None, {}, None
    try:
        draft.full_clean()
    except ValidationError as error:
        raise RedactionError(
            _("The redacted page would not be valid: %(errors)s. Edit the page by hand.")
            % {"errors": "; ".join(error.messages)}
        ) from error
    if not draft.live:
        draft.save()
    revision = draft.save_revision(user=user, log_action=True, clean=False)
    remaining = {f.key for f in open_findings(scan_page(draft))}
    result = {}
    for key, finding in by_key.items():
        occurrences = sum(1 for f in findings if f.key == key)
        result[key] = (finding, occurrences, key not in remaining)
        AnonymityAction.objects.create(
            page_id=page.pk,
            action=AnonymityAction.REDACT,
            kind=finding.kind,
            placeholder=finding.placeholder,
            value_hash=key,
            occurrences=occurrences,
            revision=revision,
            user=user,
        )
        record(
            "anonymity.redact",
            user=user,
            obj=draft,
            kind=finding.kind,
            placeholder=finding.placeholder,
            value_hash=key,
            occurrences=occurrences,
            revision=revision.pk,
        )
    report = purge_page(page, scrubber_for_findings(findings))
    record("anonymity.purge", user=user, obj=draft, revision=revision.pk, **report.as_data())
    return revision, result, report


@transaction.atomic
def override(page, user, key, reason):
    """Record that the open finding with this fingerprint is not identifying on this page; return the override.

    Raises ValidationError when the reason is empty or the finding is not on the page.
    """
    from accounts.audit import record
    from safety.models import AnonymityAction, AnonymityOverride

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason this is not identifying; an override without a reason is refused."))
    page = page.specific
    draft = page.get_latest_revision_as_object()
    finding = next((f for f in scan_page(draft) if f.key == key), None)
    if finding is None:
        raise ValidationError(_("This finding is no longer on the page; it may already have been redacted."))
    item, _created = AnonymityOverride.objects.get_or_create(
        page_id=page.pk,
        kind=finding.kind,
        value_hash=key,
        defaults={"placeholder": finding.placeholder, "masked_value": finding.masked, "reason": reason, "user": user},
    )
    AnonymityAction.objects.create(
        page_id=page.pk,
        action=AnonymityAction.OVERRIDE,
        kind=finding.kind,
        placeholder=finding.placeholder,
        value_hash=key,
        occurrences=1,
        revision_id=page.latest_revision_id,
        user=user,
    )
    record(
        "anonymity.override",
        user=user,
        obj=page,
        kind=finding.kind,
        placeholder=finding.placeholder,
        value_hash=key,
        override=item.pk,
    )
    record_check(draft, page.latest_revision)
    return item


def summary_of(findings):
    """Return a list of (kind label, count) for open findings, most frequent first."""
    counts = {}
    for finding in findings:
        counts[finding.kind_label] = counts.get(finding.kind_label, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))


__all__ = ["AnonymityBlocked", "Finding", "PageFinding", "open_findings_for_page", "redact", "override", "scan_page"]
