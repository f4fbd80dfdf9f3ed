"""Children in care (`chic.`): counts, rates and characteristics from the SSDA903 extract."""
from __future__ import annotations

import pandas as pd

from pipeline.extract.schema import ETHNIC_GROUP
from pipeline.transform.dates import CLA_AGE_BANDS, age_band, age_in_years
from pipeline.transform.registry import Rows, count, indicator, mean, percent, rate, shares, stack
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
def count_31mar(data: YearData) -> Rows:
    """Distinct children with an episode open at 31 March (started on or before it, not ended on or
    before it), leaving out V3/V4 short breaks."""
    return count(len(looked_after_at_31_march(data)))


@indicator("chic.rate_per_10k", "rate_per_10k", EPISODES, "Children in care per 10,000 children")
def rate_per_10k(data: YearData) -> Rows:
    """Children in care at 31 March per 10,000 children aged 0-17 (ONS mid-year estimate for the
    previous mid-year, as DfE does)."""
    return rate(len(looked_after_at_31_march(data)), data.population)


@indicator("chic.starts", "count", EPISODES, "Children who started to be looked after")
def starts(data: YearData) -> Rows:
    """Distinct children with an episode starting in the year with RNE = S (not V3/V4)."""
    return count(len(started(data)))


@indicator("chic.ceased", "count", EPISODES, "Children who ceased to be looked after")
def ceased_count(data: YearData) -> Rows:
    """Distinct children with at least one episode ending in the year with REC other than X1."""
    return count(len(ceased(data)))


@indicator("chic.legal_status_pct", "percent", EPISODES, "Legal status at 31 March", breakdowns=LEGAL_STATUS_BANDS)
def legal_status_pct(data: YearData) -> Rows:
    """Percentage of children in care at 31 March by the legal status (LS) of their open episode:
    care order C1 C2, placement order D1 E1, section 20 V2, youth justice J1-J3, emergency L1-L3."""
    return shares(looked_after_at_31_march(data).ls.map(LEGAL_STATUS), LEGAL_STATUS_BANDS)


@indicator("chic.age_pct", "percent", WITH_HEADER, "Age at 31 March", breakdowns=CLA_AGE_BANDS)
def age_pct(data: YearData) -> Rows:
    """Percentage of children in care at 31 March by age in whole years on 31 March."""
    cla = looked_after_at_31_march(data)
    return shares(age_band(age_in_years(cla.dob, data.year.end)), CLA_AGE_BANDS)


@indicator("chic.starts_age_pct", "percent", WITH_HEADER, "Age on starting to be looked after",
           breakdowns=CLA_AGE_BANDS)
def starts_age_pct(data: YearData) -> Rows:
    """Percentage of children who started to be looked after by their age on the day they started."""
    first = started(data).merge(data["chic.header"][["child", "dob"]], on="child", how="left")
    return shares(age_band(age_in_years(first.dob, first.decom)), CLA_AGE_BANDS)


@indicator("chic.gender_pct", "percent", WITH_HEADER, "Gender at 31 March", breakdowns=("male", "female"))
def gender_pct(data: YearData) -> Rows:
    """Percentage of children in care at 31 March by SEX (1 male, 2 female)."""
    return shares(looked_after_at_31_march(data).sex.map({"1": "male", "2": "female"}), ("male", "female"))


@indicator("chic.ethnicity_pct", "percent", WITH_HEADER, "Ethnicity of children in care at 31 March",
           breakdowns=ETHNIC_GROUPS)
def ethnicity_pct(data: YearData) -> Rows:
    """Percentage of children in care at 31 March by ethnic group (SSDA903 ETHNIC codes grouped as DfE
    groups them: White, Mixed, Asian, Black, Other, not known)."""
    return shares(looked_after_at_31_march(data).ethnic.map(ETHNIC_GROUP), ETHNIC_GROUPS)


@indicator("chic.uasc_count", "count", ("chic.episodes", "chic.uasc"), "Unaccompanied asylum-seeking children")
def uasc_count(data: YearData) -> Rows:
    """Children looked after at 31 March who are listed in the UASC sheet."""
    cla = looked_after_at_31_march(data)
    return count(cla.child.isin(data["chic.uasc"].child).sum())


@indicator("chic.ceased_reason_pct", "percent", EPISODES, "Reason for ceasing to be looked after",
           breakdowns=CEASED_REASONS)
def ceased_reason_pct(data: YearData) -> Rows:
    """Percentage of children who ceased to be looked after by the reason (REC) their last period of care
    in the year ended: adopted E11 E12; special guardianship E43-E48; child arrangements order E41;
    returned home E4A E4B E13; independent living E5 E6; staying put E17; custody E9; other the rest."""
    return shares(ceased(data).rec.map(lambda r: CEASED_REASON.get(r, "other")), CEASED_REASONS)



# --- health of children looked after for 12 months (OC2) -----------------------------------------
HEALTH_FLAGS = {"immunisations": "immunisations", "dental": "teeth_check", "health_assessment": "health_assessment"}
HEALTH_BANDS = ("immunisations", "dental", "health_assessment", "development")
OC2 = ("chic.episodes", "chic.oc2")


