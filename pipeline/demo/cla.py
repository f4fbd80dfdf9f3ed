"""Children looked after: periods of care, their episodes and their statutory reviews.

Each year's entrants are drawn first (how many, on which days), then everything else for all of them
at once. A period's route out of care (home, adoption, special guardianship, adulthood, ...) is drawn
from the child's age; the route fixes how long the period lasts, which legal statuses it passes
through and why it ends.
Children who return home may come back into care once. A separate small group of disabled children
are looked after only for short breaks (V3/V4), which every count leaves out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.demo.dates import DAY, add_years, age, random_days, to_workday, workdays, year_end, year_start
from pipeline.demo.sampling import choose, choose_rows, cumsum_within, group_index, stream

COHORTS_BEFORE = 22  # a care leaver aged 21 may have come into care at birth, 22 years before
KEEP_YEARS_BEFORE = 6  # periods that ended more than this before the first year are dropped
STARTS_PER_YEAR = 270
SHORT_BREAK_STARTS = 12
CHILD_IDS, SHORT_BREAK_IDS = 10_000_000, 20_000_000

# Age at starting: under 1, 1-4, 5-9, 10-15, 16-17 (lower bounds in years).
AGE_BAND_FROM = np.array([0, 1, 5, 10, 16])
AGE_BAND_TO = np.array([1, 5, 10, 16, 18])
START_AGE = np.array([0.16, 0.15, 0.15, 0.34, 0.20])

ROUTES = ("home", "adopt", "sgo", "cao", "adult", "other")
ROUTE_BY_AGE = np.array([
    [0.18, 0.46, 0.23, 0.05, 0.05, 0.03],
    [0.28, 0.30, 0.23, 0.06, 0.09, 0.04],
    [0.40, 0.03, 0.20, 0.07, 0.25, 0.05],
    [0.44, 0.00, 0.06, 0.03, 0.39, 0.08],
    [0.33, 0.00, 0.01, 0.01, 0.55, 0.10],
])
UASC_ROUTE = np.array([0.0, 0.0, 0.0, 0.0, 0.9, 0.1])
# Median and log-sd of a period's length in days, by route; "adult" periods end at 18 instead.
ROUTE_DAYS = {"home": (150, 1.0), "adopt": (800, 0.3), "sgo": (450, 0.4), "cao": (300, 0.5), "adult": (1, 0.0),
              "other": (120, 1.0)}

# Legal status patterns: (LS, share of the period elapsed when the status ends, kind of placement).
PATTERNS = {
    "adoption": (("C1", 0.35, "foster"), ("E1", 0.8, "foster"), ("E1", 1.0, "adoption")),
    "emergency_adoption": (("L2", 0.01, "foster"), ("C1", 0.35, "foster"), ("E1", 0.8, "foster"),
                           ("E1", 1.0, "adoption")),
    "kinship_order": (("C1", 0.5, "kin"), ("C2", 1.0, "kin")),
    "care_order": (("C1", 0.2, "age"), ("C2", 1.0, "age")),
    "voluntary": (("V2", 1.0, "age"),),
    "voluntary_then_order": (("V2", 0.15, "age"), ("C1", 0.3, "age"), ("C2", 1.0, "age")),
    "order_then_home": (("C1", 0.4, "age"), ("C2", 0.7, "age"), ("C2", 1.0, "parents")),
    "police_protection": (("L1", 0.03, "age"), ("V2", 1.0, "age")),
    "protection_order": (("L2", 0.05, "age"), ("C1", 1.0, "age")),
    "assessment_order": (("L3", 1.0, "age"),),
    "remand": (("J1", 1.0, "remand"),),
    "pace": (("J2", 1.0, "remand"),),
    "sentence": (("J3", 1.0, "remand"),),
}
PATTERN_NAMES = tuple(PATTERNS)
PATTERN_LENGTH = np.array([len(segs) for segs in PATTERNS.values()])
PATTERN_LS = np.array([[s[0] for s in segs] + [None] * (4 - len(segs)) for segs in PATTERNS.values()], dtype=object)
PATTERN_KIND = np.array([[s[2] for s in segs] + [None] * (4 - len(segs)) for segs in PATTERNS.values()], dtype=object)
PATTERN_FROM = np.array([[0.0] + [s[1] for s in segs][:-1] + [1.0] * (4 - len(segs)) for segs in PATTERNS.values()])
_W = {name: 0.0 for name in PATTERN_NAMES}


def _weights(**kw) -> list[float]:
    return list({**_W, **kw}.values())


# Pattern weights by route and age group at starting (under 10, 10-15, 16-17).
PATTERN_BY_ROUTE = np.array([
    [_weights(voluntary=0.4, order_then_home=0.33, police_protection=0.15, protection_order=0.1, assessment_order=0.02),
     _weights(voluntary=0.6, order_then_home=0.22, police_protection=0.13, protection_order=0.05),
     _weights(voluntary=0.8, order_then_home=0.05, police_protection=0.15)],
    [_weights(adoption=0.8, emergency_adoption=0.2)] * 3,
    [_weights(kinship_order=0.6, care_order=0.4)] * 3,
    [_weights(kinship_order=0.5, care_order=0.5)] * 3,
    [_weights(care_order=0.6, voluntary_then_order=0.3, voluntary=0.1),
     _weights(care_order=0.6, voluntary_then_order=0.3, voluntary=0.1),
     _weights(voluntary=0.5, voluntary_then_order=0.5)],
    [_weights(voluntary=0.7, police_protection=0.3),
     _weights(voluntary=0.45, police_protection=0.15, remand=0.28, pace=0.07, sentence=0.05),
     _weights(voluntary=0.45, police_protection=0.1, remand=0.33, pace=0.07, sentence=0.05)],
])
YOUTH_JUSTICE = [PATTERN_NAMES.index(p) for p in ("remand", "pace", "sentence")]

EXIT = {
    "home": {"E4A": 0.75, "E4B": 0.10, "E13": 0.15},
    "adopt": {"E11": 0.4, "E12": 0.6},
    "sgo": {"E43": 0.1, "E44": 0.1, "E45": 0.35, "E46": 0.1, "E47": 0.3, "E48": 0.05},
    "cao": {"E41": 1.0},
    "adult": {"E17": 0.30, "E5": 0.42, "E6": 0.12, "E8": 0.12, "E7": 0.04},
    "other": {"E8": 0.45, "E3": 0.25, "E16": 0.08, "E13": 0.2, "E2": 0.02},
    "youth_justice": {"E14": 0.7, "E9": 0.3},
    "uasc": {"E5": 0.5, "E6": 0.15, "E17": 0.15, "E15": 0.1, "E8": 0.1},
}

PLACEMENTS = {
    "foster": {"U1": 0.08, "U2": 0.01, "U3": 0.14, "U4": 0.30, "U5": 0.02, "U6": 0.45},
    "kin": {"U1": 0.45, "U2": 0.05, "U3": 0.50},
    "adoption": {"A3": 0.04, "A4": 0.04, "A5": 0.27, "A6": 0.65},
    "parents": {"P1": 1.0},
    "residential": {"K2": 0.85, "R1": 0.04, "S1": 0.06, "K1": 0.05},
    "independent": {"H5": 0.45, "K3": 0.35, "P2": 0.15, "P3": 0.02, "Z1": 0.03},
    "remand": {"U6": 0.4, "U4": 0.2, "K2": 0.25, "K1": 0.15},
    "mother_and_baby": {"R3": 1.0},
    "other": {"Z1": 0.4, "R2": 0.15, "R5": 0.1, "T0": 0.1, "T1": 0.05, "T2": 0.05, "T3": 0.1, "T4": 0.05},
}
PLACEMENT_BY_AGE = (  # the placement kind "age": what a child of that age (under 1, 1-9, 10-15, 16+) gets
    {"foster": 0.95, "mother_and_baby": 0.05},
    {"foster": 0.97, "residential": 0.02, "other": 0.01},
    {"foster": 0.78, "residential": 0.19, "other": 0.03},
    {"foster": 0.45, "independent": 0.40, "residential": 0.12, "other": 0.03},
)
PROVIDER = {"foster": {"PR1": 0.6, "PR4": 0.4}, "residential": {"PR4": 0.7, "PR1": 0.3}}

ETHNIC = {"WBRI": 0.875, "WIRI": 0.003, "WOTH": 0.022, "WIRT": 0.004, "WROM": 0.006, "MWBC": 0.016, "MWBA": 0.008,
          "MWAS": 0.009, "MOTH": 0.013, "AIND": 0.003, "APKN": 0.002, "ABAN": 0.002, "AOTH": 0.004, "BCRB": 0.003,
          "BAFR": 0.006, "BOTH": 0.003, "CHNE": 0.002, "OOTH": 0.004, "REFU": 0.002, "NOBT": 0.006}
UASC_ETHNIC = {"AOTH": 0.35, "BAFR": 0.3, "BOTH": 0.1, "OOTH": 0.15, "MOTH": 0.05, "WOTH": 0.05}
CATEGORY_OF_NEED = {"N1": 0.66, "N2": 0.03, "N3": 0.03, "N4": 0.08, "N5": 0.12, "N6": 0.01, "N8": 0.07}


def starts_per_year(year: int) -> float:
    """Entrants a year at scale 1: steady to 2018, then rising, so the number in care drifts upwards."""
    return STARTS_PER_YEAR * (1 + 0.03 * max(0, year - 2019)) * (1 + 0.03 * np.sin(year * 1.3))


def simulate(seed: int, first_year: int, last_year: int, scale: float) -> dict[str, pd.DataFrame]:
    """Periods of care that matter from `first_year` to `last_year`, with their episodes and reviews."""
    rng = stream(seed, "cla")
    years = range(first_year - COHORTS_BEFORE, last_year + 1)
    start = np.concatenate([_start_dates(rng, y, rng.poisson(starts_per_year(y) * scale)) for y in years])
    children, periods = _cohort(rng, start, CHILD_IDS + 1)
    breaks = np.concatenate([random_days(rng, year_start(y), year_end(y), rng.poisson(SHORT_BREAK_STARTS * scale))
                             for y in years])
    short_children, short_periods = _short_breaks(rng, breaks, SHORT_BREAK_IDS + 1)
    periods = pd.concat([periods, short_periods], ignore_index=True)
    keep = year_start(first_year) - np.timedelta64(round(KEEP_YEARS_BEFORE * 365.25), "D")
    periods = periods[periods["END"] >= keep].sort_values(["CHILD", "ORDER"]).reset_index(drop=True)
    children = pd.concat([children, short_children], ignore_index=True)
    children = children[children["CHILD"].isin(periods["CHILD"])].reset_index(drop=True)
    periods["PERIOD"] = periods["CHILD"] * 100 + periods["ORDER"]
    lookup = np.searchsorted(children["CHILD"].to_numpy(), periods["CHILD"].to_numpy())
    dob = children["DOB"].to_numpy(dtype=DAY)[lookup]
    reviews = _reviews(rng, periods[~periods["SHORT"]])
    return {"children": children, "periods": periods, "episodes": _episodes(rng, periods, dob),
            "reviews": reviews[reviews["REVIEW"] <= year_end(last_year)].reset_index(drop=True)}


def _start_dates(rng: np.random.Generator, year: int, n: int) -> np.ndarray:
    """Days on which a year's entrants come into care; a couple of them on 1 April itself."""
    start = random_days(rng, year_start(year), year_end(year), n)
    start[:2] = year_start(year)
    return start


