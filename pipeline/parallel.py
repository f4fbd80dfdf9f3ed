"""Spread independent pieces of work over the machine's cores (the extract units, the years of
indicators, the figures), in forked worker processes; serially when there is too little to share."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """Cores this process may use (IRU_WORKERS overrides: 1 runs everything in this process)."""
    configured = os.environ.get("IRU_WORKERS")
    if configured:
        return max(1, int(configured))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_all(func: Callable[[T], R], items: Iterable[T], serial_below: int = 2) -> list[R]:
    """func over items, in order; in worker processes when there are enough items and cores."""
    items = list(items)
    n = min(workers(), len(items))
    if n <= 1 or len(items) < serial_below:
        return [func(item) for item in items]
    with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(func, items))
