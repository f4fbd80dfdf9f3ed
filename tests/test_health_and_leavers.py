"""OC2 health, SDQ and substance misuse; OC3 care leavers: hand-computed answers."""
import pytest

from tests.conftest import compute, value, year_data

HEADER = [{"CHILD": c, "SEX": "1", "DOB": dob, "ETHNIC": "WBRI"} for c, dob in
          [("A", "01/06/2021"), ("B", "31/03/2020"), ("C", "01/01/2015"), ("D", "01/04/2008"), ("E", "01/01/2012"),
           ("F", "01/01/2013")]]
EPISODES = [{"CHILD": c, "DECOM": "01/01/2023", "RNE": "S", "LS": "C2", "PLACE": "U1"} for c in "ABCDE"] + [
    {"CHILD": "F", "DECOM": "01/01/2023", "RNE": "S", "LS": "C2", "PLACE": "U1", "DEC": "01/02/2025", "REC": "E4A"}]


def oc2(child, **flags):
    row = {"CHILD": child, "IMMUNISATIONS": "1", "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0"}
    return {**row, **flags}


OC2 = [
    oc2("A", HEALTH_CHECK="1"),                       # aged 3 at 31 March: development check counted
    oc2("B", HEALTH_CHECK="0", TEETH_CHECK="0"),      # aged 5 on 31 March itself: not under 5, but SDQ age
    oc2("C", SDQ_SCORE="17", IMMUNISATIONS="0"),      # aged 10, SDQ 17: a cause for concern
    oc2("D", SDQ_SCORE="12", SUBSTANCE_MISUSE="1", INTERVENTION_OFFERED="1", INTERVENTION_RECEIVED="0"),  # 16: refused
    oc2("E", SDQ_SCORE="20", SUBSTANCE_MISUSE="1", INTERVENTION_OFFERED="1", INTERVENTION_RECEIVED="1"),  # received
    oc2("F", SDQ_SCORE="40", SUBSTANCE_MISUSE="1"),   # left care in February: not in the cohort (warned)
]


@pytest.fixture
def data():
    return year_data(2025, chic_header=HEADER, chic_episodes=EPISODES, chic_oc2=OC2)


def test_health_flags_over_the_cohort_and_development_over_under_fives(data):
    rows = compute("chic.health_pct", data).set_index("breakdown")
    assert rows.loc["immunisations", ["numerator", "denominator"]].tolist() == [4, 5]
    assert rows.loc["dental", ["numerator", "denominator"]].tolist() == [4, 5]
    assert rows.loc["health_assessment", "value"] == 100
    assert rows.loc["development", ["numerator", "denominator"]].tolist() == [1, 1]  # only A is under 5


def test_oc2_child_not_looked_after_at_31_march_is_left_out_with_a_warning(data):
    compute("chic.health_pct", data)
    assert [str(w) for w in data.warnings.warnings] == [
        "chic.xlsx › oc2 › row 7 › CHILD: child is not looked after at 31 March: left out of the health figures"]


def test_sdq_over_children_aged_5_to_16_with_a_score(data):
    # B is 5 but has no score; C 17, D 12, E 20 -> 2 of 3 concerning, mean 49/3.
    assert value("chic.sdq_concern_pct", data) == pytest.approx(200 / 3)
    assert value("chic.sdq_mean", data) == pytest.approx(49 / 3)


def test_substance_misuse_and_interventions(data):
    assert value("chic.substance_misuse_pct", data) == pytest.approx(40)  # D and E of five
    rows = compute("chic.substance_intervention_pct", data).set_index("breakdown").value
    assert rows.to_dict() == {"received": 50, "refused": 50, "not_offered": 0}


def leaver(child, dob, in_touch, activ):
    return {"CHILD": child, "DOB": dob, "IN_TOUCH": in_touch, "ACTIV": activ}


LEAVERS = [
    leaver("L1", "01/06/2005", "YES", "F2"),   # 19 on 1 June 2024: EET
    leaver("L2", "31/03/2004", "YES", "G4"),   # 21 on 31 March 2025 itself: NEET
    leaver("L3", "01/04/2003", "YES", "F1"),   # 22 on 1 April 2025... 21st birthday 1 April 2024: in (21)
    leaver("L4", "01/01/2008", "YES", "F3"),   # 17: not in the 19-21 cohort
    leaver("L5", "01/09/2005", "NO", "F3"),    # not in touch: no information, whatever ACTIV says
    leaver("L6", "01/09/2004", "DIED", "0"),   # died: out of the cohort
    leaver("L7", "01/09/2004", "NREQ", "0"),   # no longer requires services: out
    leaver("L8", "01/09/2004", "YES", "0"),    # in touch, activity not known: no information
]


def test_care_leavers_aged_19_to_21_by_activity():
    data = year_data(2025, chic_oc3=LEAVERS)
    rows = compute("leavers.activity_pct", data).set_index("breakdown")
    assert rows.denominator.iloc[0] == 5  # L1 L2 L3 L5 L8
    assert rows.numerator.to_dict() == {"eet": 2, "neet": 1, "no_information": 2}
    assert value("leavers.in_touch_pct", data) == pytest.approx(80)  # all but L5
