"""Report on the task queue, the workers and the periodic tasks; exit 1 when tasks wait and no worker runs."""

from django.core.management.base import BaseCommand, CommandError

from background.status import summary


def _ago(delta):
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


class Command(BaseCommand):
    help = "Show queued, retrying and failed tasks, the live workers and the periodic tasks."

    def handle(self, *args, **options):
        state = summary()
        now = state["now"]
        write = self.stdout.write
        oldest = f" (oldest waiting {_ago(state['oldest_due_age'])})" if state["oldest_due_age"] else ""
        write(f"Tasks ready to run: {state['due']}{oldest}")
        write(f"Running: {state['running']}  Retrying later: {state['retrying']}  Scheduled later: {state['deferred']}")
        write(f"Failed (dead letters, Wagtail admin → Settings → Failed tasks): {state['failed']}")
        write(f"Done: {state['successful']}")
        write(f"Workers alive: {state['alive_workers']}")
        for worker in state["workers"]:
            status = "alive" if worker["alive"] else "gone"
            write(
                f"  {worker['worker_id']}  {worker['hostname']} pid {worker['pid']}  {status}, seen "
                f"{_ago(now - worker['seen_at'])} ago, {worker['tasks_run']} task(s) run"
            )
        write("Periodic tasks:")
        for item in state["periodic"]:
            last = (
                f"last queued {_ago(now - item['last_enqueued_at'])} ago"
                if item["last_enqueued_at"]
                else "never queued"
            )
            applies = "" if item["applies"] else " (off: does not apply to this configuration)"
            write(f"  {item['name']}  every {_ago(item['every'])}, {last}{applies}")
        if (state["due"] or state["running"]) and not state["alive_workers"]:
            raise CommandError("Tasks are waiting and no worker is running: start `manage.py worker`.")
