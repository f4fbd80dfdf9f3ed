"""Which form a year's workbook came in: the workbook (xlsx or a folder of CSVs), or the DfE return that
stands in for it (`ssda903/` for chic; `cin_census.xml` with `cp_local` for cp). Either gives the same
typed tables; both at once is an error naming both."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.extract import cin_census, ssda903
from pipeline.extract.returns_layout import CIN_CENSUS, CP_LOCAL, SSDA903
from pipeline.extract.schema import Workbook
from pipeline.extract.workbook import find_source, read_workbook
from pipeline.problems import Problems

RETURNS = {"chic": (SSDA903, ssda903.read, "the SSDA903 return in a folder ssda903/"),
           "cp": (CIN_CENSUS, cin_census.read, f"the CIN census {CIN_CENSUS} with {CP_LOCAL}.xlsx")}


def read_year_workbook(folder: Path, workbook: Workbook, year: int, localities: dict[str, int],
                       problems: Problems, required: bool = True) -> dict[str, pd.DataFrame] | None:
    """One workbook's typed tables, from whichever form the year's folder holds."""
    if workbook.name not in RETURNS:
        return read_workbook(folder, workbook, year, localities, problems, required)
    name, read, described = RETURNS[workbook.name]
    source = find_source(folder, workbook)
    if not (folder / name).exists():
        if source is None:
            report = problems.error if required else problems.warn
            report(workbook.filename, message="file is missing", expected=f"{folder / workbook.filename}, a folder "
                   f"{folder / workbook.name}/ of CSV files, or {described}")
            return None
        return read_workbook(folder, workbook, year, localities, problems, required)
    if source is not None:
        problems.error(source.path.name, message=f"and {name} both hold the year's {workbook.name} data",
                       expected=f"one of them: {workbook.filename} (or {workbook.name}/), or {described}")
        return None
    return read(folder, year, localities, problems)
