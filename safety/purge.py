"""Purge redacted values from every stored copy of a page, in the request that redacts them (values are never kept).

A purge rewrites, in place and in one transaction: every revision's content and label, the page row, the page's
log entries, comments and replies, workflow task comments, audit events about the page and its stored anonymity
check; it deletes the saved previews and form states that quote a value; it re-indexes the page in Wagtail's admin
search and compacts SQLite's full-text tables so no old segment keeps a term. Apps that keep other copies (the
library's documents and site search, submissions' notes) register their own purge with `register_copies`. Each
value becomes its placeholder, so the history still says who changed what and when.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _
from modelsearch.index import insert_or_update_object
from wagtail.admin.models import FormState
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Comment, CommentReply, Page, PageLogEntry, Revision, TaskState

from accounts.audit import record
from accounts.models import AuditEvent
from safety import patterns as P
from safety.detector import normalize, scan_fields, value_key
from safety.guard import is_guarded
from safety.models import AnonymityCheck
from safety.review.findings import KIND_LABELS, overridden_keys, record_check, scan_page, value_hash, watched_names
from safety.review.redaction import LOOKS_LIKE_HTML_RE, replace_in_html, replace_in_text
from safety.text import html_text

NAMED_KIND = "named"
MIN_NAMED_LENGTH = 3
NUMBER_KINDS = frozenset({"phone", "bank_account", "id_number", "passport", "case_number", "vehicle_plate"})
SKIPPED_KEYS = frozenset({"id", "type"})
NON_WORD_RE = re.compile(r"[\W_]+")
STORE_LABELS = {
    "revisions": _("earlier revisions"),
    "page": _("the page's saved text"),
    "log_entries": _("history entries"),
    "comments": _("comments and replies"),
    "workflow": _("review comments"),
    "audit": _("audit log entries"),
    "checks": _("stored anonymity checks"),
    "previews": _("saved previews and unsaved form states"),
    "search": _("search index entries"),
    "documents": _("text read from documents the page no longer attaches"),
    "resubmissions": _("resubmission notes"),
}
COPY_STORES = []  # (key, purge function) registered by the apps that keep copies of page text


@dataclass
class Scrubber:
    """The values to remove (as the redaction found them) and the placeholder of each."""

    targets: dict[str, str]  # value fingerprint -> placeholder
    literal: dict[str, str]  # normalised value -> placeholder
    probes: list[tuple[bool, str]]  # (compare letters and digits only, folded text) that a copy must contain
    kinds: dict[str, str]  # placeholder -> kind
    removed: Counter = field(default_factory=Counter)  # kind -> occurrences removed

    @classmethod
    def of(cls, values):
        """Return a scrubber for (kind, text, placeholder) triples."""
        targets, literal, probes, kinds = {}, {}, [], {}
        for kind, text, placeholder in values:
            targets[value_hash(kind, text)] = placeholder
            kinds[placeholder] = kind
            value = normalize(text).text.strip()
            if len(value) >= 2:
                literal.setdefault(value, placeholder)
                probes.append((False, value.casefold()))
            key = value_key(kind, text)
            if kind in NUMBER_KINDS or kind == "social_media":
                probes.append((True, NON_WORD_RE.sub("", key.casefold())))
        return cls(targets, literal, [(squash, probe) for squash, probe in probes if probe], kinds)

    def may_hold(self, text):
        """Return whether text could hold one of the values (a cheap test before the detector runs)."""
        folded = text.casefold()
        squashed = None
        for squash, probe in self.probes:
            if not squash and probe in folded:
                return True
            if squash:
                squashed = squashed if squashed is not None else NON_WORD_RE.sub("", folded)
                if probe in squashed:
                    return True
        return False

    def text(self, value):
        """Return (the string with every value replaced by its placeholder, replacements made)."""
        if not isinstance(value, str) or not value or not self.may_hold(value):
            return value, 0
        if LOOKS_LIKE_HTML_RE.search(value):
            new, count = replace_in_html(value, self.targets, self.literal)
        else:
            new, count = replace_in_text(value, self.targets, self.literal)
        if count:
            for placeholder, kind in self.kinds.items():
                added = new.count(placeholder) - value.count(placeholder)
                if added > 0:
                    self.removed[kind] += added
        return new, count

    def data(self, value):
        """Return (JSON-like data with every string scrubbed, nested JSON strings included, replacements made)."""
        if isinstance(value, dict):
            total, result = 0, {}
            for key, item in value.items():
                if key in SKIPPED_KEYS and not isinstance(item, dict | list):
                    result[key] = item
                    continue
                result[key], count = self.data(item)
                total += count
            return result, total
        if isinstance(value, list):
            total, result = 0, []
            for item in value:
                new, count = self.data(item)
                result.append(new)
                total += count
            return result, total
        if isinstance(value, str):
            stripped = value.strip()
            if stripped[:1] in "[{" and self.may_hold(value):
                try:
                    nested = json.loads(stripped)
                except ValueError:
                    nested = None
                if isinstance(nested, dict | list):
                    new, count = self.data(nested)
                    return (json.dumps(new, cls=DjangoJSONEncoder) if count else value), count
            return self.text(value)
        return value, 0

    def holds(self, text):
        """Return whether text (URL-encoded form data included) holds one of the values."""
        if not text:
            return False
        return any(self.may_hold(candidate) and self.text_count(candidate) for candidate in (text, unquote_plus(text)))

    def text_count(self, text):
        """Return how many values a string holds, without counting them as removed."""
        removed = self.removed.copy()
        _new, count = self.text(text)
        self.removed = removed
        return count


@dataclass
class PurgeReport:
    """What a purge changed: occurrences removed per kind of value, records rewritten per store; never the values."""

    removed: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)

    def __bool__(self):
        return bool(self.places)

    @property
    def kinds(self):
        """Return [(kind label, occurrences)] most frequent first."""
        labels = {**KIND_LABELS, NAMED_KIND: _("value named by an administrator")}
        return sorted(((labels.get(k, k), n) for k, n in self.removed.items()), key=lambda i: (-i[1], str(i[0])))

    @property
    def stores(self):
        """Return [(store label, records rewritten)] in a fixed order."""
        return [(STORE_LABELS[key], self.places[key]) for key in STORE_LABELS if self.places.get(key)]

    def as_data(self):
        """Return the report as JSON data for the audit log."""
        return {"kinds": dict(self.removed), "places": dict(self.places)}


def scrubber_for_findings(findings):
    """Return a scrubber for page findings (their kind, text and placeholder)."""
    return Scrubber.of((finding.kind, finding.text, finding.placeholder) for finding in findings)


def _scrub_fields(obj, names, scrubber, json_fields=()):
    """Scrub the named text fields (and JSON fields) of one object; return the changed {attname: value}."""
    changes = {}
    for name in names:
        value = getattr(obj, name)
        new, count = scrubber.data(value) if name in json_fields else scrubber.text(value)
        if count:
            changes[name] = new
    return changes


def _save(queryset_model, pk, changes):
    """Write changed values straight to the row (no signals, no new revision, no log entry)."""
    if changes:
        queryset_model.objects.filter(pk=pk).update(**changes)
    return bool(changes)


def _page_text_fields(page):
    """Return the attnames of the page's own text fields (rich text, stream and plain text; no slugs or choices)."""
    names, stream = [], set()
    for model_field in page._meta.concrete_fields:
        own = model_field.model is not Page or model_field.name in {
            "title",
            "draft_title",
            "seo_title",
            "search_description",
        }
        if not own or getattr(model_field, "choices", None):
            continue
        if isinstance(model_field, models.SlugField | models.EmailField):
            continue
        if isinstance(model_field, StreamField):
            names.append(model_field.attname)
            stream.add(model_field.attname)
        elif isinstance(model_field, RichTextField | models.CharField | models.TextField | models.URLField):
            names.append(model_field.attname)
    return names, stream


