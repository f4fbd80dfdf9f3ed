"""Child protection conferences, categories, durations and repeat plans: the edge cases by hand."""
import pytest

from tests.conftest import compute, value, year_data


def plan(child, start, end="", **kw):
    row = {"CHILD": child, "SEX": "1", "DOB": "01/01/2015", "LOCALITY": "North", "CPP_START": start, "CPP_END": end,
           "INITIAL_CATEGORY": "NEG", "LATEST_CATEGORY": "NEG", "DOMESTIC_ABUSE": "N", "PREVIOUS_CPP": "0"}
    return {**row, **kw}


def conf(child, kind, date, outcome, s47="", invited="1", attended="1", advocate="N"):
    return {"CHILD": child, "CONFERENCE_TYPE": kind, "CONFERENCE_DATE": date, "S47_START": s47, "OUTCOME": outcome,
            "PARENTS_INVITED": invited, "PARENTS_ATTENDED": attended, "CHILD_ADVOCATE": advocate}


CONFERENCES = [
    # S47 began Friday 13 December 2024; the 15th working day, skipping 25-26 December and 1 January,
    # is Wednesday 8 January 2025: in time.
    conf("A", "ICPC", "08/01/2025", "CPP", s47="13/12/2024"),
    # One working day later: late.
    conf("B", "ICPC", "09/01/2025", "CPP", s47="13/12/2024", invited="2", attended="0"),
    # No S47 start: left out of timeliness, with a warning; still counted as an ICPC.
    conf("C", "ICPC", "15/05/2024", "NO_CPP", invited="0", attended="0"),
    # First review exactly three months after the ICPC (15 Jan -> 15 Apr): on time.
    conf("D", "ICPC", "15/01/2024", "CPP", s47="02/01/2024"),
    conf("D", "RCPC", "15/04/2024", "CONTINUE", advocate="Y"),
    # Second review within six months of the first (15 Apr -> 15 Oct): on time.
    conf("D", "RCPC", "15/10/2024", "END"),
    # A first review a day late (31 Jan + 3 months = 30 April; held 1 May).
    conf("E", "ICPC", "31/01/2024", "CPP", s47="20/01/2024"),
    conf("E", "RCPC", "01/05/2024", "CONTINUE", invited="1", attended="0"),
]


@pytest.fixture
def conferences():
    return year_data(2025, cp_conferences=CONFERENCES)


def test_icpcs_and_conversion(conferences):
    assert value("cp.icpc_count", conferences) == 3  # A, B, C (D and E were last year)
    assert value("cp.icpc_conversion_pct", conferences) == pytest.approx(200 / 3)


def test_icpc_on_the_15th_working_day_with_christmas_inside_is_in_time(conferences):
    row = compute("cp.icpc_timely_pct", conferences).iloc[0]
    assert (row.numerator, row.denominator) == (1, 2)  # A in time, B a day late; C has no S47 start
    assert [str(w) for w in conferences.warnings.warnings] == [
        "cp.xlsx › conferences › row 4 › S47_START: ICPC has no section 47 start date: left out of ICPC timeliness"]


def test_review_conferences_three_then_six_months(conferences):
    assert value("cp.rcpc_count", conferences) == 3  # D's two and E's one, all held in the year
    row = compute("cp.rcpc_timely_pct", conferences).iloc[0]
    assert (row.numerator, row.denominator) == (2, 3)  # D's two on time; E's a day late


def test_parents_attending_and_advocates(conferences):
    rows = compute("cp.parents_attended_pct", conferences).fillna({"breakdown": ""}).set_index("breakdown")
    # Invited: A, B, D (x3), E (x1 RCPC) held in the year... D's ICPC and E's ICPC were last year.
    assert rows.loc["", ["numerator", "denominator"]].tolist() == [3, 5]  # A, D-RCPC x2 attended; B, E-RCPC not
    assert rows.loc["ICPC", ["numerator", "denominator"]].tolist() == [1, 2]
    assert rows.loc["RCPC", ["numerator", "denominator"]].tolist() == [2, 3]
    assert value("cp.child_advocate_pct", conferences) == pytest.approx(100 / 6)


