"""Restrictions bind in the Wagtail admin too: a working group's pages are for its members, editors included.

Wagtail's page permissions are grants on subtrees (editors hold them on the whole library); this policy takes away
every restricted subtree whose audience the member is outside of (accounts.access.pages.hidden_for decides, with
the same cache as for readers), so the explorer, search, choosers, reports, buttons and every page check of the
admin leave those pages out.
Administrators (superusers and the administrator role) are the only exception.
"""

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import Page, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.signals import task_submitted

from accounts.access.pages import hidden_for, page_audience
from accounts.access.tokens import GROUP_PREFIX, MEMBERS, PUBLIC
from accounts.roles import ADMINISTRATOR, GROUP_NAMES, roles_of

CACHE_ATTRIBUTE = "_hidden_admin_paths"
SUBMISSION_NOTIFIER_UID = "group_approval_task_submitted_email_notification"  # wagtail.admin.signal_handlers


def works_everywhere(user):
    """Return whether restrictions do not bind this member in the admin (superusers and administrators)."""
    return user.is_authenticated and user.is_active and (user.is_superuser or ADMINISTRATOR in roles_of(user))


def hidden_subtrees(user):
    """Return the tree paths of the restricted subtrees this member may not work on (cached for the request)."""
    if not user.is_authenticated or works_everywhere(user):
        return ()
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is None:
        cached, _ids = hidden_for(user)
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached


def subtrees(paths):
    """Return a filter matching the pages inside these subtrees."""
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def without_hidden_pages(queryset, user):
    """Return the pages of a queryset this member may work on."""
    paths = hidden_subtrees(user)
    return queryset.exclude(subtrees(paths)) if paths else queryset


def hidden_page_ids(user):
    """Return a queryset of the ids of the pages this member may not work on (empty for administrators)."""
    paths = hidden_subtrees(user)
    if not paths:
        return Page.objects.none().values_list("pk", flat=True)
    return Page.objects.filter(subtrees(paths)).values_list("pk", flat=True)


def hidden_page_keys(user):
    """Return the ids, as text, of the pages this member may not work on, for generic object_id columns."""
    return Page.objects.filter(pk__in=hidden_page_ids(user)).annotate(key=Cast("pk", CharField())).values("key")


def may_work_on(user, page):
    """Return whether this member may see and work on this page in the admin."""
    return not any(page.path.startswith(path) for path in hidden_subtrees(user))


def who_may_open(users, page):
    """Return the users of a queryset who may open this page (administrators always)."""
    audience = set(page_audience(page))
    if audience & {PUBLIC, MEMBERS}:
        return users
    group_ids = [int(token.removeprefix(GROUP_PREFIX)) for token in audience if token.startswith(GROUP_PREFIX)]
    allowed = Q(is_superuser=True) | Q(groups__name=GROUP_NAMES[ADMINISTRATOR]) | Q(groups__pk__in=group_ids)
    return get_user_model()._default_manager.filter(pk__in=users.values("pk")).filter(allowed).distinct()


class WorkingGroupPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, less the restricted subtrees whose audience the member is outside of."""

    def is_hidden_from(self, user, instance):
        """Return whether the admin must answer for this page as if it did not exist."""
        return not may_work_on(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not may_work_on(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return without_hidden_pages(super().instances_user_has_any_permission_for(user, actions), user)

    def explorable_instances(self, user):
        return without_hidden_pages(super().explorable_instances(user), user)

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        users = super().users_with_any_permission_for_instance(actions, instance, include_superusers)
        return who_may_open(users, instance)


class WorkingGroupSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's "submitted for review" email, sent only to the task's reviewers who may open the page."""

    def get_recipient_users(self, task_state, **kwargs):
        users = super().get_recipient_users(task_state, **kwargs)
        page = task_state.workflow_state.content_object
        return who_may_open(users, page) if isinstance(page, Page) else users


def connect_submission_notifier():
    """Put the working-group-aware notifier in place of Wagtail's (which then finds its dispatch_uid taken)."""
    task_submitted.disconnect(sender=TaskState, dispatch_uid=SUBMISSION_NOTIFIER_UID)
    task_submitted.connect(
        WorkingGroupSubmissionNotifier(), sender=TaskState, weak=False, dispatch_uid=SUBMISSION_NOTIFIER_UID
    )
