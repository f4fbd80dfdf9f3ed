"""Write each reporting year's four workbooks (chic, iru, cp, lado) into <raw>/<year>/."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.demo import extracts
from pipeline.demo.history import History
from pipeline.demo.xlsx import write_xlsx

CUTS = {"chic": extracts.chic, "iru": extracts.iru, "cp": extracts.cp, "lado": extracts.lado}


def write_year(h: History, folder: Path, year: int) -> None:
    """The year's workbooks, dated as if exported at the end of April after the year closed."""
    folder.mkdir(parents=True, exist_ok=True)
    created = dt.datetime(year, 4, 30, 9, 0)
    for name, cut in CUTS.items():
        title = f"{h.authority.name} {name} extract {year - 1}-{year % 100:02d}"
        write_xlsx(folder / f"{name}.xlsx", cut(h, year), created, title)
