"""Comparator rows from the published files: the authority's published figure, England, its region,
its statistical neighbours and 'Good' authorities.

Group figures are unweighted means of the members' published values (the LAIT method), ignoring
suppressed members; the number of members used is recorded in `denominator`.
"""
from __future__ import annotations

import pandas as pd

from pipeline.config import Authority

NOT_AVERAGED = ("population.",)  # a mean population means nothing


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
    grouped = la.groupby(keys, sort=True)
    out = grouped.agg(value=("value", "mean"), denominator=("value", "count"),
                      source=("source", lambda s: "; ".join(sorted(set(s))))).reset_index()
    out["status"] = out.value.isna().map({True: "x", False: ""})
    out["area_type"] = area_type
    out["area"] = area
    return out


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
