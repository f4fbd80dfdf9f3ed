"""What the numbers say, as a tidy table: for each of the authority's indicators (totals and breakdowns),
its trend over the years, where it stands against each comparator, how it moved since last year, its
largest group, and how it did against its target. Render only words these rows.

"Notable" is one rule (a change must also be beyond chance: see transform.intervals), used by every sentence,
the executive summary, the appendix's changes and `changes_since_*.md`: a percentage must move by at least 5
points on a base of at least 20 in both years; a count by at least 10% and at least 5, with at least 20 in one
of the years; a rate, caseload, score or number of days by at least 10% and at least 1. A move below these
thresholds (so any move that rounds to nothing) is never listed, and a tiny base never headlines.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.formats import decimals, rounded  # the printed precision, shared with render
from pipeline.table import COMPARATORS, year_of
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.importance import BETTER_GROUPS, shares_of_a_whole
from pipeline.transform.intervals import bounds, verdict
from pipeline.transform.representation import representation

POINTS = 5.0  # percentage points, for percentages
MIN_BASE = 20  # children (or reviews, plans...) behind a percentage, in both years
RELATIVE = 10.0  # per cent, for everything else
MIN_COUNT_CHANGE = 5
MIN_COUNT = 20
MIN_OTHER_CHANGE = 1.0  # a rate per 10,000, a caseload, a score, days
SHARP_POINTS, SHARP_RELATIVE = 10.0, 25.0  # a notable move this large is 'sharp'
STEADY_POINTS, STEADY_RELATIVE = 1.0, 2.0  # a year's step smaller than this is no step in a trend
SIMILAR_POINTS, SIMILAR_RELATIVE = 1.0, 2.0  # a measure with no interval (a score, days): 'in line' within this
GROUPS = ("STAT_NEIGHBOURS", "GOOD_LAS")
# groups that overlap the others: never 'largest'
SUMMARY_GROUPS = ("participated", "did_not", "views_conveyed", "no_view", "domestic_abuse")
COLUMNS = ["indicator", "breakdown", "kind", "area_type", "area", "period", "other_period", "value", "other", "base",
           "other_base", "numerator", "change", "pct_change", "direction", "run", "better", "notable", "size",
           "scale", "relation", "ci_low", "ci_high", "other_source", "rag", "green_at", "amber_at",
           "higher_is_better", "compare_to", "amber_within_pct", "reason"]


def rule_text() -> str:
    """The rule in words, for the report's appendix and the change list."""
    return (f"a percentage moves by {POINTS:g} points or more on a base of {MIN_BASE} or more in both years; a count "
            f"by {RELATIVE:g}% and at least {MIN_COUNT_CHANGE}, with {MIN_COUNT} or more in one of the years; "
            f"anything else (a rate, a caseload, a score, days) by {RELATIVE:g}% and at least {MIN_OTHER_CHANGE:g}; "
            "and, where the counts behind it are known, the change is beyond chance (a test on the two years' counts "
            "at the 95% level)")


def notable(unit: pd.Series, before: pd.Series, after: pd.Series, before_base: pd.Series,
            after_base: pd.Series) -> pd.Series:
    """The one rule (see the module's docstring). Bases unknown (a published figure) do not stop a move."""
    change = after - before
    relative = (change / before.abs() * 100).where(before != 0)
    base = np.fmin(before_base, after_base)
    percent = (change.abs() >= POINTS) & ~(base < MIN_BASE)
    count = (relative.abs() >= RELATIVE) & (change.abs() >= MIN_COUNT_CHANGE) & (np.fmax(before, after) >= MIN_COUNT)
    other = (relative.abs() >= RELATIVE) & (change.abs() >= MIN_OTHER_CHANGE)
    rule = np.select([unit == "percent", unit == "count"], [percent, count], other)
    return pd.Series(rule & before.notna() & after.notna(), index=before.index).astype(bool)


CHANCE, FEW = "within chance", "on small numbers"  # as large as a notable move, yet not notable, and why


def scale(unit: pd.Series, before: pd.Series, after: pd.Series, is_notable: pd.Series,
          by_size: pd.Series) -> pd.Series:
    """The one direction scale: 'slightly' (a small move), '' (notable), 'sharply' (notable and at least
    SHARP_POINTS points for a percentage, SHARP_RELATIVE per cent otherwise); and for a move as large as a
    notable one (POINTS points, RELATIVE per cent) that is not notable, why: 'within chance' (it passes the size
    rule, `by_size`, but not the test on its counts) or 'on small numbers' (too few children, or too small a step,
    for the size rule). So 23 open escalations falling to 16 is never 'fell slightly'."""
    change = after - before
    relative = (change / before.abs() * 100).where(before != 0, np.inf)
    large = np.where(unit == "percent", change.abs() >= POINTS, relative.abs() >= RELATIVE)
    sharp = np.where(unit == "percent", change.abs() >= SHARP_POINTS, relative.abs() >= SHARP_RELATIVE)
    out = np.select([change.isna() | (change == 0), ~is_notable & by_size, ~is_notable & large, ~is_notable, sharp],
                    ["", CHANCE, FEW, "slightly", "sharply"], "")
    return pd.Series(out, index=before.index)


