"""The Local Authority Interactive Tool's long file, `bds_long_0.parquet`: one row per measure, year and area.

Values are text, as in the real file: whole numbers or one decimal place, some written out to 17
significant figures ("33.700000000000003"), and "-" where a figure is missing or too small to show.
England is LA Number 970 and the regions 980 to 990; only a measure's first year carries its
`Data item` description. Every value is worked out from the same counts as the EES files.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.demo import labels
from pipeline.demo.authorities import ENGLAND, LONDON_PARTS, REGIONS
from pipeline.demo.ees import LA, Areas, half_up
from pipeline.synthetic import MARKER, MARKER_TEXT

MEASURES = {  # short description: (data item, decimal places, numerator / denominator times this)
    "LAC": ("Children Looked after rate per 10,000", 0, 1e4),
    "CPP_rate": ("Rate of children who were the subject of a child protection plan at 31 March per 10,000 children",
                 1, 1e4),
    "CP_conf_15days": ("Percentage of child protection conferences held within 15 days", 1, 100),
    "PrevRegCPR": ("Percentage of children registered on the Child Protection Register, previously registered",
                   1, 100),
    "CPPlans2yrs": ("Child Protection Plans lasting 2 years or more", 1, 100),
    "RevCP": ("Review of child protection cases PAF CF/C20", 1, 100),
    "CareLeaverEET": ("Care Leavers at 19- Education, Employment or Training", 0, 100),
    "LACSubstance": ("% of LAC Substance misuse", 0, 100),
    "Emotional_LAC": ("Emotional and behavioural health of looked after children", 1, 1),
}
RATES = ("LAC", "CPP_rate")  # never too small to show
SCHEMA = pa.schema([("Short Desc", pa.string()), ("Data item", pa.string()), ("Years", pa.string()),
                    ("LA and Regions", pa.string()), ("Values", pa.string()), ("LA Number", pa.float64()),
                    ("Region", pa.string())])


def write(folder: Path, areas: Areas, las: pd.DataFrame, tables: dict[str, pd.DataFrame], missing: dict,
          years: range, rng: np.random.Generator) -> None:
    ratios = _ratios(areas, tables)
    ratios = ratios[ratios["year"].isin(years)].merge(_names(areas, las), on="area")
    frames = []
    for measure, (item, decimals, per) in MEASURES.items():
        num, den = ratios[f"{measure}_num"], ratios[f"{measure}_den"]
        value = np.where(den > 0, num / den.where(den > 0, 1) * per, np.nan)
        small = (ratios["geographic_level"] == LA) & (num >= 1) & (num <= 5) & (measure not in RATES)
        unavailable = (ratios["year"] == missing["x"][0]) & (ratios["old_la_code"] == str(missing["x"][1]))
        text = _texts(value, decimals, rng)
        text = np.where(small | unavailable | np.isnan(value), "-", text)
        frames.append(pd.DataFrame({"Short Desc": measure,
                                    "Data item": np.where(ratios["year"] == years[0], item, None),
                                    "Years": ratios["year"].astype(str), "LA and Regions": ratios["lait_name"],
                                    "Values": text, "LA Number": ratios["lait_number"].astype(float),
                                    "Region": ratios["lait_region"], "_order": ratios["lait_order"]}))
    table = pd.concat(frames, ignore_index=True)
    table["_measure"] = table["Short Desc"].map({m: i for i, m in enumerate(MEASURES)})
    table = table.sort_values(["_measure", "Years", "_order", "LA and Regions"], kind="stable")
    arrow = pa.Table.from_pandas(table[SCHEMA.names], schema=SCHEMA, preserve_index=False)
    pq.write_table(arrow.replace_schema_metadata({MARKER: MARKER_TEXT}), folder / "bds_long_0.parquet")


def _texts(values: np.ndarray, decimals: int, rng: np.random.Generator) -> np.ndarray:
    """One decimal place as the real file writes it: mostly short, now and then to 17 significant figures."""
    rounded = half_up(np.nan_to_num(values), decimals)
    long = rng.random(len(values)) < 0.25
    return np.array([format(v, ".17g") if (lng and decimals and v != int(v)) else format(v, ".15g")
                     for v, lng in zip(rounded, long)], dtype=object)


def _ratios(areas: Areas, t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Numerator and denominator of every measure, per year and area."""
    population = areas.totals(t["population"], [], ["count"])
    population = population.assign(year=population["year"] + 1).set_index(["year", "area"])["count"]
    cla = t["cla"][t["cla"]["group"] == "Children looked after on 31 March each year"]
    cla = areas.totals(cla, [], ["count"]).set_index(["year", "area"])["count"]
    cp = areas.totals(t["protection"], [], ["CPP_start", "CPP_subsequent", "CPP_At31", "icpc_15_days", "icpc",
                                            "ended_2_years", "ended", "rcpc_on_time", "rcpc"])
    cp = cp.set_index(["year", "area"])
    health = areas.totals(t["health"], ["group", "label"], ["count"])
    health = health.set_index(["year", "area", "group", "label"])["count"]
    activity = t["activity"][t["activity"]["group"] == "19 to 21 years"]
    eet = labels.ACTIVITY_TOTALS["Total in education, employment or training"]
    leavers = areas.totals(activity.assign(eet=activity["count"].where(activity["label"].isin(eet), 0)), [],
                           ["eet", "count"]).set_index(["year", "area"])

    def row(group, label):
        return health.xs((group, label), level=["group", "label"])

    out = pd.DataFrame({
        "LAC_num": cla, "LAC_den": population,
        "CPP_rate_num": cp["CPP_At31"], "CPP_rate_den": population,
        "CP_conf_15days_num": cp["icpc_15_days"], "CP_conf_15days_den": cp["icpc"],
        "PrevRegCPR_num": cp["CPP_subsequent"], "PrevRegCPR_den": cp["CPP_start"],
        "CPPlans2yrs_num": cp["ended_2_years"], "CPPlans2yrs_den": cp["ended"],
        "RevCP_num": cp["rcpc_on_time"], "RevCP_den": cp["rcpc"],
        "CareLeaverEET_num": leavers["eet"], "CareLeaverEET_den": leavers["count"],
        "LACSubstance_num": row(labels.SUBSTANCE, "Identified as having a substance misuse problem"),
        "LACSubstance_den": row(labels.SUBSTANCE, "Total all ages"),
        "Emotional_LAC_num": row(labels.SDQ, labels.SDQ_SUM),
        "Emotional_LAC_den": row(labels.SDQ, "SDQ score was received"),
    })
    return out.reset_index().merge(areas.frame[["area", "geographic_level", "old_la_code"]], on="area")


def _names(areas: Areas, las: pd.DataFrame) -> pd.DataFrame:
    """LAIT's name, number, region and place in the file for each area (authorities first, by name)."""
    rows = [{"area": ENGLAND[0], "lait_name": ENGLAND[1], "lait_number": ENGLAND[2], "lait_region": "NA",
             "lait_order": 1}]
    rows += [{"area": r.code, "lait_name": r.lait_name, "lait_number": r.lait_number, "lait_region": "NA",
              "lait_order": 1 + r.lait_number} for r in REGIONS]
    rows += [{"area": code, "lait_name": name, "lait_number": number, "lait_region": "NA", "lait_order": 1 + number}
             for code, _, name, number in LONDON_PARTS.values()]
    local = pd.DataFrame({"area": "LA" + las["old_la_code"].astype(str), "lait_name": las["la_name"],
                          "lait_number": las["old_la_code"], "lait_region": las["lait_region"], "lait_order": 0})
    return pd.concat([local, pd.DataFrame(rows)], ignore_index=True)
