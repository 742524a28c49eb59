from django.template.loader import render_to_string
from wagtail import hooks

from search.follows import core
from search.follows.models import FollowedSearch


@hooks.register("profile_sections")
def followed_searches(request):
    """Return the profile's list of the member's followed searches, with a link to manage them."""
    follows = FollowedSearch.objects.filter(user=request.user).order_by("-created_at", "-pk")[:10]
    rows = [{"follow": f, "name": core.describe(f), "url": core.open_url(f)} for f in follows]
    return render_to_string("follows/profile_section.html", {"rows": rows}, request=request)


@hooks.register("member_data")
def followed_searches_data(user):
    """The member's followed searches, for their data export: text, filters, how they are emailed, when followed
    and last checked."""
    follows = FollowedSearch.objects.filter(user=user).order_by("created_at", "pk")
    return "followed_searches", [
        {
            "query": followed.query,
            "filters": core.clean_filters(followed.filters),
            "followed_from": followed.source,
            "address": core.open_url(followed),
            "name": followed.name,
            "frequency": followed.delivery,
            "created": followed.created_at.isoformat(),
            "last_checked": followed.last_checked_at.isoformat() if followed.last_checked_at else None,
        }
        for followed in follows
    ]
