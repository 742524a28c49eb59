"""The site's own app: connects the visitors' page cache to model changes."""

from django.apps import AppConfig


class FrontlineConfig(AppConfig):
    name = "frontline"
    verbose_name = "Frontline Exchange"

    def ready(self):
        from frontline import page_cache

        page_cache.connect()
