"""Allegations against people who work with children (`lado.`), from `lado.xlsx`."""
from __future__ import annotations

import pandas as pd

from pipeline.transform.registry import count, indicator, stack
from pipeline.transform.year_data import YearData

REFERRALS = ("lado.referrals",)


def received(data: YearData) -> pd.DataFrame:
    """Referrals received in the year (DATE_RECEIVED in the year)."""
    refs = data["lado.referrals"]
    return refs[data.year.contains(refs.date_received)]


@indicator("lado.referrals", "count", REFERRALS, "LADO referrals received")
def referrals(data: YearData) -> pd.DataFrame:
    """Referrals received in the year: the total, and each month's (period YYYY-MM)."""
    refs = received(data)
    by_month = refs.date_received.dt.strftime("%Y-%m").value_counts().reindex(data.year.months(), fill_value=0)
    return stack(count(len(refs)), *(count(n, period=m) for m, n in by_month.items()))
