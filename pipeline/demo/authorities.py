"""A fictional England for the published comparators: the real nine regions, about 150 invented
authorities, and Demoshire.

The invented authorities are the same whatever the seed (a fixed internal stream), so a config that
lists statistical neighbours by code keeps working; their names are built from syllables and include
an ampersand, commas and a non-ASCII letter, as real names do. Old LA codes are 401 to 799, a range no
real authority uses; new codes continue the ONS series (E06, E08, E09, E10) beyond the real ones.
Each authority has a deprivation and a rurality score, which drive its rates and its neighbours.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.demo.authority import DemoAuthority


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # as explore education statistics writes it
    lait_name: str
    lait_number: int
    go_ind: int  # statistical neighbour file's region number
    ofsted: str
    kinds: dict  # how many authorities of each kind: county, unitary, metropolitan, inner or outer London
    deprivation: float
    cla: float  # children looked after and child protection rates relative to England's
    cp: float


REGIONS = (
    Region("E12000001", "North East", "North East", 980, 4, "North East, Yorkshire and the Humber",
           {"unitary": 7, "metropolitan": 5}, 1.0, 1.55, 1.35),
    Region("E12000002", "North West", "North West", 981, 5, "North West",
           {"county": 2, "unitary": 10, "metropolitan": 11}, 0.7, 1.35, 1.15),
    Region("E12000003", "Yorkshire and The Humber", "Yorkshire and the Humber", 982, 9,
           "North East, Yorkshire and the Humber", {"county": 1, "unitary": 5, "metropolitan": 9}, 0.6, 1.15, 1.15),
    Region("E12000004", "East Midlands", "East Midlands", 983, 1, "East Midlands", {"county": 4, "unitary": 6}, 0.1,
           0.9, 1.0),
    Region("E12000005", "West Midlands", "West Midlands", 984, 8, "West Midlands",
           {"county": 2, "unitary": 5, "metropolitan": 7}, 0.5, 1.2, 1.0),
    Region("E12000006", "East of England", "East of England", 985, 2, "East of England",
           {"county": 5, "unitary": 6}, -0.4, 0.75, 0.85),
    Region("E12000007", "London", "London", 986, 3, "London", {"inner": 14, "outer": 19}, 0.3, 0.75, 0.9),
    Region("E12000008", "South East", "South East", 989, 6, "South East", {"county": 7, "unitary": 12}, -0.6,
           0.8, 0.9),
    Region("E12000009", "South West", "South West", 990, 7, "South West", {"county": 4, "unitary": 11}, -0.3,
           0.85, 0.95),
)
LONDON_PARTS = {"inner": ("E13000001", "Inner London", "London (Inner)", 987),
                "outer": ("E13000002", "Outer London", "London (Outer)", 988)}
ENGLAND = ("E92000001", "England", 970)

KIND = {  # ONS code prefix, median under-18 population, deprivation shift, rurality
    "county": ("E10", 180_000, -0.5, 1.2),
    "unitary": ("E06", 45_000, 0.3, 0.0),
    "metropolitan": ("E08", 76_000, 0.4, -0.6),
    "inner": ("E09", 50_000, 0.8, -1.6),
    "outer": ("E09", 64_000, -0.1, -1.1),
}
FIRST = ("Ash", "Bram", "Calder", "Dun", "Elm", "Fen", "Gold", "Hather", "Ingle", "Kes", "Lang", "Marl", "Nether",
         "Oak", "Pen", "Quarn", "Rad", "Stan", "Thorn", "Ul", "Wen", "Yar", "Bel", "Cran", "Dray", "Ever", "Fox",
         "Glen", "Hol", "Kirk", "Lin", "Mor", "Nor", "Ot", "Pres", "Sel", "Tam", "Ver", "Wold", "Ald", "Brack",
         "Cole", "Dal", "Fal", "Gar", "Hen", "Lyd", "Mel", "Ned", "Os", "Pit", "Rill", "Sax", "Tid", "Brin")
SECOND = ("ford", "ley", "borough", "field", "ton", "wick", "mere", "dale", "bury", "ham", "stow", "worth", "by",
          "combe", "minster", "well", "bridge", "holm", "thorpe", "moor", "gate", "haven", "wood")
NAMING_SEED = 20210401
COMMA_NAMED = {"unitary": (3, 30), "county": (9,)}  # which of each kind get DfE's "X, City of" form


def _names(count: int) -> list[str]:
    """Distinct invented place names, some compound ("A and B", "A & B", "North A", "Brontë Vale")."""
    rng = np.random.default_rng(NAMING_SEED)
    pairs = [a + b for a in FIRST for b in SECOND]
    words = [pairs[i] for i in rng.permutation(len(pairs))]
    names, used = [], 0
    forms = rng.random(count)
    for i in range(count):
        a, b = words[used], words[used + 1]
        if i in (17, 61, 122):
            names.append(f"{a} & {b}")
            used += 2
        elif forms[i] < 0.08:
            names.append(f"{a} and {b}")
            used += 2
        elif forms[i] < 0.16:
            names.append(f"{'North East West South'.split()[i % 4]} {a}")
            used += 1
        else:
            names.append(a)
            used += 1
    names[45] = "Brontë Vale"
    return names


def authorities(demo: DemoAuthority) -> pd.DataFrame:
    """One row per authority: codes, name, regions as each source names them, population and scores."""
    rng = np.random.default_rng(NAMING_SEED + 1)
    rows = []
    for region in REGIONS:
        for kind, count in region.kinds.items():
            rows += [(region, kind)] * count
    names = _names(len(rows))
    serial = {prefix: 101 for prefix, *_ in KIND.values()}
    codes = np.sort(rng.choice(np.arange(401, 800), len(rows), replace=False))
    out = []
    for i, ((region, kind), name) in enumerate(zip(rows, names)):
        prefix, median, shift, rural = KIND[kind]
        part = LONDON_PARTS.get(kind)
        if kind == "county" and " " not in name and rng.random() < 0.5:
            name = f"{name}shire"
        if " " not in name and serial[prefix] - 101 in COMMA_NAMED.get(kind, ()):
            name = f"{name}, {'County' if kind == 'county' else 'City'} of"  # quoted in CSV, as real names are
        out.append({
            "old_la_code": int(codes[i]), "new_la_code": f"{prefix}{serial[prefix]:06d}", "la_name": name,
            "region_code": region.code, "region_name": region.name,
            "ees_region_code": part[0] if part else region.code, "ees_region_name": part[1] if part else region.name,
            "lait_region": part[1] if part else region.name, "sn_region": part[2] if part else region.lait_name,
            "go_ind": region.go_ind, "ofsted_region": region.ofsted, "kind": kind,
            "population": int(median * np.exp(rng.normal(0, 0.35 if kind == "county" else 0.3))),
            "deprivation": region.deprivation + shift + rng.normal(0, 0.6), "rurality": rural + rng.normal(0, 0.4),
            "cla_level": region.cla, "cp_level": region.cp,
        })
        serial[prefix] += 1
    south_west = REGIONS[-1]
    out.append({"old_la_code": demo.old_la_code, "new_la_code": demo.new_la_code, "la_name": demo.name,
                "region_code": demo.region_code, "region_name": demo.region, "ees_region_code": demo.region_code,
                "ees_region_name": demo.region, "lait_region": demo.region, "sn_region": south_west.lait_name,
                "go_ind": south_west.go_ind, "ofsted_region": south_west.ofsted, "kind": "county",
                "population": demo.population, "deprivation": -0.3, "rurality": 1.1,
                "cla_level": south_west.cla, "cp_level": south_west.cp})
    frame = pd.DataFrame(out)
    order = {r.code: i for i, r in enumerate(REGIONS)}
    frame["order"] = frame["region_code"].map(order) * 1000 + frame["old_la_code"]
    return frame.sort_values("order").reset_index(drop=True)


def neighbours(las: pd.DataFrame, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Each authority's k nearest authorities on deprivation, rurality and size, and how close they are."""
    features = np.column_stack([las["deprivation"], las["rurality"], np.log(las["population"])])
    features = (features - features.mean(axis=0)) / features.std(axis=0)
    distance = np.sqrt(((features[:, None, :] - features[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(distance, np.inf)
    nearest = np.argsort(distance, axis=1, kind="stable")[:, :k]
    return nearest, np.take_along_axis(distance, nearest, axis=1)
