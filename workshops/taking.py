"""Taking a test: one attempt per participant, each answer saved as soon as its page is submitted."""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from library.models.translated_names import reader_language
from workshops import versions
from workshops.choices import QuestionKind
from workshops.models import Answer, Attempt

CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})


def attempt_of(test, user):
    """Return this participant's attempt at a test, or None."""
    return Attempt.objects.filter(test=test, user=user).first()


def start(test, user):
    """Return the participant's attempt, starting it if this is their first visit."""
    try:
        with transaction.atomic():
            attempt, _created = Attempt.objects.get_or_create(test=test, user=user)
    except IntegrityError:  # a second tab started it at the same moment
        attempt = Attempt.objects.get(test=test, user=user)
    return attempt


def save_answer(attempt, question, choice_ids=(), number=None, truth=None):
    """Store (or replace) the answer to one item and whether it is right; return whether it was stored.

    One small transaction: the attempt row is read (locked on PostgreSQL; SQLite's write transaction excludes other
    writers) to check it is not handed in, one upsert writes the answer and, for a choice question, the chosen
    choices replace the old ones. No model signal runs: an answer of an attempt that is not handed in is in no
    result (results read handed-in attempts, and handing in renews the results token), and no visitor's page
    shows it (the page cache is left alone). False when the attempt was handed in meanwhile (a test closing).
    """
    correct = question.is_correct(choice_ids=choice_ids, number=number, truth=truth)
    row = Answer(
        attempt_id=attempt.pk,
        question_id=question.pk,
        number=number,
        truth=truth,
        correct=correct,
        language=reader_language(),
        answered_at=timezone.now(),
    )
    with transaction.atomic():
        still_open = Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).values_list("pk", flat=True)
        if connection.features.has_select_for_update:
            still_open = still_open.select_for_update()
        if not list(still_open):
            return False
        Answer.objects.bulk_create(
            [row],
            update_conflicts=True,
            unique_fields=["attempt", "question"],
            update_fields=["number", "truth", "correct", "language", "answered_at"],
        )
        if question.kind in CHOICE_KINDS:
            through = Answer.choices.through
            chosen = set(choice_ids)
            through.objects.filter(answer_id=row.pk).exclude(choice_id__in=chosen).delete()
            through.objects.bulk_create(
                [through(answer_id=row.pk, choice_id=pk) for pk in sorted(chosen)], ignore_conflicts=True
            )
    return True


def answered_ids(attempt):
    """Return the ids of the items this attempt has answered."""
    return set(attempt.answers.values_list("question_id", flat=True)) if attempt else set()


def first_unanswered(items, attempt):
    """Return the 1-based number of the first unanswered item, or None when all are answered."""
    done = answered_ids(attempt)
    for number, question in enumerate(items, start=1):
        if question.pk not in done:
            return number
    return None


def finish(attempt):
    """Hand the attempt in: no answer changes after this."""
    if Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(finished_at=timezone.now()):
        versions.bump(attempt.test.workshop_id)
    attempt.refresh_from_db()
