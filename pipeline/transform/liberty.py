"""Children in care deprived of their liberty by a court order (`chic.dolo`): DfE collects each order in the
SSDA903 from 2026-27; an authority may record them in chic.xlsx before. Without the table, not recorded."""
from __future__ import annotations

from pipeline.transform.children_in_care import care_episodes, looked_after_at_31_march
from pipeline.transform.registry import Rows, count, indicator
from pipeline.transform.year_data import YearData

DOLO = ("chic.episodes", "chic.dolo")
OPTIONAL = ("chic.dolo",)


@indicator("chic.dolo_in_year", "count", DOLO, "Children in care subject to a deprivation of liberty order in the "
           "year", columns=OPTIONAL)
def dolo_in_year(data: YearData) -> Rows:
    """Children looked after at any time in the year (short breaks aside) who were subject to a deprivation of
    liberty order at any time in it: an order begun on or before 31 March and not ended before 1 April."""
    episodes = care_episodes(data)
    in_care = episodes[(episodes.decom <= data.year.end)
                       & (episodes.dec.isna() | (episodes.dec >= data.year.start))].child
    dolo = data["chic.dolo"]
    orders = dolo[(dolo.dolo_start <= data.year.end) & (dolo.dolo_end.isna() | (dolo.dolo_end >= data.year.start))]
    return count(orders.child[orders.child.isin(in_care)].nunique())


@indicator("chic.dolo_31mar", "count", DOLO, "Children in care subject to a deprivation of liberty order at 31 "
           "March", columns=OPTIONAL)
def dolo_31mar(data: YearData) -> Rows:
    """Children looked after at 31 March who were subject to a deprivation of liberty order that day: begun on or
    before 31 March, with no end date or one after it."""
    dolo = data["chic.dolo"]
    day = data.year.end
    open_orders = dolo[(dolo.dolo_start <= day) & (dolo.dolo_end.isna() | (dolo.dolo_end > day))]
    return count(looked_after_at_31_march(data).child.isin(open_orders.child).sum())
