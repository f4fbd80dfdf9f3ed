"""Child protection: families brought to initial conferences, their plans and review conferences.

A *case* is one family's journey from an initial conference (ICPC) to the end of its plan; siblings
share the case's dates, category and conferences. Plans mostly end at a review conference (RCPC):
the first falls about three months after the ICPC, later ones every six months. Some families come
back for a second plan, which is what makes plans "subsequent".
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.demo.cla import ETHNIC
from pipeline.demo.dates import DAY, NAT, age, random_workdays, to_workday, workdays, year_end, year_start
from pipeline.demo.sampling import choose, group_index, stream

YEARS_BEFORE = 5  # plans open in the first year, and the plans before them, began after this
FAMILIES_PER_YEAR = 310  # brought to an ICPC, at scale 1
CHILD_IDS = 50_000_000
MAX_REVIEWS = 8
END_AT_REVIEW = np.array([0.22, 0.52, 0.6, 0.65, 0.7, 0.75, 0.8, 1.0])  # chance a plan ends at its k-th RCPC
CATEGORY = {"NEG": 0.48, "EMO": 0.32, "PHY": 0.08, "SAB": 0.04, "MUL": 0.08}
DOMESTIC_ABUSE = {"NEG": 0.5, "EMO": 0.7, "PHY": 0.3, "SAB": 0.15, "MUL": 0.55}
AGE_FROM = np.array([0, 1, 5, 10, 16])
AGE_TO = np.array([1, 5, 10, 16, 18])
AGE_SHARE = np.array([0.12, 0.28, 0.27, 0.28, 0.05])
EARLY, LATE = (7, 31), (7, 41)  # days either side of a due date: wide enough that weekends never flip timeliness


def families_per_year(year: int) -> float:
    """Families brought to an ICPC a year at scale 1: demand rises and falls over a few years."""
    return FAMILIES_PER_YEAR * (1 + 0.08 * np.sin((year - 2012) / 1.7))


def simulate(seed: int, first_year: int, last_year: int, scale: float,
             localities: dict[str, int]) -> dict[str, pd.DataFrame]:
    """Plans and conferences of every family brought to an ICPC in the years that matter."""
    rng = stream(seed, "cp")
    icpc = np.concatenate([random_workdays(rng, year_start(y), year_end(y), rng.poisson(families_per_year(y) * scale))
                           for y in range(first_year - YEARS_BEFORE, last_year + 1)])
    icpc.sort()
    weights = {name: pop * np.exp(rng.normal(0, 0.25)) for name, pop in localities.items()}
    first = _cases(rng, icpc, choose(rng, weights, len(icpc)), rng.random(len(icpc)) < 0.85)
    children = _children(rng, first)
    again = first["CPP"] & (rng.random(len(first)) < 0.2)
    gap = np.maximum(30, np.exp(rng.normal(np.log(420), 0.8, again.sum()))).astype("timedelta64[D]")
    second = _cases(rng, to_workday(first["END"].to_numpy(dtype=DAY)[again] + gap, True),
                    first["LOCALITY"].to_numpy()[again], np.ones(again.sum(), bool))
    second["FAMILY"] = first["FAMILY"].to_numpy()[again]
    second["PREVIOUS_END"] = first["END"].to_numpy(dtype=DAY)[again]
    first["PREVIOUS_END"] = NAT
    second["CASE"] += len(first)
    cases = pd.concat([first, second], ignore_index=True)
    members = _members(cases, children)
    return {"plans": _plans(cases, members), "conferences": _conferences(rng, cases, members)}


def _cases(rng: np.random.Generator, icpc: np.ndarray, locality: np.ndarray, plan: np.ndarray) -> pd.DataFrame:
    """One row per family case: category, conference dates and how and when the plan ended."""
    n = len(icpc)
    s47_days = np.where(rng.random(n) < 0.83, rng.integers(5, 16, n), rng.integers(16, 26, n))
    s47 = np.where(rng.random(n) < 0.02, NAT, workdays(icpc, -s47_days))
    held = _reviews_held(rng, n)
    reviews, late = _review_dates(rng, icpc, held)
    category = choose(rng, CATEGORY, n)
    unscheduled = rng.random(n) < 0.1
    last_held = np.where(unscheduled, held - 1, held)
    before = np.where(last_held > 0, reviews[np.arange(n), np.maximum(last_held - 1, 0)], icpc)
    after = reviews[np.arange(n), held - 1]
    cut = before + (rng.random(n) * ((after - before).astype(int) - 1)).astype(int) + 1
    end = np.where(unscheduled, cut, after)
    changes = rng.random(n) < 0.08
    change_at = np.minimum(rng.integers(0, MAX_REVIEWS, n), np.maximum(last_held - 2, 0))
    cases = pd.DataFrame({
        "CASE": np.arange(n), "FAMILY": np.arange(n), "ICPC": icpc, "S47_START": s47, "LOCALITY": locality,
        "CPP": plan, "INITIAL_CATEGORY": category,
        "NEW_CATEGORY": np.where(rng.random(n) < 0.5, "MUL", choose(rng, CATEGORY, n)),
        "CHANGE_DATE": np.where(changes & (last_held >= 2), reviews[np.arange(n), change_at], NAT),
        "DOMESTIC_ABUSE": np.where(rng.random(n) < pd.Series(category).map(DOMESTIC_ABUSE).to_numpy(), "Y", "N"),
        "END": np.where(plan, end, NAT), "RCPCS": np.where(plan, last_held, 0), "ENDED_AT_REVIEW": ~unscheduled,
    })
    cases["REVIEWS"] = list(np.where(plan[:, None], reviews, NAT))
    cases["LATE"] = list(late)
    return cases


def _reviews_held(rng: np.random.Generator, n: int) -> np.ndarray:
    """How many review conferences a plan runs to: the first k whose draw falls under END_AT_REVIEW."""
    ends = rng.random((n, MAX_REVIEWS)) < END_AT_REVIEW
    return ends.argmax(axis=1) + 1


def _review_dates(rng: np.random.Generator, icpc: np.ndarray, held: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """RCPC dates: 3 months after the ICPC, then 6-monthly; about 1 in 12 late. NaT after the last."""
    n = len(icpc)
    late = rng.random((n, MAX_REVIEWS)) < 0.08
    interval = np.where(np.arange(MAX_REVIEWS) == 0, 91, 182)
    step = interval + np.where(late, rng.integers(*LATE, (n, MAX_REVIEWS)), -rng.integers(*EARLY, (n, MAX_REVIEWS)))
    unrolled = icpc[:, None] + np.cumsum(step, axis=1)
    dates = to_workday(unrolled, late)
    dates[np.arange(MAX_REVIEWS) >= held[:, None]] = NAT
    return dates, late


def _children(rng: np.random.Generator, cases: pd.DataFrame) -> pd.DataFrame:
    """Each family's children, with age, sex and any plan they had before (elsewhere or long ago)."""
    icpc = cases["ICPC"].to_numpy(dtype=DAY)
    size = np.minimum(1 + rng.poisson(0.75, len(cases)), 5)
    family, k = group_index(size)
    n = len(family)
    band = np.searchsorted(np.cumsum(AGE_SHARE), rng.random(n) * AGE_SHARE.sum())
    days = (AGE_FROM[band] + rng.random(n) * (AGE_TO[band] - AGE_FROM[band])) * 365.25
    unborn = (k == 0) & (rng.random(n) < 0.07)
    dob = np.where(unborn, icpc[family] + rng.integers(14, 150, n), icpc[family] - days.astype(int))
    prior = (~unborn) & (age(dob, icpc[family]) >= 2) & (rng.random(n) < 0.07)
    prior_end = icpc[family] - rng.integers(365, 6 * 365, n)
    prior &= prior_end > dob + 30
    return pd.DataFrame({
        "CHILD": CHILD_IDS + 1 + np.arange(n), "FAMILY": family, "SEX": np.where(rng.random(n) < 0.5, "1", "2"),
        "DOB": dob, "ETHNIC": choose(rng, ETHNIC, n),
        "PRIOR": np.where(prior, np.where(rng.random(n) < 0.8, 1, 2), 0), "PRIOR_END": np.where(prior, prior_end, NAT),
    })


