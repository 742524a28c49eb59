from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "library"
    verbose_name = _("Library")

    def ready(self):
        # These read models, which cannot be imported before the apps are ready.
        from wagtail.permissions import register_permission_policy

        from accounts.access.pages import set_version_source
        from library import anonymity, purge_copies, search_documents, signals
        from library.media_permissions import WorkingGroupMediaPermissionPolicy
        from library.models import LibraryDocument, LibraryImage, ListingVersion

        signals.connect()
        anonymity.register()
        # The listing version rises with every restriction, group and page-tree change (library.signals): it keys
        # the cache of the subtrees hidden from each reader (accounts.access.pages.hidden_for), admin included.
        set_version_source(ListingVersion.current)
        search_documents.register_with_search()
        purge_copies.register()
        # exact_class: wins over the policies wagtail.images and wagtail.documents register after this app.
        images = WorkingGroupMediaPermissionPolicy(LibraryImage, auth_model="wagtailimages.Image")
        documents = WorkingGroupMediaPermissionPolicy(
            LibraryDocument, auth_model="wagtaildocs.Document", in_collections=True
        )
        register_permission_policy(LibraryImage, images, exact_class=True)
        register_permission_policy(LibraryDocument, documents, exact_class=True)
