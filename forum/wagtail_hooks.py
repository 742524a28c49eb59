from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forum.models import Board


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
