"""The Wagtail admin's "Failed tasks" page: the dead letters, retried or discarded by administrators only."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext

from accounts.admin_views import is_administrator
from background import status


def _rows(results):
    for result in results:
        last_line = next((line for line in reversed(result.traceback.strip().splitlines()) if line.strip()), "")
        yield {
            "id": str(result.pk),
            "task": result.task_path,
            "queue": result.queue_name,
            "attempts": len(result.worker_ids),
            "enqueued_at": result.enqueued_at,
            "finished_at": result.finished_at,
            "error": result.exception_class_path.rsplit(".", 1)[-1],
            "message": last_line,
            "traceback": result.traceback,
        }


def failed_tasks(request):
    """List the failed tasks; POST action=retry|discard with the chosen ids (or all=1 for every failed task)."""
    if not is_administrator(request.user):
        raise PermissionDenied
    failed = status.failed_tasks()
    if request.method == "POST":
        action = request.POST.get("action")
        if request.POST.get("all") == "1":
            ids = list(failed.values_list("pk", flat=True))
        else:
            ids = [value for value in request.POST.getlist("task") if value]
        valid = [str(pk) for pk in failed.filter(pk__in=_uuids(ids)).values_list("pk", flat=True)]
        if action == "retry" and valid:
            count = status.retry(valid)
            messages.success(
                request,
                ngettext("%(count)s task queued again.", "%(count)s tasks queued again.", count) % {"count": count},
            )
        elif action == "discard" and valid:
            count = status.discard(valid)
            messages.success(
                request, ngettext("%(count)s task discarded.", "%(count)s tasks discarded.", count) % {"count": count}
            )
        else:
            messages.error(request, gettext("Choose a failed task first."))
        return redirect("background_failed_tasks")
    page = Paginator(failed, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "background/failed_tasks.html",
        {"page_obj": page, "rows": list(_rows(page.object_list)), "state": status.summary()},
    )


def _uuids(values):
    valid = []
    for value in values:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return valid
