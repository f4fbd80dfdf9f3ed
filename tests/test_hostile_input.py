"""Hostile input: valid workbooks corrupted the ways real extracts are. The pipeline either succeeds or
exits 1 listing problems that name file, sheet, row and column: never a traceback, a hang or a partial
output."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pipeline.cli import main
from tests.conftest import REPO

WORKBOOKS = ("chic", "iru", "cp", "lado")
PROBLEM = re.compile(r"^  2025/(chic|iru|cp|lado)\.xlsx( › [^›]+)*: \S.*$")
ODD_DATES = ["2025.03.31", "31-03-2025", "March 31, 2025", "31/13/2024", "0/0/0", "31/02/2025", "45000", "yesterday"]
ODD_VALUES = ["", " ", "n/a", "NULL", "-", "#N/A", "=1+1", "TRUE", 10**30, 1e308, -1e308, float("inf"), True, 0.5,
              dt.datetime(1899, 12, 31), dt.datetime(2999, 1, 1), "Zoë & <b>", "🙂"]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, dict[str, pd.DataFrame]]:
    """A small valid year (2025), as the sheets of each workbook."""
    from pipeline.demo import generate

    raw = tmp_path_factory.mktemp("hostile") / "raw"
    generate(raw, years=[2025], scale=0.1, published=False)
    return {wb: pd.read_excel(raw / "2025" / f"{wb}.xlsx", sheet_name=None, engine="calamine") for wb in WORKBOOKS}


def _write(path: Path, sheets: dict[str, pd.DataFrame], merge: tuple | None, formula: tuple | None) -> None:
    """openpyxl, so that formulas and merged cells can be written as Excel would hold them."""
    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        ws = book.create_sheet(name)
        if len(frame.columns):
            ws.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            ws.append([None if (not isinstance(v, str) and pd.isna(v)) else
                       (v.to_pydatetime() if isinstance(v, pd.Timestamp) else v) for v in row])
        if merge and merge[0] == name and ws.max_row > 3:
            ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=min(2, ws.max_column))
        if formula and formula[0] == name and ws.max_row > 2:
            ws.cell(row=2, column=1, value=formula[1])
    book.save(path)


def corrupt(sheets: dict[str, pd.DataFrame], kind: str, sheet: str, pick: int, value) -> dict[str, pd.DataFrame]:
    sheets = {k: v.copy() for k, v in sheets.items()}
    frame = sheets[sheet].astype(object)
    cols = list(frame.columns)
    col = cols[pick % len(cols)] if cols else None
    row = pick % len(frame) if len(frame) else None
    if kind == "drop_column" and col:
        frame = frame.drop(columns=col)
    elif kind == "rename_column" and col:
        frame = frame.rename(columns={col: f"{col}_{value}"[:30]})
    elif kind == "blank_cells" and row is not None:
        frame.iloc[row::max(1, len(frame) // 3), pick % len(cols)] = None
    elif kind in ("odd_value", "odd_date") and row is not None:
        frame.iloc[row, pick % len(cols)] = value
    elif kind == "code_case" and row is not None:
        frame.iloc[row] = [v.lower() if isinstance(v, str) else v for v in frame.iloc[row]]
    elif kind == "duplicate_rows" and row is not None:
        frame = pd.concat([frame, frame.iloc[[row]]], ignore_index=True)
    elif kind == "empty_sheet":
        frame = frame.iloc[0:0] if pick % 2 else pd.DataFrame()
    elif kind == "drop_sheet":
        del sheets[sheet]
        return sheets
    sheets[sheet] = frame
    return sheets


KINDS = ["drop_column", "rename_column", "blank_cells", "odd_value", "odd_date", "code_case", "duplicate_rows",
         "empty_sheet", "drop_sheet", "formula", "merged"]


@pytest.fixture(autouse=True)
def one_process(monkeypatch):
    """Small inputs: quicker read in this process than handed to workers."""
    monkeypatch.setenv("IRU_WORKERS", "1")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow])
@given(workbook=st.sampled_from(WORKBOOKS), kind=st.sampled_from(KINDS), pick=st.integers(0, 10_000),
       value=st.one_of(st.sampled_from(ODD_VALUES), st.sampled_from(ODD_DATES),
                       st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12),
                       st.integers(-10**6, 10**6), st.floats(allow_nan=True)))
def test_corrupted_workbooks_succeed_or_fail_cleanly(base, tmp_path_factory, workbook, kind, pick, value):
    project = tmp_path_factory.mktemp("case")
    shutil.copy(REPO / "config.yaml", project / "config.yaml")
    folder = project / "data" / "raw" / "2025"
    folder.mkdir(parents=True)
    names = list(base[workbook])
    sheet = names[pick % len(names)]
    for wb in WORKBOOKS:
        sheets = base[wb]
        merge = formula = None
        if wb == workbook:
            if kind == "merged":
                merge = (sheet,)
            elif kind == "formula":
                formula = (sheet, "=1/0" if pick % 2 else "=A3")
            else:
                sheets = corrupt(sheets, kind, sheet, pick, value if kind != "odd_date" else ODD_DATES[
                    pick % len(ODD_DATES)])
        _write(folder / f"{wb}.xlsx", sheets, merge, formula)
    result = CliRunner().invoke(main, ["validate", "--config", str(project / "config.yaml")])
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), (result.exit_code, repr(result.exception), result.output[-2000:])
    if result.exit_code == 1:
        problems = [line for line in result.output.splitlines() if line.startswith("  ")]
        assert problems and all(PROBLEM.match(line) for line in problems), problems[:5]
        assert not (project / "data" / "processed").exists() or not any(
            (project / "data" / "processed").rglob("*.parquet"))
