"""Select a figure's or table's data from the indicator table, as a tidy frame of x, series and value.

The same frame draws the chart, writes the alt text, fills the spreadsheet sheet and keys the cache,
so all four always agree. Selection and labelling only: no number is computed here.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.config import TREND_YEARS
from pipeline.render import labels
from pipeline.render.formats import number
from pipeline.table import year_of

TREND = "trend"  # the five reporting years to this one; the authority's own rows, else its published figure
LAST_THREE = "last_three"  # this year and the two before, for the authority; comparators' latest year
THIS_AND_LAST = "this_and_last"  # this year and last for the authority; comparators' latest year
THIS = "this"  # this year for the authority; comparators' latest year
MONTHS = "months"  # the months of this year
MONTHS_THIS_AND_LAST = "months_this_and_last"  # months of this year and last, matched by month
YEARS = {TREND: TREND_YEARS, LAST_THREE: 3, THIS_AND_LAST: 2, THIS: 1}
COMPARATORS = ("ENGLAND", "REGION", "STAT_NEIGHBOURS", "GOOD_LAS")
ALL_AREAS = ("LA", *COMPARATORS)
DIMENSIONS = ("period", "year", "area", "area_period", "breakdown", "indicator", "indicator_period",
              "indicator_breakdown")
TOTAL = "Total"
FRAME_COLUMNS = ["x", "series", "value", "display", "status", "indicator", "period", "area_type", "area",
                 "breakdown", "unit", "source", "numerator", "denominator"]


@dataclass(frozen=True)
class Query:
    indicators: tuple[str, ...]
    periods: str = TREND
    areas: tuple[str, ...] = ("LA",)
    breakdowns: tuple[str, ...] | None = ("",)  # None: every named breakdown (free-text ones, e.g. reasons)
    x: str = "period"
    series: str = "area"
    total: bool = False  # with breakdowns=None: the total row too, labelled Total and placed last


@dataclass(frozen=True)
class Selection:
    """A figure's or table's frame, the hash of the data it is drawn from, and its caption."""
    frame: pd.DataFrame
    hash: str
    caption: str


def _years(year: int, n: int) -> list[str]:
    return [str(y) for y in range(year - n + 1, year + 1)]


def _months(year: int) -> list[str]:
    return [p.strftime("%Y-%m") for p in pd.period_range(f"{year - 1}-04", f"{year}-03", freq="M")]


def _own_rows(table: pd.DataFrame, periods: list[str], area_type: str) -> pd.DataFrame:
    """The authority's rows; for a year without local data, its published figure instead."""
    own = table[(table.area_type == area_type) & table.period.isin(periods)]
    if area_type != "LA":
        return own
    published = table[(table.area_type == "LA_PUBLISHED") & table.period.isin(periods)]
    have = set(zip(own.indicator, own.period, own.breakdown))
    fallback = published[[k not in have for k in zip(published.indicator, published.period, published.breakdown)]]
    return pd.concat([own, fallback], ignore_index=True)


