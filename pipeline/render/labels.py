"""Words for ids: breakdowns, area types and periods, as the report prints them."""
from __future__ import annotations

import calendar

BREAKDOWNS = {
    "care_order": "Care order", "placement_order": "Placement order", "s20": "Section 20",
    "youth_justice": "Youth justice", "emergency": "Emergency protection",
    "under_1": "Under 1", "1_4": "1 to 4", "5_9": "5 to 9", "10_15": "10 to 15", "16_plus": "16 and over",
    "unborn": "Unborn", "male": "Male", "female": "Female", "unknown": "Not known",
    "white": "White", "mixed": "Mixed", "asian": "Asian", "black": "Black", "other": "Other",
    "not_known": "Not known",
    "adopted": "Adopted", "special_guardianship": "Special guardianship", "child_arrangements": "Child arrangements",
    "returned_home": "Returned home", "independent_living": "Independent living", "staying_put": "Staying put",
    "custody": "Custody",
    "immunisations": "Immunisations", "dental": "Dental check", "health_assessment": "Health assessment",
    "development": "Development check",
    "received": "Received", "refused": "Refused", "not_offered": "Not offered",
    "eet": "In education, employment or training", "neet": "Not in education, employment or training",
    "no_information": "No information",
    "participated": "Participated", "did_not": "Did not participate",
    "views_conveyed": "Views conveyed", "no_view": "No view conveyed",
    "NEG": "Neglect", "EMO": "Emotional abuse", "PHY": "Physical abuse", "SAB": "Sexual abuse", "MUL": "Multiple",
    "domestic_abuse": "Domestic abuse",
    "ICPC": "Initial conferences", "RCPC": "Review conferences",
    "IRO": "IROs", "ISRO": "ISROs", "LADO": "LADOs", "MANAGER": "Managers",
    "3m_or_less": "3 months or less", "3m_to_6m": "3 to 6 months", "6m_to_1y": "6 months to 1 year",
    "1y_to_2y": "1 to 2 years", "2y_plus": "2 years or more",
    "NFA": "No further action", "WAM": "Words of advice meeting", "MAS": "Strategy meeting",
    "WIP": "Still being considered", "CLA_REVIEW": "Child in care review",
    "CP_CONFERENCE": "Child protection conference",
    # DfE's participation codes for reviews (SSDA903): the codes themselves appear only in the definitions
    "PN0": "Child under 4", "PN1": "Spoke for themselves", "PN2": "Advocate spoke for them",
    "PN3": "Conveyed views non-verbally", "PN4": "Attended, views not conveyed", "PN5": "Briefed an advocate",
    "PN6": "Sent their views another way", "PN7": "Views not conveyed",
}
# The evidence measures of issue 23 (kept apart, so a change above and one here never meet)
BREAKDOWNS |= {
    "1_month": "Within 1 month", "3_months": "Within 3 months", "12_months": "Within 12 months",
    "none": "No change of IRO", "one": "One change", "two": "Two changes", "three_or_more": "Three or more",
    "PLACEMENT_OR_SERVICE": "Placement or service secured", "TIMESCALE_MET": "Delayed work done",
    "FE": "Further education", "INDEPENDENT": "Independent school", "SPECIAL": "Special school",
    "CONSULTATION": "Consultation (advice)", "REFERRAL": "Referral (threshold met)",
}

AREA_TYPES = {"ENGLAND": "England", "STAT_NEIGHBOURS": "Statistical neighbours", "GOOD_LAS": "'Good' authorities"}


def breakdown(code: str) -> str:
    if not code:
        return "All"
    if code.isdigit():
        return f"Stage {code}"
    if code in BREAKDOWNS:
        return BREAKDOWNS[code]
    if code != code.upper() or any(c.isdigit() for c in code):  # typed reasons (and codes without a label) as typed
        return code
    return code.replace("_", " ").capitalize()


def year_label(period: str) -> str:
    """'2025' -> '2024-25'; a month '2024-07' -> 'Jul 2024'."""
    if len(period) == 4:
        y = int(period)
        return f"{y - 1}-{str(y)[2:]}"
    return f"{calendar.month_abbr[int(period[5:7])]} {period[:4]}"


def span(periods) -> str:
    """The years (or, with none, the months) a set of periods covers: '2020-21 to 2024-25', '2023-24'."""
    years = sorted({p for p in periods if len(p) == 4})
    if not years:
        months = sorted(periods)
        return f"{year_label(months[0])} to {year_label(months[-1])}" if months else ""
    return year_label(years[0]) if len(years) == 1 else f"{year_label(years[0])} to {year_label(years[-1])}"


def month_name(period: str) -> str:
    return calendar.month_abbr[int(period[5:7])]
