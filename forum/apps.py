from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from accounts.deletion import account_deleting
        from forum import counters, search_index, services, tasks
        from forum.models.boards import connect_audience_signals

        search_index.connect()
        counters.connect()
        connect_audience_signals()
        tasks.register_periodic_tasks()
        account_deleting.connect(services.on_account_deleting, dispatch_uid="forum-account-deleting")
