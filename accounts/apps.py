from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Here, not at the top: apps.py is imported before the app registry is ready (Django's AppConfig idiom).
        from wagtail.models import AbstractPage
        from wagtail.permissions import policy_registry

        from accounts import signals  # noqa: F401
        from accounts.admin_access import WorkingGroupPagePermissionPolicy, connect_submission_notifier

        # Replaces the policy wagtail.permissions registered on import, for every admin view that asks the registry.
        policy_registry.register(AbstractPage, WorkingGroupPagePermissionPolicy())
        connect_submission_notifier()
