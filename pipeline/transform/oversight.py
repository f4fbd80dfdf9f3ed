"""The IRO's oversight of each child (`iro.`, and `reviews.` from the monitoring form's optional columns): an
IRO allocated promptly, kept through the year, and in touch between reviews; reviews prepared, held and
recorded well."""
from __future__ import annotations

import pandas as pd

from pipeline.extract.schema import MIDPOINT_EFFECT, REVIEW_FORMAT
from pipeline.transform.children_in_care import care_episodes, open_at, started
from pipeline.transform.registry import Rows, indicator, percent, shares
from pipeline.transform.reviews import IRU_REVIEWS, reviews_held, yes_pct
from pipeline.transform.year_data import YearData

ALLOCATIONS = ("iru.allocations",)
ALLOCATED_WITHIN = 5  # working days: the IRO Handbook (2010, para 3.19) asks for an IRO before the first review
CHANGES = ("none", "one", "two", "three_or_more")


def allocations_in_year(data: YearData) -> pd.DataFrame:
    """Allocations open at any time in the year: made by 31 March, not ended before 1 April."""
    alloc = data["iru.allocations"]
    return alloc[(alloc.date_allocated <= data.year.end)
                 & (alloc.date_ended.isna() | (alloc.date_ended >= data.year.start))]


@indicator("iro.allocated_5wd_pct", "percent", ("chic.episodes", "iru.allocations"),
           "Children allocated an IRO within 5 working days of coming into care", higher_is_better=True,
           columns=ALLOCATIONS)
def allocated_5wd_pct(data: YearData) -> Rows:
    """Of children who started to be looked after in the year (the first episode with RNE = S, short breaks
    left out), the percentage allocated an IRO within 5 working days of DECOM: the earliest allocation not
    ended before DECOM has DATE_ALLOCATED no more than 5 working days after it (one made before counts). A
    child with no allocation counts as not allocated in time."""
    starts = started(data)[["child", "decom"]]
    alloc = data["iru.allocations"].merge(starts, on="child")
    alloc = alloc[alloc.date_ended.isna() | (alloc.date_ended >= alloc.decom)]
    first = alloc.sort_values("date_allocated").drop_duplicates("child")
    days = data.working_days(first.decom, first.date_allocated.clip(lower=first.decom))
    return percent((days <= ALLOCATED_WITHIN).sum(), len(starts))


def changes_in_year(data: YearData) -> pd.Series:
    """Each child with an IRO at any time in the year: the changes of IRO in it (allocations to a different
    IRO than the one before, among those open in the year)."""
    alloc = allocations_in_year(data).sort_values(["child", "date_allocated"])
    new_iro = alloc.iro_id != alloc.groupby("child").iro_id.shift()
    return new_iro.groupby(alloc.child).sum() - 1


@indicator("iro.one_iro_pct", "percent", ("chic.episodes", "iru.allocations"),
           "Children who kept the same IRO all year", higher_is_better=True, columns=ALLOCATIONS)
def one_iro_pct(data: YearData) -> Rows:
    """Of children looked after throughout the year (in care on 1 April and on 31 March, short breaks left
    out), the percentage who had one IRO all year: no change of IRO among their allocations open in the year.
    A child with no allocation recorded did not keep one IRO."""
    episodes = care_episodes(data)
    all_year = set(open_at(episodes, data.year.start).child) & set(open_at(episodes, data.year.end).child)
    changes = changes_in_year(data).reindex(sorted(all_year))
    return percent((changes == 0).sum(), len(all_year))


@indicator("iro.changes_pct", "percent", ALLOCATIONS, "Changes of IRO in the year", breakdowns=CHANGES,
           columns=ALLOCATIONS)
def changes_pct(data: YearData) -> Rows:
    """Of children with an IRO allocated at any time in the year, the percentage with no change of IRO in it,
    one, two, or three or more (a change: an allocation to a different IRO from the one before)."""
    bands = changes_in_year(data).clip(upper=3).map(dict(enumerate(CHANGES)))
    return shares(bands, CHANGES)


@indicator("reviews.format_pct", "percent", IRU_REVIEWS, "How reviews were held", breakdowns=REVIEW_FORMAT,
           columns=("iru.reviews.FORMAT",))
def format_pct(data: YearData) -> Rows:
    """Percentage of reviews held in the year by FORMAT: in person, virtual or hybrid (a blank format counts
    in the denominator)."""
    return shares(reviews_held(data).format, REVIEW_FORMAT)


@indicator("reviews.record_issued_pct", "percent", IRU_REVIEWS, "Review records issued within 20 working days",
           higher_is_better=True, columns=("iru.reviews.RECORD_ISSUED",))
def record_issued_pct(data: YearData) -> Rows:
    """Percentage of reviews held in the year whose record was issued (RECORD_ISSUED) within the unit's
    timescale after REVIEW_DATE (team.record_issued_days working days, 20 by default); a review with no
    issue date counts as not issued in time."""
    held = reviews_held(data)
    days = data.working_days(held.review_date, held.record_issued)
    return percent((days <= int(data.settings.get("record_issued_days", 20))).sum(), len(held))


@indicator("reviews.midpoint_effect_pct", "percent", IRU_REVIEWS, "What midway checks led to",
           breakdowns=MIDPOINT_EFFECT, columns=("iru.reviews.MIDPOINT_EFFECT",))
def midpoint_effect_pct(data: YearData) -> Rows:
    """Of reviews held in the year after which the IRO checked progress midway (MIDPOINT_CHECK = Y), the
    percentage by what the check led to (MIDPOINT_EFFECT): the plan on track, actions agreed with the social
    worker, or an escalation."""
    held = reviews_held(data)
    return shares(held[held.midpoint_check == "Y"].midpoint_effect, MIDPOINT_EFFECT)


# Percentages of reviews answering Y: id -> (column, NA allowed, title).
OVERSIGHT_YES = {
    "reviews.sw_report_shared_pct": ("sw_report_shared", False, "Social worker's report shared before the review"),
    "reviews.contact_between_pct": ("iro_contact_between", True, "IRO contact with the child between reviews"),
}
for _id, (_column, _na, _title) in OVERSIGHT_YES.items():
    indicator(_id, "percent", IRU_REVIEWS, _title, higher_is_better=True,
              columns=(f"iru.reviews.{_column.upper()}",))(yes_pct(_column, _na))
