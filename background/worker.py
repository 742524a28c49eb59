"""The worker loop: claims queued tasks of every database-backed task alias, runs them, retries with backoff,
queues due periodic tasks, and records a heartbeat so a task held by a worker that died is run again.

``manage.py worker`` runs ``Worker().run()`` until SIGTERM/SIGINT (the task in hand is finished first); tests
call ``Worker().run(until_idle=True)`` to drain the queue in-process.
"""

import logging
import os
import signal
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError, connections, transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, get_random_id, normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from background import schedule
from background.models import WorkerHeartbeat
from background.queue import close_idle_connections, policy_for

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = timedelta(seconds=10)
# A worker not seen for this long is gone (killed, machine lost): the task it was running is queued again.
# WORKER_STALE_SECONDS (default 60) must stay well above HEARTBEAT_EVERY.
WORKER_STALE_AFTER = timedelta(seconds=max(float(getattr(settings, "WORKER_STALE_SECONDS", 60)), 20.0))
SCHEDULE_EVERY = timedelta(seconds=2)
# Longest wait between reconnection attempts while the database is down (restart, failover).
OUTAGE_WAIT_MAX = 30.0
DATABASE_DOWN = (OperationalError, InterfaceError)


def drop_connections():
    """Close every database connection, broken ones included, so that the next query connects afresh."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_DOWN:
            connection.connection = None


def database_aliases():
    """Return the task aliases (settings.TASKS) kept in the database queue."""
    return [alias for alias in task_backends.settings if isinstance(task_backends[alias], DatabaseBackend)]


def requeue_abandoned(now=None):
    """Queue again the tasks left RUNNING by workers that stopped sending heartbeats; return how many."""
    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - WORKER_STALE_AFTER, stopped_at__isnull=True).values_list(
            "worker_id", flat=True
        )
    )
    requeued = 0
    for result in DBTaskResult.objects.running().filter(started_at__lt=now - WORKER_STALE_AFTER):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        requeued += DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, run_after=now
        )
        logger.warning("Task %s (%s) was left running by a lost worker: queued again", result.pk, result.task_path)
    return requeued


class Worker:
    def __init__(self, *, aliases=None, queues=None, interval=1.0, worker_id=None, schedule_periodic=True):
        self.aliases = list(aliases) if aliases else database_aliases()
        self.queues = list(queues) if queues else None  # None: every queue
        self.interval = interval
        self.worker_id = worker_id or get_random_id()
        self.schedule_periodic = schedule_periodic
        self.running = True
        self.in_task = False
        self.tasks_run = 0
        self._last_heartbeat = None
        self._last_schedule = None
        self.in_hand = None  # the id of the task being run
        self.interrupted = set()  # ids of tasks whose run a database outage cut short

    def requeue_interrupted(self):
        """Queue again the tasks whose run a database outage interrupted (they are idempotent; see the module doc)."""
        for pk in list(self.interrupted):
            DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, run_after=timezone.now()
            )
            self.interrupted.discard(pk)
            logger.warning("Task %s was interrupted by a database outage: queued again", pk)

    # -- the loop

    def run(self, *, until_idle=False, max_tasks=None):
        """Run tasks until stopped (or, with until_idle, until none is ready now); return the number run."""
        if not self.aliases:
            raise RuntimeError("No task alias uses the database backend (settings.TASKS): nothing to work on.")
        started = self.tasks_run
        self.heartbeat(force=True)
        outage = 0  # consecutive rounds without the database
        try:
            while self.running:
                try:
                    self.housekeeping()
                    self.requeue_interrupted()
                    result = self.claim()
                    if result is not None:
                        self.run_task(result)
                except DATABASE_DOWN as error:
                    if until_idle:
                        raise
                    # The database restarted or is unreachable: wait and reconnect rather than exit. The task in
                    # hand (if any) is queued again once the database answers (requeue_interrupted).
                    if self.in_hand is not None:
                        self.interrupted.add(self.in_hand)
                        self.in_hand = None
                    outage += 1
                    delay = min(self.interval * 2 ** min(outage - 1, 5), OUTAGE_WAIT_MAX)
                    logger.warning(
                        "Worker %s: database unavailable (%s); retrying in %.0f s", self.worker_id, error, delay
                    )
                    drop_connections()
                    time.sleep(delay)
                    continue
                outage = 0
                if result is not None:
                    if max_tasks is not None and self.tasks_run - started >= max_tasks:
                        break
                    continue
                if until_idle:
                    break
                close_idle_connections()
                time.sleep(self.interval)
        finally:
            try:
                self.heartbeat(force=True, stopping=not until_idle)
            except DATABASE_DOWN:
                logger.warning("Worker %s: stopped without recording it (database unavailable)", self.worker_id)
        return self.tasks_run - started

    def stop(self, signum=None, frame=None):
        if signum is not None:
            logger.warning(
                "Worker %s: %s received, stopping after the task in hand", self.worker_id, signal.strsignal(signum)
            )
        self.running = False

    def install_signal_handlers(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def housekeeping(self, now=None):
        now = now or timezone.now()
        self.heartbeat(now=now)
        if self._last_schedule is None or now - self._last_schedule >= SCHEDULE_EVERY:
            self._last_schedule = now
            requeue_abandoned(now)
            if self.schedule_periodic:
                for name in schedule.enqueue_due(now):
                    logger.info("Periodic task %s queued", name)

    def heartbeat(self, *, now=None, force=False, stopping=False):
        now = now or timezone.now()
        if not force and self._last_heartbeat and now - self._last_heartbeat < HEARTBEAT_EVERY:
            return
        self._last_heartbeat = now
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "seen_at": now,
                "tasks_run": self.tasks_run,
                "stopped_at": now if stopping else None,
            },
            create_defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "seen_at": now,
                "tasks_run": self.tasks_run,
            },
        )

    # -- one task

    def ready(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name__in=self.aliases)
        if self.queues is not None:
            tasks = tasks.filter(queue_name__in=self.queues)
        return tasks

    def claim(self):
        """Take the next ready task for this worker (None when there is none); other workers skip it."""
        if not self.ready().exists():  # a read first: no write lock at all while the queue is empty
            return None
        with transaction.atomic():
            result = self.ready().select_for_update(skip_locked=True).first()
            if result is None:
                return None
            result.claim(self.worker_id)
        return result

    def run_task(self, db_result):
        """Run a claimed task; on an exception queue it again after its backoff, or leave it FAILED (dead letter)."""
        self.in_task = True
        self.in_hand = db_result.pk
        try:
            try:
                task = db_result.task
                task_result = db_result.task_result
                sender = type(task.get_backend())
            except (ImportError, SuspiciousOperation) as error:  # the task's code is gone: nothing to retry
                logger.exception("Task %s (%s) cannot be loaded", db_result.pk, db_result.task_path)
                db_result.set_failed(error)
                return
            task_started.send(sender=sender, task_result=task_result)
            try:
                if task.takes_context:
                    value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
                db_result.set_successful(normalize_json(value))
            except Exception as error:  # noqa: BLE001 - any failure of the task's own code is retried or recorded
                self.failed(db_result, error)
            task_finished.send(sender=sender, task_result=db_result.task_result)
        finally:
            self.in_task = False
            self.tasks_run += 1
            close_idle_connections()
        self.in_hand = None

    def failed(self, db_result, error):
        attempt = len(db_result.worker_ids)
        policy = policy_for(db_result.task_path)
        if attempt < policy.max_attempts:
            delay = policy.delay(attempt)
            db_result.status = TaskResultStatus.READY
            db_result.run_after = timezone.now() + delay
            db_result.exception_class_path = get_module_path(type(error))
            db_result.traceback = get_exception_traceback(error)
            db_result.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])
            logger.warning(
                "Task %s (%s) failed on attempt %s of %s (%s): retrying in %s s",
                db_result.pk,
                db_result.task_path,
                attempt,
                policy.max_attempts,
                error,
                int(delay.total_seconds()),
            )
        else:
            db_result.set_failed(error)
            logger.error(
                "Task %s (%s) failed on its last attempt (%s of %s): kept as a failed task\n%s",
                db_result.pk,
                db_result.task_path,
                attempt,
                policy.max_attempts,
                db_result.traceback,
            )
