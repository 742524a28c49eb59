"""What the queue and the workers are doing: for ``manage.py worker_status`` and the admin's failed-tasks page."""

from django.db.models import Count, Min
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from background import schedule
from background.models import PeriodicRun, WorkerHeartbeat
from background.worker import WORKER_STALE_AFTER


def failed_tasks():
    """The dead letters: tasks that failed on their last attempt, newest first."""
    return DBTaskResult.objects.failed().order_by("-finished_at")


def retry(result_ids):
    """Queue these failed tasks again with a fresh set of attempts; return how many."""
    return (
        failed_tasks()
        .filter(pk__in=list(result_ids))
        .update(
            status=TaskResultStatus.READY,
            run_after=timezone.now(),
            worker_ids=[],
            started_at=None,
            finished_at=None,
        )
    )


def discard(result_ids):
    """Delete these failed tasks; return how many."""
    deleted, _detail = failed_tasks().filter(pk__in=list(result_ids)).delete()
    return deleted


def summary(now=None):
    """Return a dict describing the queue, the workers and the periodic tasks."""
    now = now or timezone.now()
    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    due = ready.filter(run_after__lte=now) | ready.filter(run_after=get_date_max())
    waiting = ready.filter(run_after__gt=now).exclude(run_after=get_date_max())
    oldest_due = due.aggregate(oldest=Min("enqueued_at"))["oldest"]
    retrying = waiting.exclude(exception_class_path="").count()
    workers = [
        {
            "worker_id": beat.worker_id,
            "hostname": beat.hostname,
            "pid": beat.pid,
            "started_at": beat.started_at,
            "seen_at": beat.seen_at,
            "tasks_run": beat.tasks_run,
            "alive": beat.stopped_at is None and now - beat.seen_at <= WORKER_STALE_AFTER,
        }
        for beat in WorkerHeartbeat.objects.filter(seen_at__gte=now - 10 * WORKER_STALE_AFTER).order_by("-seen_at")
    ]
    runs = {run.name: run.last_enqueued_at for run in PeriodicRun.objects.all()}
    periodic = [
        {
            "name": name,
            "every": item.every,
            "applies": item.applies(),
            "last_enqueued_at": runs.get(name),
            "next_at": (runs[name] + item.every) if runs.get(name) else now,
        }
        for name, item in sorted(schedule.periodic_tasks().items())
    ]
    return {
        "now": now,
        "due": due.count(),
        "deferred": waiting.count() - retrying,
        "retrying": retrying,
        "running": counts.get(TaskResultStatus.RUNNING, 0),
        "successful": counts.get(TaskResultStatus.SUCCESSFUL, 0),
        "failed": counts.get(TaskResultStatus.FAILED, 0),
        "oldest_due_age": (now - oldest_due) if oldest_due else None,
        "workers": workers,
        "alive_workers": sum(1 for worker in workers if worker["alive"]),
        "periodic": periodic,
    }
