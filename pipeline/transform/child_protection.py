"""Child protection (`cp.`): plans, conferences and their timeliness from `cp.xlsx`."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.transform.dates import CLA_AGE_BANDS, add_months, age_band, age_in_years
from pipeline.transform.registry import Rows, count, counts, indicator, percent, rate, shares, stack
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
def count_31mar(data: YearData) -> Rows:
    """Distinct children with a plan open at 31 March (CPP_START on or before 31 March, CPP_END empty or
    later)."""
    return count(len(children_on_plans_at_31_march(data)))


@indicator("cp.rate_per_10k", "rate_per_10k", PLANS, "Children on child protection plans per 10,000 children")
def rate_per_10k(data: YearData) -> Rows:
    """Children on plans at 31 March per 10,000 children aged 0-17 (ONS mid-year estimate for the
    previous mid-year)."""
    return rate(len(children_on_plans_at_31_march(data)), data.population)


@indicator("cp.count_month_end", "count", PLANS, "Children on child protection plans at each month end")
def count_month_end(data: YearData) -> Rows:
    """Distinct children with a plan open on the last day of each month, from March of the previous
    year to March (period YYYY-MM)."""
    plans = data["cp.plans"]
    return stack(*(count(plans_open_at(plans, day).child.nunique(), period=day.strftime("%Y-%m"))
                   for day in data.year.month_ends(include_previous_march=True)))


@indicator("cp.starts", "count", PLANS, "Child protection plans started")
def starts(data: YearData) -> Rows:
    """Plans starting in the year (CPP_START in the year): the authority's total and each locality's."""
    new = plans_started(data)
    by_locality = new.locality.value_counts().reindex(list(data.localities), fill_value=0)
    return stack(count(len(new)), *(count(n, area_type="LOCALITY", area=name) for name, n in by_locality.items()))


@indicator("cp.starts_rate_per_10k", "rate_per_10k", PLANS, "Child protection plans started per 10,000 children")
def starts_rate_per_10k(data: YearData) -> Rows:
    """Plans starting in the year per 10,000 children aged 0-17; localities per their own populations
    (config.yaml)."""
    new = plans_started(data)
    by_locality = new.locality.value_counts().reindex(list(data.localities), fill_value=0)
    return stack(rate(len(new), data.population),
                 *(rate(n, data.localities[name], area_type="LOCALITY", area=name) for name, n in by_locality.items()))


@indicator("cp.starts_by_month", "count", PLANS, "Child protection plans started each month")
def starts_by_month(data: YearData) -> Rows:
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


# --- conferences --------------------------------------------------------------------------------
CONFERENCES = ("cp.conferences",)


def conferences_held(data: YearData, kind: str | None = None) -> pd.DataFrame:
    conf = data["cp.conferences"]
    held = conf[data.year.contains(conf.conference_date)]
    return held if kind is None else held[held.conference_type == kind]


@indicator("cp.icpc_count", "count", CONFERENCES, "Initial child protection conferences held")
def icpc_count(data: YearData) -> Rows:
    """Initial child protection conferences (ICPCs) held in the year, whatever their outcome."""
    return count(len(conferences_held(data, "ICPC")))


@indicator("cp.icpc_conversion_pct", "percent", CONFERENCES, "Initial conferences resulting in a plan")
def icpc_conversion_pct(data: YearData) -> Rows:
    """Percentage of ICPCs held in the year whose OUTCOME was a child protection plan (CPP)."""
    icpcs = conferences_held(data, "ICPC")
    return percent((icpcs.outcome == "CPP").sum(), len(icpcs))


@indicator("cp.icpc_timely_pct", "percent", CONFERENCES, "Initial conferences within 15 working days",
           higher_is_better=True)
def icpc_timely_pct(data: YearData) -> Rows:
    """Percentage of ICPCs held in the year within 15 working days of the start of the section 47 enquiry
    (S47_START + 15 working days on or after CONFERENCE_DATE). ICPCs without S47_START are left out and
    listed as a data-quality warning."""
    icpcs = conferences_held(data, "ICPC")
    for row in icpcs[icpcs.s47_start.isna()]._row:
        data.warnings.warn("cp.xlsx", "conferences", int(row), "S47_START",
                           "ICPC has no section 47 start date: left out of ICPC timeliness")
    dated = icpcs.dropna(subset=["s47_start"])
    on_time = data.working_days(dated.s47_start, dated.conference_date) <= 15
    return percent(on_time.sum(), len(dated))


@indicator("cp.rcpc_count", "count", CONFERENCES, "Review child protection conferences held")
def rcpc_count(data: YearData) -> Rows:
    """Review child protection conferences (RCPCs) held in the year."""
    return count(len(conferences_held(data, "RCPC")))


@indicator("cp.rcpc_timely_pct", "percent", CONFERENCES, "Review conferences on time", higher_is_better=True)
def rcpc_timely_pct(data: YearData) -> Rows:
    """Percentage of review conferences (RCPCs) held in the year on time: the first within 3 calendar months
    of the ICPC, later ones within 6 calendar months of the previous conference (a month later falls back
    to the month's last day)."""
    conf = data["cp.conferences"].sort_values(["child", "conference_date"])
    previous = conf.groupby("child").conference_date.shift()
    previous_type = conf.groupby("child").conference_type.shift()
    due = add_months(previous, 3).where(previous_type == "ICPC", add_months(previous, 6))
    rcpc = (conf.conference_type == "RCPC") & data.year.contains(conf.conference_date)
    on_time = conf.conference_date <= due
    return percent((rcpc & on_time).sum(), rcpc.sum())


@indicator("cp.parents_attended_pct", "percent", CONFERENCES, "Conferences attended by a parent",
           higher_is_better=True, breakdowns=("ICPC", "RCPC"))
def parents_attended_pct(data: YearData) -> Rows:
    """Of conferences held in the year to which at least one parent was invited, the percentage attended by
    at least one parent: the total, and by conference type."""
    held = conferences_held(data)
    invited = held[held.parents_invited >= 1]
    attended = invited.parents_attended >= 1
    return stack(percent(attended.sum(), len(invited)),
                 *(percent(attended[invited.conference_type == t].sum(), (invited.conference_type == t).sum(), t)
                   for t in ("ICPC", "RCPC")))


@indicator("cp.child_advocate_pct", "percent", CONFERENCES, "Conferences where the child had an advocate",
           higher_is_better=True)
def child_advocate_pct(data: YearData) -> Rows:
    """Percentage of conferences held in the year at which the child had an advocate (CHILD_ADVOCATE = Y)."""
    held = conferences_held(data)
    return percent((held.child_advocate == "Y").sum(), len(held))


# --- the children on plans at 31 March --------------------------------------------------------
CP_AGE_BANDS = ("unborn", *CLA_AGE_BANDS)
CP_SEX = {"1": "male", "2": "female", "0": "unknown", "9": "unknown"}
CATEGORIES = ("NEG", "EMO", "PHY", "SAB", "MUL")


@indicator("cp.age_pct", "percent", PLANS, "Age of children on plans at 31 March", breakdowns=CP_AGE_BANDS)
def age_pct(data: YearData) -> Rows:
    """Percentage of children on plans at 31 March by age on 31 March; unborn children (DOB after 31 March)
    are their own band."""
    children = children_on_plans_at_31_march(data)
    return shares(age_band(age_in_years(children.dob, data.year.end)), CP_AGE_BANDS)


@indicator("cp.gender_pct", "percent", PLANS, "Sex of children on plans at 31 March",
           breakdowns=("male", "female", "unknown"))
def gender_pct(data: YearData) -> Rows:
    """Percentage of children on plans at 31 March by SEX (0 and 9, not known, mostly unborn children)."""
    return shares(children_on_plans_at_31_march(data).sex.map(CP_SEX), ("male", "female", "unknown"))


def _latest_categories(data: YearData) -> tuple[pd.Series, int]:
    """Latest categories of the children on plans at 31 March, and how many plans flag domestic abuse."""
    children = children_on_plans_at_31_march(data)
    return children.latest_category, int((children.domestic_abuse == "Y").sum())


@indicator("cp.category_count", "count", PLANS, "Children on plans at 31 March by category of abuse",
           breakdowns=(*CATEGORIES, "domestic_abuse"))
def category_count(data: YearData) -> Rows:
    """Children on plans at 31 March by the plan's latest category of abuse (LATEST_CATEGORY); also
    `domestic_abuse`, those whose plan flags domestic abuse (DOMESTIC_ABUSE = Y)."""
    categories, domestic = _latest_categories(data)
    return stack(counts(categories, CATEGORIES), count(domestic, "domestic_abuse"))


@indicator("cp.category_rate_per_10k", "rate_per_10k", PLANS, "Children on plans per 10,000 by category",
           breakdowns=(*CATEGORIES, "domestic_abuse"))
def category_rate(data: YearData) -> Rows:
    """Children on plans at 31 March by latest category (and domestic abuse) per 10,000 children aged 0-17."""
    categories, domestic = _latest_categories(data)
    tally = categories.value_counts()
    return stack(*(rate(tally.get(c, 0), data.population, c) for c in CATEGORIES),
                 rate(domestic, data.population, "domestic_abuse"))


@indicator("cp.category_pct", "percent", PLANS, "Category of abuse at 31 March",
           breakdowns=(*CATEGORIES, "domestic_abuse"))
def category_pct(data: YearData) -> Rows:
    """Percentage of children on plans at 31 March by latest category; `domestic_abuse` the percentage
    whose plan flags domestic abuse."""
    categories, domestic = _latest_categories(data)
    return stack(shares(categories, CATEGORIES), percent(domestic, len(categories), "domestic_abuse"))


@indicator("cp.initial_category_pct", "percent", PLANS, "Initial category of abuse of plans started",
           breakdowns=CATEGORIES)
def initial_category_pct(data: YearData) -> Rows:
    """Percentage of plans starting in the year by their initial category of abuse (INITIAL_CATEGORY)."""
    return shares(plans_started(data).initial_category, CATEGORIES)


# --- plans ending, and repeat plans -------------------------------------------------------------
DURATION_BANDS = ("3m_or_less", "3m_to_6m", "6m_to_1y", "1y_to_2y", "2y_plus")


def plans_ended(data: YearData) -> pd.DataFrame:
    plans = data["cp.plans"]
    return plans[data.year.contains(plans.cpp_end)]


def duration_band(plans: pd.DataFrame) -> pd.Series:
    """DfE's bands: 3 months or less (END <= START + 3 months), up to 6 months, under 1 year, under
    2 years, 2 years or more."""
    start, end = plans.cpp_start, plans.cpp_end
    return pd.Series(np.select(
        [end <= add_months(start, 3), end <= add_months(start, 6), end < add_months(start, 12),
         end < add_months(start, 24)],
        DURATION_BANDS[:4], DURATION_BANDS[4]), index=plans.index)


@indicator("cp.ended", "count", PLANS, "Child protection plans ended")
def ended(data: YearData) -> Rows:
    """Plans ending in the year (CPP_END in the year)."""
    return count(len(plans_ended(data)))


@indicator("cp.duration_ended_pct", "percent", PLANS, "Length of plans ended in the year",
           breakdowns=DURATION_BANDS)
def duration_ended_pct(data: YearData) -> Rows:
    """Plans ended in the year by length: 3 months or less (END on or before START + 3 months); more than 3
    up to 6 months; more than 6 months and less than 1 year; 1 year to less than 2 years; 2 years or more."""
    return shares(duration_band(plans_ended(data)), DURATION_BANDS)


@indicator("cp.ended_2y_plus_pct", "percent", PLANS, "Plans ended that lasted 2 years or more",
           higher_is_better=False)
def ended_2y_plus_pct(data: YearData) -> Rows:
    """Percentage of plans ended in the year that had lasted 2 years or more."""
    ended_plans = plans_ended(data)
    return percent((duration_band(ended_plans) == "2y_plus").sum(), len(ended_plans))


@indicator("cp.repeat_ever_pct", "percent", PLANS, "Plans that were a second or subsequent plan",
           higher_is_better=False)
def repeat_ever_pct(data: YearData) -> Rows:
    """Percentage of plans starting in the year for children who had a plan before (PREVIOUS_CPP of 1 or more),
    as DfE's d3 table counts them."""
    new = plans_started(data)
    return percent((new.previous_cpp >= 1).sum(), len(new))


@indicator("cp.repeat_2y_pct", "percent", PLANS, "Repeat plans within 2 years", higher_is_better=False)
def repeat_2y_pct(data: YearData) -> Rows:
    """Percentage of plans starting in the year whose child's previous plan ended within the 2 years before
    (PREVIOUS_CPP_END on or after CPP_START minus 2 years)."""
    new = plans_started(data)
    within = new.previous_cpp_end.notna() & (new.previous_cpp_end >= add_months(new.cpp_start, -24))
    return percent(within.sum(), len(new))