def _purge_page_row(page, scrubber):
    """Scrub the page row (a draft page's saved text, or the live text when it still holds a value)."""
    names, stream = _page_text_fields(page)
    changes = {}
    for name in names:
        value = getattr(page, name)
        if name in stream:
            raw = list(value.raw_data) if value is not None else []
            new, count = scrubber.data(raw)
            if count:
                changes[name] = json.dumps(new, cls=DjangoJSONEncoder)
        else:
            new, count = scrubber.text(value)
            if count:
                changes[name] = new
    if not changes:
        return False
    by_model = {}
    for name, value in changes.items():
        owner = page._meta.get_field(name).model
        by_model.setdefault(owner, {})[name] = value
    for owner, values in by_model.items():
        owner._base_manager.filter(pk=page.pk).update(**values)
    return True


def page_revisions(page):
    """Return every revision of a page, oldest first."""
    return Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
    ).order_by("pk")


def _purge_revisions(page, scrubber, report):
    for revision in page_revisions(page).iterator():
        content, count = scrubber.data(revision.content)
        changes = {"content": content} if count else {}
        changes.update(_scrub_fields(revision, ["object_str"], scrubber))
        if _save(Revision, revision.pk, changes):
            report.places["revisions"] += 1


def _purge_related(page, scrubber, report):
    for entry in PageLogEntry.objects.filter(page_id=page.pk).iterator():
        if _save(PageLogEntry, entry.pk, _scrub_fields(entry, ["label", "data"], scrubber, json_fields={"data"})):
            report.places["log_entries"] += 1
    for comment in Comment.objects.filter(page_id=page.pk).iterator():
        if _save(Comment, comment.pk, _scrub_fields(comment, ["text"], scrubber)):
            report.places["comments"] += 1
    for reply in CommentReply.objects.filter(comment__page_id=page.pk).iterator():
        if _save(CommentReply, reply.pk, _scrub_fields(reply, ["text"], scrubber)):
            report.places["comments"] += 1
    states = TaskState.objects.filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id=str(page.pk),
    )
    for state in states.exclude(comment="").iterator():
        if _save(TaskState, state.pk, _scrub_fields(state, ["comment"], scrubber)):
            report.places["workflow"] += 1


