"""Tasks the worker's tests enqueue (a task must live at an importable path)."""

from background.queue import task

calls = {"flaky": 0, "fail_until": 0}


@task(max_attempts=3, backoff=60)
def flaky(label):
    """Fail while calls["flaky"] < calls["fail_until"]; then return the label."""
    calls["flaky"] += 1
    if calls["flaky"] <= calls["fail_until"]:
        raise ConnectionError(f"mail server refused ({label}, attempt {calls['flaky']})")
    return label


@task
def tick():
    calls["tick"] = calls.get("tick", 0) + 1
    return calls["tick"]
