"""A member's workshop data for their own export (/members/profile/export/, the accounts ``member_data`` hook).

Everything the workshops app keeps about one member: the workshops they took part in or facilitated, their
attendance, certificates (with verification codes), test attempts with every answer and its mark, end-of-workshop
feedback and follow-up answers. Only their own rows; nothing about other participants.
"""

from workshops.choices import QuestionKind
from workshops.models import Attempt, Attendance, Certificate, FeedbackResponse, FollowUp, WorkshopPage


def _iso(value):
    return value.isoformat() if value else None


def _workshop(workshop):
    return {"id": workshop.pk, "title": workshop.title}


def _answer(answer):
    question = answer.question
    if question.kind == QuestionKind.NUMERIC:
        given = None if answer.number is None else f"{answer.number.normalize():f}"
    elif question.kind == QuestionKind.TRUE_FALSE:
        given = answer.truth
    else:
        given = [choice.text for choice in answer.choices.all()]
    return {
        "question": question.text,
        "answer": given,
        "correct": answer.correct,
        "language": answer.language,
        "answered_at": _iso(answer.answered_at),
    }


def _attempt(attempt):
    answers = sorted(attempt.answers.all(), key=lambda a: (a.answered_at, a.pk))
    return {
        "workshop": _workshop(attempt.test.workshop),
        "test": attempt.test.phase,
        "started_at": _iso(attempt.started_at),
        "handed_in_at": _iso(attempt.finished_at),
        "right": sum(1 for answer in answers if answer.correct),
        "items": attempt.test.testitem_set.count(),
        "answers": [_answer(answer) for answer in answers],
    }


def member_data(user):
    """Return ("workshops", data) for the member's export."""
    group_ids = list(user.groups.values_list("pk", flat=True))
    taken = WorkshopPage.objects.filter(cohort_id__in=group_ids).order_by("start_date", "pk")
    facilitated = WorkshopPage.objects.filter(facilitators=user).order_by("start_date", "pk")
    attempts = (
        Attempt.objects.filter(user=user)
        .select_related("test__workshop")
        .prefetch_related("answers__question", "answers__choices")
        .order_by("started_at", "pk")
    )
    follow_ups = FollowUp.objects.filter(user=user).select_related("workshop", "partner_country")
    return "workshops", {
        "participant_in": [
            {**_workshop(w), "start_date": _iso(w.start_date), "end_date": _iso(w.end_date)} for w in taken
        ],
        "facilitator_of": [_workshop(w) for w in facilitated],
        "attendance": [
            {"workshop": _workshop(row.workshop), "day": _iso(row.day)}
            for row in Attendance.objects.filter(user=user).select_related("workshop").order_by("day", "pk")
        ],
        "certificates": [
            {
                "workshop": _workshop(c.workshop),
                "verification_code": c.code,
                "name": c.name,
                "workshop_title": c.workshop_title,
                "start_date": _iso(c.start_date),
                "end_date": _iso(c.end_date),
                "issued_at": _iso(c.issued_at),
                "revoked_at": _iso(c.revoked_at),
            }
            for c in Certificate.objects.filter(user=user).select_related("workshop").order_by("issued_at", "pk")
        ],
        "test_attempts": [_attempt(attempt) for attempt in attempts],
        "feedback": [
            {
                "workshop": _workshop(f.workshop),
                "relevance": f.relevance,
                "facilitation": f.facilitation,
                "materials": f.materials,
                "recommend": f.recommend,
                "most_useful": f.most_useful,
                "to_improve": f.to_improve,
                "language": f.language,
                "created_at": _iso(f.created_at),
                "updated_at": _iso(f.updated_at),
            }
            for f in FeedbackResponse.objects.filter(user=user).select_related("workshop").order_by("created_at")
        ],
        "follow_ups": [
            {
                "workshop": _workshop(f.workshop),
                "emails_sent": f.mails_sent,
                "answered_at": _iso(f.answered_at),
                "used": f.used,
                "methods": [page.title for page in f.methods.all()],
                "other_method": f.other_method,
                "cooperated_across_the_border": f.cooperated,
                "partner_country": f.partner_country.code if f.partner_country else None,
                "example": f.example,
                "language": f.language,
            }
            for f in follow_ups.order_by("created_at", "pk")
        ],
    }
