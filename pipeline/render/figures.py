"""Every figure and table of the report, declared once: id, section, title, data query, chart kind.

The chart, its caption, its alt text, its sheet in the spreadsheet and its cache key all come from
the declaration and the frame its query selects.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.extract.schema import (ADVOCACY_PURPOSE, AGENCY, ALLEGATION_TYPE, CONTACT_TYPE, ESC_CATEGORY,
                                     ESC_OUTCOME, FINAL_OUTCOME, MIDPOINT_EFFECT, REFERRAL_OUTCOME, REVIEW_FORMAT,
                                     ROLE, SUBJECT_PHASE, SUBJECT_SECTOR)
from pipeline.render.query import (ALL_AREAS, LAST_THREE, MONTHS, MONTHS_THIS_AND_LAST, THIS, THIS_AND_LAST, TREND,
                                   Query)

LINE, BAR, HBAR = "line", "bar", "hbar"
KIND_WORDS = {LINE: "Line chart", BAR: "Bar chart", HBAR: "Bar chart"}


@dataclass(frozen=True)
class Figure:
    id: str
    section: str
    title: str
    query: Query
    kind: str
    y_label: str
    apart: tuple[str, ...] = ()  # breakdowns drawn in a panel of their own (a flag that overlaps the others)

    def alt_text(self, frame: pd.DataFrame) -> str:
        """The chart's message (its title), then every number on it, series by series."""
        if frame.empty:
            return f"{self.title}. {KIND_WORDS[self.kind]}: no data for this year."
        points: dict[str, list[str]] = {}  # each series' points, the series in the order they first appear
        for series, x, shown in zip(frame.series, frame.x, frame.display):
            if pd.notna(series):
                points.setdefault(series, []).append(f"{x} {shown}")
        return f"{self.title}. {KIND_WORDS[self.kind]}. " + " ".join(f"{s}: {', '.join(p)}." for s, p in points.items())


@dataclass(frozen=True)
class Table:
    """A table of indicator values: rows are the query's x, columns its series."""

    id: str
    section: str
    title: str
    query: Query
    first_column: str


def q(*indicators: str, periods: str = TREND, areas: tuple[str, ...] = ("LA",),
      breakdowns: tuple[str, ...] | None = ("",),
      x: str | None = None, series: str | None = None, total: bool = False) -> Query:
    """A query with the usual axes for its periods: trends run along x, categories otherwise."""
    if x is None:
        x = "period" if periods in (TREND, MONTHS, MONTHS_THIS_AND_LAST) else "breakdown"
    if series is None:
        series = {THIS_AND_LAST: "area_period", LAST_THREE: "area_period", MONTHS_THIS_AND_LAST: "year"}.get(periods,
                                                                                                       "area")
    return Query(tuple(indicators), periods, areas, breakdowns, x, series, total)


LEGAL = ("care_order", "placement_order", "s20", "youth_justice", "emergency")
AGES = ("under_1", "1_4", "5_9", "10_15", "16_plus")
ETHNIC = ("white", "mixed", "asian", "black", "other", "not_known")
CEASED = ("adopted", "special_guardianship", "child_arrangements", "returned_home", "independent_living",
          "staying_put", "custody", "other")
HEALTH = ("immunisations", "dental", "health_assessment", "development")
CATEGORIES = ("NEG", "EMO", "PHY", "SAB", "MUL")
DURATION = ("3m_or_less", "3m_to_6m", "6m_to_1y", "1y_to_2y", "2y_plus")
PN = tuple(f"PN{i}" for i in range(1, 8))
COMPARATORS_ONLY = ("LA", "ENGLAND", "STAT_NEIGHBOURS", "GOOD_LAS")
STAGES = ("1", "2", "3", "4", "5")
IRO_CHANGES = ("none", "one", "two", "three_or_more")
CONCLUDED_WITHIN = ("1_month", "3_months", "12_months")