def _purge_audit(page, scrubber, report):
    labels = {f"{model._meta.app_label}.{model._meta.model_name}" for model in type(page).__mro__ if _is_model(model)}
    events = AuditEvent.objects.filter(object_type__in=labels, object_id=str(page.pk))
    for event in events.iterator():
        if _save(AuditEvent, event.pk, _scrub_fields(event, ["object_repr", "data"], scrubber, json_fields={"data"})):
            report.places["audit"] += 1


def _is_model(cls):
    meta = getattr(cls, "_meta", None)
    return isinstance(cls, type) and issubclass(cls, models.Model) and meta is not None and not meta.abstract


def _purge_checks(page, scrubber, report):
    for check in AnonymityCheck.objects.filter(page_id=page.pk):
        if _save(AnonymityCheck, check.pk, _scrub_fields(check, ["findings"], scrubber, json_fields={"findings"})):
            report.places["checks"] += 1


def _purge_previews(page, scrubber, report):
    """Delete saved previews and form states of the page, and any other form state quoting a value."""
    content_types = [ContentType.objects.get_for_model(model, for_concrete_model=False) for model in (type(page),)]
    own = FormState.objects.filter(content_type__in=content_types, object_id=str(page.pk))
    deleted = own.count()
    own.delete()
    for state in FormState.objects.filter(object_id="").iterator():
        if scrubber.holds(state.data):
            state.delete()
            deleted += 1
    if deleted:
        report.places["previews"] += deleted


def register_copies(key, label, purge):
    """Register purge(page, scrubber) -> records rewritten, for copies of page text that another app keeps."""
    STORE_LABELS.setdefault(key, label)
    if all(existing != key for existing, _purge in COPY_STORES):
        COPY_STORES.append((key, purge))


def _reindex_admin_search(page):
    """Rebuild the page's entry in Wagtail's admin search from its scrubbed row."""
    insert_or_update_object(Page.objects.get(pk=page.pk).specific)
    compact_full_text_tables()


