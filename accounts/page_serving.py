"""Wagtail's page view with its view-restriction check narrowed to what the access rules leave to it: passwords.

Wagtail's own check (the ``on_serve_page`` hook wagtail.wagtail_hooks.check_view_restrictions) asks a group
restriction for the reader's Django groups. The access rules (accounts.access) decide login and group
restrictions by audience tokens instead, which apps may grant without a group (register_audience_source: a
workshop's trainers read its cohort's materials), and ``enforce_page_audience`` (a before_serve_page hook)
already answers anyone outside the audience with a 404. So this view runs every on_serve_page hook but Wagtail's
check, and in its place asks for a password restriction's password, as Wagtail does, and keeps restricted
answers out of caches. library.media_views does the same for documents.

It also finds the page for a path in fewer queries than Wagtail's walk (route_for_request), with the same answer.
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions

from accounts.access.pages import serving_restrictions


def view_restrictions(page):
    """Return the view restrictions that apply to a page being served, as Wagtail's page.get_view_restrictions().

    Wagtail reads the page's ancestors (an alias takes its source's restrictions), then the restrictions. When the
    walk (route_for_request) read the whole ancestry and no page in it is an alias, those are the restrictions on
    the page and its ancestors that enforce_page_audience has just read for the audience (serving_restrictions).
    """
    ancestry = page.__dict__.get(_ANCESTRY)
    if ancestry is not None and not any(alias_of_id for _pk, alias_of_id in ancestry):
        return sorted(serving_restrictions(page), key=lambda restriction: restriction.pk)
    return list(page.get_view_restrictions())


def password_restrictions(callback):
    """Ask for the password of a password restriction the reader has not passed; never cache restricted pages."""

    def inner(page, request, serve_args, serve_kwargs):
        restrictions = view_restrictions(page)
        for restriction in restrictions:
            if restriction.restriction_type == PageViewRestriction.PASSWORD and not restriction.accept_request(request):
                form = PasswordViewRestrictionForm(
                    instance=restriction, initial={"return_url": request.get_full_path()}
                )
                action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
                response = page.serve_password_required_response(request, form, action_url)
                add_never_cache_headers(response)
                return response
        response = callback(page, request, serve_args, serve_kwargs)
        if restrictions:
            add_never_cache_headers(response)
        return response

    return inner


_ANCESTRY = "_served_ancestry"


def _routes_like_page(page):
    """Return whether this page's class finds its children as Wagtail's Page.route does (no route of its own)."""
    model = page.specific_class
    return model is not None and model.route is Page.route


def _walk(root, components):
    """Return the page the path components lead to from root in one query, or None where Wagtail's walk must decide.

    Wagtail's Page.route asks for each level's child by slug, then loads that child's specific page to route on
    (two queries a level). When every page on the way routes as Page does, the same walk is made here on the pages
    at each level's depth with that level's slug, read at once. Anything else (a class with its own route, a
    parent without children by its count, no child or more than one with the slug) is left to Wagtail's walk, so
    the answer, including a 404, is always Wagtail's.
    """
    above = [root.path[:end] for end in range(Page.steplen, len(root.path), Page.steplen)]
    levels = Q(path__in=above) if above else Q()
    for number, component in enumerate(components, start=1):
        levels |= Q(depth=root.depth + number, slug=component, path__startswith=root.path)
    candidates = list(Page.objects.filter(levels))
    ancestry = [page for page in candidates if page.path in above]
    if len(ancestry) != len(above):
        return None
    ancestry.append(root)
    parent = root
    for component in components:
        if not _routes_like_page(parent) or parent.numchild == 0:
            return None
        children = [
            page
            for page in candidates
            if page.depth == parent.depth + 1 and page.slug == component and page.path.startswith(parent.path)
        ]
        if len(children) != 1:
            return None
        children[0]._cached_parent_obj = parent  # as Wagtail's walk does: get_parent() asks no query
        parent = children[0]
        ancestry.append(parent)
    # Every page from the tree's root to this one, with what it is an alias of (view_restrictions reads it).
    parent.__dict__[_ANCESTRY] = tuple((page.pk, page.alias_of_id) for page in ancestry)
    return parent


def route_for_request(request, path):
    """Return Wagtail's route result for this request and path (page, args, kwargs), or None: Page.route_for_request
    with the path walked in one query (_walk) where it can be. Kept on the request as Wagtail keeps its own."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = Site.find_for_request(request)
    components = [component for component in path.split("/") if component]
    page = None
    if site is not None and components and not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        page = _walk(site.root_page, components)
    if page is None:
        return Page.route_for_request(request, path)
    try:
        result = page.specific.route(request, [])
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    return result


def serve(request, path):
    """Serve a page as wagtail.views.serve does, with password_restrictions in place of Wagtail's check."""
    route_result = route_for_request(request, path)
    if route_result is None:
        raise Http404
    page, args, kwargs = route_result
    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = password_restrictions(chain) if fn is check_view_restrictions else fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)
