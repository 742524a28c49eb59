"""What the anonymity check finds on a guarded page: findings in context with placeholders, overrides, stored checks."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Page, Revision

from safety import patterns as P
from safety.detector import scan_fields, value_key
from safety.guard import ATTACHMENT_PREFIX, page_text
from safety.models import AnonymityCheck, AnonymityOverride, WatchedName

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
    return WatchedName.active_names()


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
    fields = page_text(page)
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
    return set(AnonymityOverride.objects.filter(page_id=page_id).values_list("value_hash", flat=True))


def open_findings(findings):
    """Return the findings no editor has overridden."""
    return [finding for finding in findings if not finding.overridden]


def open_findings_for_revision(revision):
    """Return the open findings in a revision's content (scanned now, never from a stored result)."""
    return open_findings(scan_page(revision.as_object()))


def open_findings_for_page(page):
    """Return the open findings of the page's latest revision, from the stored check when it is current."""
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


def summary_of(findings):
    """Return a list of (kind label, count) for open findings, most frequent first."""
    counts = {}
    for finding in findings:
        counts[finding.kind_label] = counts.get(finding.kind_label, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
