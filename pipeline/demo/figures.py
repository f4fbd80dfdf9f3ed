"""Demoshire's own figures as DfE would publish them, computed from the simulated history.

Definitions follow the indicator catalogue (children at 31 March are those whose episode is still open
at the end of the day, short breaks excluded; a ceased child is counted once, by their last period to
end), so for years with local data the authority's published figures equal what the pipeline works
out from the workbooks.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.demo import extracts, labels
from pipeline.demo.dates import DAY, add_months, add_years, age, workdays, year_end, year_start
from pipeline.demo.history import History
from pipeline.demo.sampling import stream

POPULATION_GROWTH = 0.0025  # a year; the localities' populations are those of mid-2024


def population(h: History, mid_year: int) -> int:
    """ONS mid-year estimate of the under-18 population: the localities' total, drifting slightly."""
    return round(h.authority.population * h.scale * (1 + POPULATION_GROWTH * (mid_year - 2024)))


def count_by(values: pd.Series, spec: dict) -> dict[str, int]:
    """How many values fall under each label; a label's codes are values, or (low, high) bounds for ages."""
    out = {}
    for label, codes in spec.items():
        if len(codes) == 2 and all(isinstance(c, (int, np.integer)) for c in codes):
            out[label] = int(((values >= codes[0]) & (values < codes[1])).sum())
        else:
            out[label] = int(values.isin(codes).sum())
    return out


def _rows(groups) -> pd.DataFrame:
    """(group, label, count) rows from (group, {label: count}, total label), each group with its total."""
    rows = []
    for group, counts, total in groups:
        rows += [(group, label, n) for label, n in counts.items()] + [(group, total, sum(counts.values()))]
    return pd.DataFrame(rows, columns=["group", "label", "count"])


def looked_after(h: History, year: int) -> pd.DataFrame:
    """Children at 31 March with their open episode's legal status and placement."""
    e = h.care_episodes
    end = year_end(year)
    return e[(e["DECOM"] <= end) & (e["DEC"] > end)].drop_duplicates("CHILD")


def started(h: History, year: int) -> pd.DataFrame:
    """Each child who started to be looked after in the year, at their first start."""
    e = h.care_episodes
    s = e[(e["RNE"] == "S") & (e["DECOM"] >= year_start(year)) & (e["DECOM"] <= year_end(year))]
    return s.sort_values("DECOM").drop_duplicates("CHILD")


def ceased(h: History, year: int) -> pd.DataFrame:
    """Each child whose period of care ended in the year, at the last such end."""
    e = h.care_episodes
    c = e[(e["REC"] != "X1") & (e["DEC"] >= year_start(year)) & (e["DEC"] <= year_end(year))]
    return c.sort_values("DEC").drop_duplicates("CHILD", keep="last")


def _years(frame: pd.DataFrame, on) -> pd.Series:
    return pd.Series(age(frame["DOB"].to_numpy(dtype=DAY), on), index=frame.index)


def at_31_march(h: History, year: int) -> pd.DataFrame:
    """Children at 31 March by age, gender, legal status, placement and ethnicity (group, label, count)."""
    la = looked_after(h, year)
    years = _years(la, year_end(year))
    groups = [("Age group", count_by(years, labels.AGE_31), "Total children"),
              ("Gender", count_by(la["SEX"], labels.GENDER), "Total children"),
              ("Legal status", count_by(la["LS"], labels.LEGAL_31), "Total children"),
              ("Placement", count_by(la["PLACE"], labels.PLACEMENT), "Total children")]
    return pd.concat([_rows(groups), ethnicity(la["ETHNIC"])], ignore_index=True)


def ethnicity(codes: pd.Series) -> pd.DataFrame:
    """DfE's ethnicity rows: each group's total and its detailed rows, from SSDA903 codes."""
    rows = []
    for group, detail in labels.ETHNICITY.items():
        counts = {label: int((codes == code).sum()) for label, code in detail.items()}
        rows.append(("Ethnicity", group, sum(counts.values())))
        rows += [("Ethnicity", label, n) for label, n in counts.items() if label != group]
    rows.append(("Ethnicity", "Total children", len(codes)))
    return pd.DataFrame(rows, columns=["group", "label", "count"])


