"""Issue 23's evidence measures, counted by hand: escalations followed to their effect, the IRO's oversight of
each child, conferences as chairs report them, LADO timeliness; and a measure whose column is absent left out,
saying so."""
import pandas as pd
import pytest

from pipeline.render.figures import FIGURES, TABLES
from pipeline.render.recorded import Recorded
from pipeline.transform.run import local_rows, warn_unrecorded
from tests.conftest import compute, value, year_data


def esc(id_, raised, resolved="", stage="1", resolved_stage="", outcome="", agreed=""):
    return {"ESCALATION_ID": id_, "DATE_RAISED": raised, "CATEGORY": "PLANNING", "STAGE": stage,
            "DATE_RESOLVED": resolved, "RESOLVED_STAGE": resolved_stage, "OUTCOME": outcome,
            "DATE_ACTIONS_AGREED": agreed}


# June 2024 has no bank holiday: Monday 3 June to Friday 14 June is 9 working days, to 1 July 20, to 5 July 24.
ESCALATIONS = [
    esc("E1", "03/06/2024", "14/06/2024", "1", "1", "PLAN_CHANGED", agreed="10/06/2024"),  # 9 days; actions 5
    esc("E2", "03/06/2024", "05/07/2024", "3", "3", "PLACEMENT_OR_SERVICE", agreed="01/07/2024"),  # 24; actions 20
    esc("E3", "03/06/2024", "01/07/2024", "2", "2", "NO_CHANGE", agreed="02/07/2024"),  # 20; actions 21: late
    esc("E4", "03/06/2024", stage="2"),  # still open
    # Raised last year, resolved in this one across Easter (Good Friday 29 March, Easter Monday 1 April): 14 days.
    esc("E5", "15/03/2024", "08/04/2024", "1", "1", "WITHDRAWN"),
    esc("E6", "03/06/2024", "14/06/2024", "1"),  # resolved, stage and outcome not recorded: 9 days
]


@pytest.fixture
def escalations():
    return year_data(2025, iru_escalations=ESCALATIONS)


def test_escalations_by_the_stage_they_were_resolved_at(escalations):
    rows = compute("esc.resolved_stage", escalations).set_index("breakdown").value
    assert rows.to_dict() == {"": 5, "1": 2, "2": 1, "3": 1, "4": 0, "5": 0}  # E6's blank stage in the total only


def test_what_changed_for_the_child(escalations):
    rows = compute("esc.outcome", escalations).set_index("breakdown").value
    assert rows.to_dict() == {"": 5, "PLAN_CHANGED": 1, "PLACEMENT_OR_SERVICE": 1, "ASSESSMENT_COMPLETED": 0,
                              "TIMESCALE_MET": 0, "NO_CHANGE": 1, "WITHDRAWN": 1}


def test_days_to_resolve_and_to_agree_actions_against_the_protocol(escalations):
    assert value("esc.median_working_days", escalations) == 14  # 9, 9, 14, 20, 24
    row = compute("esc.resolved_within_protocol_pct", escalations).iloc[0]
    assert (row.numerator, row.denominator) == (4, 5)  # all but E2's 24 within 20 working days
    assert value("esc.median_days_to_actions", escalations) == 20  # 5, 20, 21
    row = compute("esc.actions_within_protocol_pct", escalations).iloc[0]
    assert (row.numerator, row.denominator) == (2, 3)


def test_the_protocol_timescale_comes_from_the_config(escalations):
    escalations.settings["escalation_timescale_days"] = 10
    row = compute("esc.resolved_within_protocol_pct", escalations).iloc[0]
    assert (row.numerator, row.denominator) == (2, 5)  # E1 and E6, 9 days each


def test_a_measure_whose_column_is_absent_is_left_out_and_named():
    old = [{k: v for k, v in row.items() if k not in ("OUTCOME", "DATE_ACTIONS_AGREED")} for row in ESCALATIONS]
    data = year_data(2025, iru_escalations=old)
    computed = set(local_rows(data, "Demoshire").indicator)
    assert {"esc.raised", "esc.resolved_stage", "esc.median_working_days"} <= computed
    assert not computed & {"esc.outcome", "esc.median_days_to_actions", "esc.actions_within_protocol_pct"}
    from pipeline.transform.catalogue import REGISTRY
    warn_unrecorded(data, [i for i in REGISTRY.values() if i.needs == ("iru.escalations",)])
    assert sorted(str(w) for w in data.warnings.warnings) == [
        "iru.xlsx › escalations › DATE_ACTIONS_AGREED: is not recorded: the report leaves out median working days "
        "to agree new actions, new actions agreed within the protocol's timescale (expected DATE_ACTIONS_AGREED in "
        "iru.xlsx › escalations to report them)",
        "iru.xlsx › escalations › OUTCOME: is not recorded: the report leaves out what changed for the child when "
        "escalations were resolved (expected OUTCOME in iru.xlsx › escalations to report it)"]


