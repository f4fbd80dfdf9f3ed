"""Which numbers moved: compare two indicator tables (two years, or two runs of one year).

Used for the report's year-on-year sentences and summary, the appendix's changes table and
`iru diff`. Moves are ranked by size: relative change for counts, the change itself for
percentages and rates (points), so a 2-child change in a small count does not outrank everything.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.transform.findings import better, notable, scale
from pipeline.transform.intervals import beyond_chance

KEY = ["indicator", "period", "area_type", "area", "breakdown"]
CHANGE_COLUMNS = ["indicator", "breakdown", "area_type", "area", "unit", "before_period", "after_period",
                  "before", "after", "change", "pct_change", "before_status", "after_status", "before_rag",
                  "after_rag", "direction", "better", "size", "before_base", "after_base", "before_source", "beyond_chance", "notable", "scale"]


def compare(before: pd.DataFrame, after: pd.DataFrame, match_period: bool = False) -> pd.DataFrame:
    """Every row whose value, status or RAG differs, matched on indicator, area and breakdown.

    Two years: `before` and `after` hold one period each (select them first), so rows are matched on
    everything but the period. Two runs of one year: rows are matched on the period too."""
    match = ["indicator", "area_type", "area", "breakdown"] + (["period"] if match_period else [])
    cols = list(dict.fromkeys(match + ["period", "value", "status", "rag", "unit", "numerator", "denominator"]))
    before = before.assign(source=before.get("source", "")).assign(
        published=lambda f: np.where(f.source == "published", "published", ""))
    after = after.assign(published="")
    cols.append("published")
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
        "before_base": merged.denominator_b, "after_base": merged.denominator_a,
        "before_source": merged.published_b.fillna(""),
    })
    out["change"] = out.after - out.before
    out["pct_change"] = np.where(out.before.fillna(0) != 0, out.change / out.before.abs() * 100, np.nan)
    out["direction"] = np.select([out.change > 0, out.change < 0], ["up", "down"], "")
    out["better"] = [better(i, c, b) for i, b, c in zip(out.indicator, out.breakdown, out.change.fillna(0))]
    relative = out.unit.isin(["count", "fte", "ratio", "days", "working_days", "score"])
    out["size"] = np.where(relative, out["pct_change"].abs(), out.change.abs())
    out["size"] = out["size"].fillna(np.inf)  # appeared, vanished or became suppressed: list first
    out["beyond_chance"] = beyond_chance(out.unit, out.before, out.after, merged.numerator_b, merged.numerator_a,
                                         out.before_base, out.after_base)
    by_size = notable(out.unit, out.before, out.after, out.before_base, out.after_base)
    out["notable"] = by_size & out.beyond_chance
    out["scale"] = scale(out.unit, out.before, out.after, out.notable, by_size)
    ranked = out.sort_values(["notable", "size", "indicator", "breakdown", "area_type"],
                             ascending=[False, False, True, True, True], kind="stable")
    return ranked[CHANGE_COLUMNS].reset_index(drop=True)


def between(table: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """The authority's own rows of `second` against `first`. Where it has a row for `second` but none for
    `first` (its first year of local data), DfE's published figure for `first` stands in, marked so."""
    own = table[table.area_type.isin(["LA", "LOCALITY"])]
    before, after = own[own.period == first], own[own.period == second]
    published = table[(table.area_type == "LA_PUBLISHED") & (table.period == first)]
    have = set(zip(before.indicator, before.breakdown))
    wanted = set(zip(after[after.area_type == "LA"].indicator, after[after.area_type == "LA"].breakdown)) - have
    stand_in = published[[k in wanted for k in zip(published.indicator, published.breakdown)]]
    area = after.loc[after.area_type == "LA", "area"]
    stand_in = stand_in.assign(area_type="LA", area=area.iloc[0] if len(area) else "", source="published")
    return compare(pd.concat([before, stand_in], ignore_index=True), after)


def year_on_year(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """This year against last year for the authority's own annual rows."""
    return between(table, str(year - 1), str(year))
