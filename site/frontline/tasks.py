"""A django-tasks backend that runs each task once the current response has been sent.

Inside a request, a task waits until the server closes the response (Django's request_finished signal, sent after
the last byte has gone to the client), so the visitor's answer never waits for it and its duration tells them
nothing. Outside a request (management commands, shells) it runs at once, like django-tasks' immediate backend.
A background worker (django-tasks' database backend) can take over the same task alias without changing callers.
"""

import logging
import threading
from functools import partial

from django.core.signals import request_finished, request_started
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus

from background.queue import close_idle_connections

logger = logging.getLogger(__name__)
_pending = threading.local()


def _open_queue(**kwargs):
    _pending.queue = []


def _run_queue(**kwargs):
    queue, _pending.queue = getattr(_pending, "queue", None), None
    for run in queue or ():
        run()
    # The tasks may have reopened a connection after Django closed it for this request: close it again.
    if queue:
        close_idle_connections()


request_started.connect(_open_queue, dispatch_uid="frontline.tasks.open_queue")
request_finished.connect(_run_queue, dispatch_uid="frontline.tasks.run_queue")


class AfterResponseBackend(ImmediateBackend):
    """Run each task after the response to the current request is sent (at once outside a request)."""

    def _execute_task(self, task_result):
        queue = getattr(_pending, "queue", None)
        run = partial(self._run_and_report, task_result)
        if queue is None:
            run()
        else:
            queue.append(run)

    def _run_and_report(self, task_result):
        super()._execute_task(task_result)
        if task_result.status == TaskResultStatus.FAILED:
            logger.error("Task %s failed:\n%s", task_result.task.name, task_result.errors[-1].traceback)
