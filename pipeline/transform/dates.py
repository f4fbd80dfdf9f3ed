"""Date rules, in one place: the reporting year, ages, working days and calendar months.

Working days exclude Saturdays, Sundays and England and Wales bank holidays (from the maintained
`holidays` package, never a hand-typed list). "Within N working days of A" means at most N working
days d with A < d <= B. "Within N months of A" means B <= A + N calendar months, falling back to the
month's last day (31 January + 1 month = 28/29 February), as dateutil's relativedelta does.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class ReportingYear:
    """Year Y runs 1 April Y-1 to 31 March Y; it is named by the year it ends in."""

    year: int

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.year - 1, 4, 1)

    @property
    def end(self) -> pd.Timestamp:
        return pd.Timestamp(self.year, 3, 31)

    @property
    def label(self) -> str:
        """'2024-25', as reports name the year."""
        return f"{self.year - 1}-{str(self.year)[2:]}"

    def contains(self, dates: pd.Series) -> pd.Series:
        return (dates >= self.start) & (dates <= self.end)

    def months(self) -> list[str]:
        """The twelve months of the year as YYYY-MM periods, April first."""
        return [p.strftime("%Y-%m") for p in pd.period_range(self.start, self.end, freq="M")]

    def month_ends(self, include_previous_march: bool = False) -> list[pd.Timestamp]:
        first = self.start - pd.DateOffset(days=1) if include_previous_march else self.start
        return list(pd.date_range(first, self.end, freq="ME"))

    def previous(self) -> "ReportingYear":
        return ReportingYear(self.year - 1)


def age_in_years(dob: pd.Series, on: pd.Series | pd.Timestamp) -> pd.Series:
    """Whole years of age on a date (a birthday counts on the day itself); negative if not yet born."""
    on = on if isinstance(on, pd.Series) else pd.Series(on, index=dob.index)
    years = on.dt.year - dob.dt.year
    before_birthday = (on.dt.month < dob.dt.month) | ((on.dt.month == dob.dt.month) & (on.dt.day < dob.dt.day))
    return (years - before_birthday.astype(int)).astype("Int64")


CLA_AGE_BANDS = ("under_1", "1_4", "5_9", "10_15", "16_plus")


def age_band(age: pd.Series) -> pd.Series:
    """DfE's CLA age bands; NA stays NA; negative ages (unborn) become 'unborn'."""
    bins = [-np.inf, -0.5, 0.5, 4.5, 9.5, 15.5, np.inf]
    labels = ["unborn", *CLA_AGE_BANDS]
    out = pd.cut(age.astype(float), bins=bins, labels=labels)
    return out.astype(object).where(age.notna(), None)


FIRST_YEAR, LAST_YEAR = 1899, 2101  # wider than any date extract lets through (1900 to the year after the report)


@lru_cache(maxsize=1)
def bank_holidays() -> np.ndarray:
    """England and Wales bank holidays, FIRST_YEAR to LAST_YEAR, as numpy dates."""
    import holidays  # it loads every country's rules (a fifth of a second): only when they are needed

    days = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return np.array(sorted(days), dtype="datetime64[D]")


def working_days_between(start: pd.Series, end: pd.Series, holidays: np.ndarray) -> pd.Series:
    """Working days d with start < d <= end (NA where either date is missing), given the bank holidays."""
    ok = start.notna() & end.notna()
    out = pd.Series(pd.NA, index=start.index, dtype="Int64")
    if not ok.any():
        return out
    a = start[ok].to_numpy(dtype="datetime64[D]") + np.timedelta64(1, "D")
    b = end[ok].to_numpy(dtype="datetime64[D]") + np.timedelta64(1, "D")
    out[ok] = np.busday_count(a, b, holidays=holidays)
    return out


def add_months(dates: pd.Series, n: int) -> pd.Series:
    """Calendar months later, keeping the day or falling back to the month's last day."""
    return dates + pd.DateOffset(months=n)


def within_months(start: pd.Series, end: pd.Series, n: int) -> pd.Series:
    return end <= add_months(start, n)
