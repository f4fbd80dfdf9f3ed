"""Shared test helpers: build typed tables the way an analyst types them, through the real validator."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract.schema import WORKBOOKS
from pipeline.extract.workbook import validate_sheet
from pipeline.problems import Problems
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.dates import ReportingYear
from pipeline.transform.year_data import YearData

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PUBLISHED = SHARED / "data" / "published"
LOCALITIES = {"North": 31000, "South": 38500, "City": 21800, "Mid and East": 56900}
SHEETS = {f"{wb.name}.{s.name}": s for wb in WORKBOOKS for s in wb.sheets}

needs_shared = pytest.mark.skipif(not PUBLISHED.is_dir(),
                                  reason=f"the real published files are not at {PUBLISHED} (as on a user's machine)")


def sheet(name: str, rows: list[dict], year: int = 2025) -> pd.DataFrame:
    """A typed table from rows of text, exactly as extract would make it from a CSV."""
    spec = SHEETS[name]
    columns = [c.name for c in spec.columns if c.required] + sorted({k for r in rows for k in r} - {
        c.name for c in spec.columns if c.required})
    raw = pd.DataFrame([{c: str(r.get(c, "")) for c in columns} for r in rows], columns=columns, dtype=object)
    problems = Problems()
    typed = validate_sheet(raw, spec, name, pd.Timestamp(year, 3, 31), LOCALITIES, problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    return typed


def year_data(year: int = 2025, population: float | None = None, **tables: list[dict]) -> YearData:
    """YearData from keyword tables named like chic_episodes=[{...}, ...]."""
    typed = {name.replace("_", ".", 1): sheet(name.replace("_", ".", 1), rows, year) for name, rows in tables.items()}
    return YearData(ReportingYear(year), typed, population, LOCALITIES, Problems())


def compute(indicator: str, data: YearData) -> pd.DataFrame:
    return REGISTRY[indicator].func(data).fillna({"breakdown": ""})


def value(indicator: str, data: YearData, breakdown: str = "", **where) -> float:
    rows = compute(indicator, data)
    rows = rows[rows.breakdown == breakdown]
    for col in ("period", "area_type", "area"):  # the authority's total for the year unless asked
        if col in rows and col not in where:
            rows = rows[rows[col].isna()]
    for col, want in where.items():
        rows = rows[rows[col] == want]
    assert len(rows) == 1, rows
    return rows.value.iloc[0]
