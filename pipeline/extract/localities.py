"""Each locality's population aged 0 to 17 from ONS's small-area estimates, as an alternative to typing the
numbers into config.yaml.

ONS publishes mid-year population estimates by single year of age for small areas (lower layer super output
areas, LSOAs): https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/
datasets/lowersuperoutputareamidyearpopulationestimates. A locality is a set of such areas, listed in a lookup
the authority keeps (`AREA_CODE`, `LOCALITY`). Each locality's population is the sum over its areas of ages 0
to 17: persons' columns `0` … `17`, or females' and males' `F0` … `F17` and `M0` … `M17` as the releases
since mid-2021 give them. As DfE does for rates, a reporting year ending in March 2025 takes the mid-2024
estimate: the file is the one published for the year before the reporting year ends.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from pipeline.problems import Problem

AGES = range(18)
HEADER_SEARCH = 20  # ONS workbooks put a few lines of title above the header row
LOOKUP_COLUMNS = ("AREA_CODE", "LOCALITY")


def locality_populations(population: Path, lookup: Path) -> tuple[dict[str, int], list[Problem]]:
    """{locality: population aged 0-17} summed from the ONS file over the lookup's areas, and the problems
    (each naming file, row and column) that stop it: every area of the lookup must be in the ONS file."""
    problems: list[Problem] = []
    areas = _lookup(lookup, problems)
    ages = _ages(population, problems)
    if areas is None or ages is None:
        return {}, problems
    codes, children = ages
    known = set(codes)
    for row, code in zip(areas.index, areas.area_code):
        if code not in known:
            problems.append(Problem(lookup.name, row=int(row), column="AREA_CODE",
                                    message=f'"{code}" is not an area of {population.name}',
                                    expected="an area code the ONS file lists (an LSOA code such as E01012345)"))
    if problems:
        return {}, problems
    by_area = pd.Series(children, index=codes).groupby(level=0).sum()
    totals = areas.assign(children=areas.area_code.map(by_area)).groupby("locality", sort=False).children.sum()
    return {name: int(round(total)) for name, total in totals.items()}, problems


def _read(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """A CSV or the first sheet of a workbook, as text, its header found within its first rows."""
    try:
        if path.suffix.lower() == ".csv":  # title lines above the header have fewer fields than it
            with path.open(newline="", encoding="utf-8-sig") as f:
                rows = list(csv.reader(f))
            width = max(map(len, rows), default=0)
            cells = pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=str)
        else:
            cells = pd.read_excel(path, header=None, dtype=str, engine="calamine").fillna("")
    except FileNotFoundError:
        problems.append(Problem(path.name, message="file is missing", expected=f"the file at {path}"))
        return None
    except Exception as exc:  # pandas and calamine raise their own types for a file that is not a table
        problems.append(Problem(path.name, message=f"cannot be read: {exc}", expected="a CSV or an .xlsx workbook"))
        return None
    return cells


def _header(cells: pd.DataFrame, wanted) -> int | None:
    """The first of the first rows holding a cell `wanted` accepts."""
    for row in range(min(HEADER_SEARCH, len(cells))):
        if any(wanted(_name(v)) for v in cells.iloc[row]):
            return row
    return None


def _name(value) -> str:
    """A column name as compared: upper case, spaces as underscores; an Excel number 5.0 as 5."""
    text = str(value).strip()
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    return re.sub(r"\s+", "_", text).upper()


def _table(cells: pd.DataFrame, row: int) -> pd.DataFrame:
    """The rows below the header row, named by it; spreadsheet row numbers as the index."""
    body = cells.iloc[row + 1:].copy()
    body.columns = [_name(v) for v in cells.iloc[row]]
    body.index = body.index + 1  # a 0-based row of cells is spreadsheet row + 1
    return body


def _lookup(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    cells = _read(path, problems)
    if cells is None:
        return None
    row = _header(cells, lambda name: name == "AREA_CODE")
    missing = [c for c in LOOKUP_COLUMNS if row is None or c not in set(_table(cells, row).columns)]
    if missing:
        problems.extend(Problem(path.name, column=c, message="column is missing",
                                expected="columns AREA_CODE and LOCALITY: each small area and its locality")
                        for c in missing)
        return None
    table = _table(cells, row)
    table = table[(table.AREA_CODE.str.strip() != "") | (table.LOCALITY.str.strip() != "")]
    for r in table.index[(table.AREA_CODE.str.strip() == "") | (table.LOCALITY.str.strip() == "")]:
        problems.append(Problem(path.name, row=int(r), column="AREA_CODE, LOCALITY", message="is blank",
                                expected="an area code and its locality"))
    return pd.DataFrame({"area_code": table.AREA_CODE.str.strip().str.upper(),
                         "locality": table.LOCALITY.str.strip()})


def _ages(path: Path, problems: list[Problem]) -> tuple[list[str], list[float]] | None:
    """Each area's code and its children aged 0-17, from persons' or females' and males' single years."""
    cells = _read(path, problems)
    if cells is None:
        return None
    row = _header(cells, lambda name: "CODE" in name and ("LSOA" in name or "AREA" in name))
    if row is None:
        problems.append(Problem(path.name, message="has no area code column (such as 'LSOA 2021 Code') in its "
                                "first rows", expected="ONS's small-area population estimates, by single year of age"))
        return None
    table = _table(cells, row)
    code = next(c for c in table.columns if "CODE" in c and ("LSOA" in c or "AREA" in c))
    persons = [str(a) for a in AGES]
    by_sex = [f"{s}{a}" for s in "FM" for a in AGES]
    columns = persons if set(persons) <= set(table.columns) else by_sex
    if not set(columns) <= set(table.columns):
        problems.append(Problem(path.name, row=int(row) + 1, message="has no single-year-of-age columns 0 to 17",
                                expected="columns 0, 1, … 17 (persons) or F0 … F17 and M0 … M17"))
        return None
    table = table[table[code].str.strip() != ""]
    numbers = table[columns].apply(lambda c: pd.to_numeric(c.str.replace(",", "").str.strip(), errors="coerce"))
    for r, column in zip(*numbers.isna().to_numpy().nonzero()):
        problems.append(Problem(path.name, row=int(table.index[r]), column=columns[column],
                                message=f'"{table[columns[column]].iloc[r]}" is not a number',
                                expected="a count of people"))
    if problems:
        return None
    return list(table[code].str.strip().str.upper()), list(numbers.sum(axis=1))
