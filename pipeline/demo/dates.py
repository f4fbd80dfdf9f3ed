"""Calendar arithmetic on numpy day arrays (`datetime64[D]`), so whole cohorts move at once.

Working days skip weekends and England and Wales bank holidays, as the indicators count them.
"""
from __future__ import annotations

import holidays
import numpy as np

DAY = "datetime64[D]"
NAT = np.datetime64("NaT", "D")
BANK_HOLIDAYS = np.array(sorted(holidays.country_holidays("GB", subdiv="ENG", years=range(1990, 2041))), dtype=DAY)


def year_start(year: int) -> np.datetime64:
    """1 April that opens reporting year `year` (which ends on 31 March `year`)."""
    return np.datetime64(f"{year - 1}-04-01", "D")


def year_end(year: int) -> np.datetime64:
    return np.datetime64(f"{year}-03-31", "D")


def workdays(dates: np.ndarray, n) -> np.ndarray:
    """The date n working days after (n < 0: before) each date; non-working dates count from the next."""
    return np.busday_offset(dates, n, roll="forward", holidays=BANK_HOLIDAYS)


def to_workday(dates: np.ndarray, later) -> np.ndarray:
    """Move each date to a working day: the next one where `later`, else the previous one."""
    forward = np.busday_offset(dates, 0, roll="forward", holidays=BANK_HOLIDAYS)
    backward = np.busday_offset(dates, 0, roll="backward", holidays=BANK_HOLIDAYS)
    return np.where(later, forward, backward)


def random_workdays(rng: np.random.Generator, start: np.datetime64, end: np.datetime64, n: int) -> np.ndarray:
    """n working days drawn uniformly between start and end inclusive."""
    first = np.busday_offset(start, 0, roll="forward", holidays=BANK_HOLIDAYS)
    count = np.busday_count(first, end + 1, holidays=BANK_HOLIDAYS)
    return workdays(np.full(n, first), rng.integers(0, count, n))


def random_days(rng: np.random.Generator, start: np.datetime64, end: np.datetime64, n: int) -> np.ndarray:
    return start + rng.integers(0, (end - start).astype(int) + 1, n).astype("timedelta64[D]")


def _parts(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    years = dates.astype("datetime64[Y]")
    months = dates.astype("datetime64[M]")
    return years.astype(int) + 1970, (months - years.astype("datetime64[M]")).astype(int) + 1, \
        (dates - months.astype(DAY)).astype(int) + 1


def add_years(dates: np.ndarray, n) -> np.ndarray:
    """Same day and month n years on; 29 February falls to 1 March, when a birthday is legally reached."""
    year, month, day = _parts(dates)
    first = (year + n - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (month - 1)
    return first.astype(DAY) + (day - 1)


def age(dob: np.ndarray, on) -> np.ndarray:
    """Age in whole years on a date (birthdays reached count)."""
    on = np.broadcast_to(np.asarray(on, dtype=DAY), dob.shape)
    by, bm, bd = _parts(dob)
    oy, om, od = _parts(on)
    return oy - by - ((om * 100 + od) < (bm * 100 + bd))


def add_months(dates: np.ndarray, n) -> np.ndarray:
    """Same day n calendar months on, or the month's last day when it has no such day (31 Jan + 1 = 28/29 Feb)."""
    month = dates.astype("datetime64[M]")
    day = (dates - month.astype(DAY)).astype(int)
    target = month + n
    last = ((target + 1).astype(DAY) - target.astype(DAY)).astype(int) - 1
    return target.astype(DAY) + np.minimum(day, last)
