"""How validate + transform grow with the size of the authority (not a test): the demo authority at three
scales, one reporting year each, timed in a fresh process with its peak memory (workers included).

Scale 120 is about England's size: ~85,000 children in care with their episodes, ~50,000 children on
plans at 31 March. Usage: make scale  (or: python scripts/scale.py 10 40 120)
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
    main([float(a) for a in sys.argv[1:]] or [10, 40, 120])
