"""Child protection (`cp.`): plans, conferences and their timeliness from `cp.xlsx`."""
from __future__ import annotations

import pandas as pd

from pipeline.transform.registry import count, indicator, rate, stack
from pipeline.transform.year_data import YearData

PLANS = ("cp.plans",)


def plans_open_at(plans: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Plans open on a day: started on or before it, not ended on or before it."""
    return plans[(plans.cpp_start <= day) & (plans.cpp_end.isna() | (plans.cpp_end > day))]


def children_on_plans_at_31_march(data: YearData) -> pd.DataFrame:
    """One row per child with a plan open at 31 March (their latest plan, if several)."""

    def compute() -> pd.DataFrame:
        open_plans = plans_open_at(data["cp.plans"], data.year.end).sort_values(["child", "cpp_start"])
        return open_plans.drop_duplicates("child", keep="last")

    return data.once("cp_31mar", compute)


def plans_started(data: YearData) -> pd.DataFrame:
    plans = data["cp.plans"]
    return plans[data.year.contains(plans.cpp_start)]


@indicator("cp.count_31mar", "count", PLANS, "Children on child protection plans at 31 March")
def count_31mar(data: YearData) -> pd.DataFrame:
    """Distinct children with a plan open at 31 March (CPP_START on or before 31 March, CPP_END empty or
    later)."""
    return count(len(children_on_plans_at_31_march(data)))


@indicator("cp.rate_per_10k", "rate_per_10k", PLANS, "Children on child protection plans per 10,000 children")
def rate_per_10k(data: YearData) -> pd.DataFrame:
    """Children on plans at 31 March per 10,000 children aged 0-17 (ONS mid-year estimate for the
    previous mid-year)."""
    return rate(len(children_on_plans_at_31_march(data)), data.population)


@indicator("cp.count_month_end", "count", PLANS, "Children on child protection plans at each month end")
def count_month_end(data: YearData) -> pd.DataFrame:
    """Distinct children with a plan open on the last day of each month, from March of the previous
    year to March (period YYYY-MM)."""
    plans = data["cp.plans"]
    return stack(*(count(plans_open_at(plans, day).child.nunique(), period=day.strftime("%Y-%m"))
                   for day in data.year.month_ends(include_previous_march=True)))


@indicator("cp.starts", "count", PLANS, "Child protection plans started")
def starts(data: YearData) -> pd.DataFrame:
    """Plans starting in the year (CPP_START in the year): the authority's total and each locality's."""
    new = plans_started(data)
    by_locality = new.locality.value_counts().reindex(list(data.localities), fill_value=0)
    return stack(count(len(new)), *(count(n, area_type="LOCALITY", area=name) for name, n in by_locality.items()))


@indicator("cp.starts_rate_per_10k", "rate_per_10k", PLANS, "Child protection plans started per 10,000 children")
def starts_rate_per_10k(data: YearData) -> pd.DataFrame:
    """Plans starting in the year per 10,000 children aged 0-17; localities per their own populations
    (config.yaml)."""
    new = plans_started(data)
    by_locality = new.locality.value_counts().reindex(list(data.localities), fill_value=0)
    return stack(rate(len(new), data.population),
                 *(rate(n, data.localities[name], area_type="LOCALITY", area=name) for name, n in by_locality.items()))


@indicator("cp.starts_by_month", "count", PLANS, "Child protection plans started each month")
def starts_by_month(data: YearData) -> pd.DataFrame:
    """Plans starting in each month of the year (period YYYY-MM): the authority's total and each
    locality's."""
    new = plans_started(data).assign(month=lambda p: p.cpp_start.dt.strftime("%Y-%m"))
    months = data.year.months()
    total = new.month.value_counts().reindex(months, fill_value=0)
    rows = [count(n, period=m) for m, n in total.items()]
    grid = new.groupby(["locality", "month"]).size()
    for name in data.localities:
        for m in months:
            rows.append(count(grid.get((name, m), 0), period=m, area_type="LOCALITY", area=name))
    return stack(*rows)
