"""Search's background task: the outbox drain, queued by the worker every few seconds when SEARCH_URL names
an Elasticsearch cluster (no separate ``drain_search_outbox --loop`` process is needed)."""

from datetime import timedelta

from django.conf import settings

from background.queue import task
from background.schedule import register_periodic
from search.backends import get_engine, is_external
from search.outbox import drain, pending


@task(max_attempts=1)  # the outbox keeps what failed, with its attempts; the next period tries it again
def drain_search_outbox():
    """Send the queued index changes to the external engine; return what was delivered and what is left."""
    engine = get_engine()
    if not is_external(engine):
        return {"delivered": 0, "failed": 0, "pending": 0}
    done, failed = drain(engine)
    return {"delivered": done, "failed": failed, "pending": pending()}


def _external_engine_configured():
    return bool((getattr(settings, "SEARCH_URL", "") or "").strip())


def register_periodic_tasks():
    register_periodic(
        drain_search_outbox,
        every=timedelta(seconds=float(getattr(settings, "SEARCH_OUTBOX_DRAIN_SECONDS", 5))),
        name="search.drain_search_outbox",
        enabled=_external_engine_configured,
    )
