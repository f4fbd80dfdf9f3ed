"""Reviews, participation, escalations, advocacy, staffing and caseloads: hand-computed answers."""
import pytest

from tests.conftest import compute, value, year_data


def review(child, held, due, **answers):
    row = {"CHILD": child, "REVIEW_DATE": held, "DUE_DATE": due, "CHILD_CHAIRED": "N", "PRE_REVIEW_CONTACT": "Y",
           "CONSULTED_ON_ARRANGEMENTS": "Y", "PARENT_CONSULTED": "Y", "MIDPOINT_CHECK": "Y", "PERMANENCE_PLAN": "NA",
           "PLACEMENT_STABILITY_CONCERN": "N", "CARE_PLAN_IMPLEMENTED": "Y"}
    return {**row, **answers}


REVIEWS = [
    review("A", "10/04/2024", "10/04/2024", CHILD_CHAIRED="Y"),                       # on the due date: on time
    review("A", "12/10/2024", "10/10/2024", LATE_REASON="Child unwell", PARENT_CONSULTED="NA"),  # late
    review("B", "01/05/2024", "30/05/2024", CHILD_CHAIRED="C", PERMANENCE_PLAN="Y", PRE_REVIEW_CONTACT="N"),
    review("C", "20/03/2025", "01/03/2025", PERMANENCE_PLAN="N", MIDPOINT_CHECK="NA"),  # late, no reason given
    review("D", "31/03/2024", "31/03/2024"),                                          # last year: not counted
]


@pytest.fixture
def reviews():
    return year_data(2025, iru_reviews=REVIEWS)


def test_reviews_held_and_timeliness(reviews):
    assert value("reviews.count", reviews) == 4
    assert value("reviews.timely_pct", reviews) == 50
    late = compute("reviews.late_reason_count", reviews).set_index("breakdown").value
    assert late.to_dict() == {"": 2, "Child unwell": 1, "Not recorded": 1}  # the total: every late review


def test_chairing_counts_co_chaired(reviews):
    assert value("reviews.chaired_pct", reviews) == 50


def test_yes_answers_leave_out_na_where_allowed(reviews):
    assert value("reviews.pre_review_contact_pct", reviews) == 75
    assert value("reviews.parent_consulted_pct", reviews) == 100  # 3 of 3 answering
    row = compute("reviews.permanence_plan_pct", reviews).iloc[0]
    assert (row.numerator, row.denominator) == (1, 2)
    assert value("reviews.midpoint_pct", reviews) == 100


def test_participation_leaves_out_pn0():
    data = year_data(2025, chic_reviews=[
        {"CHILD": "A", "REVIEW": "01/05/2024", "REVIEW_CODE": "PN0"},
        {"CHILD": "B", "REVIEW": "01/05/2024", "REVIEW_CODE": "PN1"},
        {"CHILD": "C", "REVIEW": "01/06/2024", "REVIEW_CODE": "pn7"},
        {"CHILD": "D", "REVIEW": "01/07/2024", "REVIEW_CODE": "PN3"},
        {"CHILD": "E", "REVIEW": "01/07/2023", "REVIEW_CODE": "PN7"},  # last year
    ])
    rows = compute("reviews.participation_pct", data).set_index("breakdown")
    assert rows.loc["participated", ["numerator", "denominator"]].tolist() == [2, 3]
    assert rows.loc["did_not", "numerator"] == 1 and rows.loc["PN3", "numerator"] == 1
    assert rows.loc["PN2", "value"] == 0


def escalation(eid, raised, resolved="", category="PLANNING", stage="1"):
    return {"ESCALATION_ID": eid, "DATE_RAISED": raised, "DATE_RESOLVED": resolved, "CATEGORY": category,
            "STAGE": stage}


@pytest.fixture
def escalations():
    return year_data(2025, iru_escalations=[
        # Raised Friday 22 March 2024 (last year), resolved Friday 19 April 2024 (this year): 18 working days
        # (Good Friday 29 March and Easter Monday 1 April skipped).
        escalation("E1", "22/03/2024", "19/04/2024", "ASSESSMENT", "2"),
        # Raised Friday 3 May 2024, resolved Wednesday 5 June: 21 working days (6 and 27 May bank holidays).
        escalation("E2", "03/05/2024", "05/06/2024", "PLANNING", "3"),
        escalation("E3", "01/07/2024", "01/07/2024", "PLANNING", "1"),  # same day: 0 working days
        escalation("E4", "01/03/2025", "", "PERMANENCE_DELAY", "1"),     # still open at 31 March
    ])


