from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from forum import notices
from forum.models import ForumProfile, Notification, Thread
from forum.models.boards import visible_board_ids
from search.follows import core as followed_searches

register = template.Library()


@register.inclusion_tag("forum/includes/nav_item.html", takes_context=True)
def forum_nav(context):
    """Render the header's Forum link and, for members, the count of unread notifications they may see (the forum's,
    the new matches of their followed searches and the notices other apps register, forum.notices)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = (
            Notification.objects.for_reader(user).unread().count()
            + followed_searches.unread_count(user)
            + notices.unread_count(user)
        )
    return {"user": user, "unread": unread}


@register.simple_tag
def author(user):
    """Return a link to a member's forum profile, or "former member" for a deleted account."""
    if user is None:
        return format_html('<span class="author author--former">{}</span>', _("former member"))
    profile = ForumProfile.for_user(user)
    return format_html('<a class="author" href="{}">{}</a>', profile.get_absolute_url(), profile.name)


@register.inclusion_tag("forum/includes/library_threads.html", takes_context=True)
def library_threads(context, page):
    """Render the discussions of a library page that this reader may see, and a "Discuss" link for members."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not visible_board_ids(user):
        return {"show": False}
    threads = (
        Thread.objects.published_for_reader(user)
        .filter(library_page_id=page.pk)
        .select_related("board")
        .by_activity()[:10]
    )
    kind = getattr(page.specific, "content_type_slug", None)
    label = _("Discuss this case study") if kind == "case-study" else _("Discuss this page")
    return {
        "show": True,
        "threads": threads,
        "page": page,
        "discuss_label": label,
        "ui_language": context.get("LANGUAGE_CODE") or "en",
    }
