"""Counts for the fictional authorities, in the same long tables as Demoshire's figures.

Each authority has its own level for each rate (driven by its deprivation score) and its own mix of
breakdowns (national shares with some scatter); years add a gentle national trend and noise. Every
table is made of counts, so regional and national figures are sums and every percentage can be
worked out the same way for every area.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.demo import labels

WHITE_BRITISH = {"E12000001": 0.85, "E12000002": 0.78, "E12000003": 0.74, "E12000004": 0.7, "E12000005": 0.6,
                 "E12000006": 0.72, "E12000007": 0.28, "E12000008": 0.72, "E12000009": 0.82}
ACTIVITY_SHARE = {"17 to 18 years": (0.03, 0.48, 0.02, 0.11, 0.03, 0.25, 0.02, 0.06),
                  "19 to 21 years": (0.06, 0.21, 0.02, 0.25, 0.08, 0.26, 0.05, 0.07)}
INTOUCH_SHARE = (0.925, 0.05, 0.013, 0.012)
CPP_BAND_SHARE = (0.3, 0.25, 0.27, 0.15, 0.03)


class Model:
    """Figures for the given authorities and years, drawn from one random stream."""

    def __init__(self, las: pd.DataFrame, years: range, rng: np.random.Generator):
        self.rng = rng
        self.las = las.reset_index(drop=True)
        self.years = years
        n = len(self.las)
        dep = self.las["deprivation"].to_numpy()
        self.grid = pd.MultiIndex.from_product([years, self.las["old_la_code"]], names=["year", "la"])
        self.grid = self.grid.to_frame(index=False)
        self.i = np.tile(np.arange(n), len(years))
        self.t = self.grid["year"].to_numpy()
        self.cla_rate = 62 * self.las["cla_level"].to_numpy() * np.exp(0.15 * dep + rng.normal(0, 0.15, n))
        self.cp_rate = 40 * self.las["cp_level"].to_numpy() * np.exp(0.12 * dep + rng.normal(0, 0.2, n))
        self.repeat = np.clip(rng.normal(0.22, 0.05, n), 0.05, 0.45)

    def _noise(self, sd: float) -> np.ndarray:
        return np.exp(self.rng.normal(0, sd, len(self.grid)))

    def _draw(self, totals: np.ndarray, shares: np.ndarray, concentration: float = 300) -> np.ndarray:
        """Split each total over categories: shares scattered by authority and year, then multinomial."""
        shares = np.atleast_2d(shares)
        alpha = np.maximum(np.broadcast_to(shares, (len(totals), shares.shape[1])) * concentration, 0.05)
        gamma = self.rng.gamma(alpha)
        return self.rng.multinomial(np.maximum(totals, 0).astype(np.int64), gamma / gamma.sum(axis=1, keepdims=True))

    @staticmethod
    def _long(keys: pd.DataFrame, counts: np.ndarray, group: str, names) -> pd.DataFrame:
        """Rows (year, la, group, label, count) from a matrix of counts, one column per label."""
        frames = [keys.assign(group=group, label=name, count=counts[:, j]) for j, name in enumerate(names)]
        return pd.concat(frames, ignore_index=True)

    def _authority(self, s: pd.DataFrame) -> np.ndarray:
        """Position in `las` of each row's authority."""
        return pd.Series(np.arange(len(self.las)), index=self.las["old_la_code"]).reindex(s["la"]).to_numpy()

    # --- sizes ---------------------------------------------------------------------------------
    def population(self, mid_years: range) -> pd.DataFrame:
        """Under-18 population at each mid-year, each authority growing at its own slow rate."""
        growth = self.rng.normal(0.003, 0.004, len(self.las))
        rows = [pd.DataFrame({"year": t, "la": self.las["old_la_code"],
                              "count": np.round(self.las["population"] * (1 + growth) ** (t - 2024)).astype(int)})
                for t in mid_years]
        return pd.concat(rows, ignore_index=True)

    def sizes(self, population: pd.DataFrame) -> pd.DataFrame:
        """Children looked after, starting and ceasing; plans; OC2 and care-leaver cohorts, per authority-year."""
        pop = self.grid.merge(population.assign(year=population["year"] + 1), on=["year", "la"])["count"].to_numpy()
        trend = 1 + 0.008 * (self.t - 2020)
        cla = np.round(self.cla_rate[self.i] * trend * self._noise(0.04) * pop / 1e4).astype(int)
        starts = np.round(cla * self.rng.uniform(0.36, 0.5, len(cla))).astype(int)
        cp = np.round(self.cp_rate[self.i] * self._noise(0.1) * pop / 1e4).astype(int)
        return self.grid.assign(population=pop, cla=cla, starts=starts,
                                ceased=np.round(starts * self.rng.uniform(0.9, 1.08, len(cla))).astype(int),
                                cp=cp, cp_starts=np.round(cp * self.rng.uniform(1.05, 1.5, len(cla))).astype(int),
                                oc2=np.round(cla * self.rng.uniform(0.6, 0.75, len(cla))).astype(int),
                                young=np.round(cla * self.rng.uniform(0.14, 0.22, len(cla))).astype(int),
                                old=np.round(cla * self.rng.uniform(0.38, 0.52, len(cla))).astype(int))

    # --- tables --------------------------------------------------------------------------------
    def cla(self, s: pd.DataFrame) -> pd.DataFrame:
        """Children at 31 March, starting and ceasing, labelled as in `cla_number`."""
        names = {"cla": "Children looked after on 31 March each year",
                 "starts": "Children starting to be looked after each year",
                 "ceased": "Children ceasing to be looked after each year"}
        keys = s[["year", "la"]]
        return pd.concat([keys.assign(group=label, count=s[col]) for col, label in names.items()], ignore_index=True)

    def breakdowns(self, s: pd.DataFrame, column: str, groups, ethnicity: bool) -> pd.DataFrame:
        """Each group's split of the column's totals (children at 31 March, starting or ceasing)."""
        keys, totals = s[["year", "la"]], s[column].to_numpy()
        frames = []
        for group, spec, total in groups:
            key = "Legal status (starting)" if spec is labels.LEGAL_START else group
            share = np.array(list(labels.NATIONAL_SHARE[key].values()))
            frames.append(self._long(keys, self._draw(totals, share), group, list(spec)))
            frames.append(keys.assign(group=group, label=total, count=totals))
        if ethnicity:
            frames.append(self._ethnicity(s, totals))
        return pd.concat(frames, ignore_index=True)

    def _ethnicity(self, s: pd.DataFrame, totals: np.ndarray) -> pd.DataFrame:
        keys = s[["year", "la"]]
        codes = list(labels.NATIONAL_SHARE["Ethnicity"])
        base = np.array(list(labels.NATIONAL_SHARE["Ethnicity"].values()))
        wbri = self.las["region_code"].map(WHITE_BRITISH).to_numpy()[self._authority(s)]
        rest = base.copy()
        rest[0] = 0
        shares = rest / rest.sum() * (1 - wbri[:, None])
        shares[:, 0] = wbri
        counts = pd.DataFrame(self._draw(totals, shares), columns=codes)
        frames = []
        for group, detail in labels.ETHNICITY.items():
            total = counts[list(detail.values())].sum(axis=1).to_numpy()
            frames.append(keys.assign(group="Ethnicity", label=group, count=total))
            frames += [keys.assign(group="Ethnicity", label=label, count=counts[code].to_numpy())
                       for label, code in detail.items() if label != group]
        frames.append(keys.assign(group="Ethnicity", label="Total children", count=totals))
        return pd.concat(frames, ignore_index=True)

    def health(self, s: pd.DataFrame) -> pd.DataFrame:
        """OC2 outcomes: each cohort split by age, then each flag a binomial draw at the authority's own rate."""
        oc2 = s["oc2"].to_numpy()
        n = len(oc2)
        rng = self.rng
        rate = lambda mean, sd: np.clip(rng.normal(mean, sd, n), 0.01, 0.99)  # noqa: E731
        under5 = np.round(oc2 * rng.uniform(0.07, 0.12, n)).astype(int)
        over10 = np.round(oc2 * rng.uniform(0.58, 0.68, n)).astype(int)
        school = np.round(oc2 * rng.uniform(0.68, 0.76, n)).astype(int)
        received = rng.binomial(school, rate(0.77, 0.1))
        bands = self._draw(received, np.array([0.41, 0.13, 0.46]))
        misuse = rng.binomial(oc2, rate(0.03, 0.015))
        help_ = self._draw(misuse, np.array([0.39, 0.42, 0.19]), 30)
        rows = {
            (labels.DEVELOPMENT, "Development assessments up to date"): rng.binomial(under5, rate(0.87, 0.08)),
            (labels.DEVELOPMENT, "Total ages 0 to 4 years"): under5,
            (labels.CONVICTIONS, labels.CONVICTED): rng.binomial(over10, rate(0.025, 0.01)),
            (labels.CONVICTIONS, "Total ages 10 to 17 years"): over10,
            (labels.HEALTH, "Had their annual health assessment"): rng.binomial(oc2, rate(0.89, 0.05)),
            (labels.HEALTH, "Had their immunisations up to date"): rng.binomial(oc2, rate(0.82, 0.07)),
            (labels.HEALTH, "Had their teeth checked by a dentist"): rng.binomial(oc2, rate(0.79, 0.08)),
            (labels.HEALTH, "Total all ages"): oc2,
            (labels.SDQ, "SDQ score is a cause for concern"): bands[:, 0],
            (labels.SDQ, "SDQ score is borderline"): bands[:, 1],
            (labels.SDQ, "SDQ score is normal"): bands[:, 2],
            (labels.SDQ, "SDQ score was received"): received,
            (labels.SDQ, "Total ages 5 to 16 years"): school,
            (labels.SDQ, labels.SDQ_SUM): np.round(received * rng.normal(14.6, 1.1, n)).astype(int),
            (labels.SUBSTANCE, "Identified as having a substance misuse problem"): misuse,
            (labels.SUBSTANCE, "Offered intervention but refused it"): help_[:, 1],
            (labels.SUBSTANCE, "Received an intervention for their substance misuse problem"): help_[:, 0],
            (labels.SUBSTANCE, "Total all ages"): oc2,
        }
        keys = s[["year", "la"]]
        return pd.concat([keys.assign(group=g, label=b, count=c) for (g, b), c in rows.items()], ignore_index=True)

    def activity(self, s: pd.DataFrame) -> pd.DataFrame:
        """Care leavers' activity by age group (totals are added when the file is written)."""
        return pd.concat([self._long(s[["year", "la"]], self._draw(s[col].to_numpy(), np.array(ACTIVITY_SHARE[age])),
                                     age, list(labels.ACTIVITY))
                          for age, col in zip(labels.ACTIVITY_AGES, ("young", "old"))], ignore_index=True)

    def in_touch(self, s: pd.DataFrame) -> pd.DataFrame:
        """Whether the authority is in touch with its care leavers, by age group."""
        return pd.concat([self._long(s[["year", "la"]], self._draw(s[col].to_numpy(), np.array(INTOUCH_SHARE)), age,
                                     list(labels.INTOUCH))
                          for age, col in zip(labels.INTOUCH_AGES, ("young", "old"))], ignore_index=True)

    def protection(self, s: pd.DataFrame) -> pd.DataFrame:
        """Plans starting (and repeats), plans at 31 March by length, and the counts behind LAIT's timeliness."""
        rng = self.rng
        n = len(s)
        starts, at31 = s["cp_starts"].to_numpy(), s["cp"].to_numpy()
        bands = self._draw(at31, np.array(CPP_BAND_SHARE), 150)
        icpc = np.round(starts * rng.uniform(1.08, 1.25, n)).astype(int)
        ended = np.round(starts * rng.uniform(0.9, 1.1, n)).astype(int)
        rcpc = np.round(at31 * rng.uniform(2.2, 2.8, n)).astype(int)
        return s[["year", "la"]].assign(
            CPP_start=starts, CPP_subsequent=rng.binomial(starts, self.repeat[self._authority(s)]), CPP_At31=at31,
            **{name: bands[:, j] for j, name in enumerate(labels.CPP_BANDS)},
            icpc_15_days=rng.binomial(icpc, np.clip(rng.normal(0.8, 0.1, n), 0.3, 1)), icpc=icpc,
            ended_2_years=rng.binomial(ended, np.clip(rng.normal(0.035, 0.015, n), 0, 1)), ended=ended,
            rcpc_on_time=rng.binomial(rcpc, np.clip(rng.normal(0.91, 0.05, n), 0.5, 1)), rcpc=rcpc)

    def children_in_need(self, s: pd.DataFrame) -> pd.DataFrame:
        """Children in need, in proportion to the authority's child protection plans."""
        rng = self.rng
        n = len(s)
        at31 = np.round(s["cp"].to_numpy() * rng.uniform(6.5, 10, n)).astype(int)
        started = np.round(at31 * rng.uniform(0.9, 1.1, n)).astype(int)
        ended = np.round(started * rng.uniform(0.9, 1.05, n)).astype(int)
        anypoint = at31 + ended
        return s[["year", "la"]].assign(Anypoint_episodes=anypoint,
                                        Anypoint_child=np.round(anypoint * 0.94).astype(int),
                                Started_episodes=started, Started_child=np.round(started * 0.95).astype(int),
                                Ended_episodes=ended, Ended_child=np.round(ended * 0.95).astype(int),
                                At31_episodes=at31,
                                awaiting_assessment=np.round(at31 * rng.uniform(0.01, 0.06, n)).astype(int))
