"""The authority's own figures against DfE's published ones for the same indicator, breakdown and year: a
gap beyond the tolerance is a warning, in the run and the appendix, as an extract that lost records (or a
definition applied differently) would otherwise go unseen.

Tolerance (docs/decisions.md): counts differ by more than 5% and by more than 5 children; percentages by
more than 5 percentage points; rates, means and ratios by more than 5%.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.problems import Problem

RELATIVE = 0.05
CHILDREN = 5
POINTS = 5


def _shown(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:.0f}%"
    return f"{value:,.0f}" if unit == "count" else f"{value:,.1f}"


def apart(local: pd.Series, published: pd.Series, unit: pd.Series) -> pd.Series:
    """True where a local figure and the published one differ by more than the tolerance for their unit."""
    gap = (local - published).abs()
    relative = gap > RELATIVE * published.abs()
    return np.select([unit == "count", unit == "percent"], [relative & (gap > CHILDREN), gap > POINTS], relative)


def reconcile(table: pd.DataFrame) -> list[Problem]:
    """A warning for each indicator, breakdown and year where the local and published figures are apart."""
    keys = ["indicator", "period", "breakdown"]
    local = table[(table.area_type == "LA") & (table.period.str.len() == 4)]
    published = table[table.area_type == "LA_PUBLISHED"][[*keys, "value", "source"]]
    both = local.merge(published, on=keys, suffixes=("", "_published")).dropna(subset=["value", "value_published"])
    far = both[apart(both.value, both.value_published, both.unit)]
    return [Problem(r.source_published or "DfE published figures", column=r.indicator + (f" ({r.breakdown})"
                    if r.breakdown else ""),
                    message=f"local {_shown(r.value, r.unit)}, DfE published {_shown(r.value_published, r.unit)} "
                    f"for {int(r.period) - 1}-{r.period[2:]}: is the extract complete?",
                    expected="the local figure within 5% (and 5 children, or 5 percentage points) of DfE's")
            for r in far.itertuples()]
