"""Periodic tasks, run by the worker without cron: ``register_periodic(task, every=timedelta(...))``.

Apps register from their ``AppConfig.ready``. Each worker checks the register every few seconds (``tick``) and
puts a due task on the queue; the claim is a conditional update of its ``PeriodicRun`` row, so with several
workers a task is queued once per period. A task whose previous run is still waiting or running is not queued
again. ``enabled`` (optional, called at each check) lets a task run only when it applies, e.g. the search outbox
drain only when an external engine is configured.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from background.models import PeriodicRun


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task
    every: timedelta
    enabled: object = None  # a callable returning whether the task applies now, or None (always)

    def applies(self):
        return self.enabled is None or bool(self.enabled())


_register = {}


def register_periodic(task, *, every, name=None, enabled=None):
    """Have the worker queue ``task`` (no arguments) every ``every``; returns the task, so it can decorate."""
    if not isinstance(task, Task):
        raise TypeError("register_periodic takes a task (background.queue.task or django_tasks.task)")
    if every < timedelta(seconds=1):
        raise ValueError("A periodic task runs at most once a second")
    name = name or task.module_path
    _register[name] = Periodic(name=name, task=task, every=every, enabled=enabled)
    return task


def periodic_tasks():
    """Return the registered periodic tasks, by name."""
    return dict(_register)


def _still_queued(periodic, result_id):
    if not result_id:
        return False
    return DBTaskResult.objects.filter(
        pk=result_id, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).exists()


def enqueue_due(now=None):
    """Queue every registered periodic task that is due; return the names queued."""
    now = now or timezone.now()
    queued = []
    for periodic in _register.values():
        if not periodic.applies():
            continue
        state, _created = PeriodicRun.objects.get_or_create(name=periodic.name)
        if state.last_enqueued_at and state.last_enqueued_at + periodic.every > now:
            continue
        if _still_queued(periodic, state.last_result_id):
            continue
        with transaction.atomic():
            claimed = PeriodicRun.objects.filter(pk=state.pk, last_enqueued_at=state.last_enqueued_at).update(
                last_enqueued_at=now
            )
            if not claimed:  # another worker queued it meanwhile
                continue
            result = periodic.task.enqueue()
            PeriodicRun.objects.filter(pk=state.pk).update(last_result_id=str(result.id))
        queued.append(periodic.name)
    return queued
