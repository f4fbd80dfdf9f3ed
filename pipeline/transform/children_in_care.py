"""Children in care (`chic.`): counts, rates and characteristics from the SSDA903 extract."""
from __future__ import annotations

import pandas as pd

from pipeline.extract.schema import ETHNIC_GROUP
from pipeline.transform.dates import CLA_AGE_BANDS, age_band, age_in_years
from pipeline.transform.registry import count, indicator, rate, shares
from pipeline.transform.year_data import YearData

SHORT_BREAKS = ("V3", "V4")
LEGAL_STATUS = {
    **{c: "care_order" for c in ("C1", "C2")},
    **{c: "placement_order" for c in ("D1", "E1")},
    "V2": "s20",
    **{c: "youth_justice" for c in ("J1", "J2", "J3")},
    **{c: "emergency" for c in ("L1", "L2", "L3")},
}
LEGAL_STATUS_BANDS = ("care_order", "placement_order", "s20", "youth_justice", "emergency")
ETHNIC_GROUPS = ("white", "mixed", "asian", "black", "other", "not_known")
CEASED_REASON = {
    **{c: "adopted" for c in ("E11", "E12")},
    **{c: "special_guardianship" for c in ("E43", "E44", "E45", "E46", "E47", "E48")},
    "E41": "child_arrangements",
    **{c: "returned_home" for c in ("E4A", "E4B", "E13")},
    **{c: "independent_living" for c in ("E5", "E6")},
    "E17": "staying_put",
    "E9": "custody",
}
CEASED_REASONS = ("adopted", "special_guardianship", "child_arrangements", "returned_home", "independent_living",
                  "staying_put", "custody", "other")
EPISODES = ("chic.episodes",)
WITH_HEADER = ("chic.episodes", "chic.header")


def care_episodes(data: YearData) -> pd.DataFrame:
    """Episodes other than V3/V4 short breaks, which DfE leaves out of every CLA count."""

    def compute() -> pd.DataFrame:
        episodes = data["chic.episodes"]
        return episodes[~episodes.ls.isin(SHORT_BREAKS)]

    return data.once("care_episodes", compute)


