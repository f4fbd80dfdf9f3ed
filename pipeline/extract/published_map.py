"""Which published numbers the report uses, and what it calls them.

Kept as data so that next year's relabelling by DfE is a one-line change here, not a code change:
each record names a file family, the rows (filter column = one of some labels) and the column that
holds the number. Labels and column names are compared case-insensitively, ignoring extra spaces.
Percentages are published on a 0–100 scale and kept so.
"""
from __future__ import annotations

from dataclasses import dataclass

Where = tuple[tuple[str, tuple[str, ...]], ...]  # (column, labels any of which selects a row)

# File families: file-name stem prefixes, so `…_2013_to_2026.csv` still matches next year.
# The la_ and national_ versions of a file share a family (same columns, less the area ones).
EES_FILES: dict[str, tuple[str, ...]] = {
    "cla_rates": ("cla_number_and_rate_per_10k_children",),
    "cla_31mar": ("la_cla_on_31_march_by_characteristics", "national_cla_on_31_march_by_characteristics"),
    "cla_started": ("la_children_who_started_to_be_looked_after_during_the_year",
                    "national_cla_started_to_be_looked_after"),
    "cla_ceased": ("la_children_who_ceased_during_the_year",
                   "national_children_who_ceased_to_be_looked_after_during_the_year"),
    "cla_health": ("la_conviction_health_outcome_cla",),
    "leavers_activity": ("la_care_leavers_activity",),
    "leavers_intouch": ("la_care_leavers_intouch",),
    "cp_repeat": ("d3_cpps_subsequent_plan_",),
    "cp_duration": ("d5_cpps_at31march_by_duration_",),
    "cin": ("b1_children_in_need_",),
    "population": ("ons_mid-year_population_estimates_",),
}
LAIT_FILES = ("bds_long",)  # bds_long_0.parquet, or a CSV of the same columns


@dataclass(frozen=True)
class Cell:
    """One published value per area and year: the row selected by `where`, in the first of
    `columns` the file has (older releases name `children_count` as `number`)."""

    family: str
    indicator: str
    columns: tuple[str, ...]
    where: Where = ()
    breakdown: str = ""


@dataclass(frozen=True)
class Sum:
    """A category DfE publishes in parts: the parts' counts added up, left out for an area and year
    where any part is suppressed. With `total` (the label of the group's total row) it is a
    percentage, 100 × Σ parts ÷ total, rather than a sum of rounded published percentages."""

    family: str
    indicator: str
    breakdown: str
    group: Where
    label_column: str
    parts: tuple[str, ...]
    columns: tuple[str, ...]
    total: str | None = None


@dataclass(frozen=True)
class Lait:
    """One LAIT measure (`Short Desc`), single years only."""

    short_desc: str
    indicator: str
    breakdown: str = ""


# Every indicator id this map may produce, with its breakdowns ("" is the total). Written out, not
# derived from the records below, so that a typo in a record fails the tests.
AGE_BANDS = frozenset({"under_1", "1_4", "5_9", "10_15", "16_plus"})
CEASED_REASONS = frozenset({"adopted", "special_guardianship", "child_arrangements", "returned_home",
                            "independent_living", "staying_put", "custody", "other"})
