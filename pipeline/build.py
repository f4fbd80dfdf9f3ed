"""One run of the pipeline: extract -> transform -> render, each stage reading what the last one wrote,
each doing only what changed since the run recorded in `data/processed/<year>/manifest.json`.

Heavy libraries are imported inside the stages, so a run with nothing to do ends before loading them.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path
from typing import Callable

from pipeline import manifest
from pipeline.config import Config

Say = Callable[[str], None]
SHOWN_WARNINGS = 10


def _timed(say: Say, what: str, step: Callable):
    t = time.perf_counter()
    result = step()
    say(f"{what} ({time.perf_counter() - t:.1f} s)")
    return result


def _folder(config: Config) -> Path:
    return config.processed_year(config.year)


def run_key(config: Config, inputs: dict[str, str]) -> str:
    """Everything a report is made from: inputs, config, template, code and the year."""
    return manifest.text_hash(str(config.year), manifest.code_version(), manifest.file_hash(config.path),
                              manifest.file_hash(config.template), json.dumps(inputs, sort_keys=True))


def extract(config: Config, say: Say):
    """Validate every changed input (raising InputError with every problem) and write the typed tables."""
    from pipeline.extract import run

    extracted, reread = _timed(say, "checked the inputs", lambda: run.extract(config, _folder(config) / "extract"))
    say(f"read {', '.join(reread)}" if reread else "no input has changed since it was last read")
    return extracted


def transform(config: Config, say: Say, extracted, before: dict) -> str:
    """Compute the indicator table unless nothing it depends on has changed; returns its hash."""
    from pipeline.transform import run

    folder = _folder(config)
    key = manifest.text_hash(manifest.code_version(), manifest.file_hash(config.path), str(config.year),
                             json.dumps(extracted.units, sort_keys=True))
    indicators = folder / "indicators.csv"
    if before.get("transform") == key and indicators.exists() and \
            manifest.file_hash(indicators) == before.get("indicators"):
        say("the indicators are unchanged")
        return key
    result = _timed(say, "computed the indicators", lambda: run.transform(extracted, config, folder / "own"))
    run.write(result, run.text_tables(extracted, config.year), config.year, folder)
    recomputed = ", ".join(map(str, result.recomputed)) or "none (all cached)"
    say(f"wrote {indicators} ({len(result.indicators):,} rows; years recomputed: {recomputed})")
    warnings = sorted({str(w) for w in result.warnings.warnings})
    for warning in warnings[:SHOWN_WARNINGS]:
        say(f"warning: {warning}")
    if len(warnings) > SHOWN_WARNINGS:
        say(f"... and {len(warnings) - SHOWN_WARNINGS} more warnings: all are in {folder / 'warnings.csv'} "
            "and the report's appendix")
    return key


def render(config: Config, say: Say, before: dict):
    from pipeline.render import report

    rendered = _timed(say, "drew the figures and wrote the report",
                      lambda: report.render(config, config.year, before.get("data", {})))
    say(f"redrew {len(rendered.drawn)} figure(s): {', '.join(rendered.drawn)}" if rendered.drawn
        else "no figure's data changed: none redrawn")
    say(f"wrote {rendered.document} and {rendered.spreadsheet}")
    return rendered


def _keep_run(folder: Path, runs: list[dict], indicators_hash: str) -> list[dict]:
    """Keep each distinct indicator table a year's runs produce, so two runs can be compared."""
    if runs and runs[-1]["indicators"] == indicators_hash:
        return runs
    number = runs[-1]["run"] + 1 if runs else 1
    kept = folder / "runs" / f"{number}.csv"
    kept.parent.mkdir(exist_ok=True)
    shutil.copyfile(folder / "indicators.csv", kept)
    return [*runs, {"run": number, "indicators": indicators_hash,
                    "when": dt.datetime.now().isoformat(timespec="seconds")}]


def report(config: Config, say: Say) -> Path:
    folder = _folder(config)
    path = folder / "manifest.json"
    before = manifest.read(path)
    inputs = manifest.input_hashes(config.raw, list(range(config.year - 4, config.year + 1)))
    key = run_key(config, inputs)
    root = config.path.parent
    if before.get("key") == key and manifest.outputs_intact(before, root):
        say("Nothing has changed since the last run: the report is up to date.")
        return config.output / str(config.year) / "annual_report.docx"
    extracted = extract(config, say)
    transform_key = transform(config, say, extracted, before)
    rendered = render(config, say, before)
    indicators_hash = manifest.file_hash(folder / "indicators.csv")
    outputs = [rendered.document, rendered.spreadsheet, folder / "indicators.csv"]
    manifest.write(path, {
        "key": key, "year": config.year, "code": manifest.code_version(),
        "config": manifest.file_hash(config.path), "template": manifest.file_hash(config.template),
        "inputs": inputs, "sheets": extracted.sheet_hashes(), "units": extracted.units,
        "transform": transform_key, "indicators": indicators_hash, "data": rendered.hashes,
        "outputs": {str(p.relative_to(root)) if p.is_relative_to(root) else str(p): manifest.file_hash(p)
                    for p in outputs},
        "runs": _keep_run(folder, before.get("runs", []), indicators_hash),
    })
    return rendered.document
