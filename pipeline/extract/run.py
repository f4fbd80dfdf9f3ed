"""The extract stage: validate a year's workbooks and the published files, then write typed tables.

Everything is read and checked before anything is written, so bad input leaves no partial output.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.config import Config
from pipeline.extract import published as pub
from pipeline.extract.schema import WORKBOOKS
from pipeline.extract.workbook import read_workbook
from pipeline.problems import Problem, Problems

TRAILING_YEARS = 5  # the report's trends show five years


@dataclass
class Extracted:
    tables: dict[int, dict[str, pd.DataFrame]]  # year -> "chic.episodes" -> typed table
    published: pd.DataFrame
    groups: dict[str, list[int]]
    problems: Problems


def trend_years(year: int) -> list[int]:
    return list(range(year - TRAILING_YEARS + 1, year + 1))


def extract_year(config: Config, year: int, problems: Problems, required: bool) -> dict[str, pd.DataFrame]:
    """Every sheet of the year's four workbooks, typed; earlier years may lack some workbooks."""
    folder = config.raw_year(year)
    tables: dict[str, pd.DataFrame] = {}
    for workbook in WORKBOOKS:
        sheets = read_workbook(folder, workbook, year, config.localities, problems, required=required)
        for name, frame in (sheets or {}).items():
            tables[f"{workbook.name}.{name}"] = frame
    _cross_checks(tables, problems)
    return tables


def _cross_checks(tables: dict[str, pd.DataFrame], problems: Problems) -> None:
    """Warnings a real extract often earns and the report survives: rows about unknown children."""
    if "chic.header" not in tables:
        return
    known = set(tables["chic.header"].child)
    for name, file in (("chic.reviews", "chic.xlsx"), ("iru.reviews", "iru.xlsx"), ("chic.episodes", "chic.xlsx")):
        if name not in tables:
            continue
        frame = tables[name]
        for row in frame.loc[~frame.child.isin(known), "_row"]:
            problems.warn(file, name.split(".")[1], int(row), "CHILD", "no matching child in the header sheet")


def extract_published(config: Config, problems: Problems) -> tuple[pd.DataFrame, dict[str, list[int]]]:
    """The published comparator files, and the member lists of the comparator groups."""
    folder = config.published
    if not folder.is_dir():
        problems.warn("published", message="folder is missing: no comparators or rates",
                      expected=f"DfE and ONS files in {folder}")
        return pd.DataFrame(columns=pub.PUBLISHED_COLUMNS), {"statistical_neighbours": [], "good_authorities": []}
    published = pub.read_published(folder, problems)
    groups = {
        "statistical_neighbours": _group(config.statistical_neighbours, folder, problems,
                                         lambda p: pub.read_statistical_neighbours(p, config.authority.old_la_code)),
        "good_authorities": _group(config.good_authorities, folder, problems,
                                   lambda p: _old_codes(pub.read_good_authorities(p), published)),
    }
    return published, groups


def _group(setting, folder: Path, problems: Problems, read) -> list[int]:
    if not isinstance(setting, str):
        return list(setting)
    path = folder / setting
    if not path.exists():
        problems.warn(setting, message="comparator file is missing: that comparator is left out",
                      expected=f"the file in {folder}")
        return []
    try:
        return read(path)
    except (KeyError, ValueError) as exc:
        problems.error(setting, message=f"cannot be read: {exc}")
        return []


def _old_codes(new_codes: list[str], published: pd.DataFrame) -> list[int]:
    lookup = pub.area_lookup(published)
    mapped = lookup[lookup.new_code.isin(new_codes)].old_la_code.dropna()
    return sorted(int(c) for c in mapped.unique())


def extract(config: Config) -> Extracted:
    """Read and validate everything the report year needs; raise InputError listing every problem."""
    problems = Problems()
    tables = {}
    for year in trend_years(config.year):
        is_report_year = year == config.year
        if is_report_year or config.raw_year(year).is_dir():
            tables[year] = extract_year(config, year, problems, required=is_report_year)
    published, groups = extract_published(config, problems)
    problems.raise_if_any()
    return Extracted(tables, published, groups, problems)


# --- what extract writes and transform reads -------------------------------------------------
def write(extracted: Extracted, folder: Path) -> None:
    """Write to a fresh folder and swap it in, so a reader never sees a half-written extract."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for year, tables in extracted.tables.items():
        for name, frame in tables.items():
            path = tmp / str(year) / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            frame.to_parquet(path, index=False)
    tmp.mkdir(parents=True, exist_ok=True)
    extracted.published.to_parquet(tmp / "published.parquet", index=False)
    (tmp / "groups.json").write_text(json.dumps(extracted.groups, indent=1))
    _write_warnings(extracted.problems.warnings, tmp / "warnings.csv")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)


def _write_warnings(warnings: list[Problem], path: Path) -> None:
    rows = [{"file": w.file, "sheet": w.sheet, "row": w.row, "column": w.column, "message": w.message,
             "expected": w.expected, "text": str(w)} for w in sorted(set(warnings), key=str)]
    pd.DataFrame(rows, columns=["file", "sheet", "row", "column", "message", "expected", "text"]).to_csv(
        path, index=False, lineterminator="\n")


def read(folder: Path) -> Extracted:
    tables: dict[int, dict[str, pd.DataFrame]] = {}
    for year_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        tables[int(year_dir.name)] = {p.stem: pd.read_parquet(p) for p in sorted(year_dir.glob("*.parquet"))}
    published = pd.read_parquet(folder / "published.parquet")
    groups = json.loads((folder / "groups.json").read_text())
    warnings = pd.read_csv(folder / "warnings.csv", dtype=str, keep_default_na=False)
    problems = Problems(warnings=[Problem(r.file, r.sheet, int(r.row) if r.row else None, r.column, r.message,
                                          r.expected) for r in warnings.itertuples()])
    return Extracted(tables, published, groups, problems)
