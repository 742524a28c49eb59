"""Admin permissions on images and documents follow the working groups of the pages that use them.

Wagtail grants image and document permissions on collections (editors hold them on the root); these policies take
away the files an editor outside a working group would otherwise manage: files used only on pages the member may
not work on (accounts.admin_access), and documents in a collection restricted to groups the member is not in. Such
files vanish from the admin's listings, choosers and edit, usage and file views, as if they did not exist.
Administrators are the only exception.
"""

from django.db.models import Q
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from accounts.access import PUBLIC, combine, reader_audience
from accounts.admin_access import hidden_page_keys, hidden_subtrees, works_everywhere

CACHE_ATTRIBUTE = "_hidden_media_ids"


def _used_only_on(hidden, model):
    """Return the ids of the files of this model that pages refer to, all of them among these pages (ids as text)."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    references = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(model), base_content_type=page_type
    )
    on_hidden = set(references.filter(object_id__in=hidden).values_list("to_object_id", flat=True))
    if not on_hidden:
        return set()
    elsewhere = references.filter(to_object_id__in=on_hidden).exclude(object_id__in=hidden)
    return {int(pk) for pk in on_hidden - set(elsewhere.values_list("to_object_id", flat=True)) if pk.isdigit()}


def hidden_collection_paths(user):
    """Return the paths of the collections restricted to groups this member is not in."""
    tokens = reader_audience(user)
    restrictions = CollectionViewRestriction.objects.select_related("collection").prefetch_related("groups")
    paths = []
    for restriction in restrictions:
        audience = set(combine([restriction], include_password=False))
        if audience != {PUBLIC} and not tokens & audience:
            paths.append(restriction.collection.path)
    return paths


def hidden_media_ids(user, model, in_collections=False):
    """Return the ids of the images or documents of this model hidden from this member in the admin (cached)."""
    if not user.is_authenticated or works_everywhere(user):
        return frozenset()
    cache = user.__dict__.setdefault(CACHE_ATTRIBUTE, {})
    if model not in cache:
        ids = _used_only_on(hidden_page_keys(user), model) if hidden_subtrees(user) else set()
        if in_collections:
            paths = hidden_collection_paths(user)
            if paths:
                in_hidden = Q()
                for path in paths:
                    in_hidden |= Q(collection__path__startswith=path)
                ids |= set(model._default_manager.filter(in_hidden).values_list("pk", flat=True))
        cache[model] = frozenset(ids)
    return cache[model]


class WorkingGroupMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection permissions, less the files of working groups the member is outside of."""

    def __init__(self, model, auth_model=None, owner_field_name="uploaded_by_user", in_collections=False):
        super().__init__(model, auth_model=auth_model, owner_field_name=owner_field_name)
        self.in_collections = in_collections

    def is_hidden_from(self, user, instance):
        """Return whether the admin must answer for this file as if it did not exist."""
        return instance.pk in hidden_media_ids(user, self.model, self.in_collections)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if self.is_hidden_from(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        hidden = hidden_media_ids(user, self.model, self.in_collections)
        return instances.exclude(pk__in=hidden) if hidden else instances
