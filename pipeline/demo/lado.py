"""Allegations against people who work with children: referrals, strategy meetings and who attended.

Referrals follow the school year (few in August, most in March). The LADO decides what to do within
days; about a quarter go to a managing allegations strategy (MAS) meeting, whose case stays open until
its final outcome, sometimes into the next year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.demo.dates import DAY, NAT, random_workdays, workdays
from pipeline.demo.sampling import choose, choose_rows, cumsum_within, group_index, stream

YEARS_BEFORE = 2  # cases still open in the first year were referred since then
REFERRALS_PER_YEAR = 600
# April to March: quiet in August and over Christmas, busiest in March.
MONTH_SHARE = np.array([0.080, 0.088, 0.090, 0.085, 0.045, 0.080, 0.088, 0.090, 0.068, 0.085, 0.088, 0.113])
SOURCE = {"EDUCATION": 0.34, "POLICE": 0.14, "SOCIAL_CARE": 0.15, "FOSTERING": 0.08, "EARLY_YEARS": 0.06,
          "RESIDENTIAL": 0.05, "HEALTH": 0.05, "OFSTED": 0.03, "PUBLIC": 0.03, "SPORT": 0.02, "FAITH": 0.01,
          "VOLUNTARY": 0.015, "PROBATION": 0.005, "OTHER": 0.02}
SECTOR = {"EDUCATION": 0.36, "EARLY_YEARS": 0.08, "FOSTER_CARER": 0.12, "RESIDENTIAL": 0.1, "SOCIAL_CARE": 0.06,
          "HEALTH": 0.06, "POLICE": 0.02, "FAITH": 0.03, "SPORT": 0.05, "TRANSPORT": 0.03, "VOLUNTARY": 0.04,
          "OTHER": 0.05}
SOURCE_SECTOR = {"EDUCATION": "EDUCATION", "EARLY_YEARS": "EARLY_YEARS", "FOSTERING": "FOSTER_CARER",
                 "RESIDENTIAL": "RESIDENTIAL", "HEALTH": "HEALTH", "FAITH": "FAITH", "SPORT": "SPORT",
                 "VOLUNTARY": "VOLUNTARY"}
ALLEGATION = {"PHYSICAL": 0.4, "SEXUAL": 0.2, "EMOTIONAL": 0.08, "NEGLECT": 0.07, "CONDUCT": 0.25}
DECISION = {"NFA": 0.25, "ADVICE": 0.36, "WAM": 0.14, "MAS": 0.25}
FINAL = {"SUBSTANTIATED": 0.3, "UNSUBSTANTIATED": 0.35, "UNFOUNDED": 0.2, "FALSE": 0.1, "MALICIOUS": 0.05}
AGENCIES = ("EDUCATION", "EARLY_YEARS", "POLICE", "SOCIAL_CARE", "FOSTERING", "RESIDENTIAL", "HEALTH", "FAITH",
            "SPORT", "VOLUNTARY", "OFSTED", "PROBATION", "PUBLIC", "OTHER")
INVITE = dict.fromkeys(AGENCIES, 0.01) | {"POLICE": 0.85, "SOCIAL_CARE": 0.9, "EDUCATION": 0.25, "HEALTH": 0.25,
                                          "OFSTED": 0.15, "PROBATION": 0.04}
EMPLOYER = {"EDUCATION": "EDUCATION", "EARLY_YEARS": "EARLY_YEARS", "FOSTER_CARER": "FOSTERING",
            "RESIDENTIAL": "RESIDENTIAL", "HEALTH": "HEALTH", "FAITH": "FAITH", "SPORT": "SPORT",
            "VOLUNTARY": "VOLUNTARY", "SOCIAL_CARE": "SOCIAL_CARE", "POLICE": "POLICE"}
REGULATED = ("EARLY_YEARS", "FOSTER_CARER", "RESIDENTIAL")


def simulate(seed: int, first_year: int, last_year: int, scale: float) -> dict[str, pd.DataFrame]:
    """Referrals received in the years that matter, with meetings and attendance, decided and concluded."""
    rng = stream(seed, "lado")
    referrals = pd.concat([_referrals(rng, y, scale) for y in range(first_year - YEARS_BEFORE, last_year + 1)],
                          ignore_index=True)
    meetings = _meetings(rng, referrals)
    last = meetings.groupby("REFERRAL_ID")["MEETING_DATE"].max()
    mas = (referrals["DECISION"] == "MAS").to_numpy()
    initial = meetings[meetings["MEETING_TYPE"] == "INITIAL"].set_index("REFERRAL_ID")["MEETING_DATE"]
    referrals.loc[mas, "DATE_DECIDED"] = referrals.loc[mas, "REFERRAL_ID"].map(initial).to_numpy()
    concluded = last.reindex(referrals["REFERRAL_ID"]).to_numpy(dtype=DAY)
    long = rng.random(len(referrals)) < 0.25
    after = np.where(long, rng.integers(40, 200, len(referrals)), rng.integers(0, 21, len(referrals)))
    referrals["DATE_CONCLUDED"] = np.where(mas, workdays(concluded, after), NAT)
    referrals["FINAL_OUTCOME"] = np.where(mas, choose(rng, FINAL, len(referrals)), None)
    return {"referrals": referrals, "meetings": meetings, "attendance": _attendance(rng, meetings, referrals)}


def _referrals(rng: np.random.Generator, year: int, scale: float) -> pd.DataFrame:
    """One year's referrals, spread over the months by MONTH_SHARE; March always the busiest."""
    total = rng.poisson(REFERRALS_PER_YEAR * scale * (1 + 0.02 * (year - 2023)))
    share = MONTH_SHARE * np.exp(rng.normal(0, 0.04, 12))
    share[11] = max(share[11], share[:11].max() * 1.1)
    counts = np.floor(total * share / share.sum()).astype(int)
    counts[np.argsort(-(total * share / share.sum() - counts))[: total - counts.sum()]] += 1
    months = [np.datetime64(f"{year - 1}-04", "M") + m for m in range(12)]
    received = np.concatenate([random_workdays(rng, m.astype(DAY), (m + 1).astype(DAY) - 1, c)
                               for m, c in zip(months, counts)])
    received.sort()
    n = len(received)
    source = choose(rng, SOURCE, n)
    sector = choose(rng, SECTOR, n)
    natural = pd.Series(source).map(SOURCE_SECTOR).to_numpy()
    use = pd.notna(natural) & (rng.random(n) < 0.75)
    decision = choose(rng, DECISION, n)
    return pd.DataFrame({
        "REFERRAL_ID": f"L{year}-" + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(5), "DATE_RECEIVED": received,
        "SOURCE": source, "SUBJECT_SECTOR": np.where(use, natural, sector),
        "ALLEGATION_TYPE": choose(rng, ALLEGATION, n),
        "DECISION": decision,
        "DATE_DECIDED": workdays(received, np.where(decision == "MAS", 0, rng.integers(0, 11, n))),
    })


