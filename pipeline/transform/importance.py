"""How much each indicator matters to the report's readers, declared once: headline, supporting or detail,
the area of the service it belongs to, and, for a breakdown, whether its groups are shares of one whole.

Key messages, "What improved most / worsened most" and the chart titles' messages take headline measures
first, then supporting ones, then detail, at most two per area; the executive summary always covers the
measures in ALWAYS, whatever moved. An indicator not named here is detail.
"""
from __future__ import annotations

HEADLINE, SUPPORTING, DETAIL = "headline", "supporting", "detail"
RANK = {HEADLINE: 0, SUPPORTING: 1, DETAIL: 2}
PER_AREA = 2

TIERS = {
    HEADLINE: ("chic.count_31mar", "chic.rate_per_10k", "reviews.timely_pct", "reviews.participation_pct",
               "cp.count_31mar", "cp.starts", "cp.rate_per_10k", "cp.icpc_timely_pct", "cp.rcpc_timely_pct",
               "cp.repeat_2y_pct", "lado.referrals", "lado.meeting_timely_pct", "leavers.activity_pct",
               "iru.iro_caseload", "iru.isro_caseload", "esc.resolved_within_20wd_pct"),
    SUPPORTING: ("chic.starts", "chic.ceased", "chic.health_pct", "chic.sdq_concern_pct", "leavers.in_touch_pct",
                 "reviews.count", "reviews.chaired_pct", "reviews.pre_review_contact_pct", "esc.raised",
                 "esc.mean_working_days", "cp.starts_rate_per_10k", "cp.icpc_count", "cp.rcpc_count","cp.icpc_conversion_pct",
                 "cp.ended_2y_plus_pct", "cp.repeat_ever_pct", "cp.parents_attended_pct", "lado.final_outcome_count",
                 "iru.fte", "advocacy.requests"),
}

AREAS = {  # the area each group of indicators belongs to, by the id's prefix
    "chic": "children in care", "leavers": "children in care", "reviews": "reviews and participation",
    "esc": "reviews and participation", "advocacy": "reviews and participation", "cp": "child protection",
    "lado": "LADO", "iru": "the service",
}

# What the executive summary always covers: the number in care, review timeliness, participation, CP demand
# and LADO activity (the breakdown, where the measure is one group of a breakdown).
ALWAYS = (("chic.count_31mar", ""), ("reviews.timely_pct", ""), ("reviews.participation_pct", "participated"),
          ("cp.starts", ""), ("lado.referrals", ""))

# A rate per 10,000 says what its count says: one of the two in a list of messages.
TWINS = {"chic.rate_per_10k": "chic.count_31mar", "cp.rate_per_10k": "cp.count_31mar",
         "cp.starts_rate_per_10k": "cp.starts"}

# Groups of a breakdown whose direction is known though the measure's is not (higher is better: True).
BETTER_GROUPS = {
    ("leavers.activity_pct", "eet"): True, ("leavers.activity_pct", "neet"): False,
    ("reviews.participation_pct", "participated"): True, ("reviews.participation_pct", "did_not"): False,
    ("reviews.participation_pct", "views_conveyed"): True, ("reviews.participation_pct", "no_view"): False,
    ("chic.health_pct", "immunisations"): True, ("chic.health_pct", "dental"): True,
    ("chic.health_pct", "health_assessment"): True, ("chic.health_pct", "development"): True,
}

# Breakdowns whose groups together make one whole (every child, plan or referral is in one group), so that
# 'the largest group' means something; any other breakdown is a set of separate measures.
SHARES_OF_A_WHOLE = (
    "chic.legal_status_pct", "chic.age_pct", "chic.starts_age_pct", "chic.gender_pct", "chic.ethnicity_pct",
    "chic.ceased_reason_pct", "chic.substance_intervention_pct", "leavers.activity_pct", "reviews.participation_pct",
    "cp.age_pct", "cp.gender_pct", "cp.category_pct", "cp.initial_category_pct", "cp.duration_ended_pct",
    "cp.category_count", "lado.referral_outcome_pct", "lado.allegation_type_pct", "lado.subject_sector_pct",
    "lado.source_count", "lado.final_outcome_count", "advocacy.requests_pct", "esc.raised", "esc.by_stage",
    "reviews.late_reason_count", "iru.staff_gender_pct", "iru.staff_ethnicity_pct", "iru.headcount", "iru.fte",
)

# What a count counts, so that every number has its unit ('57 referrals', '2.1 FTE').
NOUNS = {
    "lado.referrals": "referrals", "lado.source_count": "referrals", "lado.final_outcome_count": "allegations",
    "esc.raised": "escalations", "esc.by_stage": "escalations", "esc.open_31mar": "escalations",
    "esc.raised_by_month": "escalations", "reviews.late_reason_count": "late reviews", "reviews.count": "reviews",
    "cp.category_count": "children", "cp.count_31mar": "children", "cp.count_month_end": "children",
    "cp.starts": "plans", "cp.starts_by_month": "plans", "cp.ended": "plans", "cp.icpc_count": "conferences",
    "cp.rcpc_count": "conferences",
    "chic.count_31mar": "children", "chic.starts": "children", "chic.ceased": "children", "chic.uasc_count": "children",
    "advocacy.requests": "requests", "iru.fte": "FTE", "iru.headcount": "people", "iru.locum_count": "locums",
    "esc.mean_working_days": "working days", "iru.iro_caseload": "children per IRO",
    "iru.isro_caseload": "children per ISRO",
    "cp.icpc_late_reason_count": "late conferences", "esc.resolved_stage": "escalations",
    "esc.outcome": "escalations", "esc.median_working_days": "working days",
    "esc.median_days_to_actions": "working days", "lado.concluded_median_wd": "working days",
    "lado.over_12_months": "cases", "lado.subject_phase_count": "contacts",
}


def tier(indicator: str) -> str:
    return next((t for t, ids in TIERS.items() if indicator in ids), DETAIL)


def area(indicator: str) -> str:
    return AREAS.get(indicator.split(".")[0], "the service")


def shares_of_a_whole(indicator: str) -> bool:
    return indicator in SHARES_OF_A_WHOLE


def noun(indicator: str) -> str:
    return NOUNS.get(indicator, "")