LEGAL_STATUSES = frozenset({"care_order", "placement_order", "s20", "youth_justice", "emergency"})
ETHNIC_GROUPS = frozenset({"white", "mixed", "asian", "black", "other", "not_known"})
DURATIONS = frozenset({"3m_or_less", "3m_to_6m", "6m_to_1y", "1y_to_2y", "2y_plus"})
TOTAL = frozenset({""})
INDICATORS: dict[str, frozenset[str]] = {
    "chic.count_31mar": TOTAL,
    "chic.rate_per_10k": TOTAL,
    "chic.starts": TOTAL,
    "chic.ceased": TOTAL,
    "chic.legal_status_pct": LEGAL_STATUSES,
    "chic.legal_status_count": LEGAL_STATUSES,
    "chic.age_pct": AGE_BANDS,
    "chic.age_count": AGE_BANDS,
    "chic.gender_pct": frozenset({"male", "female"}),
    "chic.gender_count": frozenset({"male", "female"}),
    "chic.ethnicity_pct": ETHNIC_GROUPS,
    "chic.ethnicity_count": ETHNIC_GROUPS,
    "chic.starts_age_pct": AGE_BANDS,
    "chic.starts_age_count": AGE_BANDS,
    "chic.ceased_reason_pct": CEASED_REASONS,
    "chic.ceased_reason_count": CEASED_REASONS,
    "chic.health_pct": frozenset({"immunisations", "dental", "health_assessment", "development"}),
    "chic.sdq_concern_pct": TOTAL,
    "chic.sdq_mean": TOTAL,
    "chic.substance_misuse_pct": TOTAL,
    "chic.substance_intervention_pct": frozenset({"received", "refused"}),
    "leavers.activity_pct": frozenset({"eet", "neet", "no_information"}),
    "leavers.in_touch_pct": TOTAL,
    "cp.count_31mar": TOTAL,
    "cp.rate_per_10k": TOTAL,
    "cp.starts": TOTAL,
    "cp.repeat_ever_pct": TOTAL,
    "cp.duration_open_31mar_pct": DURATIONS,
    "cp.icpc_timely_pct": TOTAL,
    "cp.rcpc_timely_pct": TOTAL,
    "cp.ended_2y_plus_pct": TOTAL,
    "cin.count_31mar": TOTAL,
    "population.under_18": TOTAL,
}

PCT, NUMBER = ("percentage",), ("number",)


def _categories(family: str, group: str, stem: str, labels: dict[str, tuple[str, ...]]) -> list[Cell]:
    """`<stem>_pct` and `<stem>_count` for each category of one `cla_group`; a category given
    several labels takes whichever spelling the file uses (DfE varies them between files)."""
    return [Cell(family, f"{stem}_{kind}", column, (("cla_group", (group,)), ("characteristic", spellings)), breakdown)
            for breakdown, spellings in labels.items()
            for kind, column in (("pct", PCT), ("count", NUMBER))]


def _sums(family: str, group: str, stem: str, breakdown: str, parts: tuple[str, ...], total: str) -> list[Sum]:
    """`<stem>_pct` (of the `total` row) and `<stem>_count` for a category published in parts."""
    where = (("cla_group", (group,)),)
    return [Sum(family, f"{stem}_pct", breakdown, where, "characteristic", parts, NUMBER, total),
            Sum(family, f"{stem}_count", breakdown, where, "characteristic", parts, NUMBER)]


AGE_LABELS = {"under_1": ("Under 1 year",), "1_4": ("1 to 4 years",), "5_9": ("5 to 9 years",),
              "10_15": ("10 to 15 years",), "16_plus": ("16 years and over",)}

POPULATION_TYPE = "population_type"
HEALTH_LABEL = "breakdown"  # the health file's detailed label; its `characteristic` is the cohort
CEASED = "Reason episode ceased"

