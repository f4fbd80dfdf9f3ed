"""The unit's own records: who was in post, escalations raised by IROs, and advocacy requests.

Staff are simulated post by post: each post passes from one holder to the next after a short vacancy,
sometimes covered by a locum, so the same person keeps the same STAFF_ID from year to year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.demo.dates import DAY, random_workdays, workdays, year_end, year_start
from pipeline.demo.sampling import choose, cumsum_within, group_index, stream

POSTS = {"IRO": [1.0] * 12 + [0.8, 0.6, 0.5, 0.6], "ISRO": [1.0] * 7 + [0.8, 0.5], "LADO": [1.0] * 3,
         "MANAGER": [1.0] * 3}
ROSTER_FROM = np.datetime64("2008-04-01")
HOLDERS_PER_POST = 16  # alternately a permanent holder and, half the time, a locum covering the vacancy
STAFF_ETHNIC = {"WBRI": 0.86, "WOTH": 0.04, "WIRI": 0.02, "MWBC": 0.02, "BCRB": 0.02, "BAFR": 0.01, "AIND": 0.02,
                "MOTH": 0.01}
ESCALATION_CATEGORY = {"PLANNING": 0.33, "ASSESSMENT": 0.25, "PERMANENCE_DELAY": 0.17, "OUTCOME_DELAY": 0.15,
                       "PARTICIPATION": 0.10}
STAGE = {1: 0.55, 2: 0.25, 3: 0.12, 4: 0.06, 5: 0.02}
ADVOCACY = {"CP_CONFERENCE": 0.58, "CLA_REVIEW": 0.31, "TRANSITION": 0.03, "CARE_LEAVER": 0.03, "COMPLAINT": 0.03,
            "SECURE_REVIEW": 0.01, "OTHER": 0.01}


def roster(seed: int, scale: float, localities: list[str]) -> pd.DataFrame:
    """Everyone who has held a post in the unit since 2008, permanent or locum."""
    rng = stream(seed, "staff")
    role = np.concatenate([[r] * max(1, round(len(fte) * scale)) for r, fte in POSTS.items()])
    fte = np.concatenate([np.resize(fte, max(1, round(len(fte) * scale))) for fte in POSTS.values()])
    owner, k = group_index(np.full(len(role), HOLDERS_PER_POST))
    n = len(owner)
    locum = k % 2 == 1
    present = ~locum | (rng.random(n) < 0.5)
    permanent = 180 + rng.exponential(6 * 365, n).astype(int)
    tenure = np.where(locum, np.where(present, rng.integers(90, 300, n), 0), permanent)
    gap = np.where(present, rng.integers(14, 90, n), 0)
    step = np.where(k == 0, -rng.integers(0, 3000, n), np.r_[0, tenure[:-1]] + gap)
    start = ROSTER_FROM + cumsum_within(step, np.full(len(role), HOLDERS_PER_POST))
    staff = pd.DataFrame({
        "POST": owner, "ROLE": role[owner], "FTE": np.where(locum, 1.0, fte[owner]),
        "SEX": np.where(rng.random(n) < 0.8, "F", "M"), "ETHNIC": choose(rng, STAFF_ETHNIC, n),
        "LOCALITY": np.where(np.isin(role[owner], ["IRO", "ISRO"]), np.array(localities)[owner % len(localities)],
                             None),
        "LOCUM": np.where(locum, "Y", "N"), "START_DATE": start, "END_DATE": start + tenure,
    })[present].sort_values(["START_DATE", "POST"], kind="stable").reset_index(drop=True)
    staff.insert(0, "STAFF_ID", "S" + pd.Series(np.arange(1, len(staff) + 1)).astype(str).str.zfill(5))
    return staff


def holders(staff: pd.DataFrame, role: str, keys: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """STAFF_ID of whoever held post number `key mod posts` of `role` on each date (a stable IRO per child);
    while that post is vacant, the holder of the next post covers."""
    team = staff[staff["ROLE"] == role].sort_values(["POST", "START_DATE"])
    posts = np.unique(team["POST"].to_numpy())
    order = team["POST"].to_numpy() * 100_000 + (team["START_DATE"].to_numpy(dtype=DAY)).astype(int)
    day = dates.astype(DAY).astype(int)

    def holder(post):
        return np.maximum(np.searchsorted(order, post * 100_000 + day, side="right") - 1, 0)

    usual, cover = holder(posts[keys % len(posts)]), holder(posts[(keys + 1) % len(posts)])
    vacant = team["END_DATE"].to_numpy(dtype=DAY)[usual] < dates.astype(DAY)
    return team["STAFF_ID"].to_numpy()[np.where(vacant, cover, usual)]


def escalations(seed: int, year: int, scale: float, children: np.ndarray) -> pd.DataFrame:
    """Escalations raised in `year`, most about one child, with the stage reached and when resolved."""
    rng = stream(seed, "escalations", year)
    n = rng.poisson(120 * scale)
    raised = np.sort(random_workdays(rng, year_start(year), year_end(year), n))
    stage = choose(rng, STAGE, n).astype(int)
    days = np.exp(rng.normal(np.log(6 + 4 * stage), 0.6)).astype(int) + 1
    resolved = np.where(rng.random(n) < 0.04, np.datetime64("NaT"), workdays(raised, days))
    child = children[rng.integers(0, max(len(children), 1), n)] if len(children) else np.zeros(n, int)
    return pd.DataFrame({
        "ESCALATION_ID": f"ESC{year}-" + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(4),
        "CHILD": np.where(rng.random(n) < 0.92, child.astype(str), None), "DATE_RAISED": raised,
        "CATEGORY": choose(rng, ESCALATION_CATEGORY, n), "STAGE": stage, "DATE_RESOLVED": resolved,
    })


def advocacy(seed: int, year: int, scale: float) -> pd.DataFrame:
    """Requests for an advocate, most for child protection conferences and looked-after reviews."""
    rng = stream(seed, "advocacy", year)
    n = rng.poisson(150 * scale)
    return pd.DataFrame({"REQUEST_DATE": np.sort(random_workdays(rng, year_start(year), year_end(year), n)),
                         "PURPOSE": choose(rng, ADVOCACY, n)})
