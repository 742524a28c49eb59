"""The feedback and follow-up entries of a workshop page's tools list, and the reminder of a waiting questionnaire."""

from django import template

from workshops import followup
from workshops.models import FeedbackResponse, FeedbackSettings, FollowUp

register = template.Library()


@register.inclusion_tag("workshops/includes/feedback_links.html", takes_context=True)
def feedback_links(context, workshop, rights):
    """Return what the tools list shows of feedback and follow-up to this reader."""
    user = context["request"].user
    shown = {"page": workshop, "rights": rights, "feedback": False, "answered": False, "follow_up": None}
    if rights.is_participant:
        plan = FeedbackSettings.objects.filter(workshop=workshop).first() or FeedbackSettings(workshop=workshop)
        shown["answered"] = FeedbackResponse.objects.filter(workshop=workshop, user=user).exists()
        shown["feedback"] = plan.is_open or shown["answered"]
        shown["follow_up"] = FollowUp.objects.filter(workshop=workshop, user=user, mails_sent__gt=0).first()
    return shown


@register.simple_tag(takes_context=True)
def waiting_follow_ups(context):
    """Return the follow-up questionnaires the signed-in member has been sent and not answered."""
    return list(followup.pending_for(context["request"].user))
