from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forum.models import Board, ForumProfile, Post


class BoardViewSet(SnippetViewSet):
    """Boards in the Wagtail admin: editors and administrators add, edit and reorder them."""

    model = Board
    icon = "comment"
    menu_label = _("Forum boards")
    menu_name = "forum-boards"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "kind", "audience", "order"]
    list_filter = ["kind", "audience"]
    search_fields = ["name", "description"]
    sort_order_field = "order"
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("order")]),
        MultiFieldPanel(
            [
                FieldPanel("audience", widget=forms.RadioSelect),
                FieldPanel("groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Who may see this board"),
        ),
        MultiFieldPanel(
            [FieldPanel("moderators"), FieldPanel("hold_new_member_posts")],
            heading=_("Moderation"),
        ),
    ]


register_snippet(BoardViewSet)


@hooks.register("before_delete_snippet")
def keep_boards_that_hold_threads(request, instances):
    """Refuse to delete a board that still holds threads (they would be lost); say how to proceed."""
    busy = [board for board in instances if isinstance(board, Board) and board.threads.exists()]
    if busy:
        messages.error(
            request,
            _("%(boards)s still holds threads. A moderator must move them to another board first.")
            % {"boards": ", ".join(str(board) for board in busy)},
        )
        return redirect("wagtailsnippets_forum_board:list")
    return None


def _iso(value):
    return value.isoformat() if value else None


@hooks.register("member_data")
def forum_profile_data(user):
    """The member's forum handle and display name, for their data export."""
    profile = ForumProfile.objects.filter(user=user).first()
    return "forum_profile", (
        {"handle": profile.handle, "display_name": profile.display_name} if profile is not None else None
    )


@hooks.register("member_data")
def forum_posts_data(user):
    """Every post the member wrote, whatever its status, for their data export."""
    posts = Post.objects.filter(author=user).select_related("thread").order_by("created_at", "pk")
    return "forum_posts", [
        {
            "id": post.pk,
            "thread": str(post.thread),
            "body": post.body,
            "status": post.status,
            "created_at": _iso(post.created_at),
            "edited_at": _iso(post.edited_at),
        }
        for post in posts
    ]
