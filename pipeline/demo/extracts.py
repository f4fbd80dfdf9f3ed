"""Cut one reporting year's extracts from the history, sheet by sheet, as the input contract lays them out.

Dates after the year's end are not yet known to the extract: an episode, plan or case still open on
31 March has its end left blank, and a referral not yet decided is `WIP`. Flags that real extracts
record once a year (OC2 health, OC3 care leavers, review participation, the IRO's monitoring form) are
drawn here, each from a stream keyed by the year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.demo import liberty, oversight, team, text
from pipeline.demo.dates import DAY, NAT, add_years, age, year_end, year_start
from pipeline.demo.history import History
from pipeline.demo.sampling import choose, stream
from pipeline.extract.schema import CHIC, CP, IRU, LADO, Workbook

PARTICIPATION = {"PN1": 0.38, "PN2": 0.05, "PN3": 0.05, "PN4": 0.2, "PN5": 0.05, "PN6": 0.14, "PN7": 0.13}
SDQ_REASON = {"SDQ2": 0.3, "SDQ3": 0.25, "SDQ4": 0.3, "SDQ5": 0.15}
IN_TOUCH = {"YES": 0.86, "NO": 0.05, "REFU": 0.03, "NREQ": 0.03, "RHOM": 0.025, "DIED": 0.005}
ACTIVITY_YOUNGER = {"F2": 0.4, "P2": 0.08, "F1": 0.02, "F3": 0.1, "P3": 0.05, "G4": 0.08, "G5": 0.2, "G6": 0.02,
                    "0": 0.05}
ACTIVITY_OLDER = {"F1": 0.05, "P1": 0.02, "F2": 0.1, "P2": 0.04, "F3": 0.22, "P3": 0.11, "G4": 0.12, "G5": 0.2,
                  "G6": 0.08, "0": 0.06}
# "NA" is written in lower case: pandas.read_excel (as pipeline.extract.workbook calls it) reads the text
# "NA" as a missing value, and codes match case-insensitively.
NOT_APPLICABLE = "na"
ACCOMMODATION = {"U1": 0.3, "Z1": 0.15, "D1": 0.15, "B1": 0.12, "E1": 0.08, "K1": 0.05, "T1": 0.05, "S2": 0.03,
                 "X2": 0.03, "V2": 0.02, "Y1": 0.02}


def _columns(workbook: Workbook, sheet: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The sheet's contract columns that the frame has, in contract order."""
    names = [c.name for c in next(s for s in workbook.sheets if s.name == sheet).columns]
    return frame[[c for c in names if c in frame.columns]].reset_index(drop=True)


def _until(dates: pd.Series, year: int) -> pd.Series:
    """Dates the extract can know: those after the year's end are blank."""
    return dates.where(dates <= year_end(year))


# --- chic.xlsx ---------------------------------------------------------------------------------
def chic(h: History, year: int) -> dict[str, pd.DataFrame]:
    """The SSDA903 sheets. Episodes are those open in the year plus, as extracts often carry, their
    period's episodes that ended in the twelve months before; the header covers them and the care leavers."""
    start, end = year_start(year), year_end(year)
    periods = h.periods[(h.periods["START"] <= end) & (h.periods["END"] >= start)]
    e = h.episodes
    episodes = e[e["PERIOD"].isin(periods["PERIOD"]) & (e["DECOM"] <= end) & (e["DEC"] >= start - 365)]
    episodes = episodes.assign(DEC=_until(episodes["DEC"], year), REC=episodes["REC"].where(episodes["DEC"] <= end))
    leavers = oc3(h, year)
    children = np.union1d(episodes["CHILD"].to_numpy(), leavers["CHILD"].to_numpy())
    header = h.children[h.children["CHILD"].isin(children)]
    sheets = {
        "header": _columns(CHIC, "header", header.assign(CHILD=header["CHILD"].astype(str))),
        "episodes": _columns(CHIC, "episodes", episodes.assign(CHILD=episodes["CHILD"].astype(str))),
        "reviews": _columns(CHIC, "reviews", _participation(h, year)),
        "oc2": _columns(CHIC, "oc2", _with_oc2_quirk(h, year)),
        "oc3": _columns(CHIC, "oc3", leavers.assign(CHILD=leavers["CHILD"].astype(str))),
        "uasc": _columns(CHIC, "uasc", _uasc(h, year)),
    }
    if year == h.last_year:  # the optional sheet, recorded in the latest year only: earlier years say so
        dolo = liberty.orders(h.seed, year, episodes, h.dob(episodes["CHILD"].to_numpy()))
        sheets["dolo"] = _columns(CHIC, "dolo", dolo.assign(CHILD=dolo["CHILD"].astype(str)))
    return sheets


