"""`cp_local.xlsx` (or a folder `cp_local/` of CSVs): what the CIN census does not hold about child
protection, kept by the authority beside it. Only `children` is required."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.extract.returns_layout import CP_LOCAL as NAME
from pipeline.extract.schema import CP, LOCALITY, YN, Sheet, Workbook, code, opt, req
from pipeline.extract.workbook import find_source, read_workbook
from pipeline.problems import Problems

# How the conference went, as chairs record it (issue 23): optional here as in cp.xlsx, checked by the same columns
CHAIRS = ("QUORATE", "DISSENT", "LATE_REASON", "CHAIR_PRE_MEETING")
CHAIRS_COLUMNS = tuple(c for s in CP.sheets if s.name == "conferences" for c in s.columns if c.name in CHAIRS)
DETAILS = ("PARENTS_INVITED", "PARENTS_ATTENDED", "CHILD_ADVOCATE", *CHAIRS)  # merged onto the census's conferences

CP_LOCAL = Workbook(
    NAME,
    (
        Sheet("children", (req("CHILD", "id"), req("LOCALITY", LOCALITY)), key=("CHILD",)),
        Sheet(
            "conferences",
            (req("CHILD", "id"), req("CONFERENCE_DATE", "date"), opt("PARENTS_INVITED", "int", low=0, high=20),
             opt("PARENTS_ATTENDED", "int", low=0, high=20), code("CHILD_ADVOCATE", YN, required=False),
             *CHAIRS_COLUMNS),
            key=("CHILD", "CONFERENCE_DATE"),
        ),
        Sheet(
            "plans",
            (req("CHILD", "id"), req("CPP_START", "date"), opt("LOCALITY", LOCALITY),
             code("DOMESTIC_ABUSE", YN, required=False), opt("PREVIOUS_CPP_END", "date")),
            key=("CHILD", "CPP_START"),
        ),
    ),
)
OPTIONAL = ("conferences", "plans")
MISSING = ("file is missing", "sheet is missing")


def present(year_folder: Path) -> bool:
    return find_source(year_folder, CP_LOCAL) is not None


def label(year_folder: Path, sheet: str) -> str:
    """How a problem names one of the file's sheets: `cp_local.xlsx` or `cp_local/plans.csv`."""
    source = find_source(year_folder, CP_LOCAL)
    return source.label(sheet)[0] if source else CP_LOCAL.filename


def read(year_folder: Path, year: int, localities: dict[str, int], problems: Problems) -> dict[str, pd.DataFrame]:
    """The typed sheets present (an absent optional sheet is an empty table); None-free."""
    mine = Problems()
    tables = read_workbook(year_folder, CP_LOCAL, year, localities, mine) or {}
    optional_missing = [p for p in mine.errors if p.message in MISSING and p.sheet in OPTIONAL]
    problems.errors.extend(p for p in mine.errors if p not in optional_missing)
    problems.warnings.extend(mine.warnings)
    for sheet in CP_LOCAL.sheets:
        if sheet.name not in tables:
            tables[sheet.name] = pd.DataFrame({c.name.lower(): pd.Series(dtype=object) for c in sheet.columns})
    return tables
