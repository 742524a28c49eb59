"""Raise the restrictions version (ListingVersion) on publishing, unpublishing, moves, deletions and restrictions.

It keys accounts.access.pages.hidden_for's cache; the library listing itself reads the search index (search.summary).
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from library.models import LibraryIndexPage, LibraryPage, ListingVersion

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