EES: list[Cell | Sum] = [
    Cell("cla_rates", "chic.count_31mar", ("children_count", "number"),
         ((POPULATION_TYPE, ("Children looked after on 31 March each year",)),)),
    Cell("cla_rates", "chic.rate_per_10k", ("rate_per_10000",),
         ((POPULATION_TYPE, ("Children looked after on 31 March each year",)),)),
    Cell("cla_rates", "chic.starts", ("children_count", "number"),
         ((POPULATION_TYPE, ("Children starting to be looked after each year",)),)),
    Cell("cla_rates", "chic.ceased", ("children_count", "number"),
         ((POPULATION_TYPE, ("Children ceasing to be looked after each year",)),)),
    # (the rates file's population_estimate column is not used: the ONS file is the population)

    *_categories("cla_31mar", "Legal status", "chic.legal_status", {
        "care_order": ("Care orders",),
        "placement_order": ("Placement order granted",),
        "s20": ("Voluntary agreements under S20 CA 1989",),
        "youth_justice": ("Youth justice legal statuses",),
        "emergency": ("Detained for child protection",),
    }),
    *_categories("cla_31mar", "Age group", "chic.age", AGE_LABELS),
    *_categories("cla_31mar", "Gender", "chic.gender", {"male": ("Male",), "female": ("Female",)}),
    *_categories("cla_31mar", "Ethnicity", "chic.ethnicity", {
        "white": ("1. Total White",),
        "mixed": ("2. Total Mixed or Multiple ethnic groups",),
        "asian": ("3. Total Asian or Asian British",),
        "black": ("4. Total Black, African, Caribbean or Black British",),
        "other": ("5. Total other ethnic group",),
        "not_known": ("6. Total refused or information not yet available",),
    }),
    *_categories("cla_started", "Age on starting", "chic.starts_age", AGE_LABELS),

    # Reasons ceased, grouped as the SSDA903 REC codes are in indicators.md. DfE publishes no
    # total for our `other`, so it is the sum of the remaining published reasons.
    *_categories("cla_ceased", CEASED, "chic.ceased_reason", {
        "adopted": ("Adopted",),  # E11 E12
        # E43-E48; "orders" in the la_ file, "order" in the national_ file
        "special_guardianship": ("Special guardianship orders", "Special guardianship order"),
        "child_arrangements": ("Residence order or child arrangement order granted",),  # E41
        "staying_put": ("Aged 18 (or over) and remained with current carers",),  # E17
        "custody": ("Sentenced to custody",),  # E9
    }),
    *_sums("cla_ceased", CEASED, "chic.ceased_reason", "returned_home", (
        "Returned home to live with parents or other person with parental responsibility which was part "
        "of the care planning process",  # E4A
        "Returned home to live with parents or other person with parental responsibility which was not "
        "part of the care planning process",  # E4B
        "Left care to live with parents, relatives or other person with no parental responsibility",  # E13
    ), "Total"),
    *_sums("cla_ceased", CEASED, "chic.ceased_reason", "independent_living", (
        "Moved into independent living (with supportive accommodation)",  # E5
        "Moved into independent living (with no formalised support)",  # E6
    ), "Total"),
    *_sums("cla_ceased", CEASED, "chic.ceased_reason", "other", (
        "Died",  # E2
        "Care taken by another local authority",  # E3
        "Transferred to residential care funded by adult social services",  # E7
        "Care ceased for any other reason",  # E8
        "Accommodation on remand ended",  # E14
        "Age assessment determined child aged 18 or over",  # E15
        "Child moved abroad",  # E16
    ), "Total"),

    # Health file: `breakdown` labels are unique across its cohorts, so they alone select the row.
    # Each percentage is of its cohort: all OC2 children; development of those aged 0-4; the SDQ
    # concern of those aged 5-16 whose SDQ was received; interventions of those with a problem.
    Cell("cla_health", "chic.health_pct", ("children_percent",),
         ((HEALTH_LABEL, ("Had their immunisations up to date",)),), "immunisations"),
    Cell("cla_health", "chic.health_pct", ("children_percent",),
         ((HEALTH_LABEL, ("Had their teeth checked by a dentist",)),), "dental"),
    Cell("cla_health", "chic.health_pct", ("children_percent",),
         ((HEALTH_LABEL, ("Had their annual health assessment",)),), "health_assessment"),
    Cell("cla_health", "chic.health_pct", ("children_percent",),
         ((HEALTH_LABEL, ("Development assessments up to date",)),), "development"),
    Cell("cla_health", "chic.sdq_concern_pct", ("children_percent",),
         ((HEALTH_LABEL, ("SDQ score is a cause for concern",)),)),
    # the average score sits in the count column (its percentage cell is `z`)
    Cell("cla_health", "chic.sdq_mean", ("children_count",), ((HEALTH_LABEL, ("SDQ average score",)),)),
    Cell("cla_health", "chic.substance_misuse_pct", ("children_percent",),
         ((HEALTH_LABEL, ("Identified as having a substance misuse problem",)),)),
    Cell("cla_health", "chic.substance_intervention_pct", ("children_percent",),
         ((HEALTH_LABEL, ("Received an intervention for their substance misuse problem",)),), "received"),
    Cell("cla_health", "chic.substance_intervention_pct", ("children_percent",),
         ((HEALTH_LABEL, ("Offered intervention but refused it",)),), "refused"),
    # `not_offered` is not published (and 100 - received - refused would hide suppression).

    # Care leavers aged 19-21. DfE publishes its own totals of the detailed activities, so they are
    # taken as they stand: "Total in education, employment or training" (higher and other education,
    # apprenticeship, training or employment), "Total not in education, employment or training" (the
    # three NEET reasons), "Total information not known". DfE's denominator ("Total") includes young
    # people who no longer require services; ours excludes them.
    *[Cell("leavers_activity", "leavers.activity_pct", ("care_leaver_percent",),
           (("care_leaver_age", ("19 to 21 years",)), ("breakdown", (label,))), breakdown)
      for breakdown, label in (("eet", "Total in education, employment or training"),
                               ("neet", "Total not in education, employment or training"),
                               ("no_information", "Total information not known"))],
    # DfE's percentage in touch counts young people who no longer require services in its
    # denominator; our local definition excludes them. Taken as published.
    Cell("leavers_intouch", "leavers.in_touch_pct", PCT,
         (("age", ("Aged 19 to 21",)), ("in_touch", ("Local authority in touch with care leaver",)))),

    Cell("cp_repeat", "cp.repeat_ever_pct", ("cpp_subsequent_percent",)),
    Cell("cp_repeat", "cp.starts", ("cpp_start",)),
    Cell("cp_duration", "cp.count_31mar", ("cpp_at31",)),
    *[Cell("cp_duration", "cp.duration_open_31mar_pct", (column,), (), breakdown)
      for breakdown, column in (("3m_or_less", "3_months_or_less_percent"),
                                ("3m_to_6m", "more_than_3_months_6_months_percent"),
                                ("6m_to_1y", "more_than_6_months_less_than_1_year_percent"),
                                ("1y_to_2y", "1_year_less_than_2_years_percent"),
                                ("2y_plus", "2_years_or_more_percent"))],
    Cell("cin", "cin.count_31mar", ("at31_episodes",)),
    # period is the mid-year of the estimate (2024 = mid-2024); the transform pairs it with 2025
    Cell("population", "population.under_18", ("population_estimate",),
         (("age_group", ("Children aged 0 to 17 years",)),)),
]

