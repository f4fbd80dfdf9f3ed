"""How validate + transform grow with the size of the authority (not a test): the demo authority at three
scales, one reporting year each, timed in a fresh process with its peak memory (workers included). Then
the DfE returns at England's size: the year's SSDA903 XML and CIN census XML (with cp_local) read and
validated one after the other in one fresh process, timed with its peak memory.

Scale 120 is about England's size: ~85,000 children in care with their episodes, ~50,000 children on
plans at 31 March. Usage: make scale  (or: python scripts/scale.py 10 40 120; --returns 120 for the returns only)
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MEASURE = """
import resource, time
from pipeline import build
from pipeline.config import load_config
config = load_config("config.yaml")
start = time.perf_counter()
extracted, _ = build.extract(config, lambda m: None)
build.transform(config, lambda m: None, extracted, {})
seconds = time.perf_counter() - start
peak = max(resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
print(seconds, peak)
"""
COUNT = """
import pandas as pd
from pipeline import table
t = table.read(__import__("pathlib").Path("data/processed/2025/indicators.csv"))
own = t[(t.area_type == "LA") & (t.period == "2025")].set_index("indicator").value
print(int(own["chic.count_31mar"]), int(own["cp.count_31mar"]), int(own["lado.referrals"]))
"""
RETURNS = """
import os, resource, time
from pipeline.config import load_config
from pipeline.extract import cin_census, ssda903
from pipeline.problems import Problems
config = load_config("config.yaml")
folder, problems = config.raw_year(2025), Problems()
start = time.perf_counter()
chic = ssda903.read(folder, 2025, config.localities, problems)
middle = time.perf_counter()
cp = cin_census.read(folder, 2025, config.localities, problems)
seconds, first = time.perf_counter() - start, middle - start
assert not problems.errors, problems.errors[:5]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
sizes = [os.path.getsize(folder / p) / 1e6 for p in ("ssda903/return.xml", "cin_census.xml")]
print(seconds, first, peak, len(chic["header"]), len(chic["episodes"]), len(cp["plans"]), len(cp["conferences"]),
      *sizes)
"""


def returns(scale: float) -> None:
    """The returns read and validated one after the other in one process (issue 16: at England's size, under
    30 s and 2 GiB together). The demo's return holds every child of the year and the care leavers, so scale
    60 gives about England's 85,000 children and 110,000 episodes in the return, and 50,000 plans."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copy(REPO / "config.yaml", project / "config.yaml")
        subprocess.run([sys.executable, "-c", f"from pipeline.demo import generate; generate('data/raw', years=[2025], "
                        f"scale={scale}, published=False, returns={{2025: 'xml'}})"], cwd=project, check=True)
        out = subprocess.run([sys.executable, "-c", RETURNS], cwd=project, check=True, capture_output=True, text=True)
    seconds, first, peak, children, episodes, plans, conferences, size_903, size_cin = map(float, out.stdout.split())
    print(f"returns at scale {scale:g}: SSDA903 XML ({size_903:,.0f} MB: {children:,.0f} children, {episodes:,.0f} "
          f"episodes) and CIN census XML ({size_cin:,.0f} MB: {plans:,.0f} plans, {conferences:,.0f} conferences) "
          f"read and validated in {seconds:.1f} s ({first:.1f} s the SSDA903), peak memory {peak:,.0f} MB", flush=True)


def main(scales: list[float]) -> None:
    rows = []
    for scale in scales:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp)
            shutil.copy(REPO / "config.yaml", project / "config.yaml")
            subprocess.run([sys.executable, "-c", f"from pipeline.demo import generate; "
                            f"generate('data/raw', years=[2025], scale={scale})"], cwd=project, check=True)
            seconds, peak = map(float, subprocess.run([sys.executable, "-c", MEASURE], cwd=project, check=True,
                                                      capture_output=True, text=True).stdout.split())
            cla, cp, lado = subprocess.run([sys.executable, "-c", COUNT], cwd=project, check=True,
                                           capture_output=True, text=True).stdout.split()
        rows.append((scale, int(cla), int(cp), int(lado), seconds, peak))
        print(f"scale {scale:>5}: {int(cla):>7,} in care, {int(cp):>7,} on plans, {int(lado):>7,} LADO referrals: "
              f"validate + transform {seconds:5.1f} s, peak memory {peak:,.0f} MB", flush=True)
    base = rows[0]
    for scale, *_, seconds, _ in rows[1:]:
        print(f"x{scale / base[0]:.0f} the size took x{seconds / base[4]:.1f} the time")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--returns"]:
        returns(float(sys.argv[2]) if len(sys.argv) > 2 else 120)
    else:
        main([float(a) for a in sys.argv[1:]] or [10, 40, 120])
        for scale in (60, 120):  # 60: the England-size returns (85,000 children, 50,000 plans); 120: twice
            returns(scale)
