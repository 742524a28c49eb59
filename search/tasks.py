"""Search's background task: the outbox drain to an external engine (SEARCH_URL), run by the worker only.

A change to an indexed object records an outbox row in its transaction and, once that commits, queues one drain
(``request_drain``: at most one waits in the queue, however many changes come meanwhile); the worker also queues
it every SEARCH_OUTBOX_DRAIN_SECONDS, which retries what failed. No web request ever talks to the cluster to index.
While the cluster is unreachable, drains back off: the next one waits SEARCH_OUTBOX_DRAIN_SECONDS × 2^(failures-1),
at most ``MAX_BACKOFF``, and the first one that reaches it sends everything queued meanwhile.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from background.queue import task
from background.schedule import register_periodic
from search.backends import get_engine, is_external, uses_external_engine
from search.models import IndexState
from search.outbox import drain, pending

logger = logging.getLogger(__name__)

BACKOFF_KEY = "outbox-backoff"
MAX_BACKOFF = timedelta(minutes=1)


def _period() -> float:
    return float(getattr(settings, "SEARCH_OUTBOX_DRAIN_SECONDS", 5))


def backoff_state() -> dict:
    """Return the drains' backoff: {"failures": consecutive drains that found the cluster down, "retry_at": ISO}."""
    state = IndexState.objects.filter(key=BACKOFF_KEY).first()
    return state.value if state else {}


def _record_outcome(unavailable: bool) -> timedelta | None:
    """Remember whether the cluster answered; return the wait before the next drain when it did not."""
    if not unavailable:
        IndexState.objects.filter(key=BACKOFF_KEY).delete()
        return None
    failures = int(backoff_state().get("failures", 0)) + 1
    wait = min(timedelta(seconds=_period() * 2 ** (failures - 1)), MAX_BACKOFF)
    retry_at = timezone.now() + wait
    IndexState.objects.update_or_create(
        key=BACKOFF_KEY, defaults={"value": {"failures": failures, "retry_at": retry_at.isoformat()}}
    )
    return wait


@task(max_attempts=3, backoff=5)  # an unexpected error: tried again, then kept as a failed task for the admin
def drain_search_outbox():
    """Send the queued index changes to the external engine; return what was delivered and what is left."""
    engine = get_engine()
    if not is_external(engine):
        return {"delivered": 0, "failed": 0, "pending": 0}
    retry_at = parse_datetime(backoff_state().get("retry_at") or "")
    if retry_at is not None and retry_at > timezone.now():
        # The cluster was down a moment ago: the drain due at retry_at (the periodic one) tries again.
        return {"delivered": 0, "failed": 0, "pending": pending(), "waiting_until": retry_at.isoformat()}
    done, failed = drain(engine)
    # A refused document (the cluster answered) is retried at the next period; an unreachable cluster backs off.
    wait = _record_outcome(bool(failed) and not engine.ping())
    left = pending()
    if wait is not None:
        logger.warning("Search cluster unreachable: %d changes stay queued; next try in %d s", left, wait.seconds)
    return {"delivered": done, "failed": failed, "pending": left}


def _enqueue_drain() -> None:
    """Queue a drain for the worker unless one is already waiting (it will send this change too)."""
    if isinstance(drain_search_outbox.get_backend(), DatabaseBackend):
        waiting = DBTaskResult.objects.filter(
            task_path=drain_search_outbox.module_path, status=TaskResultStatus.READY
        ).exists()
        if waiting:
            return
    drain_search_outbox.enqueue()


class _DrainAfterCommit:
    """The on-commit callback of request_drain; it knows whether it ran (tests run callbacks without a commit)."""

    def __init__(self):
        self.ran = False

    def __call__(self):
        self.ran = True
        _enqueue_drain()


def request_drain() -> None:
    """Have the worker drain the outbox once the current transaction commits (one drain however many changes)."""
    connection = transaction.get_connection()
    if any(isinstance(func, _DrainAfterCommit) and not func.ran for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_DrainAfterCommit(), robust=True)


def register_periodic_tasks():
    register_periodic(
        drain_search_outbox,
        every=timedelta(seconds=_period()),
        name="search.drain_search_outbox",
        enabled=uses_external_engine,
    )