def _steady(unit: str, change: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Which of one measure's yearly steps are too small to count as a step in its trend."""
    if unit == "percent":
        return np.abs(change) < STEADY_POINTS
    relative = np.full(len(change), np.inf)
    np.divide(change, np.abs(before), out=relative, where=before != 0)
    return np.abs(relative * 100) < STEADY_RELATIVE


def better(indicator: str, sign: float, breakdown: str = "") -> str:
    """'yes' if a move (or gap) of this sign is better for the indicator (or, where declared, for one group of
    its breakdown), 'no' if worse, '' if neither is known."""
    ind = REGISTRY.get(indicator)
    whole = ind is not None and not (breakdown and shares_of_a_whole(indicator))  # a share's group: its own
    higher = BETTER_GROUPS.get((indicator, breakdown), ind.higher_is_better if whole else None)
    if higher is None or sign == 0 or not np.isfinite(sign):
        return ""
    return "yes" if (sign > 0) == higher else "no"


def _own_annual(table: pd.DataFrame, year: int) -> pd.DataFrame:
    own = table[(table.area_type == "LA") & (table.period.str.len() == 4) & (table.period <= str(year))]
    return own.dropna(subset=["value"])


def trends(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each indicator's direction over the years to this one: the latest step (up, down or flat) and how many
    years running it has gone that way; value now against the first year's, and whether that change is notable.
    Needs three years or more."""
    own = _own_annual(table, year).sort_values("period")
    # each measure's rows (in the order the measures first appear), as plain arrays: a few hundred measures,
    # each too small for pandas' per-group overhead to be worth paying
    codes = own.groupby(["indicator", "breakdown"], sort=False).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    bounds_at = np.searchsorted(codes[order], np.arange(codes.max() + 2 if len(codes) else 1))
    columns = {c: own[c].to_numpy()[order] for c in ("indicator", "breakdown", "unit", "period", "value",
                                                    "denominator", "numerator")}
    rows = []
    for start, end in zip(bounds_at[:-1], bounds_at[1:]):
        if end - start < 3 or columns["period"][end - 1] != str(year):
            continue
        indicator, breakdown = columns["indicator"][start], columns["breakdown"][start]
        values = columns["value"][start:end].astype(float)
        steps = np.diff(values)
        flat = _steady(columns["unit"][start], steps, values[:-1])
        moves = np.where(flat, "flat", np.where(steps > 0, "up", "down"))
        run = 1
        while run < len(moves) and moves[-run - 1] == moves[-1]:
            run += 1
        rows.append({"indicator": indicator, "breakdown": breakdown, "kind": "trend", "area_type": "LA",
                     "period": str(year), "other_period": columns["period"][start], "value": values[-1],
                     "other": values[0], "base": columns["denominator"][end - 1],
                     "other_base": columns["denominator"][start], "numerator": columns["numerator"][end - 1],
                     "change": values[-1] - values[0], "direction": moves[-1], "run": run,
                     "better": better(indicator, steps[-1] if moves[-1] != "flat" else 0, breakdown)})
    out = pd.DataFrame(rows)
    if len(out):  # over the years as a whole: is the change since the first year notable?
        units = out.indicator.map(lambda i: REGISTRY[i].unit if i in REGISTRY else "count")
        out["notable"] = notable(units, out.other, out.value, out.other_base, out.base)
    return out


def comparisons(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """This year's value against each comparator's latest published year (DfE publishes a year behind): one
    verdict per comparison, by the authority's 95% interval (see transform.intervals); a measure with no
    interval is 'similar' within a point (percentages) or 2%. A group with no fair mean that year (see
    transform.comparators) gets no verdict, and the reason."""
    own = _own_annual(table, year)
    own = own[own.period == str(year)]
    comps = table[table.area_type.isin(COMPARATORS) & (table.period.str.len() == 4) & (table.period <= str(year))]
    published = comps.dropna(subset=["value"]).sort_values("period").drop_duplicates(
        ["indicator", "breakdown", "area_type"], keep="last")
    unfair = comps[comps.value.isna() & comps.area_type.isin(GROUPS) & (comps.denominator >= 0)]
    unfair = unfair.sort_values("period").drop_duplicates(["indicator", "breakdown", "area_type"], keep="last")
    unfair = unfair[[k not in set(zip(published.indicator, published.breakdown, published.area_type))
                     for k in zip(unfair.indicator, unfair.breakdown, unfair.area_type)]]
    merged = own.merge(pd.concat([published, unfair]), on=["indicator", "breakdown"], suffixes=("", "_c"))
    if merged.empty:
        return pd.DataFrame(columns=COLUMNS)
    ci = bounds(merged.unit, merged.value, merged.numerator, merged.denominator)
    gap = merged.value - merged.value_c
    similar = np.where(merged.unit == "percent", gap.abs() < SIMILAR_POINTS,
                       (gap / merged.value_c.abs() * 100).abs() < SIMILAR_RELATIVE)
    by_size = pd.Series(np.where(similar, "similar", np.where(gap > 0, "higher", "lower")), index=merged.index)
    relation = verdict(merged.value, ci.ci_low, ci.ci_high, merged.value_c)
    relation = relation.where(ci.ci_low.notna() | merged.value_c.isna(), by_size)
    relation = relation.mask(_print_alike(merged), "similar")  # "lower than (4%)" of our 4% reads as a contradiction
    relation = _one_verdict_per_printed_value(merged, relation)
    return pd.DataFrame({
        "indicator": merged.indicator, "breakdown": merged.breakdown, "kind": "comparison",
        "area_type": merged.area_type_c, "period": str(year), "other_period": merged.period_c,
        "value": merged.value, "other": merged.value_c, "base": merged.denominator, "numerator": merged.numerator,
        "other_base": merged.denominator_c, "change": gap, "relation": relation, "ci_low": ci.ci_low,
        "ci_high": ci.ci_high,
        "better": [better(i, g if r in ("higher", "lower") else 0, b)
                   for i, b, g, r in zip(merged.indicator, merged.breakdown, gap, relation)],
        "reason": [_unfair_reason(n) if pd.isna(v) else "" for v, n in zip(merged.value_c, merged.denominator_c)],
    })


def _print_alike(merged: pd.DataFrame) -> pd.Series:
    """Where our figure and the comparator's print the same, no sentence can honestly call one higher: the
    report's precision (DfE's rounding, the one the printed figures use) decides before the interval does."""
    def alike(value, other, indicator, unit) -> bool:
        return pd.notna(value) and pd.notna(other) and _printed(value, indicator, unit) == _printed(
            other, indicator, unit)

    return pd.Series([alike(*r) for r in zip(merged.value, merged.value_c, merged.indicator, merged.unit)],
                     index=merged.index, dtype=bool)


def _printed(value, indicator: str, unit: str) -> float:
    return rounded(value, decimals(indicator, unit)) if pd.notna(value) else np.nan


def _one_verdict_per_printed_value(merged: pd.DataFrame, relation: pd.Series) -> pd.Series:
    """Two comparators that print the same value ('England (4%)', 'statistical neighbours (4%)') get one verdict:
    'similar' if either is, since the printed figures cannot show a difference from one and not the other."""
    printed = pd.Series([_printed(*r) for r in zip(merged.value_c, merged.indicator, merged.unit)], index=merged.index)
    key = [merged.indicator, merged.breakdown.fillna(""), printed]
    any_similar = (relation == "similar").groupby(key, dropna=False).transform("any")
    return relation.mask(any_similar & relation.isin(["higher", "lower"]), "similar")


def _unfair_reason(members: float) -> str:
    return (f"too few of its members published a figure to average fairly ({number_of(members)} did; DfE "
            "suppresses counts of 1 to 5 children)")


def number_of(members: float) -> str:
    return "none" if not members or pd.isna(members) else str(int(members))


def moves(changes: pd.DataFrame) -> pd.DataFrame:
    """Since last year, from the year-on-year changes (whose `notable` is the rule above)."""
    own = changes[(changes.area_type == "LA") & changes.before.notna() & changes.after.notna()]
    return pd.DataFrame({
        "indicator": own.indicator, "breakdown": own.breakdown, "kind": "move", "area_type": "LA",
        "period": own.after_period, "other_period": own.before_period, "value": own.after, "other": own.before,
        "base": own.after_base, "other_base": own.before_base, "change": own.change, "pct_change": own["pct_change"],
        "direction": own.direction, "better": own.better, "notable": own.notable, "size": own["size"],
        "scale": own.scale,
        "other_source": own.before_source, "rag": own.after_rag,
    })


def values(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every figure of the authority's this year, totals and breakdowns: what a first year, with nothing to
    compare, still says."""
    own = _own_annual(table, year)
    own = own[own.period == str(year)]
    return pd.DataFrame({"indicator": own.indicator, "breakdown": own.breakdown, "kind": "value", "area_type": "LA",
                         "period": str(year), "value": own.value, "base": own.denominator,
                         "numerator": own.numerator})


def peaks(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The highest and lowest month of each monthly measure this year (kind 'peak': value and period the highest,
    other and other_period the lowest), and the locality with the most of each measure broken down by locality
    (kind 'top_area'): what a chart of months or of localities shows."""
    months = table[(table.area_type == "LA") & (table.period.str.len() == 7) & (table.breakdown == "")
                   & (table.period.map(year_of) == year)].dropna(subset=["value"])
    rows = []
    for indicator, series in months.groupby("indicator", sort=True):
        ordered = series.sort_values(["value", "period"], ascending=[False, True])
        high, low = ordered.iloc[0], ordered.iloc[-1]
        rows.append({"indicator": indicator, "breakdown": "", "kind": "peak", "area_type": "LA", "period": high.period,
                     "value": high.value, "other_period": low.period, "other": low.value})
    local = table[(table.area_type == "LOCALITY") & (table.period == str(year)) & (table.breakdown == "")]
    local = local.dropna(subset=["value"]).sort_values(["value", "area"], ascending=[False, True])
    for indicator, series in local.groupby("indicator", sort=True):
        top = series.iloc[0]
        rows.append({"indicator": indicator, "breakdown": "", "kind": "top_area", "area_type": "LOCALITY",
                     "area": top.area, "period": str(year), "value": top.value, "numerator": top.numerator,
                     "base": top.denominator})
    return pd.DataFrame(rows)


def largest(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The largest group of each breakdown this year (the category most children are in), for breakdowns whose
    groups are shares of one whole (see transform.importance)."""
    own = _own_annual(table, year)
    own = own[(own.period == str(year)) & (own.breakdown != "") & own.indicator.map(shares_of_a_whole)]
    own = own[~own.breakdown.isin(SUMMARY_GROUPS)]
    top = own.sort_values(["value", "breakdown"], ascending=[False, True]).drop_duplicates("indicator")
    return pd.DataFrame({"indicator": top.indicator, "breakdown": top.breakdown, "kind": "largest",
                         "area_type": "LA", "period": str(year), "value": top.value, "base": top.denominator,
                         "numerator": top.numerator})


def targets(table: pd.DataFrame, year: int, configured: dict) -> pd.DataFrame:
    """Every configured target: the result and its RAG, or 'not rated' and why."""
    rows = []
    own = table[(table.area_type == "LA") & (table.period == str(year))].set_index(["indicator", "breakdown"])
    for key, t in configured.items():
        indicator, _, breakdown = key.partition(":")
        row = own.loc[(indicator, breakdown)] if (indicator, breakdown) in own.index else None
        value = np.nan if row is None else row.value
        rag = "" if row is None else row.rag
        reason = ""
        if pd.isna(value):
            reason = "no figure this year"
        elif not rag:
            comp = table[(table.indicator == indicator) & (table.breakdown == breakdown)
                         & (table.area_type == t.compare_to) & table.value.notna()]
            reason = "no comparator figure published" if comp.empty else "not rated"
        rows.append({"indicator": indicator, "breakdown": breakdown, "kind": "target", "area_type": "LA",
                     "period": str(year), "value": value, "rag": rag, "green_at": t.green_at, "amber_at": t.amber_at,
                     "higher_is_better": t.higher_is_better, "compare_to": t.compare_to or "",
                     "amber_within_pct": t.amber_within_pct, "reason": reason,
                     "base": np.nan if row is None else row.denominator})
    return pd.DataFrame(rows)


def findings(table: pd.DataFrame, changes: pd.DataFrame, year: int, configured_targets: dict) -> pd.DataFrame:
    """The tidy findings table render words (one row per indicator, breakdown, kind and comparator)."""
    parts = [trends(table, year), comparisons(table, year), moves(changes), values(table, year), peaks(table, year),
             largest(table, year),
             targets(table, year, configured_targets), representation(table, year)]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True).reindex(columns=COLUMNS)
    out["notable"] = out.notable.eq(True)
    for column in ("area", "direction", "better", "scale", "relation", "other_source", "rag", "compare_to", "reason",
                   "other_period"):
        out[column] = out[column].astype(object).where(out[column].notna(), "")
    return out
