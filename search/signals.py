"""Signal handlers that update the search index when pages are published, moved, deleted or restricted."""

import sys

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import indexing, rebuild


def on_publish_change(sender, instance, **kwargs):
    """Index a page that was published, or drop one that was unpublished."""
    indexing.update(instance)


def on_delete(sender, instance, **kwargs):
    """Drop the document of a deleted indexed object."""
    indexing.remove(instance)


def on_move(sender, instance, **kwargs):
    """Re-index a moved page and its descendants (their addresses and audiences may have changed)."""
    indexing.update_subtree(instance)


def on_restriction_change(sender, instance, **kwargs):
    """Re-index the pages under a view restriction that was added, changed or removed."""
    try:
        page = instance.page
    except Exception:  # noqa: BLE001 - the page itself is being deleted, its documents go with it
        return
    indexing.update_subtree(page)


def on_restriction_groups_change(sender, instance, action, **kwargs):
    """Re-index the pages under a group restriction whose groups changed."""
    if action in ("post_add", "post_remove", "post_clear"):
        on_restriction_change(sender, instance)


def connect():
    """Connect the index-maintenance handlers."""
    page_published.connect(on_publish_change, dispatch_uid="search-page-published")
    page_unpublished.connect(on_publish_change, dispatch_uid="search-page-unpublished")
    post_page_move.connect(on_move, dispatch_uid="search-page-moved")
    post_delete.connect(on_delete, dispatch_uid="search-object-deleted")
    post_save.connect(on_restriction_change, sender=PageViewRestriction, dispatch_uid="search-restriction-saved")
    post_delete.connect(on_restriction_change, sender=PageViewRestriction, dispatch_uid="search-restriction-deleted")
    m2m_changed.connect(
        on_restriction_groups_change,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="search-restriction-groups",
    )


def after_migrate(sender, using="default", verbosity=1, stdout=None, **kwargs):
    """Rebuild the embedded index when the registered builders changed since it was built.

    Only after `migrate` (which passes its plan): `flush` also sends post_migrate, and a test restoring its serialized
    data after a flush would then meet the index state row written here a second time.
    """
    if kwargs.get("plan") is None:
        return
    out = stdout or sys.stdout
    rebuild.refresh_outdated(using, write=(lambda line: out.write(line + "\n")) if verbosity else (lambda line: None))


def connect_migrate(app_config):
    """Check the index after the search app's migrations (post_migrate runs once every app is migrated)."""
    post_migrate.connect(after_migrate, sender=app_config, dispatch_uid="search-refresh-outdated")