def _reviews_in(h: History, year: int) -> pd.DataFrame:
    r = h.reviews
    return r[(r["REVIEW"] >= year_start(year)) & (r["REVIEW"] <= year_end(year))].sort_values(["REVIEW", "CHILD"])


def _participation(h: History, year: int) -> pd.DataFrame:
    """SSDA903 reviews: PN0 for under-4s, otherwise how the child took part."""
    rng = stream(h.seed, "participation", year)
    reviews = _reviews_in(h, year)
    dob = h.dob(reviews["CHILD"].to_numpy())
    under_4 = age(dob, reviews["REVIEW"].to_numpy(dtype=DAY)) < 4
    code = np.where(under_4, "PN0", choose(rng, PARTICIPATION, len(reviews)))
    return pd.DataFrame({"CHILD": reviews["CHILD"].astype(str).to_numpy(), "DOB": dob,
                         "REVIEW": reviews["REVIEW"].to_numpy(), "REVIEW_CODE": code})


def oc2(h: History, year: int) -> pd.DataFrame:
    """Children looked after continuously for 12 months at 31 March, with their health outcomes."""
    periods = h.in_care_on(year_end(year))
    return _outcomes(h, year, np.unique(periods[periods["START"] <= year_start(year)]["CHILD"].to_numpy()), "oc2")


def _with_oc2_quirk(h: History, year: int) -> pd.DataFrame:
    """OC2 as extracts often have it: plus a few children who left care shortly before 31 March."""
    p = h.in_care(year_start(year) - 365, year_end(year))
    left = p[(p["END"] > year_end(year) - 60) & (p["END"] <= year_end(year)) & (p["START"] <= year_start(year))]
    rng = stream(h.seed, "oc2 quirk", year)
    extra = rng.choice(np.unique(left["CHILD"].to_numpy()), min(left["CHILD"].nunique(), round(3 * h.scale)),
                       replace=False)
    cohort = oc2(h, year)
    extra = np.setdiff1d(extra, cohort["CHILD"].to_numpy())
    return pd.concat([cohort, _outcomes(h, year, extra, "oc2 quirk")]).assign(
        CHILD=lambda f: f["CHILD"].astype(str))


def _outcomes(h: History, year: int, children: np.ndarray, name: str) -> pd.DataFrame:
    rng = stream(h.seed, name, year)
    n = len(children)
    dob = h.dob(children)
    years = age(dob, year_end(year))
    drift = 0.01 * (year - 2021)

    def flag(p, applies=True):
        return pd.array(np.where(applies, (rng.random(n) < p).astype(float), np.nan), dtype="Int64")

    sdq_age = (years >= 4) & (years <= 16)
    scored = sdq_age & (rng.random(n) < 0.78)
    misuse = (years >= 10) & (rng.random(n) < 0.05)
    received = misuse & (rng.random(n) < 0.45)
    offered = received | (misuse & (rng.random(n) < 0.7))
    return pd.DataFrame({
        "CHILD": children, "DOB": dob,
        "SDQ_SCORE": pd.array(np.where(scored, np.clip(np.round(rng.normal(15, 7.5, n)), 0, 40), np.nan),
                              dtype="Int64"),
        "SDQ_REASON": np.where(sdq_age & ~scored, choose(rng, SDQ_REASON, n), None),
        "CONVICTED": flag(0.03, years >= 10), "HEALTH_CHECK": flag(0.88 + drift, years < 5),
        "IMMUNISATIONS": flag(0.84 + drift), "TEETH_CHECK": flag(0.78 + drift), "HEALTH_ASSESSMENT": flag(0.89 + drift),
        "SUBSTANCE_MISUSE": pd.array(misuse.astype(int), dtype="Int64"),
        "INTERVENTION_RECEIVED": pd.array(np.where(misuse, received, np.nan), dtype="Int64"),
        "INTERVENTION_OFFERED": pd.array(np.where(misuse, offered, np.nan), dtype="Int64"),
    })


