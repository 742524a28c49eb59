from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from workshops import followup, member_data
from workshops.models import Certificate, Curriculum, Question, WorkshopPage
from workshops.views.members import member_search


class CurriculumViewSet(SnippetViewSet):
    model = Curriculum
    icon = "list-ul"
    list_display = ["name"]
    search_fields = ["name"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["text", "curriculum", "objective", "kind"]
    list_filter = ["curriculum", "kind"]
    search_fields = ["text"]


class WorkshopSnippets(SnippetViewSetGroup):
    items = (CurriculumViewSet, QuestionViewSet)
    menu_icon = "group"
    menu_label = _("Workshop tests")
    menu_name = "workshop-tests"


register_snippet(WorkshopSnippets)


@hooks.register("register_admin_urls")
def register_member_search_url():
    return [path("workshops/members/", member_search, name="workshops_member_search")]


@hooks.register("profile_sections")
def my_workshops(request):
    """Return the profile's list of the workshops the member takes part in or trains at, or None if none."""
    user = request.user
    joined = WorkshopPage.objects.live().filter(cohort__user=user)
    trained = WorkshopPage.objects.filter(facilitators=user)
    workshops = (joined | trained).distinct().order_by("-start_date")
    if not workshops:
        return None
    return render_to_string("workshops/includes/profile_workshops.html", {"workshops": workshops}, request=request)


@hooks.register("profile_sections")
def my_certificates(request):
    """Return the profile's list of the member's certificates with their download links, or None if none."""
    certificates = list(Certificate.objects.filter(user=request.user).order_by("-start_date", "-issued_at"))
    valid_workshops = {certificate.workshop_id for certificate in certificates if not certificate.is_revoked}
    # A certificate revoked and issued again shows once, valid.
    shown = [c for c in certificates if not c.is_revoked or c.workshop_id not in valid_workshops]
    if not shown:
        return None
    return render_to_string("workshops/includes/profile_certificates.html", {"certificates": shown}, request=request)


@hooks.register("profile_sections")
def waiting_follow_ups(request):
    """Return the profile's list of follow-up questionnaires waiting for the member's answer, or None if none."""
    rows = list(followup.pending_for(request.user))
    if not rows:
        return None
    return render_to_string("workshops/includes/profile_follow_ups.html", {"follow_ups": rows}, request=request)


@hooks.register("member_data")
def workshops_member_data(user):
    """The member's workshops, attendance, certificates, test attempts, feedback and follow-ups, for their export."""
    return member_data.member_data(user)


@hooks.register("member_notices")
def follow_up_notices(user):
    """The member's waiting follow-up questionnaires, among their notifications (the forum lists them)."""
    return followup.notices(user)
