"""The worker processes an import uses for its pure-Python work (anonymity scans, search text analysis)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

PARALLEL_FROM = 200


def _workers() -> int:
    """Return how many worker processes to use: the CPUs this process may use (at most 4), 1 without fork."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cpus, 4))


class WorkerPool(ProcessPoolExecutor):
    """A pool of forked worker processes that says how many it has (``workers``)."""

    def __init__(self, workers: int):
        super().__init__(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        self.workers = workers


@contextmanager
def worker_pool(count: int):
    """Yield a pool of forked worker processes for the pure-Python work on a file of count lines, or None.

    The workers only ever run functions of this package on the values they are given (anonymity scans, search
    text analysis), never the database. They are started here, before any other thread exists, so forking is
    safe; small files and single-CPU machines get None and do everything in this process.
    """
    workers = _workers()
    if workers < 2 or count < PARALLEL_FROM:
        yield None
        return
    pool = WorkerPool(workers)
    try:
        pool.submit(int).result()  # starts (forks) the workers now
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)