FIGURES: tuple[Figure, ...] = (
    # 2. Children in care
    Figure("cla_rate_trend", "children_in_care", "Children in care per 10,000 children aged under 18",
           q("chic.rate_per_10k", areas=ALL_AREAS), LINE, "Rate per 10,000 children"),
    Figure("cla_count_trend", "children_in_care", "Children in care at 31 March",
           q("chic.count_31mar"), BAR, "Children"),
    Figure("cla_starts_ceased_trend", "children_in_care", "Children starting and ceasing to be looked after",
           q("chic.starts", "chic.ceased", series="indicator"), BAR, "Children"),
    Figure("cla_legal_status", "children_in_care", "Legal status of children in care at 31 March",
           q("chic.legal_status_pct", periods=THIS_AND_LAST, areas=ALL_AREAS, breakdowns=LEGAL), BAR,
           "Percentage of children in care"),
    Figure("cla_age", "children_in_care", "Age of children in care at 31 March",
           q("chic.age_pct", periods=THIS_AND_LAST, areas=("LA", "ENGLAND"), breakdowns=AGES), BAR,
           "Percentage of children in care"),
    Figure("cla_starts_age", "children_in_care", "Age of children starting to be looked after",
           q("chic.starts_age_pct", periods=THIS_AND_LAST, areas=("LA", "ENGLAND"), breakdowns=AGES), BAR,
           "Percentage of children starting"),
    Figure("cla_ethnicity", "children_in_care", "Ethnicity of children in care at 31 March",
           q("chic.ethnicity_pct", periods=THIS_AND_LAST, areas=("LA", "ENGLAND"), breakdowns=ETHNIC), BAR,
           "Percentage of children in care"),
    Figure("cla_ceased_reasons", "children_in_care", "Why children ceased to be looked after",
           q("chic.ceased_reason_pct", periods=THIS_AND_LAST, breakdowns=CEASED), HBAR,
           "Percentage of children who ceased"),
    Figure("cla_ceased_reasons_comparators", "children_in_care",
           "Why children ceased to be looked after, against comparators",
           q("chic.ceased_reason_pct", periods=THIS, areas=COMPARATORS_ONLY, breakdowns=CEASED), HBAR,
           "Percentage of children who ceased"),
    Figure("cla_substance_misuse", "children_in_care", "Children in care identified with a substance misuse problem",
           q("chic.substance_misuse_pct", areas=ALL_AREAS), LINE, "Percentage of children"),
    Figure("cla_substance_interventions", "children_in_care", "Interventions for children with a substance misuse "
           "problem", q("chic.substance_intervention_pct", periods=THIS_AND_LAST,
                        breakdowns=("received", "refused", "not_offered")), BAR, "Percentage of those children"),
    Figure("cla_sdq_concern", "children_in_care", "Children whose SDQ score is a cause for concern",
           q("chic.sdq_concern_pct", areas=ALL_AREAS), LINE, "Percentage of children aged 5 to 16"),
    Figure("leavers_activity", "children_in_care", "Activity of care leavers aged 19 to 21",
           q("leavers.activity_pct", periods=THIS, areas=ALL_AREAS, breakdowns=("eet", "neet", "no_information")),
           BAR, "Percentage of care leavers"),
    Figure("reviews_timely_trend", "children_in_care", "Reviews of children in care held on time",
           q("reviews.timely_pct"), BAR, "Percentage of reviews"),
    Figure("reviews_participation", "children_in_care", "How children took part in their reviews",
           q("reviews.participation_pct", periods=THIS_AND_LAST, breakdowns=PN), HBAR, "Percentage of reviews"),
    Figure("reviews_voice", "children_in_care", "The child's voice in reviews",
           q("reviews.pre_review_contact_pct", "reviews.consulted_pct", "reviews.chaired_pct",
             periods=THIS_AND_LAST, x="indicator"), HBAR, "Percentage of reviews"),
    Figure("escalations_category", "children_in_care", "Escalations raised by category",
           q("esc.raised", periods=THIS_AND_LAST, breakdowns=ESC_CATEGORY), HBAR, "Escalations"),
    Figure("escalations_stage", "children_in_care", "Escalations by the highest stage reached",
           q("esc.by_stage", periods=THIS_AND_LAST, breakdowns=("1", "2", "3", "4", "5")), BAR, "Escalations"),
    Figure("escalations_month", "children_in_care", "Escalations raised each month",
           q("esc.raised_by_month", periods=MONTHS_THIS_AND_LAST), LINE, "Escalations"),
    Figure("escalations_resolved_stage", "children_in_care", "Escalations resolved, by the stage at which they were "
           "resolved", q("esc.resolved_stage", periods=THIS_AND_LAST, breakdowns=STAGES), BAR, "Escalations resolved"),
    Figure("escalations_outcome", "children_in_care", "What changed for the child when escalations were resolved",
           q("esc.outcome", periods=THIS_AND_LAST, breakdowns=ESC_OUTCOME), HBAR, "Escalations resolved"),
    Figure("iro_changes", "children_in_care", "Changes of IRO in the year",
           q("iro.changes_pct", periods=THIS_AND_LAST, breakdowns=IRO_CHANGES), BAR, "Percentage of children"),
    Figure("reviews_format", "children_in_care", "How reviews were held",
           q("reviews.format_pct", periods=THIS_AND_LAST, breakdowns=REVIEW_FORMAT), BAR, "Percentage of reviews"),
    Figure("reviews_midpoint_effect", "children_in_care", "What the IRO's midway checks led to",
           q("reviews.midpoint_effect_pct", periods=THIS_AND_LAST, breakdowns=MIDPOINT_EFFECT), HBAR,
           "Percentage of midway checks"),
    Figure("advocacy_purpose", "children_in_care", "Advocacy requests by purpose",
           q("advocacy.requests_pct", periods=THIS_AND_LAST, breakdowns=ADVOCACY_PURPOSE), HBAR,
           "Percentage of requests"),
    # 3. Child protection
    Figure("cp_month_end", "child_protection", "Children on child protection plans at the end of each month",
           q("cp.count_month_end", periods=MONTHS_THIS_AND_LAST), LINE, "Children"),
    Figure("cp_count_trend", "child_protection", "Children on child protection plans at 31 March",
           q("cp.count_31mar"), BAR, "Children"),
    Figure("cp_rate_trend", "child_protection", "Children on child protection plans per 10,000 children aged under 18",
           q("cp.rate_per_10k", areas=ALL_AREAS), LINE, "Rate per 10,000 children"),
    Figure("cp_icpc_timely_trend", "child_protection", "Initial conferences within 15 working days",
           q("cp.icpc_timely_pct", areas=ALL_AREAS), LINE, "Percentage of initial conferences"),
    Figure("cp_rcpc_timely_trend", "child_protection", "Review conferences held on time",
           q("cp.rcpc_timely_pct", areas=ALL_AREAS), LINE, "Percentage"),
    Figure("cp_starts_locality", "child_protection", "New child protection plans by locality",
           q("cp.starts", periods=THIS_AND_LAST, areas=("LOCALITY",), x="area", series="year"), BAR, "Plans started"),
    Figure("cp_starts_locality_rate", "child_protection", "New child protection plans per 10,000 children by locality",
           q("cp.starts_rate_per_10k", periods=THIS_AND_LAST, areas=("LOCALITY",), x="area", series="year"), BAR,
           "Plans started per 10,000 children"),
    Figure("cp_starts_month_locality", "child_protection", "New child protection plans each month by locality",
           q("cp.starts_by_month", periods=MONTHS, areas=("LOCALITY",)), LINE, "Plans started"),
    Figure("cp_age", "child_protection", "Age of children on plans at 31 March",
           q("cp.age_pct", periods=LAST_THREE, breakdowns=("unborn", *AGES)), BAR, "Percentage of children"),
    Figure("cp_ethnicity", "child_protection",
           "Ethnicity of children on plans and in care at 31 March, and of the area's children",
           q("cp.ethnicity_pct", "chic.ethnicity_pct", "population.ethnicity_pct", periods=THIS, breakdowns=ETHNIC,
             series="indicator"), BAR,
           "Percentage of children"),
    Figure("cp_category_trend", "child_protection", "Children on plans at 31 March by category of abuse",
           q("cp.category_count", breakdowns=(*CATEGORIES, "domestic_abuse"), series="breakdown"), LINE, "Children",
           apart=("domestic_abuse",)),
    Figure("cp_duration_ended", "child_protection", "Length of child protection plans that ended",
           q("cp.duration_ended_pct", periods=THIS_AND_LAST, breakdowns=DURATION), BAR, "Percentage of plans ended"),
    Figure("cp_2y_plus_trend", "child_protection", "Plans ended that had lasted 2 years or more",
           q("cp.ended_2y_plus_pct", areas=ALL_AREAS), LINE, "Percentage of plans ended"),
    Figure("cp_repeat_trend", "child_protection", "Plans that were a second or subsequent plan",
           q("cp.repeat_ever_pct", areas=ALL_AREAS), LINE, "Percentage of plans started"),
    # 4. LADO
    Figure("lado_referrals_by_month", "lado", "LADO referrals received each month",
           q("lado.referrals", periods=MONTHS_THIS_AND_LAST), LINE, "Referrals"),
    Figure("lado_outcome", "lado", "Outcome of LADO referrals",
           q("lado.referral_outcome_pct", periods=THIS_AND_LAST, breakdowns=REFERRAL_OUTCOME), BAR,
           "Percentage of referrals"),
    Figure("lado_allegation_type", "lado", "Type of allegation",
           q("lado.allegation_type_pct", periods=THIS_AND_LAST, breakdowns=ALLEGATION_TYPE), BAR,
           "Percentage of referrals"),
    Figure("lado_source", "lado", "Who made the referral",
           q("lado.source_count", periods=THIS_AND_LAST, breakdowns=AGENCY), HBAR, "Referrals"),
    Figure("lado_subject_sector", "lado", "Sector of the person the allegation was about",
           q("lado.subject_sector_pct", periods=THIS_AND_LAST, breakdowns=SUBJECT_SECTOR), HBAR,
           "Percentage of referrals"),
    Figure("lado_final_outcome", "lado", "Outcomes of allegations concluded in the year",
           q("lado.final_outcome_count", periods=THIS_AND_LAST, breakdowns=FINAL_OUTCOME), BAR, "Allegations"),
    Figure("lado_contact_type", "lado", "LADO contacts: referrals and consultations",
           q("lado.contact_type_pct", periods=THIS_AND_LAST, breakdowns=CONTACT_TYPE), BAR, "Percentage of contacts"),
    Figure("lado_subject_phase", "lado", "Contacts about education staff, by phase",
           q("lado.subject_phase_count", periods=THIS_AND_LAST, breakdowns=SUBJECT_PHASE), HBAR, "Contacts"),
    Figure("lado_concluded_within", "lado", "LADO cases concluded within 1, 3 and 12 months of referral",
           q("lado.concluded_within_pct", periods=THIS_AND_LAST, breakdowns=CONCLUDED_WITHIN), BAR,
           "Percentage of cases concluded"),
    Figure("lado_attendance", "lado", "Agencies attending LADO strategy meetings",
           q("lado.attendance_pct", periods=THIS, breakdowns=AGENCY), HBAR, "Percentage of invitations attended"),
)

