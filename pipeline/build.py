"""One run of the pipeline: extract -> transform -> render, each stage reading what the last one wrote."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from pipeline.config import Config

Say = Callable[[str], None]


def _timed(say: Say, what: str, step: Callable):
    t = time.perf_counter()
    result = step()
    say(f"{what} ({time.perf_counter() - t:.1f} s)")
    return result


def extract(config: Config, say: Say) -> Path:
    """Validate every input (raising InputError with every problem) and write the typed tables."""
    from pipeline.extract import run

    folder = config.processed_year(config.year) / "extract"
    extracted = _timed(say, "validated the workbooks and published files", lambda: run.extract(config))
    run.write(extracted, folder)
    for w in extracted.problems.warnings:
        say(f"warning: {w}")
    return folder


def transform(config: Config, say: Say) -> Path:
    from pipeline.extract import run as extracted_files
    from pipeline.transform import run

    folder = config.processed_year(config.year)
    extracted = extracted_files.read(folder / "extract")
    result = _timed(say, "computed the indicators", lambda: run.transform(extracted, config))
    run.write(result, run.text_tables(extracted, config.year), config.year, folder)
    say(f"wrote {folder / 'indicators.csv'} ({len(result.indicators):,} rows)")
    return folder


def render(config: Config, say: Say) -> Path:
    from pipeline.render import report

    out = _timed(say, "drew the figures and filled the template", lambda: report.render(config, config.year))
    say(f"wrote {out}")
    return out


def report(config: Config, say: Say) -> Path:
    extract(config, say)
    transform(config, say)
    return render(config, say)