def _latest(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each comparator's latest published year up to this one (DfE publishes a year behind)."""
    rows = rows[(rows.period.str.len() == 4) & (rows.period <= str(year))]
    if rows.empty:
        return rows
    latest = rows.groupby(["indicator", "area_type"]).period.transform("max")
    return rows[rows.period == latest]


def select(table: pd.DataFrame, query: Query, year: int) -> pd.DataFrame:
    """The rows a query asks for, before they are labelled."""
    if query.breakdowns is None:
        wanted = (table.breakdown != "") | query.total
    else:
        wanted = table.breakdown.isin(query.breakdowns)
    table = table[table.indicator.isin(query.indicators) & wanted]
    own_types = [a for a in query.areas if a in ("LA", "LOCALITY")]
    comp_types = [a for a in query.areas if a in COMPARATORS]
    if query.periods in YEARS:
        periods = _years(year, YEARS[query.periods])
        comps = table[table.area_type.isin(comp_types)]
        comps = comps[comps.period.isin(periods)] if query.periods == TREND else _latest(comps, year)
    else:
        periods = _months(year) + (_months(year - 1) if query.periods == MONTHS_THIS_AND_LAST else [])
        comps = table.iloc[0:0]
    own = [_own_rows(table, periods, t) for t in own_types]
    return pd.concat([*own, comps], ignore_index=True)


def area_label(area_type: str, area: str) -> str:
    return area if area_type in ("LA", "LA_PUBLISHED", "LOCALITY", "REGION") else labels.AREA_TYPES[area_type]


def _period_label(period: str) -> str:
    return labels.year_label(period) if len(period) == 4 else labels.month_name(period)


def _labels(rows: pd.DataFrame, dimension: str, titles: dict[str, str], total: bool = False) -> list[str]:
    """One label per row for a dimension of the frame (its x or its series)."""
    if dimension == "period":
        return [_period_label(p) for p in rows.period]
    if dimension == "year":
        return [labels.year_label(str(year_of(p))) for p in rows.period]
    if dimension in ("area", "area_period"):
        areas = [area_label(t, a) for t, a in zip(rows.area_type, rows.area)]
        if dimension == "area":
            return areas
        return [f"{a} {labels.year_label(p) if len(p) == 4 else p}" for a, p in zip(areas, rows.period)]
    if dimension == "breakdown":
        return [labels.breakdown(b) if b or not total else TOTAL for b in rows.breakdown]
    if dimension == "indicator":
        return [titles[i] for i in rows.indicator]
    if dimension == "indicator_period":
        return [f"{titles[i]}, {_period_label(p)}" for i, p in zip(rows.indicator, rows.period)]
    return [titles[i] if not b else f"{titles[i]}: {labels.breakdown(b)}" for i, b in zip(rows.indicator,
                                                                                         rows.breakdown)]


def frame(table: pd.DataFrame, query: Query, year: int, titles: dict[str, str]) -> pd.DataFrame:
    """The tidy frame: x and series labels, the value and how the report prints it."""
    rows = select(table, query, year)
    if rows.empty:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    out = rows.assign(x=_labels(rows, query.x, titles, query.total),
                      series=_labels(rows, query.series, titles, query.total))
    out["display"] = [number(v, i, u, s) for v, i, u, s in zip(out.value, out.indicator, out.unit, out.status)]
    order = _order(out, query)
    return out.assign(_o=order).sort_values("_o", kind="stable")[FRAME_COLUMNS].reset_index(drop=True)


def _order(rows: pd.DataFrame, query: Query) -> list:
    """Stable order: the authority first (this year first), then comparators as declared; x in period,
    breakdown or indicator order as declared."""
    area_rank = {a: i for i, a in enumerate(query.areas)}
    area_rank["LA_PUBLISHED"] = area_rank.get("LA", 0)
    breakdown_rank = {b: i for i, b in enumerate(query.breakdowns or [*sorted(set(rows.breakdown) - {""}), ""])}
    indicator_rank = {ind: i for i, ind in enumerate(query.indicators)}
    newest_first = query.series in ("area_period", "indicator_period", "period", "year") and query.x != "period"
    return [
        (area_rank.get(t, 99), a if t == "LOCALITY" else "", -year_of(p) if newest_first else 0,
         indicator_rank[i], breakdown_rank.get(b, 99), p)
        for t, p, a, i, b in zip(rows.area_type, rows.period, rows.area, rows.indicator, rows.breakdown)
    ]


def grid(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """x down, series across, in the frame's own order: a chart's data or a table's cells (the first
    value where a cell has several; NaN where it has none)."""
    xs, series = list(dict.fromkeys(frame.x)), list(dict.fromkeys(frame.series))
    cells: dict = {}
    for x, s, v in zip(frame.x, frame.series, frame[column]):
        cells.setdefault((x, s), v)
    return pd.DataFrame([[cells.get((x, s), np.nan) for s in series] for x in xs], index=xs, columns=series)
