"""One continuous simulated history of the authority, from which every year's extract is cut.

Children in care, child protection, allegations and the unit's staff are simulated from far enough
before the first year anything is reported (a care leaver of 21 may have come into care at birth) to
31 March of the last reporting year, so a child keeps one CHILD id, and a plan its dates, in every year
it appears. The same seed and years always give the same history.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from pipeline.demo import cla, cp, lado, team
from pipeline.demo.authority import DemoAuthority
from pipeline.demo.dates import DAY, add_months, add_years, year_end, year_start


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

    @cached_property
    def care_episodes(self) -> pd.DataFrame:
        """Episodes other than short breaks, with the child's sex, date of birth, ethnicity and UASC flag."""
        return self.episodes[~self.episodes["LS"].isin(["V3", "V4"])].merge(self.children, on="CHILD")

    @cached_property
    def rcpc_on_time(self) -> pd.DataFrame:
        """Each RCPC's date and whether it was held within 3 months of the ICPC (the first) or 6 months of
        the conference before."""
        c = self.conferences.sort_values(["CASE", "CHILD", "CONFERENCE_DATE"])
        previous = c.groupby(["CASE", "CHILD"])["CONFERENCE_DATE"].shift().to_numpy(dtype=DAY)
        first = (c.groupby(["CASE", "CHILD"])["CONFERENCE_TYPE"].shift() == "ICPC").to_numpy()
        due = np.where(first, add_months(previous, 3), add_months(previous, 6))
        review = (c["CONFERENCE_TYPE"] == "RCPC").to_numpy()
        date = c["CONFERENCE_DATE"].to_numpy(dtype=DAY)
        return pd.DataFrame({"CONFERENCE_DATE": date[review], "ON_TIME": (date <= due)[review]})

    @cached_property
    def care_leavers(self) -> pd.DataFrame:
        """Children who qualify as care leavers (13 weeks looked after since 14, some of it after 16) and the
        day they last left care."""
        p = self.periods[~self.periods["SHORT"]]
        child = p["CHILD"].to_numpy()
        dob = self.dob(child)
        end = p["END"].to_numpy(dtype=DAY)
        since14 = np.maximum(p["START"].to_numpy(dtype=DAY), add_years(dob, 14))
        facts = pd.DataFrame({"CHILD": child, "DAYS": np.maximum((end - since14).astype(int), 0),
                              "AFTER16": end > add_years(dob, 16), "LEFT": end})
        summary = facts.groupby("CHILD").agg(DAYS=("DAYS", "sum"), AFTER16=("AFTER16", "any"), LEFT=("LEFT", "max"))
        eligible = summary[(summary["DAYS"] >= 91) & summary["AFTER16"]].reset_index()
        return eligible.assign(DOB=self.dob(eligible["CHILD"].to_numpy()))[["CHILD", "DOB", "LEFT"]]


def simulate(authority: DemoAuthority, first_year: int, last_year: int, seed: int, scale: float) -> History:
    """The history needed to report on reporting years `first_year` to `last_year`."""
    children_in_care = cla.simulate(seed, first_year, last_year, scale)
    protection = cp.simulate(seed, first_year, last_year, scale, authority.localities)
    allegations = lado.simulate(seed, first_year, last_year, scale)
    return History(authority=authority, seed=seed, scale=scale, first_year=first_year, last_year=last_year,
                   **children_in_care,
                   **protection, **allegations, staff=team.roster(seed, scale, list(authority.localities)))
