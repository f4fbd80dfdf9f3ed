"""Write each reporting year's four workbooks (chic, iru, cp, lado) into <raw>/<year>/, or, for a year written
as returns, the SSDA903 return and CIN census (with cp_local) in place of chic and cp."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from pipeline.demo import extracts, returns
from pipeline.demo.history import History
from pipeline.demo.xlsx import write_xlsx
from pipeline.extract.returns_layout import CIN_CENSUS, CP_LOCAL, SSDA903

CUTS = {"chic": extracts.chic, "iru": extracts.iru, "cp": extracts.cp, "lado": extracts.lado}


def write_year(h: History, folder: Path, year: int, ssda903: str = "") -> None:
    """The year's workbooks, dated as if exported at the end of April after the year closed. With `ssda903`
    ('xml' or 'csv'), chic is written as that form of the SSDA903 return and cp as the CIN census."""
    folder.mkdir(parents=True, exist_ok=True)
    other = ("chic.xlsx", "cp.xlsx") if ssda903 else (SSDA903, CIN_CENSUS, f"{CP_LOCAL}.xlsx")
    for name in other:  # a year rewritten in the other form must not hold both
        shutil.rmtree(folder / name) if (folder / name).is_dir() else (folder / name).unlink(missing_ok=True)
    created = dt.datetime(year, 4, 30, 9, 0)
    for name, cut in CUTS.items():
        if ssda903 and name == "chic":
            returns.write_ssda903(folder, cut(h, year), ssda903)
        elif ssda903 and name == "cp":
            returns.write_census(folder, cut(h, year), year, created)
        else:
            title = f"{h.authority.name} {name} extract {year - 1}-{year % 100:02d}"
            write_xlsx(folder / f"{name}.xlsx", cut(h, year), created, title)
