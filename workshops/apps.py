from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from workshops import anonymity, search_documents, tasks, versions

        search_documents.register_with_search()
        anonymity.register()
        tasks.register_periodic_tasks()
        versions.connect()
