"""Deprivation of liberty orders for the demo's latest year (the SSDA903 table DfE collects from 2026-27), drawn
from a stream of their own so no other number moved: a few children aged 11 or more in children's homes (K2), not
on short breaks; orders of a few months, some begun before the year, some ending as the child left care, some open."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.demo.dates import DAY, NAT, age, year_end, year_start
from pipeline.demo.sampling import stream

SHARE = 0.12  # of the year's children's home episodes of children aged 11 or more


def orders(seed: int, year: int, episodes: pd.DataFrame, dob: np.ndarray) -> pd.DataFrame:
    """CHILD, DOB, DOLO_START, DOLO_END for orders made during the year's children's home episodes (the
    `episodes` cut of the chic extract, `dob` each episode's child's date of birth)."""
    rng = stream(seed, "deprivation-of-liberty", year)
    first, last = year_start(year), year_end(year)
    decom = episodes["DECOM"].to_numpy(dtype=DAY)
    dec = episodes["DEC"].to_numpy(dtype=DAY)
    home = ((episodes["PLACE"].to_numpy() == "K2") & ~episodes["LS"].isin(["V3", "V4"]).to_numpy()
            & (age(dob, decom) >= 11) & ~(dec < first))
    chosen = home & (rng.random(len(episodes)) < SHARE)
    begin = np.maximum(decom, first - 90)[chosen]
    until = np.where(np.isnat(dec), last, np.minimum(dec, last))[chosen]
    span = np.maximum((until - begin).astype(int), 0)
    start = begin + (rng.random(len(begin)) * span * 0.6).astype(int)
    end = start + rng.integers(120, 400, len(start))
    left_care = ~np.isnat(dec[chosen]) & (end >= dec[chosen])
    end = np.where(left_care, dec[chosen], np.where(end > last, NAT, end))
    return pd.DataFrame({"CHILD": episodes["CHILD"].to_numpy()[chosen], "DOB": dob[chosen], "DOLO_START": start,
                         "DOLO_END": end}).drop_duplicates("CHILD").reset_index(drop=True)
