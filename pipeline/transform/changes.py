"""Which numbers moved: compare two indicator tables (two years, or two runs of one year).

Used for the report's year-on-year sentences and summary, the appendix's changes table and
`iru diff`. Moves are ranked by size: relative change for counts, the change itself for
percentages and rates (points), so a 2-child change in a small count does not outrank everything.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.transform.catalogue import REGISTRY

KEY = ["indicator", "period", "area_type", "area", "breakdown"]
CHANGE_COLUMNS = ["indicator", "breakdown", "area_type", "area", "unit", "before_period", "after_period",
                  "before", "after", "change", "pct_change", "before_status", "after_status", "before_rag",
                  "after_rag", "direction", "better", "size"]


def _better(indicator: str, change: float) -> str:
    ind = REGISTRY.get(indicator)
    if ind is None or ind.higher_is_better is None or not np.isfinite(change) or change == 0:
        return ""
    return "yes" if (change > 0) == ind.higher_is_better else "no"


def compare(before: pd.DataFrame, after: pd.DataFrame, match_period: bool = False) -> pd.DataFrame:
    """Every row whose value, status or RAG differs, matched on indicator, area and breakdown.

    Two years: `before` and `after` hold one period each (select them first), so rows are matched on
    everything but the period. Two runs of one year: rows are matched on the period too."""
    match = ["indicator", "area_type", "area", "breakdown"] + (["period"] if match_period else [])
    cols = list(dict.fromkeys(match + ["period", "value", "status", "rag", "unit"]))
    merged = before[cols].merge(after[cols], on=match, how="outer", suffixes=("_b", "_a"))
    if match_period:
        merged["period_b"] = merged["period_a"] = merged["period"]
    changed = (
        ~((merged.value_b == merged.value_a) | (merged.value_b.isna() & merged.value_a.isna()))
        | (merged.status_b.fillna("") != merged.status_a.fillna(""))
        | (merged.rag_b.fillna("") != merged.rag_a.fillna(""))
    )
    merged = merged[changed].copy()
    out = pd.DataFrame({
        "indicator": merged.indicator, "breakdown": merged.breakdown, "area_type": merged.area_type,
        "area": merged.area, "unit": merged.unit_a.fillna(merged.unit_b),
        "before_period": merged.period_b.fillna(""), "after_period": merged.period_a.fillna(""),
        "before": merged.value_b, "after": merged.value_a,
        "before_status": merged.status_b.fillna(""), "after_status": merged.status_a.fillna(""),
        "before_rag": merged.rag_b.fillna(""), "after_rag": merged.rag_a.fillna(""),
    })
    out["change"] = out.after - out.before
    out["pct_change"] = np.where(out.before.fillna(0) != 0, out.change / out.before.abs() * 100, np.nan)
    out["direction"] = np.select([out.change > 0, out.change < 0], ["up", "down"], "")
    out["better"] = [_better(i, c) for i, c in zip(out.indicator, out.change.fillna(0))]
    relative = out.unit.isin(["count", "fte", "ratio", "days", "working_days", "score"])
    out["size"] = np.where(relative, out["pct_change"].abs(), out.change.abs())
    out["size"] = out["size"].fillna(np.inf)  # appeared, vanished or became suppressed: list first
    return out.sort_values(["size", "indicator", "breakdown", "area_type"], ascending=[False, True, True, True],
                           kind="stable")[CHANGE_COLUMNS].reset_index(drop=True)


def year_on_year(table: pd.DataFrame, year: int, area_types: tuple[str, ...] = ("LA", "LOCALITY")) -> pd.DataFrame:
    """This year against last year for the authority's own annual rows."""
    own = table[table.area_type.isin(area_types)]
    return compare(own[own.period == str(year - 1)], own[own.period == str(year)])