def test_the_report_leaves_out_an_item_not_recorded_says_so_and_renumbers():
    rows = pd.DataFrame({"indicator": ["esc.raised", "esc.median_working_days", "esc.resolved_within_protocol_pct"],
                         "area_type": "LA", "period": "2025"})
    recorded = Recorded(rows, (*FIGURES, *TABLES), 2025)
    assert not recorded.shown("escalations_outcome") and recorded.shown("escalation_effect")
    assert recorded.sentence("escalations_outcome") == (
        "Not recorded in 2024-25: what changed for the child when escalations were resolved (OUTCOME in iru.xlsx › "
        "escalations would add it).")
    assert recorded.sentence("escalation_effect").startswith(
        "Not recorded in 2024-25: median working days to agree new actions (DATE_ACTIONS_AGREED in iru.xlsx › "
        "escalations would add it); and new actions agreed")
    assert recorded.sentence("escalations_category") == ""
    order = {"escalations_stage": "Figure 1", "escalations_outcome": "Figure 2", "lado_outcome": "Figure 3",
             "team": "Table 1"}
    assert recorded.numbers(order) == {"escalations_stage": "Figure 1", "lado_outcome": "Figure 2", "team": "Table 1"}


# --- the IRO's oversight -------------------------------------------------------------------------------
def episode(child, decom, rne="S"):
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": "C2", "PLACE": "U1", "REC": ""}


def allocation(child, iro, allocated, ended=""):
    return {"CHILD": child, "IRO_ID": iro, "DATE_ALLOCATED": allocated, "DATE_ENDED": ended}


@pytest.fixture
def oversight():
    episodes = [episode(c, "03/06/2024") for c in "ABC"] + [episode(c, "01/01/2023") for c in "DEF"]
    allocations = [
        allocation("A", "IRO1", "10/06/2024"),  # 5 working days after coming into care: in time
        allocation("B", "IRO2", "11/06/2024"),  # 6: late (C has none at all)
        allocation("D", "IRO1", "01/01/2023"),  # in care all year, one IRO
        allocation("E", "IRO1", "01/01/2023", "02/09/2024"), allocation("E", "IRO2", "02/09/2024"),  # one change
        allocation("F", "IRO3", "01/01/2023", "01/05/2024"), allocation("F", "IRO3", "01/05/2024"),  # same IRO again
    ]
    return year_data(2025, chic_episodes=episodes, iru_allocations=allocations)


def test_iro_allocated_within_5_working_days_of_coming_into_care(oversight):
    row = compute("iro.allocated_5wd_pct", oversight).iloc[0]
    assert (row.numerator, row.denominator) == (1, 3)


def test_children_who_kept_one_iro_all_year(oversight):
    row = compute("iro.one_iro_pct", oversight).iloc[0]
    assert (row.numerator, row.denominator) == (2, 3)  # D and F; E changed


def test_changes_of_iro(oversight):
    rows = compute("iro.changes_pct", oversight).set_index("breakdown")
    assert rows.numerator.to_dict() == {"none": 4, "one": 1, "two": 0, "three_or_more": 0}
    assert set(rows.denominator) == {5}  # A, B, D, E, F


def review(child, held, **kw):
    row = {"CHILD": child, "REVIEW_DATE": held, "DUE_DATE": held, "CHILD_CHAIRED": "N", "PRE_REVIEW_CONTACT": "Y",
           "CONSULTED_ON_ARRANGEMENTS": "Y", "PARENT_CONSULTED": "Y", "MIDPOINT_CHECK": "Y", "PERMANENCE_PLAN": "Y",
           "PLACEMENT_STABILITY_CONCERN": "N", "CARE_PLAN_IMPLEMENTED": "Y"}
    return {**row, **kw}


def test_how_reviews_were_held_recorded_and_followed_up():
    data = year_data(2025, iru_reviews=[
        review("A", "03/06/2024", FORMAT="IN_PERSON", RECORD_ISSUED="01/07/2024", SW_REPORT_SHARED="Y",
               IRO_CONTACT_BETWEEN="Y", MIDPOINT_EFFECT="ON_TRACK"),  # record after 20 working days: in time
        review("B", "03/06/2024", FORMAT="VIRTUAL", RECORD_ISSUED="02/07/2024", SW_REPORT_SHARED="N",
               IRO_CONTACT_BETWEEN="NA", MIDPOINT_EFFECT="ESCALATED"),  # 21: late
        review("C", "03/06/2024", FORMAT="IN_PERSON", IRO_CONTACT_BETWEEN="N", MIDPOINT_CHECK="N"),  # no record yet
        review("D", "03/06/2024", MIDPOINT_CHECK="NA")])
    assert compute("reviews.format_pct", data).set_index("breakdown").numerator.to_dict() == {
        "IN_PERSON": 2, "VIRTUAL": 1, "HYBRID": 0}
    assert value("reviews.record_issued_pct", data) == 25
    assert value("reviews.sw_report_shared_pct", data) == 25
    assert value("reviews.contact_between_pct", data) == pytest.approx(100 / 3)  # A of A, C and blank D; B's NA out
    effect = compute("reviews.midpoint_effect_pct", data).set_index("breakdown")
    assert effect.numerator.to_dict() == {"ON_TRACK": 1, "ACTIONS_AGREED": 0, "ESCALATED": 1}
    assert set(effect.denominator) == {2}  # A and B had a midway check


