"""Tasks with a retry policy: ``@task(max_attempts=…, backoff=…)`` is django-tasks' decorator plus what the
worker does when the task raises.

A task that raises is queued again after ``backoff × 2^(attempt-1)`` seconds (capped at ``MAX_BACKOFF``) until it
has run ``max_attempts`` times; then it stays FAILED: a dead letter, listed in the Wagtail admin (Settings →
Failed tasks) where an administrator retries or discards it. A task must therefore be idempotent: running it
twice, or again after it failed half-way, must not do its work twice (check what is already done first).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import close_old_connections, connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks import task as django_task
from django_tasks.base import DEFAULT_TASK_PRIORITY
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

MAX_BACKOFF = timedelta(hours=1)


def close_idle_connections():
    """Close connections that are broken or past their age after tasks ran, unless a transaction is open.

    Outside a request nothing closes them for the code that ran tasks; but when a transaction is still open around it
    (tests run inside one), closing would end that transaction under its owner.
    """
    if not any(connection.in_atomic_block for connection in connections.all(initialized_only=True)):
        close_old_connections()


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff: float = 10.0  # seconds before the second attempt; doubled for each one after

    def delay(self, attempt):
        """Return how long to wait before the attempt after ``attempt`` (1 = the first run failed)."""
        seconds = self.backoff * (2 ** max(attempt - 1, 0))
        return min(timedelta(seconds=seconds), MAX_BACKOFF)


DEFAULT_POLICY = RetryPolicy()
_policies = {}


def task(
    function=None,
    *,
    max_attempts=DEFAULT_POLICY.max_attempts,
    backoff=DEFAULT_POLICY.backoff,
    backend=DEFAULT_TASK_BACKEND_ALIAS,
    queue_name=DEFAULT_TASK_QUEUE_NAME,
    priority=DEFAULT_TASK_PRIORITY,
):
    """Declare a background task (``@task`` or ``@task(max_attempts=3, backoff=60)``); see the module doc."""
    if max_attempts < 1 or backoff < 0:
        raise ValueError("max_attempts must be at least 1 and backoff not negative")

    def wrap(func):
        declared = django_task(func, backend=backend, queue_name=queue_name, priority=priority)
        _policies[declared.module_path] = RetryPolicy(max_attempts=max_attempts, backoff=backoff)
        return declared

    return wrap(function) if function is not None else wrap


def policy_for(task_path):
    """Return the retry policy of the task at this dotted path (the default for tasks declared elsewhere)."""
    return _policies.get(task_path, DEFAULT_POLICY)


def enqueue_many(declared, calls):
    """Queue the task once per (args, kwargs) of calls, as declared.enqueue(*args, **kwargs) would each; return their
    results.

    On the database queue every row goes in with one INSERT (what django-tasks-db's enqueue writes for one, its
    pre_save default of run_after included), inside the caller's transaction: all of them or none. Each stays a task
    of its own, retried and failed on its own. Other backends queue them one by one.
    """
    calls = list(calls)
    backend = declared.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return [declared.enqueue(*args, **kwargs) for args, kwargs in calls]
    backend.validate_task(declared)
    rows = [
        DBTaskResult(
            id=backend._get_id(),
            args_kwargs=normalize_json({"args": list(args), "kwargs": dict(kwargs)}),
            priority=declared.priority,
            task_path=declared.module_path,
            queue_name=declared.queue_name,
            run_after=declared.run_after or get_date_max(),
            backend_name=backend.alias,
        )
        for args, kwargs in calls
    ]
    DBTaskResult.objects.bulk_create(rows)
    results = [row.task_result for row in rows]
    for result in results:
        task_enqueued.send(type(backend), task_result=result)
    return results
