"""Hostile input: valid workbooks (and configs) corrupted the ways real ones are. The pipeline either succeeds
or exits 1 listing problems, one per line, that name file, sheet, row and column: never a traceback, a hang
or a partial output.

A seeded fuzz: the suite's hypothesis profile runs a few dozen cases, the same every time; `make fuzz` runs
the `fuzz` profile before a release (500 fresh cases, each workbook that validates also built into a
report; profiles in tests/conftest.py)."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.problems import InputError
from tests.conftest import REPO

WORKBOOKS = ("chic", "iru", "cp", "lado")
PROBLEM = re.compile(r"^  2025/(chic|iru|cp|lado)(\.xlsx|/\w+\.csv)( › [^›]+)*: \S.*$")
ODD_DATES = ["2025.03.31", "31-03-2025", "March 31, 2025", "31/13/2024", "0/0/0", "31/02/2025", "45000", "yesterday",
             "01/01/0001", "31/12/9999", "0001-01-01"]
ODD_VALUES = ["", " ", "n/a", "NULL", "-", "#N/A", "=1+1", "TRUE", 10**30, 1e308, -1e308, float("inf"), True, 0.5,
              dt.datetime(1899, 12, 31), dt.datetime(2999, 1, 1), "Zoë & <b>", "🙂", "two\nlines", "a\r\nb", "$x^$"]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, dict[str, pd.DataFrame]]:
    """A small valid year (2025), as the sheets of each workbook."""
    from pipeline.demo import generate

    raw = tmp_path_factory.mktemp("hostile") / "raw"
    generate(raw, years=[2025], scale=0.1, published=False)
    return {wb: pd.read_excel(raw / "2025" / f"{wb}.xlsx", sheet_name=None, engine="calamine") for wb in WORKBOOKS}


@pytest.fixture(scope="module")
def untouched(base, tmp_path_factory) -> dict[str, Path]:
    """Each workbook of `base` written once as a case writes it: the three a case leaves alone are copied."""
    folder = tmp_path_factory.mktemp("untouched")
    for wb in WORKBOOKS:
        _write(folder / f"{wb}.xlsx", base[wb], None, None)
    return {wb: folder / f"{wb}.xlsx" for wb in WORKBOOKS}


def _write(path: Path, sheets: dict[str, pd.DataFrame], merge: tuple | None, formula: tuple | None,
           stray: tuple | None = None, title=str) -> None:
    """openpyxl, so that formulas, merged cells and stray cells can be written as Excel would hold them."""
    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        ws = book.create_sheet(title(name))
        if len(frame.columns):
            ws.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            ws.append([None if (not isinstance(v, str) and pd.isna(v)) else
                       (v.to_pydatetime() if isinstance(v, pd.Timestamp) else v) for v in row])
        if merge and merge[0] == name and ws.max_row > 3:
            ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=min(2, ws.max_column))
        if formula and formula[0] == name and ws.max_row > 2:
            ws.cell(row=2, column=1, value=formula[1])
        if stray and stray[0] == name:
            ws.cell(row=stray[1], column=stray[2], value="x")
    book.save(path)


def _write_csvs(folder: Path, sheets: dict[str, pd.DataFrame], pick: int) -> None:
    """The workbook as a folder of CSVs, one of them damaged: another separator, or a ragged row."""
    folder.mkdir()
    for i, (name, frame) in enumerate(sheets.items()):
        frame.to_csv(folder / f"{name}.csv", index=False, sep=";" if pick % 3 == 0 and i == 0 else ",")
    damaged = folder / f"{next(iter(sheets))}.csv"
    if pick % 3 == 1:
        lines = damaged.read_text().splitlines()
        lines[pick % len(lines)] += ",extra"
        damaged.write_text("\n".join(lines) + "\n")
    elif pick % 3 == 2:
        damaged.write_text(damaged.read_text().replace(",", '"', 1))


def _mutate_bytes(path: Path, pick: int) -> None:
    """Truncate the file or change a few bytes (of a copy made byte-identical run to run, so a failure repeats)."""
    with zipfile.ZipFile(path) as book:
        parts = {info.filename: book.read(info) for info in book.infolist()}
    parts["docProps/core.xml"] = re.sub(rb"(<dcterms:\w+[^>]*>)[^<]*", rb"\g<1>2025-01-01T00:00:00Z",
                                        parts.get("docProps/core.xml", b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, content in parts.items():
            book.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    if pick % 2:
        del data[pick % len(data):]
    else:
        for k in range(1 + pick % 4):
            data[(pick * (k + 7919)) % len(data)] = (pick + k) % 256
    path.write_bytes(bytes(data))


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
         "empty_sheet", "drop_sheet", "formula", "merged", "stray_cell", "sheet_case", "csv", "bytes"]
STRAY = [(1_048_576, 16_384), (1_048_576, 1), (1, 16_384), (5_000, 60)]
FULL = os.environ.get("IRU_FUZZ_PROFILE") == "fuzz"  # `make fuzz` also builds the report of what validates


@pytest.fixture(autouse=True)
def one_process(monkeypatch):
    """Small inputs: quicker read in this process than handed to workers."""
    monkeypatch.setenv("IRU_WORKERS", "1")


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(workbook=st.sampled_from(WORKBOOKS), kind=st.sampled_from(KINDS), pick=st.integers(0, 10_000),
       value=st.one_of(st.sampled_from(ODD_VALUES), st.sampled_from(ODD_DATES),
                       st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12),
                       st.integers(-10**6, 10**6), st.floats(allow_nan=True)))
def test_corrupted_workbooks_succeed_or_fail_cleanly(base, untouched, tmp_path_factory, workbook, kind, pick, value):
    project = tmp_path_factory.mktemp("case")
    shutil.copy(REPO / "config.yaml", project / "config.yaml")
    folder = project / "data" / "raw" / "2025"
    folder.mkdir(parents=True)
    names = list(base[workbook])
    sheet = names[pick % len(names)]
    for wb in WORKBOOKS:
        if wb != workbook:
            shutil.copy(untouched[wb], folder / f"{wb}.xlsx")
    sheets = base[workbook]
    merge = formula = stray = None
    title = str
    if kind == "merged":
        merge = (sheet,)
    elif kind == "formula":
        formula = (sheet, "=1/0" if pick % 2 else "=A3")
    elif kind == "stray_cell":
        stray = (sheet, *STRAY[pick % len(STRAY)])
    elif kind == "sheet_case":
        title = (lambda n: f" {n.upper()} ") if pick % 2 else str.title
    elif kind not in ("csv", "bytes"):
        sheets = corrupt(sheets, kind, sheet, pick, value if kind != "odd_date" else ODD_DATES[pick % len(ODD_DATES)])
    if kind == "csv":
        _write_csvs(folder / workbook, sheets, pick)
    else:
        _write(folder / f"{workbook}.xlsx", sheets, merge, formula, stray, title)
    if kind == "bytes":
        _mutate_bytes(folder / f"{workbook}.xlsx", pick)
    result = CliRunner().invoke(main, ["validate", "--config", str(project / "config.yaml")])
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), (result.exit_code, repr(result.exception), result.output[-2000:])
    if result.exit_code == 1:
        problems = [line for line in result.output.splitlines() if line.startswith("  ")]
        assert problems and all(PROBLEM.match(line) for line in problems), result.output[-2000:]
        assert not (project / "data" / "processed").exists()  # a failed validation writes nothing
    elif FULL:  # what validates must also build
        built = CliRunner().invoke(main, ["report", "--config", str(project / "config.yaml")])
        assert built.exit_code == 0, built.output[-2000:]
        assert (project / "output" / "2025" / "annual_report.docx").is_file()


def _keys(value, path=()):
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _keys(sub, (*path, key))
    yield path


SHIPPED = yaml.safe_load((REPO / "config.yaml").read_text())
CONFIG_KEYS = [k for k in _keys(SHIPPED) if k] + [("paths", "template"), ("team", "iro_handbook_range")]
ODD_SETTINGS = [None, "", "x", 0, -1, 10**30, float("inf"), float("nan"), [], [70], [70, 50], [1, 2, 3], {}, {"a": 1},
                True, "data/raw", ".", "..", "data/raw/cache", "data", "two\nlines", "$x^$", "nowhere.docx"]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(CONFIG_KEYS), value=st.one_of(st.sampled_from(ODD_SETTINGS), st.text(max_size=10),
                                                         st.integers(), st.floats()))
def test_corrupted_configs_load_or_fail_cleanly(tmp_path_factory, key, value):
    folder = tmp_path_factory.mktemp("config")
    data = yaml.safe_load((REPO / "config.yaml").read_text())
    *outer, last = key
    target = data
    for k in outer:
        target = target[k]
    target[last] = value
    (folder / "config.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    try:
        config = load_config(folder / "config.yaml")
    except InputError as exc:
        assert exc.problems and all("\n" not in str(p) and p.file in ("config.yaml", Path(str(value)).name)
                                    for p in exc.problems), [str(p) for p in exc.problems]
        return
    for key in ("processed", "figures", "output"):  # what loads never writes into the raw folder
        folder_ = getattr(config, key).resolve()
        assert folder_ != config.raw.resolve() and config.raw.resolve() not in folder_.parents

