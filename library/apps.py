from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "library"
    verbose_name = _("Library")

    def ready(self):
        from library import search_documents, signals

        signals.connect()
        search_documents.register_with_search()