def oc3(h: History, year: int) -> pd.DataFrame:
    """Care leavers whose 17th to 21st birthday fell in the year: looked after for 13 weeks since 14,
    some of it after 16, and not looked after on the birthday."""
    eligible = h.care_leavers
    dob, left = eligible["DOB"].to_numpy(dtype=DAY), eligible["LEFT"].to_numpy(dtype=DAY)
    rows = []
    for years in range(17, 22):
        birthday = add_years(dob, years)
        hit = (birthday >= year_start(year)) & (birthday <= year_end(year)) & (left <= birthday)
        rows.append(pd.DataFrame({"CHILD": eligible["CHILD"].to_numpy()[hit], "DOB": dob[hit], "AGE": years}))
    leavers = pd.concat(rows, ignore_index=True).sort_values("CHILD").reset_index(drop=True)
    rng = stream(h.seed, "oc3", year)
    n = len(leavers)
    touch = choose(rng, IN_TOUCH, n)
    activity = np.where(leavers["AGE"] <= 18, choose(rng, ACTIVITY_YOUNGER, n), choose(rng, ACTIVITY_OLDER, n))
    return leavers.assign(IN_TOUCH=touch, ACTIV=np.where(touch == "YES", activity, "0"),
                          ACCOM=np.where(touch == "YES", choose(rng, ACCOMMODATION, n), None))


def _uasc(h: History, year: int) -> pd.DataFrame:
    """Unaccompanied children looked after in the year; DUC (their 18th birthday) once it has passed."""
    children = h.children[h.children["UASC"] & h.children["CHILD"].isin(h.children_in_year(year))]
    duc = add_years(children["DOB"].to_numpy(dtype=DAY), 18)
    return pd.DataFrame({"CHILD": children["CHILD"].astype(str).to_numpy(), "SEX": children["SEX"].to_numpy(),
                         "DOB": children["DOB"].to_numpy(), "DUC": np.where(duc <= year_end(year), duc, NAT)})


# --- iru.xlsx ----------------------------------------------------------------------------------
def iru(h: History, year: int) -> dict[str, pd.DataFrame]:
    """The unit's records: monitoring forms, escalations, staff in post during the year, advocacy, plans."""
    staff = h.staff[(h.staff["START_DATE"] <= year_end(year)) & (h.staff["END_DATE"] >= year_start(year))]
    plan = pd.DataFrame(text.plan(h.seed, year)).drop(columns="ITEM")
    return {
        "reviews": _columns(IRU, "reviews", oversight.review_extras(h.seed, year, _monitoring(h, year))),
        "escalations": _columns(IRU, "escalations", _escalations(h, year)),
        "allocations": _allocations(h, year),
        "staff": _columns(IRU, "staff", staff.assign(END_DATE=_until(staff["END_DATE"], year))),
        "advocacy": team.advocacy(h.seed, year, h.scale),
        "actions": _columns(IRU, "actions", pd.DataFrame(text.actions(h.seed, year))),
        "plan": _columns(IRU, "plan", plan),
    }


def _monitoring(h: History, year: int) -> pd.DataFrame:
    """The IRO's monitoring form for each review held in the year (the reviews SSDA903 records)."""
    rng = stream(h.seed, "monitoring", year)
    reviews = _reviews_in(h, year)
    n = len(reviews)
    child = reviews["CHILD"].to_numpy()
    held = reviews["REVIEW"].to_numpy(dtype=DAY)
    years = age(h.dob(child), held)
    first = reviews["NUMBER"].to_numpy() == 1
    late = held > reviews["DUE_DATE"].to_numpy(dtype=DAY)
    better = 0.02 * (year - 2021)

    def yes(p):
        return np.where(rng.random(n) < p, "Y", "N")

    chaired = np.where(years >= 12, choose(rng, {"Y": 0.1 + better, "C": 0.15, "N": 0.75 - better}, n), "N")
    return pd.DataFrame({
        "CHILD": child.astype(str), "REVIEW_DATE": held, "DUE_DATE": reviews["DUE_DATE"].to_numpy(),
        "IRO_ID": team.holders(h.staff, "IRO", child, held),
        "LATE_REASON": np.where(late, choose(rng, text.LATE_REASONS, n), None), "CHILD_CHAIRED": chaired,
        "PRE_REVIEW_CONTACT": yes(0.8 + better), "CONSULTED_ON_ARRANGEMENTS": yes(0.74 + better),
        "PARENT_CONSULTED": np.where(rng.random(n) < 0.1, NOT_APPLICABLE, yes(0.7 + better)),
        "MIDPOINT_CHECK": np.where(first, NOT_APPLICABLE, yes(0.6 + better)),
        "PERMANENCE_PLAN": np.where(first, NOT_APPLICABLE, yes(0.8 + better)),
        "PLACEMENT_STABILITY_CONCERN": yes(0.2), "CARE_PLAN_IMPLEMENTED": yes(0.84 + better / 2),
    })


