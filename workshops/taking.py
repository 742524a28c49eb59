"""Taking a test: one attempt per participant, each answer saved as soon as its page is submitted."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from library.models.translated_names import reader_language
from workshops import versions
from workshops.models import Answer, Attempt


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
    """Store (or replace) the answer to one item and whether it is right; return the answer."""
    correct = question.is_correct(choice_ids=choice_ids, number=number, truth=truth)
    with transaction.atomic():
        answer, _created = Answer.objects.update_or_create(
            attempt=attempt,
            question=question,
            defaults={
                "number": number,
                "truth": truth,
                "correct": correct,
                "language": reader_language(),
                "answered_at": timezone.now(),
            },
        )
        answer.choices.set(choice_ids)
    return answer


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
