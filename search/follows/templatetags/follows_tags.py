from django import template
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse
from django.utils.http import urlencode

from search.follows import core
from search.follows.models import Source

register = template.Library()


@register.inclusion_tag("follows/button.html", takes_context=True)
def follow_button(context, source=Source.SEARCH, query="", filters=None, scope=None):
    """Render the follow (or following / unfollow) form of the search or listing shown, without JavaScript."""
    request = context["request"]
    filters = core.clean_filters(filters or {})
    scope = list(scope or []) if source == Source.LIBRARY else []
    followed = core.find(request.user, source, query or "", filters, scope)
    here = request.get_full_path()
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "source": source,
        "query": query or "",
        "filters": [(name, value) for name, values in filters.items() for value in values],
        "scope": scope,
        "path": request.path,
        "next": here,
        "followed": followed,
        "name": core.describe(followed) if followed else "",
        "sign_in_url": reverse("account_login") + "?" + urlencode({REDIRECT_FIELD_NAME: here}),
    }
