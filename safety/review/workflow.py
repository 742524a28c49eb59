"""The editors' decisions on findings, each logged and audited: redact into a new revision (then purge earlier
copies), or override with a reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.audit import record
from safety.detector import normalize
from safety.models import AnonymityAction, AnonymityOverride
from safety.purge import purge_page, scrubber_for_findings
from safety.review.findings import open_findings, record_check, scan_page
from safety.review.redaction import RedactionError, redact_fields_of
from safety.words import is_ordinary_word


@transaction.atomic
def redact(page, user, keys=None, allow_ordinary_words=False):
    """Replace the chosen open findings (all when keys is None) everywhere in the page, as a new revision, and purge
    them from every earlier copy of the page (safety.purge). Copies inside longer words are never replaced; a value
    that is an ordinary word is replaced by one key only with allow_ordinary_words, and by "Redact all" only where
    the detector found it.

    Return (revision or None, {key: (finding, occurrences, fully_removed)}, purge report or None).
    """
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
