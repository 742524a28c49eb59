from django import template

from accounts.admin_views import is_administrator
from accounts.security import sign_in_locks

register = template.Library()


@register.simple_tag(takes_context=True)
def sign_in_locks_of(context, member_user):
    """Return the addresses at which a member's sign-in is paused, for an administrator's eyes only."""
    request = context.get("request")
    if request is None or member_user is None or not is_administrator(request.user):
        return []
    return sign_in_locks(member_user.email)