def _escalations(h: History, year: int) -> pd.DataFrame:
    """Escalations raised in the year, and last year's that were still open when it began."""
    now = team.escalations(h.seed, year, h.scale, h.children_in_year(year))
    before = team.escalations(h.seed, year - 1, h.scale, h.children_in_year(year - 1))
    before = before[before["DATE_RESOLVED"].isna() | (before["DATE_RESOLVED"] >= year_start(year))]
    both = pd.concat([oversight.escalation_effects(h.seed, year - 1, before),
                      oversight.escalation_effects(h.seed, year, now)], ignore_index=True)
    known = both["DATE_RESOLVED"] <= year_end(year)
    return both.assign(DATE_RESOLVED=_until(both["DATE_RESOLVED"], year), RESOLVED_STAGE=both["RESOLVED_STAGE"]
                       .where(known), OUTCOME=both["OUTCOME"].where(known),
                       DATE_ACTIONS_AGREED=_until(both["DATE_ACTIONS_AGREED"], year))


def _allocations(h: History, year: int) -> pd.DataFrame:
    """The IROs allocated to the children in care in the year, over their periods of care."""
    periods = h.in_care(year_start(year), year_end(year))
    reviews = h.reviews[h.reviews["PERIOD"].isin(periods["PERIOD"])]
    alloc = oversight.allocations(h.seed, h.staff, periods, reviews, year)
    return _columns(IRU, "allocations", alloc[~(alloc["DATE_ENDED"] < year_start(year))])


# --- cp.xlsx -----------------------------------------------------------------------------------
def cp(h: History, year: int) -> dict[str, pd.DataFrame]:
    """Plans open in the year (an unborn child's sex is 0 or 9), with all their conferences to date and
    every ICPC held in the year, whatever its outcome."""
    end = year_end(year)
    plans = h.plans[(h.plans["CPP_START"] <= end) & ~(h.plans["CPP_END"] < year_start(year))]
    unborn = plans["DOB"] > end
    plans = plans.assign(
        CHILD=plans["CHILD"].astype(str), SEX=plans["SEX"].where(~unborn, np.where(plans["CHILD"] % 5 == 0, "0", "9")),
        CPP_END=_until(plans["CPP_END"], year),
        LATEST_CATEGORY=plans["NEW_CATEGORY"].where(plans["CHANGE_DATE"] <= end, plans["INITIAL_CATEGORY"]))
    c = h.conferences
    in_year = (c["CONFERENCE_TYPE"] == "ICPC") & (c["CONFERENCE_DATE"] >= year_start(year))
    conferences = c[(c["CONFERENCE_DATE"] <= end) & (c["CASE"].isin(plans["CASE"]) | in_year)]
    conferences = conferences.sort_values(["CONFERENCE_DATE", "CASE", "CHILD"], kind="stable")
    return {"plans": _columns(CP, "plans", plans.sort_values(["CPP_START", "CHILD"], kind="stable")),
            "conferences": _columns(CP, "conferences", oversight.conference_extras(
                h.seed, year, conferences.assign(CHILD=conferences["CHILD"].astype(str))))}


# --- lado.xlsx ---------------------------------------------------------------------------------
def lado(h: History, year: int) -> dict[str, pd.DataFrame]:
    """Referrals received in the year and earlier ones still open when it began, with their meetings."""
    start, end = year_start(year), year_end(year)
    r = h.referrals
    open_at_start = (r["DATE_DECIDED"] >= start) | ((r["DECISION"] == "MAS") & ~(r["DATE_CONCLUDED"] < start))
    referrals = r[(r["DATE_RECEIVED"] <= end) & ((r["DATE_RECEIVED"] >= start) | open_at_start)]
    concluded = referrals["DATE_CONCLUDED"] <= end
    referrals = referrals.assign(
        REFERRAL_OUTCOME=referrals["DECISION"].where(referrals["DATE_DECIDED"] <= end, "WIP"),
        FINAL_OUTCOME=referrals["FINAL_OUTCOME"].where(concluded),
        DATE_CONCLUDED=_until(referrals["DATE_CONCLUDED"], year))
    m = h.meetings
    meetings = m[m["REFERRAL_ID"].isin(referrals["REFERRAL_ID"]) & (m["MEETING_DATE"] <= end)]
    a = h.attendance
    attendance = a[a["REFERRAL_ID"].isin(meetings["REFERRAL_ID"]) & (a["MEETING_DATE"] <= end)]
    return {"referrals": _columns(LADO, "referrals", oversight.lado_extras(h.seed, year, referrals)), "meetings": _columns(LADO, "meetings", meetings),
            "attendance": _columns(LADO, "attendance", attendance)}
