"""Hostile files, each a plain message on one line (or accepted, where the data is valid): a stray cell at
the grid's far corner, dates outside pandas' range, line breaks in values, CSVs pandas cannot tokenise,
sheet names in another case, mathematics in names, a bad template. A failed validate writes nothing."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline.cli import main
from tests.conftest import REPO


@pytest.fixture
def project(small_raw, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("IRU_WORKERS", "1")
    shutil.copy(REPO / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(small_raw, tmp_path / "data" / "raw")
    return tmp_path


def validate(project: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", "--config", str(project / "config.yaml")])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception,
                                                                                         SystemExit)
    return result.exit_code, [ln.strip() for ln in result.output.splitlines() if ln.startswith("  ")]


def edit(path: Path, sheet: str, cells: dict[str, object]) -> None:
    book = load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)


def test_a_stray_cell_at_the_far_corner_is_named_not_read(project):
    edit(project / "data/raw/2025/lado.xlsx", "referrals", {"XFD1048576": "x"})
    code, problems = validate(project)
    assert code == 1
    assert problems == ["2025/lado.xlsx › referrals: has a value at XFD1048576, far outside its table (the sheet "
                        "would span 17,179,869,184 cells): delete the rows and columns beyond the table and save it "
                        "again"]


def test_a_date_outside_pandas_range_is_out_of_range(project):
    edit(project / "data/raw/2025/lado.xlsx", "referrals", {"B2": "01/01/0001", "B3": "31/12/9999"})
    code, problems = validate(project)
    assert code == 1
    assert [p.split(" is ")[0] for p in problems] == [
        '2025/lado.xlsx › referrals › row 2 › DATE_RECEIVED: "01/01/0001"',
        '2025/lado.xlsx › referrals › row 3 › DATE_RECEIVED: "31/12/9999"']


def test_a_line_break_in_a_value_is_shown_escaped_one_problem_per_line(project):
    edit(project / "data/raw/2025/lado.xlsx", "referrals", {"B2": "31/03\n/2025", "C2": "PO\r\nLICE"})
    result = CliRunner().invoke(main, ["validate", "--config", str(project / "config.yaml")])
    lines = result.output.splitlines()
    assert result.exit_code == 1 and lines[0] == "2 problem(s) stopped the run; nothing was written:"
    assert lines[1:] == [
        '  2025/lado.xlsx › referrals › row 2 › DATE_RECEIVED: "31/03\\n/2025" is not a date (expected a date, '
        'dd/mm/yyyy)',
        '  2025/lado.xlsx › referrals › row 2 › SOURCE: "PO\\r\\nLICE" is not a known code' + lines[2][-(
            len(lines[2]) - lines[2].index(" (expected")):]]


def test_sheet_names_match_ignoring_case_and_surrounding_spaces(project):
    path = project / "data/raw/2025/lado.xlsx"
    book = load_workbook(path)
    for sheet in book.worksheets:
        sheet.title = f" {sheet.title.title()} "
    book.save(path)
    assert validate(project) == (0, [])


def _as_csvs(project: Path, workbook: str, separator: dict[str, str] | None = None) -> Path:
    folder = project / "data/raw/2025" / workbook
    folder.mkdir()
    for name, frame in pd.read_excel(folder.with_suffix(".xlsx"), sheet_name=None, engine="calamine").items():
        frame.to_csv(folder / f"{name}.csv", index=False, sep=(separator or {}).get(name, ","))
    folder.with_suffix(".xlsx").unlink()
    return folder


def test_a_csv_with_another_separator_is_one_problem(project):
    _as_csvs(project, "lado", {"referrals": ";"})
    assert validate(project) == (1, ["2025/lado/referrals.csv › referrals › row 1: the columns are separated by "
                                     "';', not by commas (expected comma-separated text with a header row)"])


@pytest.mark.parametrize("line, extra", [(5, ",x,y"), (1, ",x")])
def test_a_ragged_csv_row_is_one_problem_naming_the_row(project, line, extra):
    """pandas takes a first record with one value too many as row names, silently: that too is a problem."""
    path = _as_csvs(project, "lado") / "referrals.csv"
    lines = path.read_text().splitlines()
    columns = lines[0].count(",") + 1  # the demo's referrals sheet, optional columns included
    lines[line] += extra
    path.write_text("\n".join(lines) + "\n")
    values = columns + extra.count(",")
    assert validate(project) == (1, [f"2025/lado/referrals.csv › referrals › row {line + 1}: has {values} values "
                                     f"where the header row has {columns} (expected comma-separated text with a "
                                     "header row)"])


def test_a_failed_validate_writes_nothing_under_processed(project):
    edit(project / "data/raw/2025/lado.xlsx", "referrals", {"C2": "NOBODY"})
    assert validate(project)[0] == 1
    assert not (project / "data" / "processed").exists()


def test_validate_reports_a_template_that_is_not_a_word_document(project):
    (project / "fake.docx").write_bytes(b"PK\x03\x04 not really")
    config = project / "config.yaml"
    config.write_text(config.read_text().replace("  output: output", "  output: output\n  template: fake.docx"))
    code, problems = validate(project)
    assert code == 1 and len(problems) == 1
    assert problems[0].startswith("fake.docx: template cannot be read as a Word document")
    assert not (project / "data" / "processed").exists()


@pytest.mark.parametrize("kind", ["line", "bar", "hbar"])
def test_names_that_look_like_mathematics_are_drawn_as_plain_text(tmp_path, kind):
    from pipeline.render import charts
    from pipeline.render.figures import FIGURES

    figure = dataclasses.replace(next(f for f in FIGURES if f.kind == kind), title="Rates in Test $x^$ shire")
    frame = pd.DataFrame({"x": ["2024", "2025", "2024", "2025"], "series": ["Test $x^$ shire"] * 2 + ["$\\frac"] * 2,
                          "value": [1.0, 2.0, 3.0, 4.0], "display": ["1", "2", "$3", "4$"],
                          "period": ["2024", "2025"] * 2, "breakdown": "", "area_type": ["LA"] * 2 + ["ENGLAND"] * 2,
                          "area": ["Test $x^$ shire"] * 2 + ["$\\frac"] * 2, "indicator": figure.query.indicators[0],
                          "unit": "count"})
    charts.draw(figure, frame, tmp_path / "f.png")
    assert (tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"

