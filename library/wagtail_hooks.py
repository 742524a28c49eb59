from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from library.models import (
    HTCDS_PICK_LISTS,
    Country,
    CrimeType,
    LibraryPage,
    Province,
    RecruitmentChannel,
    TagNames,
)
from library.taxonomy_completeness import TRANSLATED_MODELS, can_edit, completeness_view
from safety.review_admin import ReviewPageViewSet

TRANSLATED_NAME_COLUMNS = ["name_km", "name_lo", "name_th", "name_vi"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    list_display = ["name", "code", *TRANSLATED_NAME_COLUMNS, "sort_order"]
    search_fields = ["name", *TRANSLATED_NAME_COLUMNS, "code"]


class CrimeTypeViewSet(SnippetViewSet):
    model = CrimeType
    icon = "warning"
    list_display = ["name", *TRANSLATED_NAME_COLUMNS, "slug"]


class RecruitmentChannelViewSet(SnippetViewSet):
    model = RecruitmentChannel
    icon = "link"
    list_display = ["name", *TRANSLATED_NAME_COLUMNS, "slug"]


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    list_display = ["name", *TRANSLATED_NAME_COLUMNS, "country", "slug"]
    list_filter = ["country"]


HTCDS_ICONS = {
    "recruitmenttype": "user",
    "recruitmentplatform": "mail",
    "controlmeans": "lock",
    "exploitationtype": "warning",
    "transporttype": "site",
    "assistancetype": "help",
}


def htcds_viewset(pick_list):
    """Return the snippet viewset of one HTCDS-aligned pick-list: names in every language and its HTCDS value."""
    return type(
        f"{pick_list.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": pick_list,
            "icon": HTCDS_ICONS.get(pick_list._meta.model_name, "list-ul"),
            "list_display": ["name", *TRANSLATED_NAME_COLUMNS, "slug", "htcds_value"],
            "search_fields": ["name", *TRANSLATED_NAME_COLUMNS, "slug"],
        },
    )


class TagNamesCreateView(CreateView):
    def get_initial(self):
        """Return the form's initial values, with the tag chosen when the link names one (?tag=ID)."""
        initial = super().get_initial()
        tag = self.request.GET.get("tag", "")
        if tag.isascii() and tag.isdigit():
            initial["tag"] = int(tag)
        return initial


class TagNamesViewSet(SnippetViewSet):
    model = TagNames
    add_view_class = TagNamesCreateView
    icon = "tag"
    list_display = ["tag", *TRANSLATED_NAME_COLUMNS]


class CompletenessMenuItem(MenuItem):
    def is_shown(self, request):
        return any(can_edit(request.user, model) for model in TRANSLATED_MODELS)


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (
        CountryViewSet,
        CrimeTypeViewSet,
        RecruitmentChannelViewSet,
        ProvinceViewSet,
        *(htcds_viewset(model) for _name, model in HTCDS_PICK_LISTS),
        TagNamesViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Taxonomy")
    menu_name = "taxonomy"

    def get_submenu_items(self):
        """Return the taxonomies' menu items followed by the page of missing translations."""
        completeness = CompletenessMenuItem(
            _("Missing translations"), reverse("library_taxonomy_completeness"), icon_name="list-ul"
        )
        return [*super().get_submenu_items(), completeness]


register_snippet(TaxonomyViewSetGroup)


@hooks.register("register_admin_urls")
def register_completeness_url():
    return [path("taxonomy/translations/", completeness_view, name="library_taxonomy_completeness")]


class LibraryPageViewSet(ReviewPageViewSet):
    """Library pages in the admin: the review-aware editor and workflow actions of the review workflow."""

    model = LibraryPage


@hooks.register("register_admin_viewset")
def register_library_page_viewset():
    return LibraryPageViewSet("library_pages")
