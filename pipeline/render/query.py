"""Select a figure's or table's data from the indicator table, as a tidy frame of x, series and value.

The same frame draws the chart, writes the alt text, fills the spreadsheet sheet and keys the cache,
so all four always agree. Selection only: no number is computed here.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.render import labels
from pipeline.render.formats import number
from pipeline.table import year_of

TREND = "trend"  # the five reporting years to this one; the authority's own rows, else its published figure
THIS_AND_LAST = "this_and_last"  # this year and last for the authority; comparators' latest year
THIS = "this"  # this year for the authority; comparators' latest year
MONTHS = "months"  # the months of this year
MONTHS_THIS_AND_LAST = "months_this_and_last"  # months of this year and last, matched by month
COMPARATORS = ("ENGLAND", "REGION", "STAT_NEIGHBOURS", "GOOD_LAS")
ALL_AREAS = ("LA", *COMPARATORS)
FRAME_COLUMNS = ["x", "series", "value", "display", "status", "indicator", "period", "area_type", "area",
                 "breakdown", "source"]


@dataclass(frozen=True)
class Query:
    indicators: tuple[str, ...]
    periods: str = TREND
    areas: tuple[str, ...] = ("LA",)
    breakdowns: tuple[str, ...] = ("",)


def _years(year: int, n: int) -> list[str]:
    return [str(y) for y in range(year - n + 1, year + 1)]


def _months(year: int) -> list[str]:
    return [p.strftime("%Y-%m") for p in pd.period_range(f"{year - 1}-04", f"{year}-03", freq="M")]


def _own_rows(table: pd.DataFrame, periods: list[str], area_type: str) -> pd.DataFrame:
    """The authority's rows; for a trend year without local data, its published figure instead."""
    own = table[(table.area_type == area_type) & table.period.isin(periods)]
    if area_type != "LA":
        return own
    published = table[(table.area_type == "LA_PUBLISHED") & table.period.isin(periods)]
    have = set(zip(own.indicator, own.period, own.breakdown))
    fallback = published[[k not in have for k in zip(published.indicator, published.period, published.breakdown)]]
    return pd.concat([own, fallback], ignore_index=True)


def _latest(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each comparator's latest published year up to this one (DfE publishes a year behind)."""
    rows = rows[rows.period.str.len() == 4]
    rows = rows[rows.period.astype(int) <= year]
    if rows.empty:
        return rows
    latest = rows.groupby(["indicator", "area_type"]).period.transform("max")
    return rows[rows.period == latest]


def select(table: pd.DataFrame, query: Query, year: int) -> pd.DataFrame:
    """The rows a query asks for, before they are given x and series labels."""
    table = table[table.indicator.isin(query.indicators) & table.breakdown.isin(query.breakdowns)]
    own_types = [a for a in query.areas if a in ("LA", "LOCALITY")]
    comp_types = [a for a in query.areas if a in COMPARATORS]
    if query.periods == TREND:
        periods = _years(year, 5)
        comps = table[table.area_type.isin(comp_types) & table.period.isin(periods)]
    elif query.periods in (THIS_AND_LAST, THIS):
        periods = _years(year, 2 if query.periods == THIS_AND_LAST else 1)
        comps = _latest(table[table.area_type.isin(comp_types)], year)
    else:
        periods = _months(year) + (_months(year - 1) if query.periods == MONTHS_THIS_AND_LAST else [])
        comps = table.iloc[0:0]
    own = pd.concat([_own_rows(table, periods, t) for t in own_types], ignore_index=True)
    return pd.concat([own, comps], ignore_index=True)


def _area_label(row) -> str:
    if row.area_type in ("LA", "LA_PUBLISHED", "LOCALITY", "REGION"):
        return row.area
    return labels.AREA_TYPES[row.area_type]


def frame(table: pd.DataFrame, query: Query, year: int, titles: dict[str, str]) -> pd.DataFrame:
    """The tidy chart frame: x and series labels, the value and how the report prints it."""
    rows = select(table, query, year)
    if rows.empty:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    rows = rows.copy()
    area = rows.apply(_area_label, axis=1)
    many_indicators = len(query.indicators) > 1
    if query.periods == TREND:
        rows["x"] = rows.period.map(labels.year_label)
        rows["series"] = rows.indicator.map(titles) if many_indicators else area
    elif query.periods in (MONTHS, MONTHS_THIS_AND_LAST):
        rows["x"] = rows.period.map(labels.month_name)
        by_year = query.periods == MONTHS_THIS_AND_LAST
        rows["series"] = rows.period.map(lambda p: labels.year_label(str(year_of(p)))) \
            if by_year else area
    else:
        rows["x"] = rows.breakdown.map(labels.breakdown)
        with_year = rows.period.map(labels.year_label)
        rows["series"] = area + " " + with_year if query.periods == THIS_AND_LAST else area
    rows["display"] = [number(v, i, u, s) for v, i, u, s in zip(rows.value, rows.indicator, rows.unit, rows.status)]
    order = _order(rows, query, year)
    return rows.assign(_o=order).sort_values("_o", kind="stable")[FRAME_COLUMNS].reset_index(drop=True)


def _order(rows: pd.DataFrame, query: Query, year: int) -> list:
    """Stable order: the authority first, then comparators as declared; x in period or breakdown order."""
    area_rank = {a: i for i, a in enumerate(query.areas)}
    area_rank["LA_PUBLISHED"] = area_rank.get("LA", 0)
    breakdown_rank = {b: i for i, b in enumerate(query.breakdowns)}
    indicator_rank = {ind: i for i, ind in enumerate(query.indicators)}
    return [
        (area_rank.get(t, 99), -int(p[:4]) if query.periods == THIS_AND_LAST else 0, a, indicator_rank[i],
         breakdown_rank.get(b, 99), p)
        for t, p, a, i, b in zip(rows.area_type, rows.period, rows.area, rows.indicator, rows.breakdown)
    ]
