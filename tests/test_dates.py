"""The date rules, pinned down once: 31 March, ages, working days with bank holidays, months."""
import numpy as np
import pandas as pd

from pipeline.transform.dates import (ReportingYear, add_months, age_band, age_in_years, bank_holidays,
                                      within_months)
from pipeline.transform.dates import working_days_between as between


def working_days_between(start, end):
    return between(start, end, bank_holidays())


def ts(*days: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(days), dayfirst=True))


def test_reporting_year_runs_1_april_to_31_march():
    y = ReportingYear(2025)
    assert (y.start, y.end) == (pd.Timestamp("2024-04-01"), pd.Timestamp("2025-03-31"))
    assert y.contains(ts("31/03/2024", "01/04/2024", "31/03/2025", "01/04/2025")).tolist() == [False, True, True, False]
    assert y.months()[0] == "2024-04" and y.months()[-1] == "2025-03" and len(y.months()) == 12
    assert y.label == "2024-25"


def test_age_counts_the_birthday_itself():
    assert age_in_years(ts("31/03/2010", "01/04/2010"), pd.Timestamp("2025-03-31")).tolist() == [15, 14]


def test_unborn_child_has_negative_age_and_its_own_band():
    age = age_in_years(ts("01/05/2025", "31/03/2025"), pd.Timestamp("2025-03-31"))
    assert age_band(age).tolist() == ["unborn", "under_1"]


def test_cla_age_bands_at_their_edges():
    ages = pd.Series([0, 1, 4, 5, 9, 10, 15, 16, 17], dtype="Int64")
    assert age_band(ages).tolist() == ["under_1", "1_4", "1_4", "5_9", "5_9", "10_15", "10_15", "16_plus", "16_plus"]


def test_working_days_skip_weekends_and_easter():
    # Thursday 17 April 2025 to Tuesday 22 April: Good Friday, the weekend and Easter Monday do not count.
    assert working_days_between(ts("17/04/2025"), ts("22/04/2025")).tolist() == [1]
    # Friday 2 May 2025 to Tuesday 6 May: the early May bank holiday on Monday 5 May does not count.
    assert working_days_between(ts("02/05/2025"), ts("06/05/2025")).tolist() == [1]


def test_the_same_day_is_zero_working_days_and_missing_dates_stay_missing():
    result = working_days_between(pd.Series([pd.Timestamp("2025-01-06"), pd.NaT]),
                                  pd.Series([pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-07")]))
    assert result.iloc[0] == 0 and pd.isna(result.iloc[1])


def test_fifteenth_working_day_with_christmas_inside():
    # From Friday 13 December 2024, skipping 25, 26 December and 1 January: 8 January is the 15th working day.
    start = ts("13/12/2024", "13/12/2024")
    assert working_days_between(start, ts("07/01/2025", "08/01/2025")).tolist() == [14, 15]


def test_the_calendar_covers_every_date_extract_accepts():
    days = bank_holidays()
    assert days.min() < np.datetime64("1900-01-02") and days.max() > np.datetime64("2100-12-25")
    assert np.datetime64("2025-05-05") in days and np.datetime64("2024-12-26") in days


def test_adding_months_falls_back_to_the_last_day():
    assert add_months(ts("31/01/2025", "31/01/2024", "30/11/2024"), 1).tolist() == [
        pd.Timestamp("2025-02-28"), pd.Timestamp("2024-02-29"), pd.Timestamp("2024-12-30")]


def test_within_three_months_is_inclusive_of_the_day():
    start = ts("15/01/2025", "15/01/2025")
    assert within_months(start, ts("15/04/2025", "16/04/2025"), 3).tolist() == [True, False]
