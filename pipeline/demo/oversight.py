"""The measures an inspector looks for beyond the counts (issue 23), drawn for each year's extract from streams
of their own, so adding them moved no other number: what escalations changed, the IRO allocated to each child,
how reviews were held and recorded, how conferences went and how LADO contacts were handled.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.demo import team
from pipeline.demo.dates import BANK_HOLIDAYS, DAY, NAT, workdays, year_end
from pipeline.demo.sampling import choose, stream

# What changed when an escalation was resolved: settled early, a plan changes; the later the stage, the more
# often a placement or service had to be secured, or nothing changed.
OUTCOME_EARLY = {"PLAN_CHANGED": 0.38, "ASSESSMENT_COMPLETED": 0.2, "TIMESCALE_MET": 0.22,
                 "PLACEMENT_OR_SERVICE": 0.1, "NO_CHANGE": 0.05, "WITHDRAWN": 0.05}
OUTCOME_LATE = {"PLAN_CHANGED": 0.25, "ASSESSMENT_COMPLETED": 0.1, "TIMESCALE_MET": 0.1,
                "PLACEMENT_OR_SERVICE": 0.4, "NO_CHANGE": 0.12, "WITHDRAWN": 0.03}
FORMAT = {"IN_PERSON": 0.55, "HYBRID": 0.25, "VIRTUAL": 0.2}
MIDPOINT_EFFECT = {"ON_TRACK": 0.62, "ACTIONS_AGREED": 0.3, "ESCALATED": 0.08}
ICPC_LATE_REASONS = {"Strategy discussion delayed": 0.3, "Family unavailable": 0.25, "Chair unavailable": 0.15,
                     "Partner agency report not ready": 0.2, "Interpreter not available": 0.1}
PHASE = {"PRIMARY": 0.4, "SECONDARY": 0.35, "SPECIAL": 0.1, "FE": 0.05, "INDEPENDENT": 0.1}


def escalation_effects(seed: int, year: int, esc: pd.DataFrame) -> pd.DataFrame:
    """The stage each resolved escalation was resolved at (the highest it reached), what changed, and when new
    actions were agreed (before the escalation was closed)."""
    rng = stream(seed, "escalation-effects", year)
    n = len(esc)
    done = esc["DATE_RESOLVED"].notna().to_numpy()
    late = esc["STAGE"].to_numpy() >= 3
    outcome = np.where(late, choose(rng, OUTCOME_LATE, n), choose(rng, OUTCOME_EARLY, n))
    raised, resolved = esc["DATE_RAISED"].to_numpy(dtype=DAY), esc["DATE_RESOLVED"].to_numpy(dtype=DAY)
    span = np.busday_count(raised, np.where(done, resolved, raised), holidays=BANK_HOLIDAYS)
    agreed = workdays(raised, np.maximum(1, (span * rng.uniform(0.4, 1.0, n)).astype(int)))
    return esc.assign(RESOLVED_STAGE=np.where(done, esc["STAGE"], None), OUTCOME=np.where(done, outcome, None),
                      DATE_ACTIONS_AGREED=np.where(done & (outcome != "WITHDRAWN"), agreed, NAT))


def review_extras(seed: int, year: int, reviews: pd.DataFrame) -> pd.DataFrame:
    """How each review was held, whether the social worker's report came first, when the record was issued,
    whether the IRO was in touch between reviews, and what a midway check led to."""
    rng = stream(seed, "review-extras", year)
    n = len(reviews)
    better = 0.03 * (year - 2021)
    held = reviews["REVIEW_DATE"].to_numpy(dtype=DAY)
    slow = rng.random(n) < 0.22 - better
    issued = workdays(held, np.where(slow, rng.integers(21, 45, n), rng.integers(3, 20, n)))
    unchecked = reviews["MIDPOINT_CHECK"].to_numpy() != "Y"
    return reviews.assign(
        FORMAT=choose(rng, FORMAT, n), SW_REPORT_SHARED=np.where(rng.random(n) < 0.62 + better, "Y", "N"),
        RECORD_ISSUED=np.where(issued <= year_end(year), issued, NAT),
        IRO_CONTACT_BETWEEN=np.where(rng.random(n) < 0.55 + better, "Y", "N"),
        MIDPOINT_EFFECT=np.where(unchecked, None, choose(rng, MIDPOINT_EFFECT, n)))


def allocations(seed: int, staff: pd.DataFrame, periods: pd.DataFrame, reviews: pd.DataFrame,
                year: int) -> pd.DataFrame:
    """Each child's IROs in the periods of care open in the year: one allocated a few working days after the
    child came into care (now and then late), then whoever held the child's IRO post at each review, a new
    allocation whenever that changed."""
    rng = stream(seed, "allocations", year)
    starts = periods
    reviews = reviews.merge(periods[["PERIOD", "END"]], on="PERIOD")
    first = workdays(starts["START"].to_numpy(dtype=DAY),
                     np.where(rng.random(len(starts)) < 0.85, rng.integers(0, 6, len(starts)),
                              rng.integers(6, 20, len(starts))))
    points = pd.concat([pd.DataFrame({"CHILD": starts["CHILD"].to_numpy(), "DATE": first, "END": starts["END"]}),
                        pd.DataFrame({"CHILD": reviews["CHILD"].to_numpy(), "DATE": reviews["REVIEW"].to_numpy(),
                                      "END": reviews["END"].to_numpy()})], ignore_index=True)
    points = points[(points["DATE"] <= year_end(year)) & (points["DATE"] < points["END"])]  # before care ended
    points = points.sort_values(["CHILD", "DATE"], kind="stable")
    points = points.drop_duplicates(["CHILD", "DATE"])
    child, date = points["CHILD"].to_numpy(), points["DATE"].to_numpy(dtype=DAY)
    iro = team.holders(staff, "IRO", child, date)
    new = np.r_[True, (child[1:] != child[:-1]) | (iro[1:] != iro[:-1])]
    kept = points[new].assign(IRO_ID=iro[new])
    following = kept.groupby("CHILD")["DATE"].shift(-1)
    ended = following.fillna(kept["END"]).to_numpy(dtype=DAY)
    return pd.DataFrame({"CHILD": kept["CHILD"].astype(str).to_numpy(), "IRO_ID": kept["IRO_ID"].to_numpy(),
                         "DATE_ALLOCATED": kept["DATE"].to_numpy(),
                         "DATE_ENDED": np.where(ended <= year_end(year), ended, NAT)})


def conference_extras(seed: int, year: int, conferences: pd.DataFrame) -> pd.DataFrame:
    """Whether each conference was quorate, whether dissent was recorded, whether the chair met the parents
    first (NA where none was invited), and why a late ICPC was late."""
    rng = stream(seed, "conference-extras", year)
    n = len(conferences)
    held, s47 = conferences["CONFERENCE_DATE"].to_numpy(dtype=DAY), conferences["S47_START"].to_numpy(dtype=DAY)
    dated = (conferences["CONFERENCE_TYPE"].to_numpy() == "ICPC") & ~np.isnat(s47)
    late = dated & (np.busday_count(np.where(dated, s47, held), held, holidays=BANK_HOLIDAYS) > 15)
    return conferences.assign(
        QUORATE=np.where(rng.random(n) < 0.96, "Y", "N"), DISSENT=np.where(rng.random(n) < 0.04, "Y", "N"),
        LATE_REASON=np.where(late, choose(rng, ICPC_LATE_REASONS, n), None),
        CHAIR_PRE_MEETING=np.where(conferences["PARENTS_INVITED"].to_numpy() > 0,
                                   np.where(rng.random(n) < 0.7, "Y", "N"), "na"))


def lado_extras(seed: int, year: int, referrals: pd.DataFrame) -> pd.DataFrame:
    """Consultations among the contacts (those the LADO advised on without further action), police involvement,
    non-recent allegations, the first response (nearly always the next working day) and the school phase."""
    rng = stream(seed, "lado-extras", year)
    n = len(referrals)
    decision = referrals["REFERRAL_OUTCOME"].to_numpy()
    consultation = np.isin(decision, ["NFA", "ADVICE"]) & (rng.random(n) < 0.6)
    received = referrals["DATE_RECEIVED"].to_numpy(dtype=DAY)
    response = workdays(received, np.where(rng.random(n) < 0.9, rng.integers(0, 2, n), rng.integers(2, 5, n)))
    sector = referrals["SUBJECT_SECTOR"].to_numpy()
    return referrals.assign(
        CONTACT_TYPE=np.where(consultation, "CONSULTATION", "REFERRAL"),
        POLICE_INVOLVED=np.where(rng.random(n) < np.where(decision == "MAS", 0.55, 0.08), "Y", "N"),
        NON_RECENT=np.where(rng.random(n) < 0.07, "Y", "N"),
        DATE_FIRST_RESPONSE=np.where(response <= year_end(year), response, NAT),
        SUBJECT_PHASE=np.where(sector == "EARLY_YEARS", "EARLY_YEARS",
                               np.where(sector == "EDUCATION", choose(rng, PHASE, n), None)))
