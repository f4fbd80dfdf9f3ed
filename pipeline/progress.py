"""A live line for each long step (workbooks read n/N, years' indicators computed, figures drawn n/40, the
document written), drawn by tqdm on a terminal and cleared when the step ends, before its summary line.
Nothing at all with --quiet, in a batch, or when the output is not a terminal (a log, a pipe, CI)."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
_shown = False


def enable(on: bool) -> None:
    """Show progress from now on if `on` and standard error is a terminal."""
    global _shown
    _shown = on and sys.stderr.isatty()


@contextmanager
def bar(what: str, total: int) -> Iterator[Callable[[int], None]]:
    """A function to call with how many of `total` pieces have just been done."""
    if not _shown or total < 1:
        yield lambda n=1: None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=what, leave=False, file=sys.stderr, dynamic_ncols=True,
              bar_format="{desc} {n_fmt}/{total_fmt} {bar} {elapsed}") as line:
        yield line.update


def track(items: Iterable[T], what: str, total: int) -> Iterator[T]:
    """The items, each counted on the line as it arrives."""
    with bar(what, total) as done:
        for item in items:
            yield item
            done(1)