# LAIT measures, checked against lait_data_dictionary.csv and against the EES files:
LAIT: list[Lait] = [
    Lait("LAC", "chic.rate_per_10k"),  # = EES rate_per_10000
    Lait("CPP_rate", "cp.rate_per_10k"),  # plans open at 31 March per 10,000 aged 0-17
    # ICPCs within 15 working days of the strategy discussion that started the s47 enquiry
    Lait("CP_conf_15days", "cp.icpc_timely_pct"),
    Lait("PrevRegCPR", "cp.repeat_ever_pct"),  # = EES d3 CPP_subsequent_percent
    # % of plans *ending* in the year that had lasted 2 years or more (DfE d7), not plans open
    Lait("CPPlans2yrs", "cp.ended_2y_plus_pct"),
    # Not conference-based: % of children on a plan at 31 March for 3 months or more whose reviews
    # were all held in timescale (DfE d6). Our local cp.rcpc_timely_pct counts conferences.
    Lait("RevCP", "cp.rcpc_timely_pct"),
    # Ages 19-21 despite the old "Care Leavers at 19-" item name; = EES "Total in education,
    # employment or training"; denominator includes not in touch, refused and no longer require services
    Lait("CareLeaverEET", "leavers.activity_pct", "eet"),
    Lait("LACSubstance", "chic.substance_misuse_pct"),  # = EES "Identified as having a substance misuse problem"
    Lait("Emotional_LAC", "chic.sdq_mean"),  # the average SDQ score (= EES "SDQ average score")
]
