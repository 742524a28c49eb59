"""The warm-up thread and fork (gunicorn --preload loads the application, warm-up included, in the master and then
forks the workers). A child gets only the forking thread: a module the warm-up was importing at that moment stayed
locked in every worker for ever, and the first request that imported it (a forum reply draining the search outbox,
issue 14) hung until gunicorn killed the worker. A fork now waits for the warm-up to end."""

import os
import signal
import sys
import textwrap
import time

import pytest

from frontline import warmup
from search.backends import elasticsearch as es_backend


def fork_and_run(child) -> int:
    """Fork; run child() in the child (its return value is the exit status; killed after 20 s); return the status."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 3
        try:
            signal.alarm(20)  # a deadlocked child dies by SIGALRM instead of hanging the test
            status = child()
        finally:
            os._exit(status)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.fixture
def slow_module(tmp_path, monkeypatch):
    """A module whose import takes a second (as elasticsearch.dsl's does on a busy machine)."""
    name = f"slow_import_{os.getpid()}_{time.monotonic_ns()}"
    (tmp_path / f"{name}.py").write_text(
        textwrap.dedent("""
            import time
            time.sleep(1.0)
            READY = True
        """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_a_fork_during_the_warm_up_waits_for_it_and_the_child_imports_freely(slow_module, monkeypatch):
    started = []

    def warm_up(application=None):
        started.append(True)
        __import__(slow_module)

    monkeypatch.setattr(warmup, "warm_up", warm_up)
    thread = warmup.start(application=None)
    while not started:  # the warm-up is inside the slow import now
        time.sleep(0.01)

    def child():
        module = __import__(slow_module)  # hung here for ever before the fix
        return 0 if module.READY else 1

    assert fork_and_run(child) == 0
    assert not thread.is_alive()  # the parent forked only once the warm-up had ended


def test_a_forked_child_does_not_share_the_parents_search_client(settings):
    parent = es_backend.shared_client("http://127.0.0.1:9", "", 1.0)

    def child():
        return 0 if es_backend.shared_client("http://127.0.0.1:9", "", 1.0) is not parent else 1

    assert fork_and_run(child) == 0
    assert es_backend.shared_client("http://127.0.0.1:9", "", 1.0) is parent
