"""What the workers record besides the tasks themselves (django-tasks-db's DBTaskResult holds those)."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One running (or lately running) worker process: a task claimed by a worker silent for long is run again."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    tasks_run = models.PositiveIntegerField(default=0)
    stopped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"


class PeriodicRun(models.Model):
    """When a periodic task (background.schedule) was last put on the queue, shared by every worker."""

    name = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.name
