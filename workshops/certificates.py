"""Who earns a certificate at a workshop, and issuing and revoking them (the trainers' side).

A participant is eligible when they attended at least the days the workshop asks (all days unless its page says
otherwise) and scored at least the page's post-test threshold on a handed-in post-test, and has a name on their
profile (a certificate never carries an email address). Issuing gives each eligible participant without a valid
certificate one, with a new code; participants whose certificate was revoked are left out of "issue to all" and
get a new one only when a trainer issues it to them alone.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from workshops.certificate_codes import new_code
from workshops.choices import Phase
from workshops.models import Attempt, Attendance, Certificate, KnowledgeTest, TestItem

REASON_MAX_LENGTH = 500


@dataclass
class Standing:
    """One participant's record against the workshop's certificate rule."""

    user: object
    name: str
    days: int
    score: float | None  # post-test percent, None if not handed in
    meets_attendance: bool
    meets_score: bool
    certificate: object = None  # the valid certificate, else the last revoked one, else None

    @property
    def has_name(self):
        return bool(self.name)

    @property
    def eligible(self):
        return self.meets_attendance and self.meets_score and self.has_name

    @property
    def valid_certificate(self):
        return self.certificate if self.certificate is not None and not self.certificate.is_revoked else None

    @property
    def revoked_certificate(self):
        return self.certificate if self.certificate is not None and self.certificate.is_revoked else None


def certificate_name(user):
    """Return the name printed on a certificate: the member's full name (never their email address)."""
    return user.get_full_name().strip()


def test_scores(test, participant_ids):
    """Return {participant id: score in percent} of the participants who handed the test in, counted in the
    database (right answers to the test's items per attempt); the score is None for a test without items."""
    if test is None:
        return {}
    items = TestItem.objects.filter(test=test).values("question_id")
    count = len(items)
    right = Count("answers", filter=Q(answers__correct=True, answers__question_id__in=items))
    rows = (
        Attempt.objects.filter(test=test, user_id__in=participant_ids, finished_at__isnull=False)
        .annotate(right=right)
        .values_list("user_id", "right")
    )
    return {user_id: 100 * right / count if count else None for user_id, right in rows}


def standings(workshop):
    """Return every participant's Standing at this workshop, by name."""
    people = list(workshop.cohort.user_set.order_by("first_name", "last_name", "email")) if workshop.cohort_id else []
    ids = [person.pk for person in people]
    days = Counter(
        Attendance.objects.filter(workshop=workshop, user_id__in=ids, day__in=workshop.days).values_list(
            "user_id", flat=True
        )
    )
    post = KnowledgeTest.objects.filter(workshop=workshop, phase=Phase.POST).first()
    scores = test_scores(post, ids)
    certificates = {}
    for certificate in Certificate.objects.filter(workshop=workshop, user_id__in=ids).order_by("issued_at", "pk"):
        current = certificates.get(certificate.user_id)
        if current is None or current.is_revoked:  # a valid one wins; else the latest revoked one
            certificates[certificate.user_id] = certificate
    required_days = workshop.certificate_days_required
    threshold = workshop.certificate_min_score
    rows = []
    for person in people:
        score = scores.get(person.pk)
        rows.append(
            Standing(
                user=person,
                name=certificate_name(person),
                days=days.get(person.pk, 0),
                score=score,
                meets_attendance=days.get(person.pk, 0) >= required_days,
                meets_score=threshold is None or (score is not None and score >= threshold),
                certificate=certificates.get(person.pk),
            )
        )
    return rows


def can_issue_yet(workshop):
    """Return whether the workshop has reached its last day (certificates are issued from then on)."""
    return timezone.localdate() >= workshop.end_date


def issue(workshop, standing, issued_by, issued_at=None):
    """Issue a certificate to one eligible participant who has no valid one; return it (None if not eligible)."""
    if not standing.eligible or standing.valid_certificate is not None:
        return None
    for _attempt in range(5):  # a repeated code is astronomically unlikely; a concurrent issue is not
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    workshop=workshop,
                    user=standing.user,
                    code=new_code(),
                    name=standing.name,
                    workshop_title=workshop.title,
                    start_date=workshop.start_date,
                    end_date=workshop.end_date,
                    issued_by=issued_by,
                    issued_at=issued_at or timezone.now(),
                )
        except IntegrityError:
            if Certificate.objects.valid().filter(workshop=workshop, user=standing.user).exists():
                return None  # issued by someone else meanwhile
    raise RuntimeError("could not find a free certificate code")


def issue_to_all(workshop, issued_by, issued_at=None):
    """Issue certificates to every eligible participant with none yet (revoked ones are left out); return them."""
    issued = []
    for standing in standings(workshop):
        if standing.certificate is None:
            certificate = issue(workshop, standing, issued_by, issued_at)
            if certificate is not None:
                issued.append(certificate)
    return issued


def revoke(certificate, revoked_by, reason):
    """Revoke a valid certificate, recording who did it and why; return whether it was valid."""
    updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=revoked_by, revoke_reason=reason.strip()[:REASON_MAX_LENGTH]
    )
    certificate.refresh_from_db()
    return bool(updated)
