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
