"""The render stage's heavy work shared over the cores: the spreadsheet is written in one worker while
the figures that changed are drawn in small batches by the others, and the document is filled here as
soon as the figures exist. matplotlib is imported only in the workers that draw."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline import parallel
from pipeline.render.figures import Figure

Job = tuple[Figure, pd.DataFrame, Path]
BATCH = 3  # figures per task: small enough to balance the cores, large enough to amortise the hand-off


def _draw(batch: list[Job]) -> None:
    from pipeline.render import charts  # matplotlib is imported here, in the worker

    for figure, frame, path in batch:
        charts.draw(figure, frame, path)


def _call(task: Callable[[], None]) -> None:
    task()


def draw_then(jobs: list[Job], alongside: Callable[[], None], then: Callable[[], None]) -> None:
    """Draw the figures and run `alongside` (picklable) in workers; run `then` here once every figure is
    drawn; return when all are done."""
    if parallel.workers() == 1:
        _draw(jobs)
        then()
        alongside()
        return
    with ProcessPoolExecutor(parallel.workers(), mp_context=multiprocessing.get_context("fork")) as pool:
        side = pool.submit(_call, alongside)
        for future in [pool.submit(_draw, jobs[i:i + BATCH]) for i in range(0, len(jobs), BATCH)]:
            future.result()
        then()
        side.result()