def _cohort(rng: np.random.Generator, start: np.ndarray, first_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Children first coming into care on `start`, their periods of care, and any return to care later."""
    n = len(start)
    band = choose_rows(rng, np.tile(START_AGE, (n, 1)))
    newborn = (band == 0) & (rng.random(n) < 0.45)
    span = (AGE_BAND_TO[band] - AGE_BAND_FROM[band]) * 365.25
    age_days = np.where(newborn, rng.integers(0, 15, n), AGE_BAND_FROM[band] * 365.25 + rng.random(n) * span)
    dob = start - age_days.astype("timedelta64[D]")
    uasc = (age(dob, start) >= 14) & (rng.random(n) < 0.22)
    children = pd.DataFrame({
        "CHILD": np.arange(first_id, first_id + n),
        "SEX": np.where(rng.random(n) < np.where(uasc, 0.95, 0.575), "1", "2"),
        "DOB": dob,
        "ETHNIC": np.where(uasc, choose(rng, UASC_ETHNIC, n), choose(rng, ETHNIC, n)),
        "UASC": uasc,
    })
    first = _periods(rng, start, dob, uasc)
    again = (first["ROUTE"] == "home").to_numpy() & (rng.random(n) < 0.2)
    restart = first["END"].to_numpy(dtype=DAY) + np.exp(rng.normal(np.log(300), 0.8, n)).astype("timedelta64[D]")
    again &= restart < add_years(dob, 17) + 180
    second = _periods(rng, restart[again], dob[again], np.zeros(again.sum(), bool))
    first["CHILD"], second["CHILD"] = children["CHILD"].to_numpy(), children["CHILD"].to_numpy()[again]
    first["ORDER"], second["ORDER"] = 1, 2
    return children, pd.concat([first, second], ignore_index=True)


def _periods(rng: np.random.Generator, start: np.ndarray, dob: np.ndarray, uasc: np.ndarray) -> pd.DataFrame:
    """Route, legal-status pattern, end date and reason for periods starting on `start`."""
    n = len(start)
    years = age(dob, start)
    band = np.searchsorted(AGE_BAND_FROM, years, side="right") - 1
    route = choose_rows(rng, np.where(uasc[:, None], UASC_ROUTE, ROUTE_BY_AGE[band]))
    group = np.where(years < 10, 0, np.where(years < 16, 1, 2))
    pattern = choose_rows(rng, PATTERN_BY_ROUTE[route, group])
    pattern[uasc & (route == ROUTES.index("adult"))] = PATTERN_NAMES.index("voluntary")
    median, sigma = np.array([ROUTE_DAYS[r] for r in ROUTES]).T[:, route]
    days = np.maximum(1, np.exp(rng.normal(np.log(median), sigma))).astype(int)
    days = np.where(pattern == PATTERN_NAMES.index("pace"), rng.integers(1, 4, n), days)
    eighteen = add_years(dob, 18)
    end = np.where(route == ROUTES.index("adult"), eighteen, start + days.astype("timedelta64[D]"))
    end = np.maximum(np.minimum(end, eighteen), start + 1)
    table = np.array(ROUTES, dtype=object)[route]
    table[np.isin(pattern, YOUTH_JUSTICE)] = "youth_justice"
    table[end >= eighteen] = "adult"
    table[uasc & (end >= eighteen)] = "uasc"
    rec = np.empty(n, dtype=object)
    for name in EXIT:
        mask = table == name
        rec[mask] = choose(rng, EXIT[name], mask.sum())
    end = _some_end_on_31_march(rng, end, eighteen)
    return pd.DataFrame({"START": start, "END": end, "REC": rec, "ROUTE": np.array(ROUTES)[route],
                         "PATTERN": pattern, "CIN": choose(rng, CATEGORY_OF_NEED, n), "SHORT": False})


def _some_end_on_31_march(rng: np.random.Generator, end: np.ndarray, eighteen: np.ndarray) -> np.ndarray:
    """Move a couple of ends falling in January to March onto 31 March, a boundary real extracts have."""
    month = (end.astype("datetime64[M]") - end.astype("datetime64[Y]").astype("datetime64[M]")).astype(int)
    last = (end.astype("datetime64[Y]").astype("datetime64[M]") + 2).astype(DAY) + 30
    candidates = np.flatnonzero((month <= 2) & (last < eighteen))
    picked = rng.choice(candidates, min(len(candidates), 2), replace=False) if len(candidates) else []
    end = end.copy()
    end[picked] = last[picked]
    return end


def _short_breaks(rng: np.random.Generator, start: np.ndarray, first_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Disabled children on short breaks: one V4 agreement, or a series of V3 stays of a few days."""
    n = len(start)
    dob = start - (rng.integers(5, 16, n) * 365.25 + rng.integers(0, 365, n)).astype("timedelta64[D]")
    children = pd.DataFrame({"CHILD": np.arange(first_id, first_id + n),
                             "SEX": np.where(rng.random(n) < 0.65, "1", "2"), "DOB": dob,
                             "ETHNIC": choose(rng, ETHNIC, n), "UASC": False})
    series = rng.random(n) < 0.45
    stays = np.where(series, rng.integers(4, 13, n), 1)
    owner, k = group_index(stays)
    gap = np.where((k > 0) & series[owner], rng.integers(20, 46, len(owner)), 0)
    begin = start[owner] + cumsum_within(gap, stays)
    length = np.where(series[owner], rng.integers(2, 5, len(owner)), rng.integers(120, 541, len(owner)))
    periods = pd.DataFrame({
        "START": begin, "END": begin + length.astype("timedelta64[D]"), "REC": "E4A", "ROUTE": "short_break",
        "PATTERN": -1, "CIN": "N2", "SHORT": True, "LS": np.where(series[owner], "V3", "V4"),
        "PLACE": choose(rng, {"K2": 0.5, "U6": 0.3, "U4": 0.2}, len(owner)),
        "CHILD": children["CHILD"].to_numpy()[owner], "ORDER": k + 1,
    })
    return children, periods


def _episodes(rng: np.random.Generator, periods: pd.DataFrame, dob: np.ndarray) -> pd.DataFrame:
    """Split each period at its legal-status changes and placement moves into SSDA903 episodes."""
    short = periods["SHORT"].to_numpy()
    points = pd.concat([_status_changes(periods[~short]), _moves(rng, periods[~short], dob[~short])],
                       ignore_index=True)
    points = points.sort_values(["ROW", "DECOM", "PRIORITY"], kind="stable")
    points = points.drop_duplicates(["ROW", "DECOM"], keep="last").reset_index(drop=True)
    points[["LS", "KIND"]] = points[["LS", "KIND"]].ffill()
    row = points["ROW"].to_numpy()
    first = np.r_[True, row[1:] != row[:-1]]
    last = np.r_[row[1:] != row[:-1], True]
    ls, kind = points["LS"].to_numpy(), points["KIND"].to_numpy()
    ls_changed = ~first & (ls != np.roll(ls, 1))
    place_changed = ~first & ((kind != np.roll(kind, 1)) | (points["PRIORITY"].to_numpy() == 0)
                              | (ls_changed & (rng.random(len(points)) < 0.15)))
    rne = np.select([first, ls_changed & place_changed, ls_changed], ["S", "B", "L"], "P")
    chosen = periods[~short].iloc[row]
    decom = points["DECOM"].to_numpy(dtype=DAY)
    dec = np.where(last, chosen["END"].to_numpy(dtype=DAY), np.roll(decom, -1))
    place = _placements(rng, kind, age(dob[~short][row], decom))
    place = pd.Series(np.where(rne == "L", None, place)).ffill().to_numpy()
    episodes = pd.DataFrame({
        "CHILD": chosen["CHILD"].to_numpy(), "PERIOD": chosen["PERIOD"].to_numpy(), "DECOM": decom, "RNE": rne,
        "LS": ls, "CIN": chosen["CIN"].to_numpy(), "PLACE": place, "DEC": dec,
        "REC": np.where(last, chosen["REC"].to_numpy(), "X1"),
    })
    breaks = periods[short]
    episodes = pd.concat([episodes, pd.DataFrame({
        "CHILD": breaks["CHILD"], "PERIOD": breaks["PERIOD"], "DECOM": breaks["START"], "RNE": "S",
        "LS": breaks["LS"], "CIN": breaks["CIN"], "PLACE": breaks["PLACE"], "DEC": breaks["END"], "REC": breaks["REC"],
    })], ignore_index=True)
    episodes["PLACE_PROVIDER"] = _providers(rng, episodes["PLACE"].to_numpy())
    return episodes


def _status_changes(periods: pd.DataFrame) -> pd.DataFrame:
    """The date each legal-status segment of a period's pattern begins."""
    pattern = periods["PATTERN"].to_numpy()
    owner, k = group_index(PATTERN_LENGTH[pattern])
    p = pattern[owner]
    start = periods["START"].to_numpy(dtype=DAY)[owner]
    days = (periods["END"].to_numpy(dtype=DAY) - periods["START"].to_numpy(dtype=DAY)).astype(int)[owner]
    return pd.DataFrame({"ROW": owner, "DECOM": start + (PATTERN_FROM[p, k] * days).astype(int),
                         "PRIORITY": 1 + k, "LS": PATTERN_LS[p, k], "KIND": PATTERN_KIND[p, k]})


def _moves(rng: np.random.Generator, periods: pd.DataFrame, dob: np.ndarray) -> pd.DataFrame:
    """Placement moves: more often for teenagers, at random days strictly inside the period."""
    start = periods["START"].to_numpy(dtype=DAY)
    days = (periods["END"].to_numpy(dtype=DAY) - start).astype(int)
    rate = np.where(age(dob, start) >= 10, 0.45, 0.25)
    count = np.minimum(rng.poisson(rate * days / 365.25), np.maximum(days - 1, 0))
    owner, _ = group_index(count)
    offset = 1 + (rng.random(len(owner)) * (days[owner] - 1)).astype(int)
    return pd.DataFrame({"ROW": owner, "DECOM": start[owner] + offset, "PRIORITY": 0, "LS": None, "KIND": None})


def _placements(rng: np.random.Generator, kind: np.ndarray, years: np.ndarray) -> np.ndarray:
    """A PLACE code for each episode: kind 'age' means whatever suits a child of that age."""
    kind = kind.astype(object).copy()
    by_age = kind == "age"
    band = np.searchsorted([1, 10, 16], years, side="right")
    for b, weights in enumerate(PLACEMENT_BY_AGE):
        mask = by_age & (band == b)
        kind[mask] = choose(rng, weights, mask.sum())
    place = np.empty(len(kind), dtype=object)
    for name, weights in PLACEMENTS.items():
        mask = kind == name
        place[mask] = choose(rng, weights, mask.sum())
    return place


def _providers(rng: np.random.Generator, place: np.ndarray) -> np.ndarray:
    """PLACE_PROVIDER: the council's own carers (PR1) or an agency (PR4); PR0 for children at home."""
    foster = np.isin(place, list(PLACEMENTS["foster"]))
    homes = np.isin(place, ["K1", "K2", "R1", "S1", "H5", "K3"])
    out = np.full(len(place), "PR0", dtype=object)
    out[foster] = choose(rng, PROVIDER["foster"], foster.sum())
    out[homes] = choose(rng, PROVIDER["residential"], homes.sum())
    return out


def _reviews(rng: np.random.Generator, periods: pd.DataFrame) -> pd.DataFrame:
    """Statutory reviews: within 20 working days, 3 months later, then every 6 months; about 1 in 10 late.

    On-time reviews are held 5 to 80 days early and late ones 5 to 40 days late, so moving a date off
    a weekend or bank holiday never changes whether it was on time.
    """
    start = periods["START"].to_numpy(dtype=DAY)
    end = periods["END"].to_numpy(dtype=DAY)
    days = (end - start).astype(int)
    count = 3 + days // 100
    owner, k = group_index(count)
    late = rng.random(len(owner)) < 0.1
    first_due = workdays(start, 20)
    first = workdays(start, rng.integers(8, 21, len(start)))
    first_late = late[k == 0]
    first = np.where(first_late, workdays(start, rng.integers(21, 36, len(start))), first)
    interval = np.where(k == 1, 91, 182)
    shift = np.where(late, rng.integers(5, 41, len(owner)), -rng.integers(5, 81, len(owner)))
    step = np.where(k == 0, 0, interval + shift)
    unrolled = first[owner] + cumsum_within(step, count)
    held = to_workday(unrolled, late)
    held[k == 0] = first[owner[k == 0]]
    due = np.where(k == 0, first_due[owner], np.roll(held, 1) + interval)
    keep = held < end[owner]
    return pd.DataFrame({"CHILD": periods["CHILD"].to_numpy()[owner], "PERIOD": periods["PERIOD"].to_numpy()[owner],
                         "REVIEW": held, "DUE_DATE": due, "NUMBER": k + 1})[keep].reset_index(drop=True)