def test_without_the_allocations_sheet_the_measures_are_left_out_and_named():
    data = year_data(2025, chic_episodes=[episode("A", "03/06/2024")], iru_reviews=[review("A", "03/06/2024")])
    computed = set(local_rows(data, "Demoshire").indicator)
    assert not computed & {"iro.allocated_5wd_pct", "iro.one_iro_pct", "iro.changes_pct", "reviews.format_pct"}
    assert "reviews.midpoint_pct" in computed
    from pipeline.transform.catalogue import REGISTRY
    warn_unrecorded(data, [REGISTRY["iro.one_iro_pct"], REGISTRY["iro.allocated_5wd_pct"]])
    assert [str(w) for w in data.warnings.warnings] == [
        "iru.xlsx › allocations: sheet is not there: the report leaves out children who kept the same iro all year, "
        "children allocated an iro within 5 working days of coming into care (expected the allocations sheet of "
        "iru.xlsx to report them)"]


# --- conferences ---------------------------------------------------------------------------------------
def conference(child, kind, date, s47="", **kw):
    return {"CHILD": child, "CONFERENCE_TYPE": kind, "CONFERENCE_DATE": date, "S47_START": s47,
            "OUTCOME": "CPP" if kind == "ICPC" else "CONTINUE", "PARENTS_INVITED": "1", "PARENTS_ATTENDED": "1", **kw}


def test_conferences_as_chairs_report_them():
    data = year_data(2025, cp_conferences=[
        conference("A", "ICPC", "24/06/2024", "03/06/2024", QUORATE="Y", DISSENT="N", CHAIR_PRE_MEETING="Y"),  # 15
        conference("B", "ICPC", "25/06/2024", "03/06/2024", QUORATE="Y", DISSENT="Y", CHAIR_PRE_MEETING="N",
                   LATE_REASON="Family unavailable"),  # 16 working days: late
        conference("C", "ICPC", "01/07/2024", "03/06/2024", QUORATE="N", CHAIR_PRE_MEETING="NA"),  # 20: late, no reason
        conference("D", "RCPC", "01/07/2024", QUORATE="Y", LATE_REASON="not an ICPC")])
    assert value("cp.quorate_pct", data) == 75
    assert value("cp.dissent_pct", data) == 25
    assert value("cp.chair_pre_meeting_pct", data) == pytest.approx(100 / 3)  # A of A, B and blank D; C's NA out
    reasons = compute("cp.icpc_late_reason_count", data).set_index("breakdown").value
    assert reasons.to_dict() == {"": 2, "Family unavailable": 1, "Not recorded": 1}


# --- LADO ------------------------------------------------------------------------------------------------
def referral(id_, received, concluded="", **kw):
    return {"REFERRAL_ID": id_, "DATE_RECEIVED": received, "SOURCE": "EDUCATION", "SUBJECT_SECTOR": "EDUCATION",
            "ALLEGATION_TYPE": "PHYSICAL", "REFERRAL_OUTCOME": "MAS", "DATE_CONCLUDED": concluded, **kw}


@pytest.fixture
def lado():
    return year_data(2025, lado_referrals=[
        referral("L1", "03/06/2024", "03/07/2024", CONTACT_TYPE="REFERRAL", SUBJECT_PHASE="PRIMARY",
                 DATE_FIRST_RESPONSE="04/06/2024", POLICE_INVOLVED="Y"),  # a month to the day: within 1 month
        referral("L2", "03/06/2024", "04/07/2024", CONTACT_TYPE="CONSULTATION", SUBJECT_PHASE="SECONDARY",
                 DATE_FIRST_RESPONSE="05/06/2024", POLICE_INVOLVED="N"),  # a day more: within 3 months
        # 30 November + 3 months is 28 February (the month's last day): within 3 months; Saturday to Monday is
        # 1 working day.
        referral("L3", "30/11/2024", "28/02/2025", CONTACT_TYPE="REFERRAL", SUBJECT_SECTOR="EARLY_YEARS",
                 SUBJECT_PHASE="EARLY_YEARS", DATE_FIRST_RESPONSE="02/12/2024"),
        referral("L4", "02/04/2023", "03/04/2024"),  # received two years back; 12 months and a day: over a year
        referral("L5", "15/04/2024", "15/04/2025", CONTACT_TYPE="REFERRAL", SUBJECT_SECTOR="FOSTER_CARER",
                 SUBJECT_PHASE="PRIMARY", DATE_FIRST_RESPONSE="15/04/2024"),  # concluded after the year
        referral("L6", "03/06/2024", REFERRAL_OUTCOME="WIP"),  # open, no response recorded
    ])


