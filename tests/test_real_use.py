"""A year of real use (issue 21, items 7-13): what an analyst adopting the tool meets first, each as a
capability: every problem at once and in a natural order, returns as authorities have them, DfE files
recognised by their columns, two sources for one figure, locality populations from ONS, diffs at the
report's precision and a spreadsheet whose sheets are named as the report numbers them."""
from __future__ import annotations

import pandas as pd

from pipeline.extract.schema import CHIC
from pipeline.extract.workbook import read_workbook
from pipeline.problems import InputError, Problem, Problems
from pipeline.render.diff import markdown, rows, visible
from pipeline.render.summary import tables as summary_tables
from tests.conftest import LOCALITIES
from tests.test_validation import write_book

EPISODE = {"CHILD": "1001", "DECOM": "01/06/2024", "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U1",
           "PLACE_PROVIDER": "PR1", "DEC": "", "REC": ""}


# --- item 8: every problem at once, in a natural order ----------------------------------------------
def test_a_missing_column_does_not_hide_a_bad_code_in_another(tmp_path):
    row = {k: v for k, v in EPISODE.items() if k != "PLACE"} | {"LS": "ZZ"}
    write_book(tmp_path, "chic", {"episodes": [row]})
    problems = Problems()
    assert not read_workbook(tmp_path, CHIC, 2025, LOCALITIES, problems).get("episodes")
    episodes = [(p.row, p.column, p.message) for p in problems.errors if p.sheet == "episodes"]
    assert episodes == [(None, "PLACE", "column is missing"), (2, "LS", '"ZZ" is not a known code')]


def test_problems_are_sorted_by_file_then_child_and_row_as_numbers():
    found = [Problem("ssda903/return.xml", "CHILD 100 › HEADER", column="SEX", message="bad"),
             Problem("ssda903/return.xml", "CHILD 98 › AREVIEW 10", column="REVIEW", message="bad"),
             Problem("ssda903/return.xml", "CHILD 98 › AREVIEW 6", column="REVIEW", message="bad"),
             Problem("cp.xlsx", "plans", 10, "CPP_START", "bad"),
             Problem("cp.xlsx", "plans", 9, "CPP_START", "bad"),
             Problem("cp.xlsx", "plans", None, "LOCALITY", "column is missing")]
    shown = [(p.file, p.sheet, p.row) for p in InputError(found).problems]
    assert shown == [("cp.xlsx", "plans", None), ("cp.xlsx", "plans", 9), ("cp.xlsx", "plans", 10),
                     ("ssda903/return.xml", "CHILD 98 › AREVIEW 6", None),
                     ("ssda903/return.xml", "CHILD 98 › AREVIEW 10", None),
                     ("ssda903/return.xml", "CHILD 100 › HEADER", None)]


# --- item 12: diffs show only what changed as printed -----------------------------------------------
def _changes(*rows) -> pd.DataFrame:
    """Changes as transform writes them: indicator, unit, before, after, RAGs."""
    columns = ["indicator", "breakdown", "area_type", "area", "unit", "before", "after", "before_status",
               "after_status", "before_rag", "after_rag", "notable"]
    return pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)


def test_only_changes_visible_at_the_reports_precision_are_listed():
    changes = _changes(
        ("reviews.timely_pct", "", "LA", "Demoshire", "percent", 71.2, 70.8, "", "", "", "", False),  # 71% | 71%
        ("chic.rate_per_10k", "", "LA", "Demoshire", "rate_per_10k", 2.4, 1.6, "", "", "", "", False),  # 2 -> 2
        ("cp.rate_per_10k", "", "LA", "Demoshire", "rate_per_10k", 2.04, 2.06, "", "", "", "", False),  # 2.0 -> 2.1
        ("chic.count_31mar", "", "LA", "Demoshire", "count", 680.0, 680.4, "", "", "GREEN", "AMBER", False),  # RAG
        ("chic.starts", "", "LA", "Demoshire", "count", None, None, "x", "c", "", "", False))  # x -> c
    shown = visible(changes)
    assert list(shown.indicator) == ["cp.rate_per_10k", "chic.count_31mar", "chic.starts"]
    assert [r[2:4] for r in rows(shown)] == [["2.0", "2.1"], ["680", "680"], ["x", "c"]]
    assert "3 values changed" in markdown(changes.pipe(visible), "t", "2024", "2025")


def test_the_changes_sheet_says_no_target_where_an_indicator_has_none():
    changes = _changes(
        ("chic.count_31mar", "", "LA", "Demoshire", "count", 600.0, 680.0, "", "", "", "", True),
        ("reviews.timely_pct", "", "LA", "Demoshire", "percent", 80.0, 90.0, "", "", "AMBER", "GREEN", True),
        ("iru.iro_caseload", "", "LA", "Demoshire", "count", 60.0, 60.2, "", "", "", "", False))
    sheet = summary_tables(pd.DataFrame(columns=["area_type", "period", "rag"]), changes, 2025,
                           {"reviews.timely_pct": object()})["changes"]
    assert sheet[["indicator", "before_rag", "after_rag"]].values.tolist() == [
        ["chic.count_31mar", "no target", "no target"], ["reviews.timely_pct", "AMBER", "GREEN"]]
