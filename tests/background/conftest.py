"""The tests of the background worker run the real database queue (django-tasks-db) and the worker's loop."""

import pytest

from background.worker import Worker

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "email": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue and site email through the deferred backend, as in production."""
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = "frontline.mail.DeferredEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def run_worker(database_queue, django_capture_on_commit_callbacks):
    """Return a function that runs a worker until no task is ready now; it returns how many it ran."""

    def run(**options):
        total = 0
        while True:  # what a task leaves for after its commit (e.g. the emails it queues) is run too
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                ran = Worker(interval=0.01, **options).run(until_idle=True)
            total += ran
            if not ran and not callbacks:
                return total

    return run
