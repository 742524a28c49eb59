from django import forms
from django.utils.translation import gettext_lazy as _
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