def compact_full_text_tables():
    """Merge SQLite's FTS5 segments so terms of deleted or replaced rows are gone from the shadow tables."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")
        for (name,) in cursor.fetchall():
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"INSERT INTO {quoted}({quoted}) VALUES ('optimize')")  # noqa: S608 - catalog names


@transaction.atomic
def purge_page(page, scrubber):
    """Remove the scrubber's values from every stored copy of the page; return what was purged."""
    page = Page.objects.get(pk=page.pk).specific
    report = PurgeReport()
    _purge_revisions(page, scrubber, report)
    if _purge_page_row(page, scrubber):
        report.places["page"] += 1
    _purge_related(page, scrubber, report)
    _purge_audit(page, scrubber, report)
    _purge_checks(page, scrubber, report)
    _purge_previews(page, scrubber, report)
    for key, purge in COPY_STORES:
        count = purge(page, scrubber)
        if count:
            report.places[key] += count
    _reindex_admin_search(page)
    report.removed = scrubber.removed
    return report


def placeholder_for_kind(kind):
    """Return the unnumbered placeholder of a kind (for values found in history or named by an administrator)."""
    return f"[{P.PLACEHOLDER_LABELS.get(kind, 'REDACTED')}]"


def _strings(data):
    """Yield the text strings inside JSON-like stream data (block ids and types left out)."""
    if isinstance(data, dict):
        for key, item in data.items():
            if key not in SKIPPED_KEYS:
                yield from _strings(item)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)
    elif isinstance(data, str):
        yield data


def revision_texts(page, revision):
    """Return the plain text of each text field as a revision stores it (read from its JSON, no page rebuilt)."""
    names, stream = _page_text_fields(page)
    texts = {}
    for name in names:
        value = revision.content.get(name)
        if name in stream and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        if isinstance(value, dict | list):
            value = "\n".join(_strings(value))
        if isinstance(value, str) and value:
            texts[name] = html_text(value) if LOOKS_LIKE_HTML_RE.search(value) else value
    return texts


def history_values(page):
    """Return (kind, text, placeholder) of each value the detector finds in earlier revisions of the page that its
    latest revision no longer holds, overridden values left out; the values live only in the returned list.

    Each revision's fields are scanned only where they differ from the revision before (the values of an unchanged
    field were found in that one), so a publish rescans what editors changed, not the whole history.
    """
    latest = page.get_latest_revision_as_object()
    keep = {finding.key for finding in scan_page(latest)} | overridden_keys(page.pk)
    names = watched_names()
    values, previous = {}, {}
    for revision in page_revisions(page).exclude(pk=page.latest_revision_id).iterator():
        fields = revision_texts(page, revision)
        changed = {name: text for name, text in fields.items() if text and previous.get(name) != text}
        previous = fields
        for findings in scan_fields(changed, names).values():
            for finding in findings:
                key = value_hash(finding.kind, finding.text)
                if key not in keep:
                    values.setdefault(key, (finding.kind, finding.text, placeholder_for_kind(finding.kind)))
    return list(values.values())


def named_values(lines):
    """Return (kind, text, placeholder) for the values an administrator typed, one a line (3 characters or more)."""
    values = []
    for line in lines.splitlines():
        text = " ".join(line.split())
        if len(text) >= MIN_NAMED_LENGTH:
            values.append((NAMED_KIND, text, placeholder_for_kind(NAMED_KIND)))
    return values


@transaction.atomic
def purge_history(page, user, reason, extra_values=()):
    """Purge the values earlier revisions hold and the page no longer does, plus extra values, from every copy.

    The reason goes to the audit log with the kinds and counts purged; the values go nowhere.
    """
    page = Page.objects.get(pk=page.pk).specific
    values = history_values(page) + list(extra_values)
    report = purge_page(page, Scrubber.of(values)) if values else PurgeReport()
    latest = page.get_latest_revision()
    if latest is not None and report.places.get("revisions"):
        record_check(latest.as_object(), latest)
    record("anonymity.purge_history", user=user, obj=page, reason=reason, **report.as_data())
    return report


def purge_after_publish(sender, instance, **kwargs):
    """After a guarded page is published, purge what its earlier revisions found and the page no longer holds."""
    page = instance
    if not is_guarded(type(page)) or page_revisions(page).count() < 2:
        return None
    values = history_values(page)
    if not values:
        return None
    report = purge_page(page, Scrubber.of(values))
    record("anonymity.purge", obj=page, trigger="publish", **report.as_data())
    return report
