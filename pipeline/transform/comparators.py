"""Comparator rows from the published files: the authority's published figure, England, its region,
its statistical neighbours and 'Good' authorities.

Group figures are unweighted means of the members' published values (the LAIT method); the number of
members used is recorded in `denominator`. DfE's `c` means 1 to 5 children, never 0, so a mean that
left suppressed members out would lean towards 0 (or away from it): a group mean is given only when at
least half its members, and at least MIN_MEMBERS (or all of a smaller group), publish a figure, and, for
a count, only when counting each suppressed member as 1 and as 5 gives means less than one child apart (the
mean is then the middle of the two). Otherwise the
group has no figure (status x) and the findings say why.
"""
from __future__ import annotations

import pandas as pd

from pipeline.config import Authority

NOT_AVERAGED = ("population.",)  # a mean population means nothing
MIN_MEMBERS = 3
SUPPRESSED_LOW, SUPPRESSED_HIGH = 1, 5  # what DfE's c stands for, in children


def unit_of(indicator: str) -> str:
    """The unit of a published measure, from the naming convention of the catalogue."""
    if indicator.endswith("_pct"):
        return "percent"
    if "rate_per_10k" in indicator:
        return "rate_per_10k"
    if indicator.endswith("_mean"):
        return "score"
    return "count"


def _rows(frame: pd.DataFrame, area_type: str, area: str) -> pd.DataFrame:
    out = frame[["indicator", "period", "breakdown", "value", "status", "source"]].copy()
    out["area_type"] = area_type
    out["area"] = area
    return out


def _group_mean(published: pd.DataFrame, members: list[int], area_type: str, area: str) -> pd.DataFrame:
    la = published[(published.level == "LA") & published.old_la_code.isin(members)]
    la = la[~la.indicator.str.startswith(NOT_AVERAGED)]
    if la.empty:
        return pd.DataFrame()
    keys = ["indicator", "period", "breakdown"]
    grouped = la.assign(suppressed=la.status.eq("c")).groupby(keys, sort=True)
    out = grouped.agg(value=("value", "mean"), total=("value", "sum"), denominator=("value", "count"),
                      suppressed=("suppressed", "sum"),
                      source=("source", lambda s: "; ".join(sorted(set(s))))).reset_index()
    out["value"] = _fair_mean(out, len(set(members)))
    out["status"] = out.value.isna().map({True: "x", False: ""})
    out = out.drop(columns=["total", "suppressed"])
    out["area_type"] = area_type
    out["area"] = area
    return out


def _fair_mean(groups: pd.DataFrame, size: int) -> pd.Series:
    """Each group's mean where it is honest (the rule in the module's docstring), else NaN; a count's with its
    suppressed members counted as 3, the middle of 1 to 5, where the two ends are less than one child apart."""
    enough = (groups.denominator >= min(MIN_MEMBERS, size)) & (groups.denominator * 2 >= size)
    used = groups.denominator + groups.suppressed
    low = (groups.total + SUPPRESSED_LOW * groups.suppressed) / used
    high = (groups.total + SUPPRESSED_HIGH * groups.suppressed) / used
    counted = groups.indicator.map(unit_of) == "count"
    value = groups.value.where(~counted | (groups.suppressed == 0), (low + high) / 2)
    return value.where(enough & (~counted | (groups.suppressed == 0) | (high - low < 1)))


def comparator_rows(published: pd.DataFrame, authority: Authority, groups: dict[str, list[int]],
                    periods: list[str]) -> pd.DataFrame:
    """Every comparator row for the given periods, in the indicator table's columns."""
    published = published[published.period.isin(periods)]
    own = published[(published.level == "LA") & ((published.old_la_code == authority.old_la_code)
                                                  | (published.new_code == authority.new_la_code))]
    region = published[(published.level == "REGION")
                       & (published.name.str.casefold() == authority.region.casefold())]
    parts = [
        _rows(own, "LA_PUBLISHED", authority.name),
        _rows(published[published.level == "NATIONAL"], "ENGLAND", "England"),
        _rows(region, "REGION", authority.region),
        _group_mean(published, groups.get("statistical_neighbours", []), "STAT_NEIGHBOURS", "Statistical neighbours"),
        _group_mean(published, groups.get("good_authorities", []), "GOOD_LAS", "'Good' authorities"),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    out["unit"] = out.indicator.map(unit_of)
    return out
