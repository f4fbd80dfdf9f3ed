"""The render stage's heavy work shared over the cores: the spreadsheet is written in one worker while
the figures that changed are drawn in small batches by the others, and the document is filled here as
soon as the figures exist. matplotlib is imported only in the workers that draw.

On a re-run with little to recompute, the workers are started before the indicators are (`warm_pool`),
so they import matplotlib and gptables while this process is still computing."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from pipeline import parallel
from pipeline.render.figures import Figure

Job = tuple[Figure, pd.DataFrame, Path]
BATCH = 3  # figures per task: small enough to balance the cores, large enough to amortise the hand-off


def _draw(batch: list[Job]) -> None:
    from pipeline.render import charts  # matplotlib is imported here, in the worker

    for figure, frame, path in batch:
        charts.draw(figure, frame, path)


def write_spreadsheet(*args) -> None:
    """The spreadsheet, written in a worker: gptables is imported there, not in the main process."""
    from pipeline.render import spreadsheet

    spreadsheet.write(*args)


def _warm_up() -> None:
    import pipeline.render.charts  # noqa: F401
    import pipeline.render.spreadsheet  # noqa: F401


def _pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(parallel.workers(), mp_context=multiprocessing.get_context("fork"))


@contextmanager
def warm_pool(wanted: bool) -> Iterator[ProcessPoolExecutor | None]:
    """Workers started now, importing the drawing and spreadsheet libraries in the background."""
    if not wanted or parallel.workers() == 1:
        yield None
        return
    with _pool() as pool:
        for _ in range(parallel.workers()):
            pool.submit(_warm_up)
        yield pool


def draw_then(jobs: list[Job], alongside: Callable[[], None], then: Callable[[], None],
              pool: ProcessPoolExecutor | None = None) -> None:
    """Draw the figures and run `alongside` (picklable) in workers; run `then` here once every figure is
    drawn; return when all are done."""
    if parallel.workers() == 1:
        _draw(jobs)
        then()
        alongside()
        return
    with (_pool() if pool is None else nullcontext(pool)) as workers:  # a borrowed pool: its owner shuts it
        side = workers.submit(alongside)
        for future in [workers.submit(_draw, jobs[i:i + BATCH]) for i in range(0, len(jobs), BATCH)]:
            future.result()
        then()
        side.result()