def _members(cases: pd.DataFrame, children: pd.DataFrame) -> pd.DataFrame:
    """Children in each case; on a family's second plan, those not yet 17 and a half."""
    members = cases[["CASE", "FAMILY", "ICPC", "PREVIOUS_END"]].merge(children, on="FAMILY")
    repeat = members["PREVIOUS_END"].notna()
    young = members["ICPC"] < members["DOB"] + pd.Timedelta(days=int(17.5 * 365.25))
    members = members[~repeat | young].reset_index(drop=True)
    members["PREVIOUS_CPP"] = members["PRIOR"] + members["PREVIOUS_END"].notna()
    members["PREVIOUS_CPP_END"] = members["PREVIOUS_END"].fillna(members["PRIOR_END"])
    return members.sort_values(["CASE", "CHILD"], kind="stable").reset_index(drop=True)


def _plans(cases: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One plan per child of each case that ended in a plan."""
    case = cases[cases["CPP"]].drop(columns=["ICPC", "FAMILY", "PREVIOUS_END", "REVIEWS", "LATE"])
    plans = members.merge(case, on="CASE").rename(columns={"ICPC": "CPP_START", "END": "CPP_END"})
    return plans[["CHILD", "CASE", "SEX", "DOB", "ETHNIC", "LOCALITY", "CPP_START", "CPP_END", "INITIAL_CATEGORY",
                  "NEW_CATEGORY", "CHANGE_DATE", "DOMESTIC_ABUSE", "PREVIOUS_CPP", "PREVIOUS_CPP_END"]]


def _conferences(rng: np.random.Generator, cases: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Every child's ICPC and RCPCs, with parents invited and attending and any advocate."""
    held = cases["RCPCS"].to_numpy()
    owner, k = group_index(held + 1)
    reviews = np.stack(cases["REVIEWS"].to_numpy()) if len(cases) else np.empty((0, MAX_REVIEWS), DAY)
    icpc = cases["ICPC"].to_numpy(dtype=DAY)
    date = np.where(k == 0, icpc[owner], reviews[owner, np.maximum(k - 1, 0)])
    final = (k == held[owner]) & cases["ENDED_AT_REVIEW"].to_numpy()[owner]
    outcome = np.where(k == 0, np.where(cases["CPP"].to_numpy()[owner], "CPP", "NO_CPP"),
                       np.where(final, "END", "CONTINUE"))
    m = len(owner)
    invited = np.where(rng.random(m) < 0.65, 2, 1)
    attended = np.where(rng.random(m) < 0.12, 0, np.where(rng.random(m) < 0.7, invited, 1))
    meetings = pd.DataFrame({"CASE": cases["CASE"].to_numpy()[owner],
                             "CONFERENCE_TYPE": np.where(k == 0, "ICPC", "RCPC"), "CONFERENCE_DATE": date,
                             "S47_START": np.where(k == 0, cases["S47_START"].to_numpy(dtype=DAY)[owner], NAT),
                             "OUTCOME": outcome, "LOCALITY": cases["LOCALITY"].to_numpy()[owner],
                             "PARENTS_INVITED": invited, "PARENTS_ATTENDED": attended})
    out = meetings.merge(members[["CASE", "CHILD", "DOB"]], on="CASE")
    old_enough = age(out["DOB"].to_numpy(dtype=DAY), out["CONFERENCE_DATE"].to_numpy(dtype=DAY)) >= 8
    out["CHILD_ADVOCATE"] = np.where(old_enough & (rng.random(len(out)) < 0.3), "Y", "N")
    return out.drop(columns="DOB")
