from django.apps import AppConfig


class PageKindAppConfig(AppConfig):
    name = "tests.pagekind_app"
    label = "pagekind_app"
    default_auto_field = "django.db.models.BigAutoField"