def starts(h: History, year: int) -> pd.DataFrame:
    """Children starting to be looked after, by age on starting, gender, legal status and UASC."""
    s = started(h, year)
    years = _years(s, s["DECOM"].to_numpy(dtype=DAY))
    return _rows([("Age on starting", count_by(years, labels.AGE_31), "Total children"),
                  ("Gender", count_by(s["SEX"], labels.GENDER), "Total children"),
                  ("Legal status", count_by(s["LS"], labels.LEGAL_START), "Total children"),
                  ("Unaccompanied asylum-seeking children", count_by(s["UASC"], labels.UASC), "Total children")])


def ceasings(h: History, year: int) -> pd.DataFrame:
    """Children who ceased to be looked after, by age on ceasing, gender and reason."""
    c = ceased(h, year)
    return _rows([("Age on ceasing", count_by(_years(c, c["DEC"].to_numpy(dtype=DAY)), labels.AGE_CEASED), "Total"),
                  ("Gender", count_by(c["SEX"], labels.GENDER), "Total"),
                  ("Reason episode ceased", count_by(c["REC"], labels.REASON), "Total")])


def health(h: History, year: int) -> pd.DataFrame:
    """OC2 outcomes in DfE's rows, plus the sum of SDQ scores (the average is worked out after summing)."""
    oc2 = extracts.oc2(h, year)
    years = pd.Series(age(oc2["DOB"].to_numpy(dtype=DAY), year_end(year)))
    sdq = oc2["SDQ_SCORE"][(years >= 5) & (years <= 16)].dropna()
    misuse = oc2["SUBSTANCE_MISUSE"] == 1
    counts = {
        (labels.DEVELOPMENT, "Development assessments up to date"): (oc2["HEALTH_CHECK"][years < 5] == 1).sum(),
        (labels.DEVELOPMENT, "Total ages 0 to 4 years"): (years < 5).sum(),
        (labels.CONVICTIONS, labels.CONVICTED): (oc2["CONVICTED"][years >= 10] == 1).sum(),
        (labels.CONVICTIONS, "Total ages 10 to 17 years"): (years >= 10).sum(),
        (labels.HEALTH, "Had their annual health assessment"): (oc2["HEALTH_ASSESSMENT"] == 1).sum(),
        (labels.HEALTH, "Had their immunisations up to date"): (oc2["IMMUNISATIONS"] == 1).sum(),
        (labels.HEALTH, "Had their teeth checked by a dentist"): (oc2["TEETH_CHECK"] == 1).sum(),
        (labels.HEALTH, "Total all ages"): len(oc2),
        (labels.SDQ, "SDQ score is a cause for concern"): (sdq >= 17).sum(),
        (labels.SDQ, "SDQ score is borderline"): ((sdq >= 14) & (sdq <= 16)).sum(),
        (labels.SDQ, "SDQ score is normal"): (sdq <= 13).sum(),
        (labels.SDQ, "SDQ score was received"): len(sdq),
        (labels.SDQ, "Total ages 5 to 16 years"): ((years >= 5) & (years <= 16)).sum(),
        (labels.SDQ, labels.SDQ_SUM): sdq.sum(),
        (labels.SUBSTANCE, "Identified as having a substance misuse problem"): misuse.sum(),
        (labels.SUBSTANCE, "Offered intervention but refused it"):
            (misuse & (oc2["INTERVENTION_OFFERED"] == 1) & (oc2["INTERVENTION_RECEIVED"] == 0)).sum(),
        (labels.SUBSTANCE, "Received an intervention for their substance misuse problem"):
            (misuse & (oc2["INTERVENTION_RECEIVED"] == 1)).sum(),
        (labels.SUBSTANCE, "Total all ages"): len(oc2),
    }
    return pd.DataFrame([(c, b, int(n)) for (c, b), n in counts.items()], columns=["group", "label", "count"])


def activity(h: History, year: int) -> pd.DataFrame:
    """Care leavers' activity by age group; the cohort leaves out those who died, went home or no longer
    need services, and counts those not in touch as information not known."""
    oc3 = extracts.oc3(h, year)
    oc3 = oc3[~oc3["IN_TOUCH"].isin(["DIED", "RHOM", "NREQ"])]
    activ = oc3["ACTIV"].where(oc3["IN_TOUCH"] == "YES", "0")
    rows = []
    for group, (low, high) in labels.ACTIVITY_AGES.items():
        mine = activ[(oc3["AGE"] >= low) & (oc3["AGE"] <= high)]
        rows += [(group, label, n) for label, n in count_by(mine, labels.ACTIVITY).items()]
    return pd.DataFrame(rows, columns=["group", "label", "count"])


