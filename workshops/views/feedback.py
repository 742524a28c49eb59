"""Feedback and follow-up: the participant's feedback form, the follow-up questionnaire (signed in or through the
signed link of its email), and the trainers' page that opens and closes feedback and sets the follow-up schedule.

Everything works without JavaScript; a non-participant gets 404; each form saves in one transaction or not at all.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from library.models import MethodPage
from library.models.translated_names import reader_language
from workshops import followup
from workshops.access import WorkshopAccess, participant_or_404, trainer_or_404
from workshops.feedback_forms import FeedbackForm, FeedbackSettingsForm, FollowUpForm, save_follow_up
from workshops.library_pages import in_reader_language
from workshops.models import FeedbackResponse, FeedbackSettings, FollowUp
from workshops.models.feedback import FeedbackState
from workshops.views.common import open_workshop


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request, pk):
    """A participant rates the workshop; they may change their answers until the trainers close the form."""
    workshop, _rights = open_workshop(request, pk)
    rights = participant_or_404(workshop, request.user)
    if not rights.is_participant:
        return redirect("workshops:feedback-manage", workshop.pk)
    plan = FeedbackSettings.of(workshop)
    response = FeedbackResponse.objects.filter(workshop=workshop, user=request.user).first()
    if not plan.is_open:
        context = {"page": workshop, "plan": plan, "response": response, "form": None}
        return render(request, "workshops/feedback.html", context)
    form = FeedbackForm(request.POST if request.method == "POST" else None, instance=response)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            plan = FeedbackSettings.objects.select_for_update().get(pk=plan.pk)
            if not plan.is_open:  # closed while the form was on the screen
                messages.error(request, _("The trainers closed the feedback form; your answers were not saved."))
                return redirect("workshops:feedback", workshop.pk)
            answer = form.save(commit=False)
            answer.workshop, answer.user = workshop, request.user
            answer.language = reader_language()
            answer.updated_at = timezone.now()
            existing = FeedbackResponse.objects.filter(workshop=workshop, user=request.user).first()
            if existing is not None:  # a second tab or a double submit: the same one response, updated
                answer.pk, answer.created_at = existing.pk, existing.created_at
            answer.save()
        messages.success(request, _("Thank you. Your feedback is saved; you can change it until the form closes."))
        return redirect("workshops:feedback", workshop.pk)
    context = {"page": workshop, "plan": plan, "response": response, "form": form}
    return render(request, "workshops/feedback.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, pk):
    """Trainers open or close the feedback form and set when the follow-up goes out and how often it reminds."""
    workshop, _rights = open_workshop(request, pk)
    trainer_or_404(workshop, request.user)
    plan = FeedbackSettings.of(workshop)
    settings_form = FeedbackSettingsForm(instance=plan)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "open" and not plan.is_open:
            plan.state, plan.closed_at = FeedbackState.OPEN, None
            plan.save(update_fields=["state", "closed_at"])
            messages.success(request, _("The feedback form is open."))
        elif action == "close" and plan.is_open:
            plan.state, plan.closed_at = FeedbackState.CLOSED, timezone.now()
            plan.save(update_fields=["state", "closed_at"])
            messages.success(request, _("The feedback form is closed; answers can no longer change."))
        elif action == "schedule":
            settings_form = FeedbackSettingsForm(request.POST, instance=plan)
            if settings_form.is_valid():
                settings_form.save()
                messages.success(request, _("The follow-up schedule is saved."))
                return redirect("workshops:feedback-manage", workshop.pk)
            status = 400
        else:
            messages.error(request, _("That change is not possible in the form's current state."))
        if status == 200:
            return redirect("workshops:feedback-manage", workshop.pk)
    follow_ups = FollowUp.objects.filter(workshop=workshop, user__in=workshop.participant_ids)
    context = {
        "page": workshop,
        "plan": plan,
        "settings_form": settings_form,
        "participants": len(workshop.participant_ids),
        "responses": FeedbackResponse.objects.filter(workshop=workshop, user__in=workshop.participant_ids).count(),
        "follow_ups_sent": follow_ups.filter(mails_sent__gt=0).count(),
        "follow_ups_answered": follow_ups.filter(answered_at__isnull=False).count(),
    }
    return render(request, "workshops/feedback_manage.html", context, status=status)


def method_choices(workshop, user):
    """Return (method, page to show) of the workshop's library methods this reader may open: the page shown is its
    translation in the interface language where there is one."""
    rows = workshop.materials.order_by("sort_order", "pk").values_list("material_id", flat=True)
    ids = list(rows)
    methods = {page.pk: page for page in MethodPage.objects.visible_to(user).filter(pk__in=ids)}
    shown = in_reader_language(methods.values(), user)
    return [(methods[pk], shown[pk]) for pk in ids if pk in methods]


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, pk):
    """The signed-in participant's follow-up questionnaire, once it has been sent to them."""
    workshop, _rights = open_workshop(request, pk)
    rights = WorkshopAccess.of(workshop, request.user)
    if not rights.is_participant:
        raise Http404
    row = FollowUp.objects.filter(workshop=workshop, user=request.user, mails_sent__gt=0).first()
    if row is None:
        raise Http404
    return _questionnaire(request, row, reverse("workshops:follow-up", args=[workshop.pk]))


@require_http_methods(["GET", "POST"])
def follow_up_link(request, token):
    """The questionnaire reached through the link of its email: for that participant only."""
    row = followup.follow_up_for_token(token)
    if row is None:
        return render(request, "workshops/follow_up_gone.html", status=404)
    if request.user.is_authenticated and request.user.pk != row.user_id:
        raise Http404  # the link of another participant: nothing of theirs is shown to, or saved by, this member
    language = getattr(getattr(row.user, "member", None), "ui_language", "")
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language and not chosen:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    response = _questionnaire(request, row, request.path)
    if language and not chosen:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


def _questionnaire(request, row, action):
    workshop = row.workshop
    methods = method_choices(workshop, row.user)
    data = request.POST if request.method == "POST" else None
    form = FollowUpForm(data, methods=methods, initial=FollowUpForm.initial_of(row))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = FollowUp.objects.select_for_update().get(pk=row.pk)
            save_follow_up(locked, form, reader_language())
        messages.success(request, _("Thank you. Your answers are saved; you can change them here at any time."))
        return redirect(action)
    context = {
        "page": workshop,
        "row": row,
        "form": form,
        "action": action,
        "methods": methods,
        "signed_in": request.user.is_authenticated,
    }
    return render(request, "workshops/follow_up.html", context, status=400 if form.errors else 200)
