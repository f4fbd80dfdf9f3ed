"""The unit itself (`iru.`): staff in post at 31 March and caseloads."""
from __future__ import annotations

import pandas as pd

from pipeline.extract.schema import ETHNIC_GROUP, ROLE
from pipeline.transform.child_protection import children_on_plans_at_31_march
from pipeline.transform.children_in_care import ETHNIC_GROUPS, looked_after_at_31_march
from pipeline.transform.registry import Rows, count, counts, indicator, ratio, shares, stack
from pipeline.transform.year_data import YearData

STAFF = ("iru.staff",)


def in_post(data: YearData) -> pd.DataFrame:
    """Staff in post at 31 March: started on or before it, and no end date or one on or after it."""
    staff = data["iru.staff"]
    end = data.year.end
    return staff[(staff.start_date <= end) & (staff.end_date.isna() | (staff.end_date >= end))]


def fte(data: YearData, role: str) -> float:
    return float(in_post(data).query("role == @role").fte.sum())


@indicator("iru.fte", "fte", STAFF, "Staff in post at 31 March (full-time equivalent)", breakdowns=ROLE)
def fte_by_role(data: YearData) -> Rows:
    """Full-time equivalent staff in post at 31 March (START_DATE on or before it, END_DATE empty or on or
    after it), by role."""
    return stack(*(count(fte(data, role), role) for role in ROLE))


@indicator("iru.headcount", "count", STAFF, "Staff in post at 31 March (people)", breakdowns=ROLE)
def headcount(data: YearData) -> Rows:
    """People in post at 31 March, by role."""
    return counts(in_post(data).role, ROLE)


@indicator("iru.locum_count", "count", STAFF, "Locum staff in post at 31 March")
def locums(data: YearData) -> Rows:
    """People in post at 31 March who are locums (LOCUM = Y)."""
    return count((in_post(data).locum == "Y").sum())


@indicator("iru.staff_gender_pct", "percent", STAFF, "Staff in post by sex", breakdowns=("male", "female"))
def staff_gender(data: YearData) -> Rows:
    """Percentage of people in post at 31 March by SEX (blank counts in the denominator)."""
    return shares(in_post(data).sex.map({"M": "male", "F": "female"}), ("male", "female"))


@indicator("iru.staff_ethnicity_pct", "percent", STAFF, "Staff in post by ethnic group", breakdowns=ETHNIC_GROUPS)
def staff_ethnicity(data: YearData) -> Rows:
    """Percentage of people in post at 31 March by ethnic group (as for children; blank is not known)."""
    groups = in_post(data).ethnic.map(ETHNIC_GROUP).fillna("not_known")
    return shares(groups, ETHNIC_GROUPS)


@indicator("iru.iro_caseload", "ratio", ("iru.staff", "chic.episodes"), "Children in care per full-time IRO",
           higher_is_better=False)
def iro_caseload(data: YearData) -> Rows:
    """Children in care at 31 March divided by the IRO full-time equivalent in post at 31 March."""
    return ratio(len(looked_after_at_31_march(data)), fte(data, "IRO"))


@indicator("iru.isro_caseload", "ratio", ("iru.staff", "cp.plans"), "Children on plans per full-time ISRO",
           higher_is_better=False)
def isro_caseload(data: YearData) -> Rows:
    """Children on child protection plans at 31 March divided by the ISRO full-time equivalent in post."""
    return ratio(len(children_on_plans_at_31_march(data)), fte(data, "ISRO"))