# The executive summary's own tables (built from findings and targets, not from one query): id -> title
SUMMARY_TABLES = {"key_numbers": "The year at a glance", "targets": "Performance against targets"}
SUMMARY_SOURCES = {"key_numbers": "records", "targets": "records; the targets are the unit's own"}

TABLES: tuple[Table, ...] = (
    Table("team", "service", "The team in post at 31 March",
          q("iru.fte", "iru.headcount", periods=THIS_AND_LAST, breakdowns=ROLE, x="breakdown",
            series="indicator_period"), "Role"),
    Table("caseloads", "service", "Caseloads per full-time reviewing officer at 31 March",
          q("iru.iro_caseload", "iru.isro_caseload", x="indicator", series="period"), "Caseload"),
    Table("deprivation_of_liberty", "children_in_care", "Children in care deprived of their liberty by a court order",
          q("chic.dolo_in_year", "chic.dolo_31mar", x="indicator", series="period"), "Measure"),
    Table("health", "children_in_care", "Health of children looked after for 12 months or more",
          q("chic.health_pct", periods=THIS_AND_LAST, areas=("LA", "REGION", "STAT_NEIGHBOURS", "GOOD_LAS"),
            breakdowns=HEALTH), "Health check"),
    Table("sdq", "children_in_care", "Strengths and Difficulties Questionnaire (SDQ) scores",
          q("chic.sdq_concern_pct", "chic.sdq_mean", periods=THIS_AND_LAST, areas=ALL_AREAS, x="indicator"),
          "Measure"),
    Table("review_quality", "children_in_care", "Reviews: timeliness, consultation and planning",
          q("reviews.count", "reviews.timely_pct", "reviews.chaired_pct", "reviews.pre_review_contact_pct",
            "reviews.consulted_pct", "reviews.parent_consulted_pct", "reviews.midpoint_pct",
            "reviews.permanence_plan_pct", "reviews.placement_concern_pct", "reviews.care_plan_implemented_pct",
            x="indicator", series="period"), "Measure"),
    Table("late_reasons", "children_in_care", "Reasons recorded for reviews held late",
          q("reviews.late_reason_count", periods=THIS_AND_LAST, breakdowns=None, series="period", total=True),
          "Reason"),
    Table("escalation_resolution", "children_in_care", "How quickly escalations were resolved",
          q("esc.resolved_within_20wd_pct", "esc.mean_working_days", "esc.open_31mar", x="indicator",
            series="period"), "Measure"),
    Table("escalation_effect", "children_in_care", "Escalations against the dispute-resolution protocol",
          q("esc.median_working_days", "esc.resolved_within_protocol_pct", "esc.median_days_to_actions",
            "esc.actions_within_protocol_pct", x="indicator", series="period"), "Measure"),
    Table("iro_oversight", "children_in_care", "The IRO's oversight of each child's plan",
          q("iro.allocated_5wd_pct", "iro.one_iro_pct", "reviews.sw_report_shared_pct", "reviews.record_issued_pct",
            "reviews.contact_between_pct", x="indicator", series="period"), "Measure"),
    Table("icpc", "child_protection", "Initial child protection conferences",
          q("cp.icpc_count", "cp.icpc_conversion_pct", "cp.icpc_timely_pct", x="indicator", series="period"),
          "Measure"),
    Table("cp_category_rate", "child_protection", "Children on plans per 10,000 by category of abuse",
          q("cp.category_rate_per_10k", breakdowns=(*CATEGORIES, "domestic_abuse"), x="breakdown",
            series="period"), "Category"),
    Table("cp_gender", "child_protection", "Sex of children on plans at 31 March",
          q("cp.gender_pct", periods=LAST_THREE, breakdowns=("male", "female", "unknown"), series="period"), "Sex"),
    Table("cp_repeat", "child_protection", "Repeat child protection plans",
          q("cp.repeat_ever_pct", "cp.repeat_2y_pct", periods=THIS_AND_LAST, areas=ALL_AREAS, x="indicator"),
          "Measure"),
    Table("cp_parents", "child_protection", "Parents attending child protection conferences",
          q("cp.parents_attended_pct", periods=THIS_AND_LAST, breakdowns=("", "ICPC", "RCPC"),
            x="breakdown"), "Conference"),
    Table("conference_quality", "child_protection", "How conferences were held",
          q("cp.quorate_pct", "cp.dissent_pct", "cp.chair_pre_meeting_pct", x="indicator", series="period"), "Measure"),
    Table("icpc_late_reasons", "child_protection", "Reasons recorded for initial conferences held late",
          q("cp.icpc_late_reason_count", periods=THIS_AND_LAST, breakdowns=None, series="period", total=True),
          "Reason"),
    Table("lado_handling", "lado", "How LADO contacts were handled and how long cases took",
          q("lado.first_response_pct", "lado.concluded_median_wd", "lado.over_12_months", "lado.police_involved_pct",
            "lado.non_recent_pct", x="indicator", series="period"), "Measure"),
    Table("lado_timeliness", "lado", "LADO strategy meetings within 5 working days",
          q("lado.meeting_timely_pct", "lado.referrals", x="indicator", series="period"), "Measure"),
)
# The unit's own text tables, passed through from iru.xlsx: id -> (title, {column: header}).
TEXT_TABLES = {
    "actions": ("Last year's actions and how they went", {"action": "Action", "outcome_sought": "Outcome sought",
                                                          "outcome": "Outcome", "further_action": "Further action",
                                                          "rag": "RAG"}),
    "plan": ("Development plan", {"theme": "Theme", "objective": "Objective", "action": "Action", "lead": "Lead",
                                  "milestones": "Milestones", "rag": "RAG"}),
}
LANDSCAPE_TABLES = ("plan",)  # the template puts these on landscape pages (templates/build_template.py)
BY_ID = {f.id: f for f in FIGURES}
TABLES_BY_ID = {t.id: t for t in TABLES}
