"""Issue 23 item 6, the SSDA903 changes DfE has announced: the deprivation of liberty table (2026-27) read from the
XML, the CSVs or chic.xlsx and counted by hand; a year without it says so; and each return checked by the codes of
its own collection year (2024-25's sex M/F/U, 2025-26's placement types Z11-Z14)."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline.extract.schema import CHIC
from pipeline.render.figures import FIGURES, TABLES
from pipeline.render.recorded import Recorded
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.run import local_rows, warn_unrecorded
from tests.conftest import value, year_data
from tests.test_returns import EPISODE, T, child_903, read, write_903

DOLO = "<DOLO><DOLO_START>{}</DOLO_START><DOLO_END>{}</DOLO_END></DOLO>"


# --- read from the return -----------------------------------------------------------------------------
def test_903_xml_orders_become_the_dolo_table_with_the_childs_identity(tmp_path):
    write_903(tmp_path, child_903("A1", DOLO.format("01/05/2026", "30/09/2026") + DOLO.format("10/01/2027", ""),
                                  (EPISODE.format("01/04/2026", "", ""),)),
              child_903("B2", "", (EPISODE.format("01/06/2026", "", ""),)))
    tables, problems = read(tmp_path, CHIC, 2027)
    assert not problems.errors, [str(p) for p in problems.errors]
    dolo = tables["dolo"]
    assert dolo[["child", "dob", "dolo_start"]].values.tolist() == [["A1", T(2012, 6, 1), T(2026, 5, 1)],
                                                                    ["A1", T(2012, 6, 1), T(2027, 1, 10)]]
    assert dolo.dolo_end.tolist()[0] == T(2026, 9, 30) and pd.isna(dolo.dolo_end.tolist()[1])


def test_a_return_of_2026_27_without_orders_has_none_an_earlier_one_has_no_table(tmp_path):
    write_903(tmp_path, child_903("A1", "", (EPISODE.format("01/04/2024", "", ""),)))
    assert "dolo" not in read(tmp_path, CHIC, 2025)[0]  # DfE did not collect them: not recorded
    tables, _ = read(tmp_path, CHIC, 2027)
    assert tables["dolo"].empty  # collected, and there were none: a count of 0


def test_903_xml_order_problems_name_the_child_and_element(tmp_path):
    write_903(tmp_path, child_903("907440", DOLO.format("31/02/2027", "") + DOLO.format("01/09/2026", "01/08/2026")))
    _, problems = read(tmp_path, CHIC, 2027)
    at = "ssda903/return.xml › CHILD 1 (CHILDID 907440) › HEADER › DOLO"
    assert sorted(str(p) for p in problems.errors) == [
        f'{at} 1 › DOLO_START: "31/02/2027" is not a date (expected a date, dd/mm/yyyy)',
        f"{at} 2 › DOLO_END: 01/08/2026 is before DOLO_START 01/09/2026 (expected on or after DOLO_START)"]


def test_903_csv_dolo_file_is_read_under_the_validators_name_and_its_problems_name_row_and_column(tmp_path):
    folder = tmp_path / "ssda903"
    folder.mkdir()
    (folder / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC\n7,F,01/02/2012,WBRI\n")
    (folder / "episodes.csv").write_text("CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\n7,01/05/2026,S,C2,N1,Z12,,\n")
    for name, columns in (("reviews", "CHILD,DOB,REVIEW,REVIEW_CODE"), ("uasc", "CHILD,SEX,DOB,DUC"),
                          ("oc2", "CHILD,DOB,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE"),
                          ("oc3", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM")):
        (folder / f"{name}.csv").write_text(columns + "\n")
    (folder / "DoLo.csv").write_text("CHILD,DOB,DOLO_START,DOLO_END\n7,01/02/2012,01/06/2026,\n")
    tables, problems = read(tmp_path, CHIC, 2027)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert tables["dolo"][["child", "dolo_start"]].values.tolist() == [["7", T(2026, 6, 1)]]
    assert tables["header"].sex.tolist() == ["2"]  # F, as the chic sheets code it
    (folder / "DoLo.csv").write_text("CHILD,DOB,DOLO_START,DOLO_END\n7,01/02/2012,,\n")
    _, problems = read(tmp_path, CHIC, 2027)
    assert [str(p) for p in problems.errors] == [  # named, as every CSV of the set is, by its sheet
        "ssda903/dolo.csv › dolo › row 2 › DOLO_START: is blank (expected a date, dd/mm/yyyy)"]


# --- each return by its own year's codes -------------------------------------------------------------
def test_sex_letters_are_read_from_2024_25_and_refused_before(tmp_path):
    write_903(tmp_path, *(child_903(c, "", (EPISODE.format("01/04/2024", "", ""),)).replace("<SEX>1</SEX>",
                                                                                           f"<SEX>{s}</SEX>")
                          for c, s in (("A", "M"), ("B", "F"), ("C", "U"), ("D", "1"))))
    tables, problems = read(tmp_path, CHIC, 2025)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert tables["header"].sex.tolist() == ["1", "2", "0", "1"]  # U: not known, counted as neither
    _, problems = read(tmp_path, CHIC, 2024)
    assert [str(p) for p in problems.errors][:1] == [
        'ssda903/return.xml › CHILD 1 (CHILDID A) › HEADER › SEX: "M" is not a known code (expected one of 1, 2)']
    assert len(problems.errors) == 3  # M, F and U; D's 1 is 2023-24's code


def test_placement_types_of_2025_26_are_refused_in_an_earlier_return(tmp_path):
    write_903(tmp_path, child_903("A", "", (EPISODE.format("01/04/2025", "", "").replace("<PL>U1</PL>",
                                                                                       "<PL>Z11</PL>"),)))
    assert not read(tmp_path, CHIC, 2026)[1].errors
    errors = [str(p) for p in read(tmp_path, CHIC, 2025)[1].errors]
    assert len(errors) == 1 and errors[0].startswith(
        'ssda903/return.xml › CHILD 1 (CHILDID A) › EPISODE 1 › PL: "Z11" is not a known code')


# --- counted by hand --------------------------------------------------------------------------------
def episode(child, decom, dec="", ls="C2"):
    return {"CHILD": child, "DECOM": decom, "RNE": "S", "LS": ls, "PLACE": "K2", "DEC": dec, "REC": "E8" if dec else ""}


def order(child, start, end=""):
    return {"CHILD": child, "DOLO_START": start, "DOLO_END": end}


EPISODES = [episode("A", "01/01/2024"), episode("B", "01/01/2024"), episode("C", "01/01/2024", "10/12/2024"),
            episode("D", "01/06/2024"), episode("E", "01/06/2024", ls="V3"), episode("F", "01/01/2023"),
            episode("G", "01/01/2024"), episode("H", "01/01/2024")]
ORDERS = [
    order("A", "01/02/2024"),  # open since before the year: in the year and at 31 March
    order("B", "01/05/2024", "31/03/2025"),  # ended on 31 March: in the year, not open at its end
    order("C", "01/06/2024", "10/12/2024"),  # ended as C left care: in the year only
    order("D", "01/07/2024", "01/09/2024"), order("D", "01/11/2024"),  # two orders: one child, at 31 March too
    order("E", "01/07/2024"),  # a short break: not looked after, so not counted
    order("F", "01/02/2024", "31/03/2024"),  # ended before the year
    order("G", "02/04/2025"),  # begun after it
    order("Z", "01/07/2024"),  # no episode in the year
]


@pytest.fixture
def liberty():
    return year_data(2025, chic_episodes=EPISODES, chic_dolo=ORDERS)


def test_children_subject_to_an_order_in_the_year_and_at_31_march(liberty):
    assert value("chic.dolo_in_year", liberty) == 4  # A, B, C, D
    assert value("chic.dolo_31mar", liberty) == 2  # A, D


def test_a_year_without_the_table_leaves_the_counts_out_says_so_and_names_the_sheet():
    data = year_data(2025, chic_episodes=EPISODES)
    assert not set(local_rows(data, "Demoshire").indicator) & {"chic.dolo_in_year", "chic.dolo_31mar"}
    warn_unrecorded(data, [REGISTRY["chic.dolo_in_year"], REGISTRY["chic.dolo_31mar"]])
    assert [str(w) for w in data.warnings.warnings] == [
        "chic.xlsx › dolo: sheet is not there: the report leaves out children in care subject to a deprivation of "
        "liberty order in the year, children in care subject to a deprivation of liberty order at 31 march "
        "(expected the dolo sheet of chic.xlsx to report them)"]
    recorded = Recorded(pd.DataFrame({"indicator": ["chic.count_31mar"], "area_type": "LA", "period": "2025"}),
                        (*FIGURES, *TABLES), 2025)
    assert not recorded.shown("deprivation_of_liberty")
    assert recorded.sentence("deprivation_of_liberty").startswith(
        "Not recorded in 2024-25: children in care subject to a deprivation of liberty order in the year (the dolo "
        "sheet of chic.xlsx would add it);")


def test_an_empty_table_is_a_count_of_none_not_a_gap():
    data = year_data(2025, chic_episodes=EPISODES, chic_dolo=[])
    assert value("chic.dolo_in_year", data) == 0 and value("chic.dolo_31mar", data) == 0
