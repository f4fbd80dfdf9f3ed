"""A year of real use (issue 21, items 7-13): what an analyst adopting the tool meets first, each as a
capability: every problem at once and in a natural order, returns as authorities have them, DfE files
recognised by their columns, two sources for one figure, locality populations from ONS, diffs at the
report's precision and a spreadsheet whose sheets are named as the report numbers them."""
from __future__ import annotations

from pipeline.extract.schema import CHIC
from pipeline.extract.workbook import read_workbook
from pipeline.problems import InputError, Problem, Problems
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
