"""One continuous simulated history of the authority, from which every year's extract is cut.

Children in care, child protection, allegations and the unit's staff are simulated from far enough
before the first year anything is reported (a care leaver of 21 may have come into care at birth) to
31 March of the last reporting year, so a child keeps one CHILD id, and a plan its dates, in every year
it appears. The same seed and years always give the same history.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.demo import cla, cp, lado, team
from pipeline.demo.authority import DemoAuthority
from pipeline.demo.dates import DAY, year_end, year_start


@dataclass(frozen=True)
class History:
    authority: DemoAuthority
    seed: int
    scale: float
    first_year: int
    last_year: int
    children: pd.DataFrame  # looked after: CHILD SEX DOB ETHNIC UASC
    periods: pd.DataFrame  # periods of care: CHILD PERIOD START END REC SHORT ...
    episodes: pd.DataFrame
    reviews: pd.DataFrame
    plans: pd.DataFrame  # child protection
    conferences: pd.DataFrame
    referrals: pd.DataFrame  # LADO
    meetings: pd.DataFrame
    attendance: pd.DataFrame
    staff: pd.DataFrame

    def in_care(self, start: np.datetime64, end: np.datetime64) -> pd.DataFrame:
        """Periods of care (not short breaks) open at any time from start to end."""
        p = self.periods
        return p[~p["SHORT"] & (p["START"] <= end) & (p["END"] >= start)]

    def in_care_on(self, day: np.datetime64) -> pd.DataFrame:
        """Periods of care (not short breaks) open at the end of a day: begun by then, not ended that day."""
        p = self.periods
        return p[~p["SHORT"] & (p["START"] <= day) & (p["END"] > day)]

    def children_in_year(self, year: int) -> np.ndarray:
        return np.unique(self.in_care(year_start(year), year_end(year))["CHILD"].to_numpy())

    def dob(self, child: np.ndarray) -> np.ndarray:
        ids = self.children["CHILD"].to_numpy()
        return self.children["DOB"].to_numpy(dtype=DAY)[np.searchsorted(ids, child)]


def simulate(authority: DemoAuthority, first_year: int, last_year: int, seed: int, scale: float) -> History:
    """The history needed to report on reporting years `first_year` to `last_year`."""
    children_in_care = cla.simulate(seed, first_year, last_year, scale)
    protection = cp.simulate(seed, first_year, last_year, scale, authority.localities)
    allegations = lado.simulate(seed, first_year, last_year, scale)
    return History(authority=authority, seed=seed, scale=scale, first_year=first_year, last_year=last_year,
                   **children_in_care,
                   **protection, **allegations, staff=team.roster(seed, scale, list(authority.localities)))
