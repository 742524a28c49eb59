"""Knowledge tests: the trainers' controls, and a participant taking a test one question per page, without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from library.models import LibraryPage
from workshops import taking, versions
from workshops.access import participant_or_404, trainer_or_404
from workshops.choices import Phase, TestState
from workshops.forms import QuestionForm
from workshops.models import KnowledgeTest, Question, TestItem
from workshops.views.common import open_workshop


def workshop_tests(workshop):
    """Return {phase: test} of a workshop, creating the pre-test and post-test (all the curriculum's items)."""
    tests = {test.phase: test for test in KnowledgeTest.objects.filter(workshop=workshop)}
    for phase in (Phase.PRE, Phase.POST):
        if phase not in tests:
            with transaction.atomic():
                test, created = KnowledgeTest.objects.get_or_create(workshop=workshop, phase=phase)
                if created and workshop.curriculum_id:
                    questions = workshop.curriculum.questions.order_by("sort_order", "pk")
                    TestItem.objects.bulk_create(
                        [TestItem(test=test, question=q, position=i) for i, q in enumerate(questions)]
                    )
                    versions.bump(workshop.pk)
            tests[phase] = test
    return tests


def test_or_404(workshop, phase):
    if phase not in Phase.values:
        raise Http404
    return workshop_tests(workshop)[phase]


def answers_released(workshop):
    """Return whether the right answers may be shown: once the post-test is closed."""
    return KnowledgeTest.objects.filter(workshop=workshop, phase=Phase.POST, state=TestState.CLOSED).exists()


@login_required
def tests(request, pk):
    """A participant's tests (start, continue, score) and, for trainers, the controls of each test."""
    workshop, _rights = open_workshop(request, pk)
    rights = participant_or_404(workshop, request.user)
    rows = []
    for _phase, test in sorted(workshop_tests(workshop).items(), key=lambda pair: pair[0] != Phase.PRE):
        items = test.items()
        attempt = taking.attempt_of(test, request.user)
        answered = len(taking.answered_ids(attempt))
        right = attempt.answers.filter(correct=True).count() if attempt and attempt.is_finished else None
        row = {
            "test": test,
            "items": items,
            "attempt": attempt,
            "answered": answered,
            "right": right,
            "percent": round(100 * right / len(items)) if right is not None and items else None,
        }
        if rights.is_trainer:
            row["started"] = test.attempts.count()
            row["finished"] = test.attempts.filter(finished_at__isnull=False).count()
            if test.state == TestState.DRAFT and workshop.curriculum_id:
                row["bank"] = list(
                    workshop.curriculum.questions.select_related("objective").order_by("sort_order", "pk")
                )
                row["chosen"] = {question.pk for question in items}
        rows.append(row)
    context = {
        "page": workshop,
        "rights": rights,
        "rows": rows,
        "released": answers_released(workshop),
        "participants": len(workshop.participant_ids),
    }
    return render(request, "workshops/tests.html", context)


@login_required
@require_POST
def control(request, pk, phase):
    """A trainer chooses a draft test's items, opens it or closes it."""
    workshop, _rights = open_workshop(request, pk)
    trainer_or_404(workshop, request.user)
    test = test_or_404(workshop, phase)
    action = request.POST.get("action")
    if action == "items" and test.state == TestState.DRAFT and workshop.curriculum_id:
        bank = {str(q.pk): q for q in workshop.curriculum.questions.order_by("sort_order", "pk")}
        chosen = [bank[pk] for pk in bank if pk in set(request.POST.getlist("question"))]
        with transaction.atomic():
            TestItem.objects.filter(test=test).delete()
            TestItem.objects.bulk_create([TestItem(test=test, question=q, position=i) for i, q in enumerate(chosen)])
            versions.bump(workshop.pk)
        messages.success(request, _("The test has %(count)d questions.") % {"count": len(chosen)})
    elif action == "open" and test.state == TestState.DRAFT:
        if not test.questions.exists():
            messages.error(request, _("Choose the test's questions before opening it."))
        else:
            test.open()
            messages.success(request, _("%(test)s is open.") % {"test": test.get_phase_display()})
    elif action == "close" and test.state == TestState.OPEN:
        test.close()
        messages.success(request, _("%(test)s is closed.") % {"test": test.get_phase_display()})
    else:
        messages.error(request, _("That change is not possible in the test's current state."))
    return redirect("workshops:tests", workshop.pk)


def _attempt_in_open_test(request, pk, phase):
    """Return (workshop, test, attempt, refusal) for a participant inside an open test; refusal is a redirect."""
    workshop, _rights = open_workshop(request, pk)
    participant_or_404(workshop, request.user)
    test = test_or_404(workshop, phase)
    attempt = taking.attempt_of(test, request.user)
    if not test.is_open:
        messages.info(request, _("This test is not open."))
        return workshop, test, None, redirect("workshops:tests", workshop.pk)
    if attempt is not None and attempt.is_finished:
        messages.info(request, _("You have handed this test in already; each test is taken once."))
        return workshop, test, None, redirect("workshops:tests", workshop.pk)
    return workshop, test, attempt, None


def _open_attempt(request, pk, phase):
    """Return (workshop, test, items, attempt, refusal) for a participant inside an open test."""
    workshop, test, attempt, refusal = _attempt_in_open_test(request, pk, phase)
    if refusal:
        return workshop, test, None, None, refusal
    return workshop, test, test.items(), attempt, None


@login_required
@require_POST
def start(request, pk, phase):
    """Start (or continue) the participant's attempt and go to the first unanswered question."""
    workshop, test, items, attempt, refusal = _open_attempt(request, pk, phase)
    if refusal:
        return refusal
    attempt = taking.start(test, request.user)
    number = taking.first_unanswered(items, attempt)
    if number is None:
        return redirect("workshops:finish", workshop.pk, phase)
    return redirect("workshops:question", workshop.pk, phase, number)


@login_required
@require_http_methods(["GET", "POST"])
def question(request, pk, phase, number):
    """Show one question; on submit save its answer at once and go to the next.

    Saving reads only what it needs (the test's item ids, the one question and its choices) and writes the answer
    in one small transaction (taking.save_answer); the page is built only to show the question or a mistake.
    """
    workshop, test, attempt, refusal = _attempt_in_open_test(request, pk, phase)
    if refusal:
        return refusal
    if attempt is None:
        return redirect("workshops:tests", workshop.pk)
    item_ids = test.item_ids()
    if not 1 <= number <= len(item_ids):
        raise Http404
    item = Question.objects.select_related("objective").prefetch_related("choices").get(pk=item_ids[number - 1])
    if request.method == "POST":
        form = QuestionForm(item, request.POST, prefix="q")
        if form.is_valid():
            if not taking.save_answer(attempt, item, **form.answer_values()):
                messages.info(request, _("You have handed this test in already; each test is taken once."))
                return redirect("workshops:tests", workshop.pk)
            if number < len(item_ids):
                return redirect("workshops:question", workshop.pk, phase, number + 1)
            return redirect("workshops:finish", workshop.pk, phase)
    answer = attempt.answers.filter(question=item).first()
    if request.method != "POST":
        form = QuestionForm(item, answer=answer, prefix="q")
    context = {
        "page": workshop,
        "test": test,
        "form": form,
        "number": number,
        "count": len(item_ids),
        "answered": len(taking.answered_ids(attempt)),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < len(item_ids) else None,
    }
    return render(request, "workshops/question.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def finish(request, pk, phase):
    """List unanswered questions; on submit hand the attempt in and show the score."""
    workshop, test, items, attempt, refusal = _open_attempt(request, pk, phase)
    if refusal:
        return refusal
    if attempt is None:
        return redirect("workshops:tests", workshop.pk)
    if request.method == "POST":
        taking.finish(attempt)
        right = attempt.answers.filter(correct=True).count()
        messages.success(
            request,
            _("Handed in. Your score: %(right)d of %(count)d.") % {"right": right, "count": len(items)},
        )
        return redirect("workshops:tests", workshop.pk)
    done = taking.answered_ids(attempt)
    missing = [(number, q) for number, q in enumerate(items, start=1) if q.pk not in done]
    context = {"page": workshop, "test": test, "count": len(items), "missing": missing, "answered": len(done)}
    return render(request, "workshops/finish.html", context)


@login_required
def review(request, pk, phase):
    """Once the post-test is closed: each item with the participant's answer, the right one and its explanation."""
    workshop, _rights = open_workshop(request, pk)
    participant_or_404(workshop, request.user)
    test = test_or_404(workshop, phase)
    if not answers_released(workshop):
        raise Http404
    attempt = taking.attempt_of(test, request.user)
    answers = {}
    if attempt is not None:
        answers = {a.question_id: a for a in attempt.answers.prefetch_related("choices")}
    items = test.items()
    readable = set(
        LibraryPage.objects.visible_to(request.user)
        .filter(pk__in=[q.explanation_page_id for q in items if q.explanation_page_id])
        .values_list("pk", flat=True)
    )
    rows = [
        (number, q, answers.get(q.pk), q.explanation_page if q.explanation_page_id in readable else None)
        for number, q in enumerate(items, start=1)
    ]
    return render(request, "workshops/review.html", {"page": workshop, "test": test, "rows": rows})
