"""A recorded run of ``import_library``: what it created and what the pages it updated were before, so the whole
run can be undone (``manage.py undo_import``), and is undone at once when it fails half-way."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed (undone)"
        UNDONE = "undone", "undone"

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    source = models.CharField(max_length=500, blank=True)
    lines = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"Import run {self.pk} ({self.status}, {self.lines} lines)"


class ImportRunPage(models.Model):
    """One page a run wrote: created by it, or updated (``before``: the page as it was, Wagtail's serialization)."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="pages")
    page_id = models.PositiveIntegerField(db_index=True)
    created = models.BooleanField()
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "page_id"], name="library_import_run_page_once")]

    def __str__(self):
        return f"page {self.page_id} ({'created' if self.created else 'updated'}) in run {self.run_id}"
