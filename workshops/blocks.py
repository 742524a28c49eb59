"""The blocks of a workshop's agenda."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class SessionBlock(blocks.StructBlock):
    day = blocks.IntegerBlock(label=_("day"), min_value=1, max_value=30, help_text=_("1 for the first day."))
    time = blocks.CharBlock(label=_("time"), required=False, max_length=40, help_text=_("For example 09:00–10:30."))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "time"
        label = _("Session")
        template = "workshops/blocks/session_block.html"


AGENDA_BLOCKS = [("session", SessionBlock())]
