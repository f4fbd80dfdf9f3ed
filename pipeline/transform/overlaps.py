"""One figure from two inputs: a month's figure comes from the year it belongs to and from the next year's
data too (each year's month ends start with the March before), so 2025's workbook and 2024's return both
give March 2024. The report uses the row of the year the period belongs to; where the other disagrees, the
analyst is told both values and which one the report uses, since one of the two inputs is then wrong."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline import table
from pipeline.problems import Problem


def disagreements(rows: pd.DataFrame) -> list[Problem]:
    """A warning for each figure (indicator, period, area, breakdown) that two years' data give differently.
    `rows`: the authority's own rows of every year, each with `_year`, the year whose data gave it."""
    given = rows[rows.duplicated(table.SORT, keep=False)].rename(columns={"_year": "data"})
    owned = given.period.map(table.year_of) == given.data
    both = given[owned].merge(given[~owned], on=table.SORT, suffixes=("", "_other"))
    same = np.isclose(both.value, both.value_other, rtol=1e-9, atol=1e-9) | (
        both.value.isna() & both.value_other.isna())
    differ = both[~same | (both.status != both.status_other)]
    return [Problem(f"{r.data_other}/", message=f"{_what(r)}: {_shown(r.value_other, r.status_other)} from "
                    f"{r.data_other}'s data, {_shown(r.value, r.status)} from {r.data}'s; the report uses "
                    f"{r.data}'s, the year {_when(r.period)} belongs to",
                    expected="the same figure from both years' data: is one of them an old or partial extract?")
            for r in differ.sort_values(table.SORT).itertuples()]


def _what(r) -> str:
    where = f" in {r.area}" if r.area_type == "LOCALITY" else ""
    return f"{r.indicator}{f' ({r.breakdown})' if r.breakdown else ''}{where} for {_when(r.period)}"


def _when(period: str) -> str:
    return pd.Timestamp(f"{period}-01").strftime("%B %Y") if len(period) == 7 else period


def _shown(value: float, status: str) -> str:
    return (status or "x") if pd.isna(value) else f"{value:,.10g}"