def oc2_cohort(data: YearData) -> pd.DataFrame:
    """OC2 children who are looked after at 31 March, with their age then. Others are a warning and
    left out: OC2 is, by definition, children looked after continuously for 12 months at 31 March."""

    def compute() -> pd.DataFrame:
        oc2 = data["chic.oc2"]
        cla = looked_after_at_31_march(data)
        stray = oc2[~oc2.child.isin(cla.child)]
        for row in stray._row:
            data.warnings.warn("chic.xlsx", "oc2", int(row), "CHILD", "child is not looked after at 31 March: "
                               "left out of the health figures")
        cohort = oc2[oc2.child.isin(cla.child)]
        if "dob" in cla:
            cohort = cohort.merge(cla[["child", "dob"]].rename(columns={"dob": "header_dob"}), on="child", how="left")
            cohort = cohort.assign(dob=cohort.dob.fillna(cohort.header_dob))
        return cohort.assign(age=age_in_years(cohort.dob, data.year.end))

    return data.once("oc2", compute)


@indicator("chic.health_pct", "percent", OC2, "Health of children looked after for 12 months",
           higher_is_better=True, breakdowns=HEALTH_BANDS)
def health_pct(data: YearData) -> Rows:
    """Percentage of children looked after continuously for 12 months at 31 March (OC2) with immunisations
    up to date, teeth checked by a dentist, and an annual health assessment; `development`: percentage
    of those aged under 5 at 31 March whose development assessment (HEALTH_CHECK) is up to date."""
    cohort = oc2_cohort(data)
    under_5 = cohort[cohort.age < 5]
    return stack(*(percent((cohort[col] == "1").sum(), len(cohort), band) for band, col in HEALTH_FLAGS.items()),
                 percent((under_5.health_check == "1").sum(), len(under_5), "development"))


@indicator("chic.substance_misuse_pct", "percent", OC2, "Children identified as having a substance misuse problem",
           higher_is_better=False)
def substance_misuse_pct(data: YearData) -> Rows:
    """Percentage of the OC2 cohort with SUBSTANCE_MISUSE = 1."""
    cohort = oc2_cohort(data)
    return percent((cohort.substance_misuse == "1").sum(), len(cohort))


@indicator("chic.substance_intervention_pct", "percent", OC2, "Interventions for substance misuse",
           breakdowns=("received", "refused", "not_offered"))
def substance_intervention_pct(data: YearData) -> Rows:
    """Of the OC2 children with SUBSTANCE_MISUSE = 1: the percentage who received an intervention
    (INTERVENTION_RECEIVED = 1), who refused one (offered, not received), and who were not offered one."""
    misuse = oc2_cohort(data).query("substance_misuse == '1'")
    received = misuse.intervention_received == "1"
    refused = ~received & (misuse.intervention_offered == "1")
    return stack(percent(received.sum(), len(misuse), "received"), percent(refused.sum(), len(misuse), "refused"),
                 percent((~received & ~refused).sum(), len(misuse), "not_offered"))


def sdq_cohort(data: YearData) -> pd.Series:
    cohort = oc2_cohort(data)
    return cohort[(cohort.age >= 5) & (cohort.age <= 16) & cohort.sdq_score.notna()].sdq_score.astype(float)


@indicator("chic.sdq_concern_pct", "percent", OC2, "SDQ score a cause for concern", higher_is_better=False)
def sdq_concern_pct(data: YearData) -> Rows:
    """Percentage of OC2 children aged 5 to 16 at 31 March with an SDQ score whose score is 17 or more
    (a cause for concern)."""
    scores = sdq_cohort(data)
    return percent((scores >= 17).sum(), len(scores))


@indicator("chic.sdq_mean", "score", OC2, "Average SDQ score", higher_is_better=False)
def sdq_mean(data: YearData) -> Rows:
    """Mean SDQ score of OC2 children aged 5 to 16 at 31 March with a score."""
    return mean(sdq_cohort(data))


# --- care leavers (OC3) ---------------------------------------------------------------------------
LEAVER_ACTIVITY = {**{c: "eet" for c in ("F1", "P1", "F2", "P2", "F3", "P3")},
                   **{c: "neet" for c in ("G4", "G5", "G6")}, "0": "no_information"}
LEAVER_BANDS = ("eet", "neet", "no_information")
OUT_OF_COHORT = ("DIED", "RHOM", "NREQ")


def leavers_19_to_21(data: YearData) -> pd.DataFrame:
    """OC3 care leavers whose 19th, 20th or 21st birthday fell in the year, less those who died, returned
    home for good or no longer require services."""
    oc3 = data["chic.oc3"]
    age = age_in_years(oc3.dob, data.year.end)
    return oc3[age.between(19, 21) & ~oc3.in_touch.isin(OUT_OF_COHORT)]


@indicator("leavers.activity_pct", "percent", ("chic.oc3",), "Activity of care leavers aged 19 to 21",
           breakdowns=LEAVER_BANDS)
def leavers_activity_pct(data: YearData) -> Rows:
    """Care leavers aged 19 to 21 (on their birthday in the year, excluding IN_TOUCH DIED, RHOM, NREQ) by
    activity: in education, employment or training (ACTIV F1 P1 F2 P2 F3 P3), not (G4 G5 G6), or no
    information (IN_TOUCH NO or REFU, or ACTIV 0)."""
    leavers = leavers_19_to_21(data)
    activity = leavers.activ.map(LEAVER_ACTIVITY).where(~leavers.in_touch.isin(("NO", "REFU")), "no_information")
    return shares(activity, LEAVER_BANDS)


@indicator("leavers.in_touch_pct", "percent", ("chic.oc3",), "Care leavers aged 19 to 21 in touch",
           higher_is_better=True)
def leavers_in_touch_pct(data: YearData) -> Rows:
    """Care leavers aged 19 to 21 (the same cohort) with whom the authority is in touch (IN_TOUCH = YES)."""
    leavers = leavers_19_to_21(data)
    return percent((leavers.in_touch == "YES").sum(), len(leavers))
