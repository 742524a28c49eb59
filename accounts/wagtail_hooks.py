from django.contrib.auth.models import Permission
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts import audit
from accounts.access.media import decide
from accounts.access.pages import serving_audience
from accounts.access.tokens import PUBLIC, reader_audience
from accounts.admin_access import without_hidden_pages
from accounts.admin_views import (
    audit_log,
    invitation_viewset,
    is_administrator,
    lift_member_sign_in_lock,
    member_list,
)
from accounts.approvals import can_approve
from accounts.avatars import initials_avatar_url


@hooks.register("before_serve_page")
def enforce_page_audience(page, request, serve_args, serve_kwargs):
    """Answer a restricted page outside its audience exactly as a missing one (404); log views of restricted pages."""
    audience = serving_audience(page)
    if audience == [PUBLIC]:
        return None
    if not reader_audience(request.user) & set(audience):
        raise Http404
    request.restricted_answer = True  # never kept by a shared cache (frontline.page_cache)
    audit.record(audit.RESTRICTED_VIEW, obj=page, request=request, audience=audience)
    return None


@hooks.register("before_serve_document")
def enforce_document_audience(document, request):
    """Answer a document outside the reader's audience exactly as a missing one (404); log restricted downloads."""
    access = request.media_access = decide(request, document)
    if access.audience == [PUBLIC]:
        return None
    if not access.allowed:
        raise Http404
    audit.record(audit.RESTRICTED_DOWNLOAD, obj=document, request=request, audience=access.audience)
    return None


@hooks.register("construct_explorer_page_queryset")
def hide_working_group_pages_in_explorer(parent_page, pages, request):
    """Leave out of admin listings and search the working-group pages this member is outside of."""
    return without_hidden_pages(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_working_group_pages_in_chooser(pages, request):
    """Leave out of the page chooser the working-group pages this member is outside of."""
    return without_hidden_pages(pages, request.user)


@hooks.register("register_admin_viewset")
def register_invitations():
    return invitation_viewset


@hooks.register("register_admin_urls")
def register_audit_log_url():
    return [
        path("audit-log/", audit_log, name="accounts_audit_log"),
        path("members/", member_list, name="accounts_members"),
        path("members/<int:user_id>/lift-sign-in-lock/", lift_member_sign_in_lock, name="accounts_lift_sign_in_lock"),
    ]


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


class ApproverMenuItem(MenuItem):
    def is_shown(self, request):
        return can_approve(request.user)


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return AdministratorMenuItem(_("Audit log"), reverse("accounts_audit_log"), icon_name="history", order=900)


@hooks.register("register_admin_menu_item")
def register_members_menu_item():
    return AdministratorMenuItem(_("Members"), reverse("accounts_members"), icon_name="group", order=840)


@hooks.register("register_admin_menu_item")
def register_pending_members_menu_item():
    return ApproverMenuItem(_("Members awaiting approval"), reverse("accounts:pending"), icon_name="user", order=850)


@hooks.register("register_permissions")
def register_invitation_permissions():
    return Permission.objects.filter(content_type__app_label="accounts", codename__endswith="_invitation")


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    """Show a member's initials as their avatar (no Gravatar request, no uploaded photo of an officer)."""
    if getattr(user, "pk", None) is None:
        return None  # a deleted member or the system: Wagtail's own default avatar
    return initials_avatar_url(user, size)
