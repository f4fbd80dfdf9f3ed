"""Where a year's DfE returns sit in its raw folder, standing in for `chic.xlsx` and `cp.xlsx`.

Standard library only: the manifest asks which files a year holds before pandas is imported.
- `ssda903/`: the SSDA903 return as submitted (one `*.xml`) or as DfE's CSV file set; it stands in for chic.
- `cin_census.xml` with `cp_local.xlsx` (or a folder `cp_local/` of CSVs): they stand in for cp. The
  censuses of the two years before, where present, give each plan's previous plan end.
"""
from __future__ import annotations

from pathlib import Path

SSDA903 = "ssda903"
CIN_CENSUS = "cin_census.xml"
CP_LOCAL = "cp_local"
ORIGINS = "origins"  # beside a return's typed tables: where each row came from (origins.feather)
EARLIER_CENSUSES = 2  # years before whose censuses are searched for a child's previous plan


def local_files(raw_year: Path) -> list[Path]:
    """The cp_local workbook: its xlsx, or the CSVs of its folder."""
    xlsx = raw_year / f"{CP_LOCAL}.xlsx"
    if xlsx.is_file():
        return [xlsx]
    folder = raw_year / CP_LOCAL
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def earlier_censuses(raw_year: Path) -> list[Path]:
    """The census files of the years before, newest first, where they are present."""
    if not raw_year.name.isdigit():
        return []
    year = int(raw_year.name)
    paths = (raw_year.parent / str(year - k) / CIN_CENSUS for k in range(1, EARLIER_CENSUSES + 1))
    return [p for p in paths if p.is_file()]


def return_files(raw_year: Path) -> dict[str, list[Path]]:
    """The files of the returns that stand in for a workbook, by the workbook's name (chic, cp)."""
    out = {}
    folder = raw_year / SSDA903
    if folder.is_dir():
        out["chic"] = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".xml", ".csv"))
    census = raw_year / CIN_CENSUS
    if census.is_file():
        out["cp"] = [census, *local_files(raw_year), *earlier_censuses(raw_year)]
    return out
