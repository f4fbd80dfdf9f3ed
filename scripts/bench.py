"""Benchmark on the demo data (not a test): a cold build, a re-run with nothing changed, a re-run after
one row of lado.xlsx is fixed, and the floor: drawing the same charts alone with the same library.

Runs in a temporary copy of the project, so data/raw is never touched. Usage: make bench
"""
from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IRU = [sys.executable, "-m", "pipeline.cli"]
REPEATS = 5  # the best of five: this machine's speed drifts by a third from minute to minute
FLOOR = """
import sys, time
t = time.perf_counter()
from pipeline.config import load_config
from pipeline.render import report
from pipeline.render.figures import FIGURES
config = load_config("config.yaml")
frames = report.frames_for(FIGURES, report.read_processed(config.processed_year(config.year))["indicators"],
                           config.year)
start = time.perf_counter()
from pipeline.render import charts
for f in FIGURES:
    charts.draw(f, frames[f.id], config.figures / "floor" / f"{f.id}.png")
print(time.perf_counter() - start)
"""


def timed(args: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return elapsed, done.stderr + done.stdout


def clean(project: Path) -> None:
    """Back to a cold start: nothing processed, drawn or written."""
    for folder in ("data/processed", "figures", "output"):
        shutil.rmtree(project / folder, ignore_errors=True)


def fix_one_row(raw: Path) -> str:
    """Correct one referral received in the year: its outcome was recorded as NFA, it was ADVICE."""
    import pandas as pd

    path = raw / "2025" / "lado.xlsx"
    sheets = pd.read_excel(path, sheet_name=None, engine="calamine")
    refs = sheets["referrals"]
    row = refs.index[(refs.REFERRAL_OUTCOME == "NFA") & (refs.DATE_RECEIVED >= "2024-04-01")][0]
    refs.loc[row, "REFERRAL_OUTCOME"] = "ADVICE"
    with pd.ExcelWriter(path, engine="xlsxwriter") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    return f"lado.xlsx › referrals › row {row + 2}: REFERRAL_OUTCOME NFA -> ADVICE"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copy(REPO / "config.yaml", project / "config.yaml")
        subprocess.run([*IRU, "demo-data", "--quiet"], cwd=project, check=True)
        colds, floors = [], []
        for _ in range(REPEATS):
            clean(project)
            colds.append(timed([*IRU, "report", "--quiet"], project)[0])
            # The floor straight after, so that each pair meets the machine in the same mood.
            elapsed, printed = timed([sys.executable, "-c", FLOOR], project)
            floors.append((elapsed, float(printed.split()[-1])))
        cold = min(colds)
        floor, floor_draw = min(floors)
        unchanged = min(timed([*IRU, "report"], project)[0] for _ in range(REPEATS))
        fixes = []
        for _ in range(REPEATS):  # each time a different row: the next referral recorded as NFA
            fixed = fix_one_row(project / "data" / "raw")
            fixes.append(timed([*IRU, "report"], project))
        one_row, log = min(fixes)
        redrawn = re.search(r"redrew (\d+) figure\(s\): (.*)", log)
    print(f"cold build                 {cold:6.1f} s   (best of {REPEATS}: {', '.join(f'{c:.1f}' for c in colds)})")
    print(f"re-run, nothing changed    {unchanged:6.2f} s")
    print(f"re-run after one-row fix   {one_row:6.1f} s   (best of {REPEATS}; last fix {fixed}; redrew "
          f"{redrawn.group(1) + ': ' + redrawn.group(2) if redrawn else 'no figure'})")
    print(f"floor: the charts alone    {floor:6.1f} s   (best of {REPEATS}, each run straight after a cold build; one "
          f"process, with its imports; drawing itself {floor_draw:.1f} s)")
    ratios = [c / f for c, (f, _) in zip(colds, floors)]
    print(f"cold build / floor         {cold / floor:6.2f}   (best over best; median pair "
          f"{statistics.median(ratios):.2f}; each pair in turn: {', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()
