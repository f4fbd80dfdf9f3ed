"""The render stage's heavy work shared over the cores: the spreadsheet is written in one worker while
the figures that changed are drawn in small batches by the others, and the document is filled here at
the same time, waiting for each figure only when it reaches it. matplotlib is imported only in the
workers that draw.

The workers are the run's own (`parallel.pool`). On a re-run after a fix they are asked to import
matplotlib and gptables (`warm_up`) as soon as the inputs are read, so that they do it while this
process recomputes the indicators."""
from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline import parallel, progress
from pipeline.render.figures import Figure

Job = tuple[Figure, pd.DataFrame, Path, Path | None]  # the figure, its frame, its PNG and its SVG (if asked)
BATCH = 3  # figures per task: small enough to balance the cores, large enough to amortise the hand-off


def _draw(batch: list[Job]) -> None:
    from pipeline.render import charts  # matplotlib is imported here, in the worker

    for job in batch:
        charts.draw(*job)


def write_spreadsheet(*args, **kwargs) -> None:
    """The spreadsheet, written in a worker: gptables is imported there, not in the main process."""
    from pipeline.render import spreadsheet

    spreadsheet.write(*args, **kwargs)


def _warm_up() -> None:
    import pipeline.render.charts  # noqa: F401
    import pipeline.render.spreadsheet  # noqa: F401


def warm_up(pool: Executor | None) -> None:
    """Have each worker import the drawing and spreadsheet libraries now, in the background."""
    for _ in range(parallel.workers() if pool else 0):
        pool.submit(_warm_up)


def draw_then(jobs: list[Job], alongside: Callable[[], None], then: Callable[[Callable[[str], None]], None],
              pool: Executor | None) -> None:
    """Draw the figures and run `alongside` (picklable) in the pool's workers, and meanwhile run `then` here,
    handing it a function that waits until a given figure is drawn; return when all are done. Without a
    pool, all of it here, in turn."""
    with progress.bar(f"figures drawn ({len(jobs)}) and the document written", len(jobs) + 1) as done:
        if pool is None:
            for job in jobs:
                _draw([job])
                done(1)
            then(lambda figure_id: None)
            done(1)
            alongside()
            return
        side = pool.submit(alongside)
        drawing = {}
        for i in range(0, len(jobs), BATCH):
            future = pool.submit(_draw, jobs[i:i + BATCH])
            future.add_done_callback(lambda _, n=len(jobs[i:i + BATCH]): done(n))
            drawing |= {job[0].id: future for job in jobs[i:i + BATCH]}
        then(lambda figure_id: drawing[figure_id].result() if figure_id in drawing else None)
        done(1)
        for future in drawing.values():
            future.result()
        side.result()
