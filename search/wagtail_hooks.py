"""The search glossary in the Wagtail admin: editors keep the terms that link the content languages."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import GlossaryConcept


class GlossaryConceptViewSet(SnippetViewSet):
    model = GlossaryConcept
    icon = "openquote"
    menu_label = _("Search glossary")
    menu_name = "search-glossary"
    add_to_admin_menu = True
    menu_order = 750
    list_display = ["name", "en", "th", "vi"]
    search_fields = ["name", "en", "km", "lo", "th", "vi"]


register_snippet(GlossaryConceptViewSet)
