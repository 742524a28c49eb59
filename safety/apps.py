from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published


class SafetyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "safety"
    verbose_name = _("Safety")

    def ready(self):
        # The signal handlers and the purge read safety's models, which cannot be imported before the apps are ready.
        from safety import signals  # noqa: F401
        from safety.purge import purge_after_publish

        page_published.connect(purge_after_publish, dispatch_uid="safety-purge-after-publish")
