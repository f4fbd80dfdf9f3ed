"""Child protection plans at 31 March, month ends, starts by locality: hand-computed answers."""
import pytest

from tests.conftest import compute, value, year_data


def plan(child, start, end="", locality="North", **kw):
    row = {"CHILD": child, "SEX": "1", "DOB": "01/01/2015", "LOCALITY": locality, "CPP_START": start,
           "CPP_END": end, "INITIAL_CATEGORY": "NEG", "LATEST_CATEGORY": "NEG", "DOMESTIC_ABUSE": "N",
           "PREVIOUS_CPP": "0"}
    return {**row, **kw}


PLANS = [
    plan("A", "10/02/2024"),                           # open all year
    plan("B", "01/05/2024", "31/03/2025"),             # ends on 31 March: not open at 31 March
    plan("C", "01/06/2024", "15/09/2024", "South"),     # first plan in the year
    plan("C", "01/01/2025", "", "South"),               # second plan in the year, open at 31 March
    plan("D", "31/03/2025", "", "City", DOB="01/06/2025", SEX="9"),  # unborn, starts on 31 March
]


@pytest.fixture
def data():
    return year_data(2025, population=20_000, cp_plans=PLANS)


def test_children_on_plans_at_31_march(data):
    assert value("cp.count_31mar", data) == 3  # A, C (second plan), D; B ended on 31 March


def test_cp_rate_per_10000(data):
    assert value("cp.rate_per_10k", data) == pytest.approx(1.5)


def test_month_end_counts_run_from_last_march(data):
    rows = compute("cp.count_month_end", data).set_index("period").value
    assert list(rows.index)[0] == "2024-03" and list(rows.index)[-1] == "2025-03" and len(rows) == 13
    assert rows["2024-03"] == 1  # A
    assert rows["2024-06"] == 3  # A, B, C
    assert rows["2024-09"] == 2  # C's first plan ended 15 September
    assert rows["2025-01"] == 3  # A, B, C again
    assert rows["2025-03"] == 3


def test_starts_by_locality_include_every_locality(data):
    rows = compute("cp.starts", data)
    assert rows[rows.area_type.isna()].value.iloc[0] == 4  # B, C twice, D (A started the year before)
    by = rows[rows.area_type == "LOCALITY"].set_index("area").value
    assert by.to_dict() == {"North": 1, "South": 2, "City": 1, "Mid and East": 0}


def test_locality_rates_use_configured_populations(data):
    rows = compute("cp.starts_rate_per_10k", data)
    south = rows[rows.area == "South"].value.iloc[0]
    assert south == pytest.approx(2 / 38_500 * 10_000)


def test_starts_by_month(data):
    rows = compute("cp.starts_by_month", data)
    total = rows[rows.area_type.isna()].set_index("period").value
    assert total["2024-05"] == 1 and total["2024-06"] == 1 and total["2025-01"] == 1 and total["2025-03"] == 1
    assert total.sum() == 4 and len(total) == 12