def _meetings(rng: np.random.Generator, referrals: pd.DataFrame) -> pd.DataFrame:
    """An initial strategy meeting for each MAS referral (mostly within 5 working days), then reviews."""
    mas = referrals[referrals["DECISION"] == "MAS"]
    n = len(mas)
    count = 1 + choose_rows(rng, np.tile([0.45, 0.35, 0.15, 0.05], (n, 1)))
    owner, k = group_index(count)
    first = np.where(rng.random(n) < 0.85, rng.integers(1, 6, n), rng.integers(6, 16, n))
    offset = cumsum_within(np.where(k == 0, first[owner], rng.integers(20, 41, len(owner))), count)
    held = workdays(mas["DATE_RECEIVED"].to_numpy(dtype=DAY)[owner], offset)
    return pd.DataFrame({"REFERRAL_ID": mas["REFERRAL_ID"].to_numpy()[owner], "MEETING_DATE": held,
                         "MEETING_TYPE": np.where(k == 0, "INITIAL", "REVIEW")})


def _attendance(rng: np.random.Generator, meetings: pd.DataFrame, referrals: pd.DataFrame) -> pd.DataFrame:
    """Agencies invited to each meeting (police and social care nearly always, the employer always)."""
    sector = meetings["REFERRAL_ID"].map(referrals.set_index("REFERRAL_ID")["SUBJECT_SECTOR"]).to_numpy()
    p = np.tile([INVITE[a] for a in AGENCIES], (len(meetings), 1))
    employer = pd.Series(sector).map(EMPLOYER).to_numpy()
    for j, agency in enumerate(AGENCIES):
        p[employer == agency, j] = 1.0
    p[np.isin(sector, REGULATED), AGENCIES.index("OFSTED")] = 0.8
    invited = rng.random(p.shape) < p
    row, col = np.nonzero(invited)
    attended = rng.random(len(row)) < np.where(np.array(AGENCIES)[col] == "HEALTH", 0.6, 0.88)
    return pd.DataFrame({"REFERRAL_ID": meetings["REFERRAL_ID"].to_numpy()[row],
                         "MEETING_DATE": meetings["MEETING_DATE"].to_numpy()[row], "AGENCY": np.array(AGENCIES)[col],
                         "INVITED": "Y", "ATTENDED": np.where(attended, "Y", "N")})
