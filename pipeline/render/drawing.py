"""The render stage's heavy work shared over the cores: the figures that changed, drawn in small
batches, and the spreadsheet, written alongside them. matplotlib is imported only in the workers
that draw."""
from __future__ import annotations

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


def _task(task: tuple[str, object]) -> None:
    kind, payload = task
    if kind == "figures":
        _draw(payload)
    else:
        payload()


def draw_and(jobs: list[Job], also: Callable[[], None]) -> None:
    """Draw the figures and run `also` (writing the spreadsheet) at the same time, across the cores."""
    batches = [("figures", jobs[i:i + BATCH]) for i in range(0, len(jobs), BATCH)]
    parallel.run_all(_task, [("other", also), *batches])
