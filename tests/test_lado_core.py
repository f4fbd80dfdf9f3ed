"""LADO referrals: the year's total and each month's."""
from tests.conftest import compute, value, year_data


def referral(rid, received, **kw):
    row = {"REFERRAL_ID": rid, "DATE_RECEIVED": received, "SOURCE": "EDUCATION", "SUBJECT_SECTOR": "EDUCATION",
           "ALLEGATION_TYPE": "PHYSICAL", "REFERRAL_OUTCOME": "NFA"}
    return {**row, **kw}


def test_referrals_counted_in_the_year_and_by_month():
    data = year_data(2025, lado_referrals=[
        referral("1", "31/03/2024"),  # last year
        referral("2", "01/04/2024"),
        referral("3", "15/03/2025"),
        referral("4", "31/03/2025"),
        referral("5", "01/04/2025"),  # next year
    ])
    assert value("lado.referrals", data) == 3
    months = compute("lado.referrals", data).dropna(subset=["period"]).set_index("period").value
    assert months["2024-04"] == 1 and months["2025-03"] == 2 and months.sum() == 3 and len(months) == 12
