from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from library.models import Country, CrimeType, RecruitmentChannel


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    list_display = ["name", "code", "local_name", "sort_order"]
    search_fields = ["name", "local_name", "code"]


class CrimeTypeViewSet(SnippetViewSet):
    model = CrimeType
    icon = "warning"
    list_display = ["name", "slug"]


class RecruitmentChannelViewSet(SnippetViewSet):
    model = RecruitmentChannel
    icon = "link"
    list_display = ["name", "slug"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (CountryViewSet, CrimeTypeViewSet, RecruitmentChannelViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Taxonomy")
    menu_name = "taxonomy"


register_snippet(TaxonomyViewSetGroup)
