"""The SSDA903 return as DfE specifies it for the collection year it is for, where that differs from `chic.xlsx`.

A return is checked by its own year's codes: a code DfE introduced in a later year is an error in an earlier
year's return. A code DfE has since retired is still read, where its meaning is unchanged, since refusing it
could change no number. DfE publishes no XSD for the 903; what changed is taken from DfE's validation rules as
the SSDA903 validator (data-to-insight/csc-validator-be-903, `lac_validator/rules/lac<year>`) implements them:
- 2024-25 (collection year 2025): SEX is M, F or U (rule 101), where it was 1 or 2. Read as 1, 2 and 0 (not
  known), the codes the rest of the pipeline knows.
- 2025-26 (2026): rule 146's placement types add Z11-Z14 (and retire H5, P2 and Z1, still read).
- 2026-27 (2027): the deprivation of liberty table (DOLO_START, DOLO_END per order). Before, a return may
  carry it (the `dolo` sheet of chic.xlsx may, in any year); from 2026-27 a return without it has none.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from pipeline.extract.schema import CHIC, Sheet, Workbook

SEX_LETTERS = 2025
SEX = {"M": "1", "F": "2", "U": "0"}  # DfE's codes from 2024-25 -> the chic sheets' (0: not known)
NEW_PLACE = 2026
PLACE_2026 = ("Z11", "Z12", "Z13", "Z14")
DOLO = "dolo"
DOLO_COLLECTED = 2027


def layout(year: int) -> Workbook:
    """The chic sheets with the codes the return of collection year `year` uses."""
    return replace(CHIC, sheets=tuple(_sheet(s, year) for s in CHIC.sheets))


def _sheet(sheet: Sheet, year: int) -> Sheet:
    columns = []
    for col in sheet.columns:
        if col.name == "SEX" and year >= SEX_LETTERS:
            col = replace(col, codes=(*col.codes, *SEX))
        elif col.name == "PLACE" and year >= NEW_PLACE:
            col = replace(col, codes=(*col.codes, *PLACE_2026))
        columns.append(col)
    return replace(sheet, columns=tuple(columns))


def as_chic(tables: dict[str, pd.DataFrame], year: int) -> dict[str, pd.DataFrame]:
    """The typed tables with the year's codes read as the chic sheets' (SEX M, F, U as 1, 2, 0)."""
    if year < SEX_LETTERS:
        return tables
    return {name: frame.assign(sex=frame["sex"].replace(SEX)) if "sex" in frame else frame
            for name, frame in tables.items()}
