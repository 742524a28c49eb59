from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def can_share_cases(context):
    """Return whether the signed-in member of this request may share cases (remembered for the request)."""
    from submissions.views import can_share

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    allowed = getattr(user, "_can_share_cases", None)
    if allowed is None:
        allowed = user._can_share_cases = can_share(user)
    return allowed


@register.simple_tag(takes_context=True)
def share_nav(context):
    """Return the "Share a case" navigation item for members who may share case material, else nothing."""
    if not can_share_cases(context):
        return ""
    return format_html('<li><a href="{}">{}</a></li>', reverse("submissions:share"), _("Share a case"))