def in_touch(h: History, year: int) -> pd.DataFrame:
    """Care leavers by age group and whether the authority is in touch (DfE leaves out those who died or
    went home)."""
    oc3 = extracts.oc3(h, year)
    rows = []
    for group, (low, high) in labels.INTOUCH_AGES.items():
        mine = oc3["IN_TOUCH"][(oc3["AGE"] >= low) & (oc3["AGE"] <= high)]
        rows += [(group, label, n) for label, n in count_by(mine, labels.INTOUCH).items()]
    return pd.DataFrame(rows, columns=["group", "label", "count"])


def cla_counts(h: History, year: int) -> dict[str, int]:
    """Children looked after at 31 March, starting and ceasing in the year, as `cla_number` labels them."""
    return {"Children looked after on 31 March each year": looked_after(h, year)["CHILD"].nunique(),
            "Children starting to be looked after each year": len(started(h, year)),
            "Children ceasing to be looked after each year": len(ceased(h, year))}


def protection(h: History, year: int) -> dict[str, float]:
    """Child protection counts: plans starting (and repeats), plans at 31 March by length, timeliness."""
    start, end = year_start(year), year_end(year)
    p = h.plans
    new = p[(p["CPP_START"] >= start) & (p["CPP_START"] <= end)]
    open_ = p[(p["CPP_START"] <= end) & ~(p["CPP_END"] <= end)]
    since = open_["CPP_START"].to_numpy(dtype=DAY)
    bounds = [add_months(since, 3), add_months(since, 6), add_years(since, 1), add_years(since, 2)]
    band = sum((end > b).astype(int) for b in bounds)
    ended = p[(p["CPP_END"] >= start) & (p["CPP_END"] <= end)]
    two_years = ended["CPP_END"].to_numpy(dtype=DAY) >= add_years(ended["CPP_START"].to_numpy(dtype=DAY), 2)
    c = h.conferences
    icpc = c[(c["CONFERENCE_TYPE"] == "ICPC") & (c["CONFERENCE_DATE"] >= start) & (c["CONFERENCE_DATE"] <= end)
             & c["S47_START"].notna()]
    quick = icpc["CONFERENCE_DATE"].to_numpy(dtype=DAY) <= workdays(icpc["S47_START"].to_numpy(dtype=DAY), 15)
    held = h.rcpc_on_time[(h.rcpc_on_time["CONFERENCE_DATE"] >= start) & (h.rcpc_on_time["CONFERENCE_DATE"] <= end)]
    return {"CPP_start": len(new), "CPP_subsequent": int((new["PREVIOUS_CPP"] >= 1).sum()),
            "CPP_At31": open_["CHILD"].nunique(),
            **{name: int((band == i).sum()) for i, name in enumerate(labels.CPP_BANDS)},
            "icpc_15_days": int(quick.sum()), "icpc": len(icpc), "ended_2_years": int(two_years.sum()),
            "ended": len(ended), "rcpc_on_time": int(held["ON_TIME"].sum()), "rcpc": len(held)}


def children_in_need(h: History, year: int, at31_plans: int) -> dict[str, int]:
    """Children in need are not simulated; these follow from the plans, as CIN numbers track them."""
    rng = stream(h.seed, "children in need", year)
    at31 = round(at31_plans * rng.uniform(7.5, 9.5))
    started_ = round(at31 * rng.uniform(0.9, 1.05))
    ended_ = round(started_ * rng.uniform(0.92, 1.05))
    anypoint = at31 + ended_
    return {"Anypoint_episodes": anypoint, "Anypoint_child": round(anypoint * 0.94), "Started_episodes": started_,
            "Started_child": round(started_ * 0.95), "Ended_episodes": ended_, "Ended_child": round(ended_ * 0.95),
            "At31_episodes": at31, "awaiting_assessment": round(at31 * rng.uniform(0.01, 0.05))}
