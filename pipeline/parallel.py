"""Spread independent pieces of work over the machine's cores (the extract units, the years of
indicators, the figures), in forked worker processes; serially when there is too little to share.

A report run forks its workers once (`pool`) and lends them to every stage, so each worker imports its
libraries once and the drawing libraries can be loaded while this process is busy on its own.

The workers belong to this process: they ignore Ctrl-C (this process handles it, and stops them), they
are killed at once when the work fails or is interrupted, and they die with this process if it is killed."""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from typing import Callable, Iterable, Iterator, TypeVar

from pipeline.progress import track

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """Cores this process may use (IRU_WORKERS overrides: 1 runs everything in this process)."""
    configured = os.environ.get("IRU_WORKERS")
    if configured:
        return max(1, int(configured))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _start_worker(parent: int) -> None:
    """In each new worker: leave Ctrl-C to the main process, and end when it ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the main process died before the signal was asked for
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


@contextmanager
def _executor(n: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of n forked workers, waited for when the work is done, killed at once if it fails."""
    executor = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker,
                                   initargs=(os.getpid(),))
    try:
        yield executor
    except BaseException:
        for process in list((executor._processes or {}).values()):  # no public way to stop them before 3.14
            process.kill()
        # waited for, so that the executor's own thread is finished before the interpreter exits: left
        # running, it could write to a pipe already closed ("OSError: [Errno 9] Bad file descriptor")
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown()


@contextmanager
def pool() -> Iterator[Executor | None]:
    """Worker processes for one run, forked when first given work; None where there is one core."""
    if workers() == 1:
        yield None
        return
    with _executor(workers()) as executor:
        yield executor


def run_all(func: Callable[[T], R], items: Iterable[T], serial_below: int = 2,
            lent: Executor | None = None, progress: str = "") -> list[R]:
    """func over items, in order; in worker processes (the `lent` pool's, else a pool of its own) when there
    are enough items and cores. With `progress`, a live line on a terminal counts them done."""
    items = list(items)
    n = min(workers(), len(items))
    if n <= 1 or len(items) < serial_below:
        return list(track((func(item) for item in items), progress, len(items) if progress else 0))
    with nullcontext(lent) if lent else _executor(n) as executor:
        return list(track(executor.map(func, items), progress, len(items) if progress else 0))
