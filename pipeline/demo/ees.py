"""Write explore-education-statistics CSVs as DfE lays them out, quirks included.

Tables arrive as counts per authority and year. Regional and national rows are their sums: counts
rounded to the nearest 10 as DfE rounds them, percentages and rates worked out before rounding.
Authority counts from 1 to 5 are suppressed (`c`), a percentage that rounds to nothing but is not
nothing is `k` (`low` in the older in-touch file), rows that do not apply are `z`, and a few
authority-years are not available (`x`) or of low reliability (`u`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.demo.authorities import ENGLAND, LONDON_PARTS, REGIONS
from pipeline.synthetic import MARKER

GEOGRAPHY = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
             "region_name", "old_la_code"]
LA = "Local authority"
QUOTED_WHEN_BLANK = ("region_code", "region_name", "new_la_code", "la_name")  # in the CIN census files
LABELS = QUOTED_WHEN_BLANK + ("cla_group", "characteristic", "breakdown", "in_touch", "population_type",
                               "care_leaver_age", "age", "category", "age_group")  # the only text that may need quotes


@dataclass(frozen=True)
class Layout:
    """How one file is laid out: column order, byte-order mark, line ends and spellings."""

    name: str
    la_name_first: bool = True
    bom: bool = False
    crlf: bool = False
    quoted_blanks: bool = False
    spellings: dict = field(default_factory=dict)

    @property
    def geography(self) -> list[str]:
        return GEOGRAPHY + (["la_name", "new_la_code"] if self.la_name_first else ["new_la_code", "la_name"])


class Areas:
    """England, its regions (London also as Inner and Outer London) and the authorities, in DfE's order."""

    def __init__(self, las: pd.DataFrame):
        national = [{"area": ENGLAND[0], "geographic_level": "National", "region_code": "", "region_name": ""}]
        regional = [{"area": r.code, "geographic_level": "Regional", "region_code": r.code, "region_name": r.name}
                    for r in REGIONS]
        regional += [{"area": code, "geographic_level": "Regional", "region_code": code, "region_name": name}
                     for code, name, *_ in LONDON_PARTS.values()]
        local = pd.DataFrame({"area": "LA" + las["old_la_code"].astype(str), "geographic_level": LA,
                              "region_code": las["ees_region_code"], "region_name": las["ees_region_name"],
                              "old_la_code": las["old_la_code"].astype(str), "la_name": las["la_name"],
                              "new_la_code": las["new_la_code"]})
        self.frame = pd.concat([pd.DataFrame(national + regional), local], ignore_index=True).fillna("")
        self.frame["rank"] = np.arange(len(self.frame))
        code = las["old_la_code"]
        self.members = pd.concat([pd.DataFrame({"la": code, "area": area}) for area in
                                  (ENGLAND[0], las["region_code"], las["ees_region_code"], local["area"])],
                                 ignore_index=True).drop_duplicates(ignore_index=True)

    def totals(self, table: pd.DataFrame, keys: list[str], values: list[str]) -> pd.DataFrame:
        """Sum a table of authority counts over every area, and attach each area's names and codes."""
        summed = table.merge(self.members, on="la").groupby(["year", "area", *keys], sort=False)[values].sum()
        return summed.reset_index().merge(self.frame, on="area")


def half_up(values, decimals: int = 0) -> np.ndarray:
    """Round halves up, as DfE does (numpy rounds them to even)."""
    scale = 10 ** decimals
    return np.floor(np.asarray(values, dtype=float) * scale + 0.5) / scale


def number_text(values, decimals: int = 0) -> pd.Series:
    """Whole numbers, or one decimal place, as DfE writes them: no trailing .0."""
    units = half_up(np.asarray(values, dtype=float) * 10 ** decimals).astype(np.int64)
    whole = pd.Series(units // 10 ** decimals).astype(str)
    if not decimals:
        return whole
    tenths = pd.Series(units % 10)
    return whole.where(tenths == 0, whole + "." + tenths.astype(str))


def counts_text(values: pd.Series, level: pd.Series) -> pd.Series:
    """Authority counts exact (1 to 5 suppressed as c); regional and national to the nearest 10."""
    local = (level == LA).to_numpy()
    values = values.to_numpy(dtype=float)
    text = number_text(np.where(local, values, half_up(values / 10) * 10))
    return text.where(~(local & (values >= 1) & (values <= 5)), "c")


def percent_text(numerator: pd.Series, denominator: pd.Series, decimals: int = 0, small: str = "k") -> pd.Series:
    """Percentages as text: `small` where it rounds to nothing but is not nothing, z where nothing to divide by."""
    num, den = numerator.to_numpy(dtype=float), denominator.to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(den > 0, num / den * 100, np.nan)
    text = number_text(np.nan_to_num(pct), decimals)
    text = text.where(~((pct > 0) & (half_up(pct, decimals) == 0)), small)
    return text.where(den > 0, "z")


def write_csv(folder: Path, layout: Layout, frame: pd.DataFrame, values: list[str]) -> None:
    """Write the rows, newest year first, each year in area order; geography columns, then `values` (text),
    then the column that marks the file as synthetic."""
    frame = frame.sort_values(["year", "rank"], ascending=[False, True], kind="stable")
    frame = frame.assign(time_period=frame["year"].astype(str), time_identifier="Reporting year",
                         country_code=ENGLAND[0], country_name=ENGLAND[1],
                         region_name=frame["region_name"].replace(layout.spellings), **{MARKER: "Y"})
    columns = [*layout.geography, *values, MARKER]
    level = frame["geographic_level"].to_numpy()
    fields = [_quoted(frame[c].astype(str).reset_index(drop=True),
                      layout.quoted_blanks & (c in QUOTED_WHEN_BLANK) & (level != LA))
              if c in LABELS else frame[c].astype(str).reset_index(drop=True) for c in columns]
    lines = fields[0].str.cat(fields[1:], sep=",")
    newline = "\r\n" if layout.crlf else "\n"
    body = newline.join([",".join(columns), *lines.tolist()]) + newline
    (folder / layout.name).write_text(("\ufeff" if layout.bom else "") + body, encoding="utf-8", newline="")


def _quoted(values: pd.Series, quote_blank) -> pd.Series:
    """CSV fields: quoted when they hold a comma or a quote, or (national and regional rows of some files)
    when empty. Columns repeat a few values many times, so each distinct value is quoted once."""
    codes, uniques = pd.factorize(values)
    quoted = np.array([f'"{v.replace(chr(34), chr(34) * 2)}"' if any(c in v for c in ',"\n') else v for v in uniques],
                      dtype=object)
    values = pd.Series(quoted[codes], dtype=object)
    return values.where(~((values == "") & quote_blank), '""')