PLANS = [
    plan("A", "01/05/2024", DOB="15/04/2025", SEX="0", LATEST_CATEGORY="EMO", DOMESTIC_ABUSE="Y"),  # unborn
    plan("B", "01/06/2024", DOB="31/03/2024", SEX="2", INITIAL_CATEGORY="PHY", LATEST_CATEGORY="MUL"),  # aged 1
    plan("C", "10/01/2025", PREVIOUS_CPP="1", PREVIOUS_CPP_END="10/01/2023", DOMESTIC_ABUSE="Y"),  # exactly 2 years
    plan("D", "11/01/2025", PREVIOUS_CPP="2", PREVIOUS_CPP_END="10/01/2023"),  # 2 years and 1 day: not within
    # Plans ending in the year, by length (DfE bands):
    plan("E", "15/01/2024", "15/04/2024"),  # exactly 3 months: '3 months or less'
    plan("F", "15/01/2024", "16/04/2024"),  # a day more: '3 to 6 months'
    plan("G", "01/06/2023", "31/05/2024"),  # a day under a year: '6 months to 1 year'
    plan("H", "01/06/2023", "01/06/2024"),  # exactly a year: '1 to 2 years'
    plan("I", "01/04/2022", "01/04/2024"),  # exactly 2 years: '2 years or more'
    # A child with two plans in the year: the first ended, the second open at 31 March.
    plan("J", "01/04/2024", "30/09/2024", INITIAL_CATEGORY="SAB"),
    plan("J", "01/12/2024", "", PREVIOUS_CPP="1", PREVIOUS_CPP_END="30/09/2024", LATEST_CATEGORY="SAB"),
]


@pytest.fixture
def plans():
    return year_data(2025, population=10_000, cp_plans=PLANS)


def test_age_and_sex_with_unborn_children(plans):
    ages = compute("cp.age_pct", plans).set_index("breakdown").numerator
    assert ages["unborn"] == 1 and ages["1_4"] == 1 and ages["10_15"] == 3 and ages.sum() == 5
    sexes = compute("cp.gender_pct", plans).set_index("breakdown").numerator
    assert sexes.to_dict() == {"male": 3, "female": 1, "unknown": 1}


def test_latest_category_at_31_march_with_domestic_abuse(plans):
    counts = compute("cp.category_count", plans).set_index("breakdown").value
    assert counts.to_dict() == {"NEG": 2, "EMO": 1, "PHY": 0, "SAB": 1, "MUL": 1, "domestic_abuse": 2}
    rates = compute("cp.category_rate_per_10k", plans).set_index("breakdown").value
    assert rates["NEG"] == pytest.approx(2.0)
    assert value("cp.category_pct", plans, "domestic_abuse") == pytest.approx(40)


def test_initial_category_of_plans_started(plans):
    rows = compute("cp.initial_category_pct", plans).set_index("breakdown").numerator
    assert rows.to_dict() == {"NEG": 4, "EMO": 0, "PHY": 1, "SAB": 1, "MUL": 0}  # A B C D J J started


def test_duration_of_plans_ended_in_dfe_bands(plans):
    rows = compute("cp.duration_ended_pct", plans).set_index("breakdown").numerator
    assert rows.to_dict() == {"3m_or_less": 1, "3m_to_6m": 2, "6m_to_1y": 1, "1y_to_2y": 1, "2y_plus": 1}
    assert value("cp.ended", plans) == 6
    assert value("cp.ended_2y_plus_pct", plans) == pytest.approx(100 / 6)


def test_repeat_plans_ever_and_within_two_years(plans):
    assert value("cp.repeat_ever_pct", plans) == pytest.approx(50)   # C, D, J's second of six starts
    assert value("cp.repeat_2y_pct", plans) == pytest.approx(100 / 3)  # C (exactly 2 years) and J; not D


def test_a_child_with_two_plans_in_the_year_is_one_child_at_31_march(plans):
    assert value("cp.count_31mar", plans) == 5  # A B C D J
