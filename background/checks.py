"""Deployment checks of the production stack (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Refuse a per-process cache in production: every worker would keep its own rate limits."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            f"The cache ({backend.rsplit('.', 1)[-1]}) lives in each process: with several gunicorn workers every "
            "worker keeps its own rate limits (wrong two-factor codes, posting), so an attacker gets that many "
            "more tries, and a restart forgets them.",
            hint="Set CACHE_URL=redis://127.0.0.1:6379/0 (a Redis server shared by every process; README, "
            "'Shared state').",
            id="frontline.E001",
        )
    ]
