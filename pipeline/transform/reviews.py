"""Reviews of children in care, their participation, escalations (dispute resolution) and advocacy
(`reviews.`, `esc.`, `advocacy.`), from the SSDA903 extract and the unit's own records."""
from __future__ import annotations

import pandas as pd

from pipeline.extract.schema import ADVOCACY_PURPOSE, ESC_CATEGORY
from pipeline.transform.registry import Rows, count, counts, indicator, mean, percent, shares, stack
from pipeline.transform.year_data import YearData

IRU_REVIEWS = ("iru.reviews",)
PARTICIPATION_CODES = tuple(f"PN{i}" for i in range(1, 8))
NO_VIEW = ("PN4", "PN7")  # attended but views not conveyed; did not participate


def reviews_held(data: YearData) -> pd.DataFrame:
    reviews = data["iru.reviews"]
    return reviews[data.year.contains(reviews.review_date)]


def yes_pct(column: str, exclude_na: bool = False):
    """Percentage of reviews held in the year answering Y (leaving out NA answers where they may occur)."""

    def compute(data: YearData) -> Rows:
        answers = reviews_held(data)[column]
        if exclude_na:
            answers = answers[answers != "NA"]
        return percent((answers == "Y").sum(), len(answers))

    compute.__doc__ = f"Percentage of reviews held in the year with {column.upper()} = Y" + (
        ", among those not NA." if exclude_na else ".")
    return compute


@indicator("reviews.count", "count", IRU_REVIEWS, "Reviews of children in care held")
def count_reviews(data: YearData) -> Rows:
    """Looked-after reviews held in the year (the unit's review monitoring records)."""
    return count(len(reviews_held(data)))


@indicator("reviews.timely_pct", "percent", IRU_REVIEWS, "Reviews held on time", higher_is_better=True)
def timely_pct(data: YearData) -> Rows:
    """Percentage of reviews held in the year on or before their due date."""
    held = reviews_held(data)
    return percent((held.review_date <= held.due_date).sum(), len(held))


@indicator("reviews.late_reason_count", "count", IRU_REVIEWS, "Reasons reviews were late")
def late_reasons(data: YearData) -> Rows:
    """Reviews held in the year after their due date, by the reason recorded ('Not recorded' if none); the
    total is every late review."""
    held = reviews_held(data)
    late = held[held.review_date > held.due_date].late_reason.fillna("Not recorded")
    reasons = tuple(sorted(late.unique()))
    return [{"breakdown": "", "value": float(len(late))}, *counts(late, reasons)]


@indicator("reviews.participation_pct", "percent", ("chic.reviews",), "Participation of children in their reviews",
           higher_is_better=True,
           breakdowns=("participated", "did_not", "views_conveyed", "no_view", *PARTICIPATION_CODES))
def participation_pct(data: YearData) -> Rows:
    """Percentage of SSDA903 reviews held in the year, leaving out PN0 (children under 4), in which the child
    participated (PN1-PN6) or did not (PN7); separately, in which the child's views were conveyed (PN1, PN2,
    PN3, PN5 or PN6) or no view was (PN4, attended but views not conveyed, or PN7), as the IRO Handbook asks;
    also each code PN1 to PN7."""
    reviews = data["chic.reviews"]
    held = reviews[data.year.contains(reviews.review) & (reviews.review_code != "PN0")].review_code
    grouped = held.map(lambda c: "did_not" if c == "PN7" else "participated")
    conveyed = held.map(lambda c: "no_view" if c in NO_VIEW else "views_conveyed")
    return stack(shares(grouped, ("participated", "did_not")), shares(conveyed, ("views_conveyed", "no_view")),
                 shares(held, PARTICIPATION_CODES))


@indicator("reviews.chaired_pct", "percent", IRU_REVIEWS, "Reviews chaired or co-chaired by the child",
           higher_is_better=True)
def chaired_pct(data: YearData) -> Rows:
    """Percentage of reviews held in the year chaired (Y) or co-chaired (C) by the child."""
    chaired = reviews_held(data).child_chaired
    return percent(chaired.isin(("Y", "C")).sum(), len(chaired))