def test_time_to_conclude_lado_cases(lado):
    rows = compute("lado.concluded_within_pct", lado).set_index("breakdown")
    assert rows.numerator.to_dict() == {"1_month": 1, "3_months": 3, "12_months": 3}
    assert set(rows.denominator) == {4}  # L1 to L4 concluded in the year
    assert value("lado.over_12_months", lado) == 1
    # L1 22 working days, L2 23, L3 62 (Christmas and New Year out), L4 over 250: the median is (23 + 62) / 2.
    assert value("lado.concluded_median_wd", lado) == 42.5


def test_lado_contacts(lado):
    assert value("lado.first_response_pct", lado) == 60  # L1, L3, L5 of the five received in the year
    types = compute("lado.contact_type_pct", lado).set_index("breakdown").numerator
    assert types.to_dict() == {"REFERRAL": 3, "CONSULTATION": 1}
    assert value("lado.police_involved_pct", lado) == 20
    phases = compute("lado.subject_phase_count", lado).set_index("breakdown").value
    assert phases.to_dict() == {"EARLY_YEARS": 1, "PRIMARY": 1, "SECONDARY": 1, "SPECIAL": 0, "FE": 0,
                                "INDEPENDENT": 0}  # L5's phase is not counted: a foster carer; L6 has none


def test_ethnicity_of_children_on_plans_at_31_march():
    def plan(child, start, end="", ethnic=""):
        return {"CHILD": child, "SEX": "1", "DOB": "01/01/2015", "LOCALITY": "North", "CPP_START": start,
                "CPP_END": end, "INITIAL_CATEGORY": "NEG", "LATEST_CATEGORY": "NEG", "DOMESTIC_ABUSE": "N",
                "PREVIOUS_CPP": "0", "ETHNIC": ethnic}

    data = year_data(2025, cp_plans=[
        plan("A", "01/05/2024", ethnic="WBRI"), plan("B", "01/05/2024", ethnic="MWBC"),
        plan("C", "01/05/2024", ethnic="BAFR"), plan("D", "01/05/2024"),  # blank: not known
        plan("E", "01/05/2024", "01/03/2025", ethnic="WBRI"),  # ended before 31 March: not counted
        plan("A", "01/06/2023", "01/04/2024", ethnic="WBRI")])  # A's earlier plan: A counted once
    rows = compute("cp.ethnicity_pct", data).set_index("breakdown")
    assert rows.numerator.to_dict() == {"white": 1, "mixed": 1, "asian": 0, "black": 1, "other": 0, "not_known": 1}
    assert set(rows.denominator) == {4}


# --- an old file in a real build -------------------------------------------------------------------------
@pytest.mark.slow
def test_a_year_without_the_new_columns_builds_and_says_what_is_not_recorded(built_demo, tmp_path):
    """The demo with 2025's iru.xlsx as an authority kept it before: no allocations sheet, no OUTCOME column."""
    import openpyxl

    from tests.conftest import build, copy_project, docx_text

    config_path = copy_project(built_demo, tmp_path)
    path = tmp_path / "data" / "raw" / "2025" / "iru.xlsx"
    book = openpyxl.load_workbook(path)
    del book["allocations"]
    sheet = book["escalations"]
    header = [c.value for c in sheet[1]]
    sheet.delete_cols(header.index("OUTCOME") + 1)
    book.save(path)
    config, out, messages = build(config_path)
    text = docx_text(out)
    assert ("Not recorded in 2024-25: what changed for the child when escalations were resolved (OUTCOME in "
            "iru.xlsx › escalations would add it).") in text
    assert "changes of IRO in the year (the allocations sheet of iru.xlsx would add it)" in text
    assert "Escalations resolved, by the stage at which they were resolved" in text  # its column is still there
    warnings = pd.read_csv(config.processed_year(2025) / "warnings.csv").text
    assert warnings.str.contains("2025/iru.xlsx › escalations › OUTCOME: is not recorded").any()
    sheets = openpyxl.load_workbook(out.with_name("tables.xlsx"), read_only=True).sheetnames
    assert not any("changed for the child" in s.lower() or "changes of iro" in s.lower() for s in sheets)