def open_at(episodes: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Episodes open on a day: started on or before it and not ended by it (ending that day is closed)."""
    return episodes[(episodes.decom <= day) & (episodes.dec.isna() | (episodes.dec > day))]


def looked_after_at_31_march(data: YearData) -> pd.DataFrame:
    """One row per child looked after at 31 March: their open episode (the latest, if several) and header."""

    def compute() -> pd.DataFrame:
        episodes = open_at(care_episodes(data), data.year.end).sort_values(["child", "decom"])
        latest = episodes.drop_duplicates("child", keep="last")
        if data.has("chic.header"):
            header = data["chic.header"][["child", "sex", "dob", "ethnic"]]
            latest = latest.merge(header, on="child", how="left")
        return latest

    return data.once("cla_31mar", compute)


def started(data: YearData) -> pd.DataFrame:
    """The first episode of each child who started to be looked after (RNE = S) during the year."""
    eps = care_episodes(data)
    starts = eps[(eps.rne == "S") & data.year.contains(eps.decom)].sort_values(["child", "decom"])
    return starts.drop_duplicates("child")


def ceased(data: YearData) -> pd.DataFrame:
    """Each child's last episode ending in the year with a reason other than X1 (a period of care ended)."""
    eps = care_episodes(data)
    ended = eps[data.year.contains(eps.dec) & eps.rec.notna() & (eps.rec != "X1")].sort_values(["child", "dec"])
    return ended.drop_duplicates("child", keep="last")


@indicator("chic.count_31mar", "count", EPISODES, "Children in care at 31 March")
def count_31mar(data: YearData) -> pd.DataFrame:
    """Distinct children with an episode open at 31 March (started on or before it, not ended on or
    before it), leaving out V3/V4 short breaks."""
    return count(len(looked_after_at_31_march(data)))


@indicator("chic.rate_per_10k", "rate_per_10k", EPISODES, "Children in care per 10,000 children")
def rate_per_10k(data: YearData) -> pd.DataFrame:
    """Children in care at 31 March per 10,000 children aged 0-17 (ONS mid-year estimate for the
    previous mid-year, as DfE does)."""
    return rate(len(looked_after_at_31_march(data)), data.population)


@indicator("chic.starts", "count", EPISODES, "Children who started to be looked after")
def starts(data: YearData) -> pd.DataFrame:
    """Distinct children with an episode starting in the year with RNE = S (not V3/V4)."""
    return count(len(started(data)))


@indicator("chic.ceased", "count", EPISODES, "Children who ceased to be looked after")
def ceased_count(data: YearData) -> pd.DataFrame:
    """Distinct children with at least one episode ending in the year with REC other than X1."""
    return count(len(ceased(data)))


@indicator("chic.legal_status_pct", "percent", EPISODES, "Legal status at 31 March", breakdowns=LEGAL_STATUS_BANDS)
def legal_status_pct(data: YearData) -> pd.DataFrame:
    """Percentage of children in care at 31 March by the legal status (LS) of their open episode:
    care order C1 C2, placement order D1 E1, section 20 V2, youth justice J1-J3, emergency L1-L3."""
    return shares(looked_after_at_31_march(data).ls.map(LEGAL_STATUS), LEGAL_STATUS_BANDS)


@indicator("chic.age_pct", "percent", WITH_HEADER, "Age at 31 March", breakdowns=CLA_AGE_BANDS)
def age_pct(data: YearData) -> pd.DataFrame:
    """Percentage of children in care at 31 March by age in whole years on 31 March."""
    cla = looked_after_at_31_march(data)
    return shares(age_band(age_in_years(cla.dob, data.year.end)), CLA_AGE_BANDS)


@indicator("chic.starts_age_pct", "percent", WITH_HEADER, "Age on starting to be looked after",
           breakdowns=CLA_AGE_BANDS)
def starts_age_pct(data: YearData) -> pd.DataFrame:
    """Percentage of children who started to be looked after by their age on the day they started."""
    first = started(data).merge(data["chic.header"][["child", "dob"]], on="child", how="left")
    return shares(age_band(age_in_years(first.dob, first.decom)), CLA_AGE_BANDS)


@indicator("chic.gender_pct", "percent", WITH_HEADER, "Gender at 31 March", breakdowns=("male", "female"))
def gender_pct(data: YearData) -> pd.DataFrame:
    """Percentage of children in care at 31 March by SEX (1 male, 2 female)."""
    return shares(looked_after_at_31_march(data).sex.map({"1": "male", "2": "female"}), ("male", "female"))


@indicator("chic.ethnicity_pct", "percent", WITH_HEADER, "Ethnicity at 31 March", breakdowns=ETHNIC_GROUPS)
def ethnicity_pct(data: YearData) -> pd.DataFrame:
    """Percentage of children in care at 31 March by ethnic group (SSDA903 ETHNIC codes grouped as DfE
    groups them: White, Mixed, Asian, Black, Other, not known)."""
    return shares(looked_after_at_31_march(data).ethnic.map(ETHNIC_GROUP), ETHNIC_GROUPS)


@indicator("chic.uasc_count", "count", ("chic.episodes", "chic.uasc"), "Unaccompanied asylum-seeking children")
def uasc_count(data: YearData) -> pd.DataFrame:
    """Children looked after at 31 March who are listed in the UASC sheet."""
    cla = looked_after_at_31_march(data)
    return count(cla.child.isin(data["chic.uasc"].child).sum())


@indicator("chic.ceased_reason_pct", "percent", EPISODES, "Reason for ceasing to be looked after",
           breakdowns=CEASED_REASONS)
def ceased_reason_pct(data: YearData) -> pd.DataFrame:
    """Percentage of children who ceased to be looked after by the reason (REC) their last period of care
    in the year ended: adopted E11 E12; special guardianship E43-E48; child arrangements order E41;
    returned home E4A E4B E13; independent living E5 E6; staying put E17; custody E9; other the rest."""
    return shares(ceased(data).rec.map(lambda r: CEASED_REASON.get(r, "other")), CEASED_REASONS)

