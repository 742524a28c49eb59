"""Raise the restrictions version (ListingVersion) on publishing, unpublishing, moves, deletions and restrictions;
re-index the pages coded with a taxonomy entry whose names change.

It keys accounts.access.pages.hidden_for's cache; the library listing itself reads the search index (search.summary).
"""

from django.contrib.auth.models import Group
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from library.models import (
    CaseStudyPage,
    Country,
    CrimeType,
    LibraryIndexPage,
    LibraryPage,
    ListingVersion,
    RecruitmentChannel,
    TagNames,
)
from search.indexing import update_many

# Saves that touch only other fields (a draft's revision pointers, locks) leave the listing as it was.
LISTED_FIELDS = {"live", "path", "depth", "first_published_at", "content_type", "year", "language", "expired"}


def _is_library_page(instance):
    if isinstance(instance, LibraryPage | LibraryIndexPage):
        return True
    specific_class = instance.specific_class if isinstance(instance, Page) else None
    return specific_class is not None and issubclass(specific_class, LibraryPage | LibraryIndexPage)


def tree_changed(sender, instance, **kwargs):
    """Raise the listing version when any page moves or is deleted: hidden subtrees are cached by path."""
    if isinstance(instance, Page):
        ListingVersion.bump()


def page_changed(sender, instance, update_fields=None, **kwargs):
    """Raise the listing version when a library page is saved live, published, unpublished, moved or deleted."""
    if update_fields is not None and not LISTED_FIELDS.intersection(update_fields):
        return
    if _is_library_page(instance):
        ListingVersion.bump()


def restriction_changed(sender, **kwargs):
    """Raise the listing version when a view restriction, its groups or a group change: audiences are cached."""
    ListingVersion.bump()


def pages_coded_with(entry):
    """Return the live library pages whose search documents carry a taxonomy entry's names."""
    pages = LibraryPage.objects.live()
    if isinstance(entry, Country):
        return pages.filter(Q(countries=entry) | Q(methodpage__legal_bases__country=entry)).distinct()
    if isinstance(entry, CrimeType):
        return pages.filter(crime_types=entry)
    if isinstance(entry, RecruitmentChannel):
        return CaseStudyPage.objects.live().filter(recruitment_channels=entry)
    if isinstance(entry, TagNames):
        return pages.filter(tags=entry.tag_id)
    return pages.none()


def taxonomy_renamed(sender, instance, created=False, **kwargs):
    """Re-index the pages coded with a taxonomy entry that was saved: their documents hold its names."""
    if created and not isinstance(instance, TagNames):
        return  # a new country, crime type or channel codes no page yet
    update_many(pages_coded_with(instance).specific().iterator(chunk_size=500), bulk=True)


def connect():
    """Connect the receivers."""
    page_published.connect(page_changed, dispatch_uid="library-listing-published")
    page_unpublished.connect(page_changed, dispatch_uid="library-listing-unpublished")
    post_page_move.connect(tree_changed, dispatch_uid="library-listing-moved")
    post_save.connect(page_changed, dispatch_uid="library-listing-saved")
    post_delete.connect(tree_changed, dispatch_uid="library-listing-deleted")
    for model in (PageViewRestriction, Group):
        post_save.connect(restriction_changed, sender=model, dispatch_uid=f"library-listing-saved-{model.__name__}")
        post_delete.connect(restriction_changed, sender=model, dispatch_uid=f"library-listing-deleted-{model.__name__}")
    m2m_changed.connect(
        restriction_changed, sender=PageViewRestriction.groups.through, dispatch_uid="library-listing-groups"
    )
    for model in (Country, CrimeType, RecruitmentChannel, TagNames):
        post_save.connect(taxonomy_renamed, sender=model, dispatch_uid=f"library-search-renamed-{model.__name__}")
