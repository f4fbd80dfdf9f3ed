"""The tidy indicator table: its columns, units and sort order.

Transform writes it; render, the spreadsheet and the diff read it. Both stages import this small
module, so neither imports the other.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.files import write_atomically

COLUMNS = ["indicator", "period", "area_type", "area", "breakdown", "numerator", "denominator", "value", "unit",
           "status", "rag", "source"]
UNITS = ("count", "fte", "percent", "rate_per_10k", "days", "working_days", "score", "ratio")
AREA_TYPES = ("LA", "LA_PUBLISHED", "LOCALITY", "ENGLAND", "REGION", "STAT_NEIGHBOURS", "GOOD_LAS")
COMPARATORS = ("ENGLAND", "REGION", "STAT_NEIGHBOURS", "GOOD_LAS")
SORT = ["indicator", "period", "area_type", "area", "breakdown"]
TEXT = ["indicator", "period", "area_type", "area", "breakdown", "unit", "status", "rag", "source"]
NUMERIC = ["numerator", "denominator", "value"]


def empty() -> pd.DataFrame:
    return conform(pd.DataFrame(columns=COLUMNS))


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns in the contract's order and types, rows in its sort order."""
    out = frame.reindex(columns=COLUMNS)
    for col in TEXT:
        out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
    for col in NUMERIC:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    return out.sort_values(SORT, kind="stable").reset_index(drop=True)


def write(frame: pd.DataFrame, path: Path) -> None:
    """Write atomically: a reader never sees half a table."""
    write_atomically(path, lambda tmp: conform(frame).to_csv(tmp, index=False, lineterminator="\n"))


def read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={c: str for c in TEXT}, keep_default_na=False, na_values={c: [""] for c in NUMERIC})
    return conform(frame)


def year_of(period: str) -> int:
    """The reporting year a period belongs to: '2025' -> 2025, '2024-07' -> 2025, '2025-04' -> 2026."""
    if len(period) == 4:
        return int(period)
    return int(period[:4]) + (period[5:7] > "03")
