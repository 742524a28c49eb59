from django import template

from accounts.admin_views import is_administrator
from accounts.security import account_spread, account_under_attack, sign_in_locks

register = template.Library()


@register.simple_tag(takes_context=True)
def sign_in_locks_of(context, member_user):
    """Return the addresses at which a member's sign-in is paused, for an administrator's eyes only."""
    request = context.get("request")
    if request is None or member_user is None or not is_administrator(request.user):
        return []
    return sign_in_locks(member_user.email)


@register.simple_tag(takes_context=True)
def account_pause_of(context, member_user):
    """Return the failures and addresses of an attack that pauses sign-in from new addresses, or None (admins only)."""
    request = context.get("request")
    if request is None or member_user is None or not is_administrator(request.user):
        return None
    email = member_user.email.strip().lower()
    if not account_under_attack(email):
        return None
    failures, addresses = account_spread(email)
    return {"failures": failures, "addresses": addresses}
