from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "search.follows"
    label = "follows"
    verbose_name = _("Followed searches")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.follows import tasks

        tasks.register_periodic_tasks()
