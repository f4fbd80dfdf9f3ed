"""Draw figures in parallel across cores, importing matplotlib only in the processes that draw."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from pipeline.render.figures import Figure

Job = tuple[Figure, pd.DataFrame, Path]
SERIAL_BELOW = 4  # a few figures are quicker drawn here than by starting workers


def _draw(batch: list[Job]) -> None:
    from pipeline.render import charts  # matplotlib is imported here, in the worker

    for figure, frame, path in batch:
        charts.draw(figure, frame, path)


def draw_all(jobs: list[Job], workers: int | None = None) -> None:
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < SERIAL_BELOW:
        _draw(jobs)
        return
    batches = [jobs[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_draw, batches))
