"""Disclosure control: small numbers about children are published as `c`, before anything is rendered.

Primary: any count of 1 to `max_count` for the authority or a locality, and every percentage, rate or
mean whose numerator (or, for a mean, its number of children) is such a count. Secondary: wherever a
suppressed cell could be worked out from a total (the other cells of its breakdown and their total,
the localities and the authority's figure, the months and the year), the next-smallest cell of that
group is suppressed too, until no group has exactly one hidden cell. Staffing (`iru.`) is about the
team, not children, and is left alone. The unsuppressed table is kept separately and never rendered.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.table import year_of

OWN = ("LA", "LOCALITY")
EXEMPT = ("iru.",)


def _small(values: pd.Series, max_count: int) -> pd.Series:
    return (values >= 1) & (values <= max_count)


def primary(table: pd.DataFrame, max_count: int) -> pd.Series:
    """Rows whose own figure is a small count, or is drawn from one."""
    own = table.area_type.isin(OWN) & ~table.indicator.str.startswith(EXEMPT)
    count = (table.unit == "count") & _small(table.value, max_count)
    derived = table.unit.isin(["percent", "rate_per_10k"]) & _small(table.numerator, max_count)
    mean = table.unit.isin(["score", "days", "working_days"]) & _small(table.denominator, max_count)
    return own & (count | derived | mean)


def _groups(table: pd.DataFrame) -> list[pd.Index]:
    """Sets of cells that add up to something visible: a breakdown with its total, localities with the
    authority, months with the year."""
    own = table[table.area_type.isin(OWN) & ~table.indicator.str.startswith(EXEMPT)]
    year = own.period.map(year_of)
    monthly = own.period.str.len() == 7
    groups = []
    for frame, keys in ((own, ["indicator", "period", "area_type", "area"]),
                        (own, ["indicator", "period", "breakdown"]),
                        (own.assign(_year=year, _monthly=monthly), ["indicator", "_year", "area_type", "area",
                                                                    "breakdown"])):
        for _, rows in frame.groupby(keys, sort=False):
            if len(rows) > 1:
                groups.append(rows.index)
    return groups


def secondary(table: pd.DataFrame, hidden: pd.Series) -> pd.Series:
    """Hide the next-smallest cell of any group that has exactly one hidden cell, until none has."""
    hidden = hidden.copy()
    groups = _groups(table)
    size = table.numerator.where(table.unit != "count", table.value).fillna(table.value)
    changed = True
    while changed:
        changed = False
        for index in groups:
            if hidden[index].sum() != 1:
                continue
            candidates = size[index][~hidden[index] & (size[index] > 0)]
            if candidates.empty:
                continue
            hidden[candidates.sort_values(kind="stable").index[0]] = True
            changed = True
    return hidden


def suppress(table: pd.DataFrame, max_count: int) -> pd.DataFrame:
    """The table as published: suppressed cells have no value, numerator or denominator, status `c`."""
    hidden = secondary(table, primary(table, max_count))
    out = table.copy()
    out.loc[hidden, ["value", "numerator", "denominator"]] = np.nan
    out.loc[hidden, "status"] = "c"
    out.loc[hidden, "rag"] = ""
    return out
