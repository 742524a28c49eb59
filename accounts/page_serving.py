"""Wagtail's page view with its view-restriction check narrowed to what the access rules leave to it: passwords.

Wagtail's own check (the ``on_serve_page`` hook wagtail.wagtail_hooks.check_view_restrictions) asks a group
restriction for the reader's Django groups. The access rules (accounts.access) decide login and group
restrictions by audience tokens instead, which apps may grant without a group (register_audience_source: a
workshop's trainers read its cohort's materials), and ``enforce_page_audience`` (a before_serve_page hook)
already answers anyone outside the audience with a 404. So this view runs every on_serve_page hook but Wagtail's
check, and in its place asks for a password restriction's password, as Wagtail does, and keeps restricted
answers out of caches. library.media_views does the same for documents.
"""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail import hooks
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction
from wagtail.views import serve_chain
from wagtail.wagtail_hooks import check_view_restrictions


def password_restrictions(callback):
    """Ask for the password of a password restriction the reader has not passed; never cache restricted pages."""

    def inner(page, request, serve_args, serve_kwargs):
        restrictions = page.get_view_restrictions()
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


def serve(request, path):
    """Serve a page as wagtail.views.serve does, with password_restrictions in place of Wagtail's check."""
    route_result = Page.route_for_request(request, path)
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