def test_escalations_raised_by_category_and_stage(escalations):
    raised = compute("esc.raised", escalations).set_index("breakdown").value
    assert raised[""] == 3 and raised["PLANNING"] == 2 and raised["PERMANENCE_DELAY"] == 1
    assert raised["ASSESSMENT"] == 0  # E1 was raised last year
    stages = compute("esc.by_stage", escalations).set_index("breakdown").value
    assert stages.to_dict() == {"1": 2, "2": 0, "3": 1, "4": 0, "5": 0}
    assert value("esc.open_31mar", escalations) == 1


def test_escalations_resolved_in_the_year_within_20_working_days(escalations):
    row = compute("esc.resolved_within_20wd_pct", escalations).iloc[0]
    assert (row.numerator, row.denominator) == (2, 3)  # E1 (18) and E3 (0) in time; E2 (21) not
    assert value("esc.mean_working_days", escalations) == pytest.approx((18 + 21 + 0) / 3)


def test_advocacy_by_purpose():
    data = year_data(2025, iru_advocacy=[{"REQUEST_DATE": d, "PURPOSE": p} for d, p in [
        ("01/05/2024", "CLA_REVIEW"), ("01/06/2024", "CLA_REVIEW"), ("01/07/2024", "CP_CONFERENCE"),
        ("01/01/2024", "COMPLAINT")]])
    assert value("advocacy.requests", data) == 3
    rows = compute("advocacy.requests_pct", data).set_index("breakdown").value
    assert rows["CLA_REVIEW"] == pytest.approx(200 / 3) and rows["COMPLAINT"] == 0


def staff(sid, role, fte, start, end="", **kw):
    return {"STAFF_ID": sid, "ROLE": role, "FTE": fte, "START_DATE": start, "END_DATE": end, "LOCUM": "N", **kw}


def test_fte_in_post_at_31_march_and_caseloads():
    data = year_data(
        2025,
        iru_staff=[staff("1", "IRO", "1", "01/01/2020", SEX="F"), staff("2", "IRO", "0.5", "01/01/2020", "31/03/2025"),
                   staff("3", "IRO", "1", "01/04/2025"), staff("4", "IRO", "1", "01/01/2020", "30/03/2025"),
                   staff("5", "ISRO", "0.8", "01/01/2021", LOCUM="Y", SEX="M")],
        chic_header=[{"CHILD": c, "SEX": "1", "DOB": "01/01/2015", "ETHNIC": "WBRI"} for c in "ABC"],
        chic_episodes=[{"CHILD": c, "DECOM": "01/01/2024", "RNE": "S", "LS": "C2", "PLACE": "U1"} for c in "ABC"],
        cp_plans=[{"CHILD": "P", "SEX": "1", "DOB": "01/01/2015", "LOCALITY": "North", "CPP_START": "01/01/2025",
                   "INITIAL_CATEGORY": "NEG", "LATEST_CATEGORY": "NEG", "DOMESTIC_ABUSE": "N", "PREVIOUS_CPP": "0"}],
    )
    fte = compute("iru.fte", data).set_index("breakdown").value
    assert fte["IRO"] == 1.5 and fte["ISRO"] == 0.8 and fte["LADO"] == 0  # staff 2 leaves on 31 March: in post
    assert value("iru.iro_caseload", data) == pytest.approx(2)  # 3 children / 1.5 FTE
    assert value("iru.isro_caseload", data) == pytest.approx(1 / 0.8)
    assert value("iru.locum_count", data) == 1
    assert value("iru.staff_gender_pct", data, "female") == pytest.approx(100 / 3)  # 1 of the 3 in post (1, 2, 5)


def test_caseload_is_empty_without_an_iro():
    data = year_data(2025, iru_staff=[staff("5", "ISRO", "1", "01/01/2021")],
                     chic_header=[{"CHILD": "A", "SEX": "1", "DOB": "01/01/2015", "ETHNIC": "WBRI"}],
                     chic_episodes=[{"CHILD": "A", "DECOM": "01/01/2024", "RNE": "S", "LS": "C2", "PLACE": "U1"}])
    row = compute("iru.iro_caseload", data).iloc[0]
    assert row.status == "z" and row.value != row.value
