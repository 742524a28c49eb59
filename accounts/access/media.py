"""Who may fetch an uploaded file: images, renditions and documents follow the pages that use them.

Uploaded files live in a private storage (``PRIVATE_MEDIA_ROOT``) that no web server exposes; every file URL goes
through a view that applies these rules (decide):

- a file used by live pages may be fetched by readers who may open at least one of those pages (for documents,
  their collection's view restrictions apply on top: Wagtail's collection privacy covers documents, not images);
- a file that no live page uses (unused, or only on drafts) may be fetched by nobody but the people below, or a
  document by its collection's audience when the collection is restricted;
- members who manage images or documents in the file's collection (the Wagtail admin) and the member who uploaded
  it may always fetch it, so the admin and the officer who shared a case keep seeing their files.

Uses come from Wagtail's reference index, which page saves keep current. Bulk imports skip it for text, which
cannot embed images or link documents, and enter the pages whose lines attach a resource's document; a use the
index misses only hides a file, and a use an import removed stays listed only for readers who could already see
the file.
"""

from dataclasses import dataclass, field

from wagtail.documents.models import AbstractDocument
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex
from wagtail.permissions import policy_registry

from accounts.access.pages import page_audiences
from accounts.access.tokens import MEMBERS, NOBODY, PUBLIC, combine, merge, reader_audience


@dataclass
class MediaAccess:
    """The decision for one reader and one file: may they have it, and how may it be cached."""

    allowed: bool
    audience: list = field(default_factory=list)
    public: bool = False  # every use is public: shared caches may keep it
    audited: bool = False  # served to a reader through a restricted audience: write an audit entry


def using_pages(obj):
    """Return the pages (id, path, live) whose content refers to this image or document."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    ids = {
        int(pk)
        for pk in ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        if str(pk).isdigit()
    }
    if not ids:
        return []
    return list(Page.objects.filter(pk__in=ids).only("id", "path", "live"))


def collection_audience(collection):
    """Return the audience the collection's view restrictions (its own and its ancestors') allow, or None."""
    restrictions = list(
        CollectionViewRestriction.objects.filter(collection__in=collection.get_ancestors(inclusive=True))
        .prefetch_related("groups")
        .order_by("collection__depth")
    )
    if not restrictions:
        return None
    return set(combine(restrictions, include_password=True))


def media_audience(obj):
    """Return (audience tokens, whether every use is public) for an image or document."""
    live = [page for page in using_pages(obj) if page.live]
    collection = collection_audience(obj.collection) if isinstance(obj, AbstractDocument) else None
    if not live:
        return sorted(collection or {NOBODY}), False
    uses = page_audiences(live)
    union = set().union(*uses)
    audience = merge(collection, union)
    all_public = collection is None and all(tokens == {PUBLIC} for tokens in uses)
    return sorted(audience), all_public


def manages(user, obj, tokens=None):
    """Return whether this approved member uploaded the file or may change or choose it in the admin."""
    if user is None or not user.is_authenticated:
        return False
    if MEMBERS not in (tokens if tokens is not None else reader_audience(user)):
        return False  # pending, rejected, or a role still without two-factor authentication
    if obj.uploaded_by_user_id == user.pk:
        return True
    policy = policy_registry.get_by_type(type(obj))
    return policy.user_has_any_permission_for_instance(user, ["change", "choose"], obj)


def decide(request, obj):
    """Return whether the reader of this request may have the image or document, and how to cache it."""
    audience, all_public = media_audience(obj)
    if audience == [PUBLIC]:
        return MediaAccess(True, audience, public=all_public)
    user = getattr(request, "user", None)
    tokens = reader_audience(user)
    if tokens & set(audience):
        return MediaAccess(True, audience, audited=True)
    if manages(user, obj, tokens):
        return MediaAccess(True, audience)
    return MediaAccess(False, audience)
