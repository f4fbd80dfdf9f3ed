"""Children in care: each definition against a small hand-made extract with a hand-computed answer."""
import pytest

from tests.conftest import compute, value, year_data

HEADER = [
    {"CHILD": "A", "SEX": "1", "DOB": "31/03/2010", "ETHNIC": "WBRI"},
    {"CHILD": "B", "SEX": "1", "DOB": "01/01/2012", "ETHNIC": "WBRI"},
    {"CHILD": "C", "SEX": "2", "DOB": "05/05/2015", "ETHNIC": "MWBC"},
    {"CHILD": "D", "SEX": "2", "DOB": "01/06/2020", "ETHNIC": "BAFR"},
    {"CHILD": "E", "SEX": "1", "DOB": "30/03/2009", "ETHNIC": "REFU"},
    {"CHILD": "F", "SEX": "2", "DOB": "01/01/2018", "ETHNIC": "WBRI"},
    {"CHILD": "G", "SEX": "1", "DOB": "01/01/2016", "ETHNIC": "AIND"},
]
EPISODES = [
    # A: started in the year on a care order, still open.
    {"CHILD": "A", "DECOM": "01/06/2024", "RNE": "S", "LS": "C2", "PLACE": "U1"},
    # B: short breaks only (V3), open at 31 March: never counted.
    {"CHILD": "B", "DECOM": "10/01/2020", "RNE": "S", "LS": "V3", "PLACE": "R1"},
    # C: episode ends on 31 March itself: not looked after at 31 March; ceased, returned home.
    {"CHILD": "C", "DECOM": "01/10/2023", "RNE": "S", "LS": "V2", "PLACE": "U1", "DEC": "31/03/2025", "REC": "E4A"},
    # D: an X1 change in the year (care continues): not ceased, not a new start; placement order at 31 March.
    {"CHILD": "D", "DECOM": "01/02/2023", "RNE": "S", "LS": "C1", "PLACE": "U1", "DEC": "15/07/2024", "REC": "X1"},
    {"CHILD": "D", "DECOM": "15/07/2024", "RNE": "L", "LS": "E1", "PLACE": "A3"},
    # E: started on 31 March itself under police protection: looked after at 31 March, a start.
    {"CHILD": "E", "DECOM": "31/03/2025", "RNE": "S", "LS": "L1", "PLACE": "U1"},
    # F: starts on 1 April, the next year: nowhere in this year.
    {"CHILD": "F", "DECOM": "01/04/2025", "RNE": "S", "LS": "C2", "PLACE": "U1"},
    # G: adopted in the year.
    {"CHILD": "G", "DECOM": "01/05/2022", "RNE": "S", "LS": "C2", "PLACE": "U1", "DEC": "01/09/2024", "REC": "E11"},
]


@pytest.fixture
def data():
    return year_data(2025, population=30_000, chic_header=HEADER, chic_episodes=EPISODES,
                     chic_uasc=[{"CHILD": "E"}, {"CHILD": "C"}])


def test_count_at_31_march_excludes_short_breaks_and_episodes_ending_that_day(data):
    assert value("chic.count_31mar", data) == 3  # A, D, E


def test_rate_per_10000_uses_the_population(data):
    assert value("chic.rate_per_10k", data) == pytest.approx(3 / 30_000 * 10_000)


def test_rate_is_empty_without_a_population():
    data = year_data(2025, population=None, chic_header=HEADER, chic_episodes=EPISODES)
    row = compute("chic.rate_per_10k", data).iloc[0]
    assert row.status == "x" and row.value != row.value  # NaN


def test_starts_count_children_with_an_rne_s_episode_starting_in_the_year(data):
    assert value("chic.starts", data) == 2  # A, E (D's X1 continuation has RNE L; F starts next year)


def test_ceased_ignores_x1_changes(data):
    assert value("chic.ceased", data) == 2  # C, G; D's X1 is not a period of care ending


def test_legal_status_of_the_open_episode(data):
    rows = compute("chic.legal_status_pct", data).set_index("breakdown")
    assert rows.loc["care_order", "numerator"] == 1 and rows.loc["care_order", "denominator"] == 3
    assert rows.loc["placement_order", "value"] == pytest.approx(100 / 3)
    assert rows.loc["emergency", "value"] == pytest.approx(100 / 3)
    assert rows.loc["s20", "value"] == 0 and rows.loc["youth_justice", "value"] == 0
    assert list(rows.index) == ["care_order", "placement_order", "s20", "youth_justice", "emergency"]


def test_age_on_31_march(data):
    rows = compute("chic.age_pct", data).set_index("breakdown").numerator
    # A is 15 on 31 March (birthday that day), D is 4, E is 16.
    assert rows.to_dict() == {"under_1": 0, "1_4": 1, "5_9": 0, "10_15": 1, "16_plus": 1}


def test_age_on_starting(data):
    rows = compute("chic.starts_age_pct", data).set_index("breakdown").numerator
    # A started on 1 June 2024 aged 14; E on 31 March 2025 aged 16.
    assert rows["10_15"] == 1 and rows["16_plus"] == 1 and rows.sum() == 2


def test_gender_and_ethnicity(data):
    assert value("chic.gender_pct", data, "male") == pytest.approx(200 / 3)
    eth = compute("chic.ethnicity_pct", data).set_index("breakdown").numerator
    assert eth.to_dict() == {"white": 1, "mixed": 0, "asian": 0, "black": 1, "other": 0, "not_known": 1}


def test_uasc_counts_only_children_in_care_at_31_march(data):
    assert value("chic.uasc_count", data) == 1  # E; C left care on 31 March


def test_reasons_ceased_use_the_last_period_of_care(data):
    rows = compute("chic.ceased_reason_pct", data).set_index("breakdown")
    assert rows.loc["returned_home", "value"] == 50 and rows.loc["adopted", "value"] == 50
    assert rows.value.sum() == 100