# Percentages of reviews answering Y: id -> (column, NA allowed, title, higher is better).
YES_MEASURES = {
    "reviews.pre_review_contact_pct": ("pre_review_contact", False, "IRO contact with the child before the review",
                                       True),
    "reviews.consulted_pct": ("consulted_on_arrangements", False, "Children consulted on review arrangements", True),
    "reviews.parent_consulted_pct": ("parent_consulted", True, "Parents consulted before the review", True),
    "reviews.midpoint_pct": ("midpoint_check", True, "Mid-point checks by the IRO", True),
    "reviews.permanence_plan_pct": ("permanence_plan", True, "Permanence plan by the second review", True),
    "reviews.placement_concern_pct": ("placement_stability_concern", False,
                                      "Reviews raising placement stability concerns", False),
    "reviews.care_plan_implemented_pct": ("care_plan_implemented", False, "Care plans implemented", True),
}
for _id, (_column, _na, _title, _better) in YES_MEASURES.items():
    indicator(_id, "percent", IRU_REVIEWS, _title, higher_is_better=_better)(yes_pct(_column, _na))


# --- escalations ------------------------------------------------------------------------------
ESCALATIONS = ("iru.escalations",)
STAGES = ("1", "2", "3", "4", "5")


def raised(data: YearData) -> pd.DataFrame:
    esc = data["iru.escalations"]
    return esc[data.year.contains(esc.date_raised)]


def resolved(data: YearData) -> pd.DataFrame:
    esc = data["iru.escalations"]
    done = esc[data.year.contains(esc.date_resolved)]
    return done.assign(working_days=data.working_days(done.date_raised, done.date_resolved))


@indicator("esc.raised", "count", ESCALATIONS, "Escalations raised by IROs", breakdowns=ESC_CATEGORY)
def esc_raised(data: YearData) -> Rows:
    """Escalations (formal dispute resolution) raised in the year: the total and by CATEGORY."""
    new = raised(data)
    return stack(count(len(new)), counts(new.category, ESC_CATEGORY))


@indicator("esc.by_stage", "count", ESCALATIONS, "Escalations by highest stage reached", breakdowns=STAGES)
def esc_by_stage(data: YearData) -> Rows:
    """Escalations raised in the year by the highest stage they reached (1 to 5)."""
    return counts(raised(data).stage.astype(str), STAGES)


@indicator("esc.raised_by_month", "count", ESCALATIONS, "Escalations raised each month")
def esc_by_month(data: YearData) -> Rows:
    """Escalations raised in each month of the year (period YYYY-MM)."""
    months = raised(data).date_raised.dt.strftime("%Y-%m").value_counts().reindex(data.year.months(), fill_value=0)
    return stack(*(count(n, period=m) for m, n in months.items()))


@indicator("esc.open_31mar", "count", ESCALATIONS, "Escalations still open at 31 March")
def esc_open(data: YearData) -> Rows:
    """Escalations raised on or before 31 March and not resolved by then."""
    esc = data["iru.escalations"]
    return count(((esc.date_raised <= data.year.end)
                  & (esc.date_resolved.isna() | (esc.date_resolved > data.year.end))).sum())


@indicator("esc.resolved_within_20wd_pct", "percent", ESCALATIONS, "Escalations resolved within 20 working days",
           higher_is_better=True)
def esc_resolved_within_20wd(data: YearData) -> Rows:
    """Of escalations resolved in the year, the percentage resolved within 20 working days of being raised
    (weekends and England and Wales bank holidays excluded)."""
    done = resolved(data)
    return percent((done.working_days <= 20).sum(), len(done))


@indicator("esc.mean_working_days", "working_days", ESCALATIONS, "Average working days to resolve an escalation",
           higher_is_better=False)
def esc_mean_working_days(data: YearData) -> Rows:
    """Mean working days from raised to resolved, for escalations resolved in the year."""
    return mean(resolved(data).working_days)


# --- advocacy ----------------------------------------------------------------------------------
@indicator("advocacy.requests", "count", ("iru.advocacy",), "Advocacy requests")
def advocacy_requests(data: YearData) -> Rows:
    """Requests for an advocate received in the year."""
    adv = data["iru.advocacy"]
    return count(data.year.contains(adv.request_date).sum())


@indicator("advocacy.requests_pct", "percent", ("iru.advocacy",), "Advocacy requests by purpose",
           breakdowns=ADVOCACY_PURPOSE)
def advocacy_requests_pct(data: YearData) -> Rows:
    """Percentage of advocacy requests received in the year by PURPOSE."""
    adv = data["iru.advocacy"]
    return shares(adv[data.year.contains(adv.request_date)].purpose, ADVOCACY_PURPOSE)
