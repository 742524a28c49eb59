"""Admin URLs that name a page, image or document answer 404, as for a missing one, when its policy hides it."""

from django.apps import apps
from django.http import Http404
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from accounts.admin_access import works_everywhere

PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
IMAGE_ARGUMENTS = ("image_id",)
DOCUMENT_ARGUMENTS = ("document_id", "doc_id")
# Views whose "pk" is a page: revision comparison and the admin API's page endpoints.
PAGE_PK_VIEWS = ("revisions_compare",)
PAGE_PK_NAMESPACES = ("wagtailadmin_api",)
# Views that only redirect, whatever the id, to a view this guard covers: answering them as for any id hides nothing.
REDIRECT_ONLY_VIEWS = ("revisions_index",)


def listed_model(kwargs):
    """Return the model a bulk action or generic view names by app label and model name, or None."""
    if "app_label" not in kwargs or "model_name" not in kwargs:
        return None
    try:
        return apps.get_model(kwargs["app_label"], kwargs["model_name"])
    except (LookupError, ValueError):
        return None


def named_objects(resolver_match, kwargs):
    """Yield (model, id) for every page, image or document an admin URL names in its path."""
    for name in PAGE_ARGUMENTS:
        if name in kwargs:
            yield Page, kwargs[name]
    if "pk" in kwargs and (
        resolver_match.url_name in PAGE_PK_VIEWS or resolver_match.namespace.startswith(PAGE_PK_NAMESPACES)
    ):
        yield Page, kwargs["pk"]
    for name in IMAGE_ARGUMENTS:
        if name in kwargs:
            yield get_image_model(), kwargs[name]
    for name in DOCUMENT_ARGUMENTS:
        if name in kwargs:
            yield get_document_model(), kwargs[name]
    model = listed_model(kwargs)  # editing sessions, generic usage views
    if model is not None:
        for identifier in (kwargs.get("object_id"), kwargs.get("pk")):
            if identifier is not None:
                yield model, identifier


def is_hidden(user, model, identifier):
    """Return whether the policy of this model hides the object with this id from this member."""
    check = getattr(policy_registry.get_by_type(model), "is_hidden_from", None)
    if check is None:
        return False
    try:
        obj = model._default_manager.filter(pk=identifier).first()
    except (TypeError, ValueError):
        return False
    return obj is not None and check(user, obj)


class AdminWorkingGroupGuard:
    """Answer 404 for admin URLs that name material of a working group the member is outside of."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self.prefix is None:
            self.prefix = reverse("wagtailadmin_home")
        match = request.resolver_match
        if not request.path_info.startswith(self.prefix) or match is None or match.url_name in REDIRECT_ONLY_VIEWS:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or works_everywhere(user):
            return None
        if not user.has_perm("wagtailadmin.access_admin"):
            return None  # the admin refuses them everything alike
        for model, identifier in named_objects(match, view_kwargs):
            if is_hidden(user, model, identifier):
                raise Http404
        model = listed_model(view_kwargs)
        if model is not None and "id" in request.GET:  # bulk actions: hidden ids are dropped, as missing ones are
            query = request.GET.copy()
            query.setlist("id", [pk for pk in request.GET.getlist("id") if not is_hidden(user, model, pk)])
            request.GET = query
        return None
