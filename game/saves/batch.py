"""One function over many saves, in order, on several processes when there are enough saves to gain
from them (the class report and the debriefs of a whole folder)."""

from __future__ import annotations

import os
from collections.abc import Callable

MIN_PER_PROCESS = 8
"""Fewer saves than this per process are done in this one: starting a process costs more than they take."""


def default_jobs() -> int:
    """The processes to use: the cores this process may run on, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def each(function: Callable, items: list[tuple], jobs: int = 1,
         progress: Callable[[int, int], None] | None = None) -> list:
    """[function(*item) for item in items], on up to `jobs` processes; `progress(done, total)` after each."""
    results = []
    if jobs > 1 and len(items) >= MIN_PER_PROCESS * 2:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(items) // MIN_PER_PROCESS)) as pool:
            futures = [pool.submit(function, *item) for item in items]
            for future in futures:
                results.append(future.result())
                if progress:
                    progress(len(results), len(items))
        return results
    for item in items:
        results.append(function(*item))
        if progress:
            progress(len(results), len(items))
    return results
