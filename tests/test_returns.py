"""The DfE returns (SSDA903 XML or CSVs, the CIN census XML with cp_local) read as the chic and cp tables:
each mapping on hand-made files, problems named by child and element, and the same numbers from each form."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.demo import returns
from pipeline.demo.xlsx import write_xlsx
from pipeline.extract import cin_census, ssda903
from pipeline.extract.returns_layout import ORIGINS
from pipeline.extract.run import Extracted
from pipeline.extract.schema import CHIC, CP
from pipeline.extract.sources import read_year_workbook
from pipeline.problems import Problem, Problems
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.run import local_rows
from pipeline.transform.dates import ReportingYear
from pipeline.transform.year_data import YearData
from tests.conftest import LOCALITIES, SHARED, make_project

REFERENCE = SHARED / "reference" / "returns"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"the reference returns are not at {REFERENCE}")
CREATED = dt.datetime(2025, 4, 30)
T = pd.Timestamp


def child_903(child_id: str, header: str = "", episodes: tuple[str, ...] = ()) -> str:
    return (f"<CHILD><HEADER><CHILDID>{child_id}</CHILDID><SEX>1</SEX><DOB>01/06/2012</DOB><ETHNIC>WBRI</ETHNIC>"
            f"{header}</HEADER>" + "".join(f"<EPISODE>{e}</EPISODE>" for e in episodes) + "</CHILD>")


EPISODE = ("<DECOM>{}</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER>"
           "<DEC>{}</DEC><REC>{}</REC>")


def write_903(folder: Path, *children: str) -> Path:
    (folder / "ssda903").mkdir(parents=True, exist_ok=True)
    path = folder / "ssda903" / "return.xml"
    path.write_text("<?xml version='1.0' encoding='utf-8'?><EXPSSDA903>" + "".join(children) + "</EXPSSDA903>")
    return path


def read(folder: Path, workbook, year: int = 2025):
    """The typed sheets (without the record of where each row came from) and the problems."""
    problems = Problems()
    tables = read_year_workbook(folder, workbook, year, LOCALITIES, problems)
    if tables:
        tables.pop(ORIGINS, None)
    return tables, problems


# --- SSDA903 ----------------------------------------------------------------------------------------
def test_903_xml_gives_each_chic_sheet(tmp_path):
    write_903(tmp_path, child_903(
        "A1", "<UASC>1</UASC><DUC>01/06/2025</DUC><AREVIEW><REVIEW>10/05/2024</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE>"
              "</AREVIEW><AREVIEW><REVIEW>10/11/2024</REVIEW><REVIEW_CODE>PN4</REVIEW_CODE></AREVIEW>"
              "<OC2><SDQ_SCORE>17</SDQ_SCORE><CONVICTED>0</CONVICTED><HEALTH_CHECK>1</HEALTH_CHECK></OC2>",
        (EPISODE.format("01/04/2023", "02/09/2024", "X1"), EPISODE.format("02/09/2024", "", "").replace(
            "<PL>U1</PL>", "<PL>K2</PL>"))),
        child_903("B2", "<UASC /><IN_TOUCH>YES</IN_TOUCH><ACTIV>F2</ACTIV><ACCOM>S2</ACCOM>"))
    tables, problems = read(tmp_path, CHIC)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert list(tables["header"].child) == ["A1", "B2"]
    episodes = tables["episodes"]
    assert list(episodes.place) == ["U1", "K2"] and list(episodes.decom) == [T(2023, 4, 1), T(2024, 9, 2)]
    assert episodes.dec.isna().tolist() == [False, True] and list(episodes.rec.fillna("")) == ["X1", ""]
    assert list(tables["reviews"].review_code) == ["PN1", "PN4"] and set(tables["reviews"].dob) == {T(2012, 6, 1)}
    oc2 = tables["oc2"]
    assert (oc2.child.tolist(), oc2.sdq_score.tolist(), oc2.health_check.tolist()) == (["A1"], [17], ["1"])
    assert tables["oc3"][["child", "in_touch", "activ", "accom"]].values.tolist() == [["B2", "YES", "F2", "S2"]]
    assert tables["uasc"][["child", "sex", "duc"]].values.tolist() == [["A1", "1", T(2025, 6, 1)]]


def test_903_xml_problems_name_child_and_element_all_at_once(tmp_path):
    write_903(tmp_path, child_903("A1"), child_903("907440", "<UASC>2</UASC>", (
        EPISODE.format("01/04/2024", "", ""), EPISODE.format("31/02/2025", "", ""), EPISODE.format(
            "01/04/2024", "", "").replace("<PL>U1</PL>", "<PL>Q9</PL>"))))
    tables, problems = read(tmp_path, CHIC)
    said = {str(p) for p in problems.errors}
    at = "ssda903/return.xml › CHILD 2 (CHILDID 907440)"
    assert f'{at} › EPISODE 2 › DECOM: "31/02/2025" is not a date (expected a date, dd/mm/yyyy)' in said
    assert f'{at} › EPISODE 3 › PL: "Q9" is not a known code (expected one of A3, A4, A5, A6, H5, K1, K2, K3, ' \
           'P1, P2, P3, R1, …)' in said
    assert f"{at} › EPISODE 3 › CHILDID, DECOM: duplicate of CHILD 2 (CHILDID 907440) › EPISODE 1 (907440, " \
           "01/04/2024) (expected one row per CHILD and DECOM)" in said
    assert any(s.startswith(f'{at} › HEADER › UASC: "2" is not a known code') for s in said)
    assert len(said) == 4


def test_903_xml_that_is_not_xml_or_not_903_is_one_clear_problem(tmp_path):
    (tmp_path / "ssda903").mkdir()
    (tmp_path / "ssda903" / "return.xml").write_text("<EXPSSDA903><CHILD>")
    _, problems = read(tmp_path, CHIC)
    assert [p.message.split(":")[0] for p in problems.errors] == ["is not well-formed XML"]
    (tmp_path / "ssda903" / "return.xml").write_text("<Message/>")
    _, problems = read(tmp_path, CHIC)
    assert [str(p) for p in problems.errors] == [
        "ssda903/return.xml: has root element Message (expected an SSDA903 return, root EXPSSDA903)"]


def test_903_csvs_are_read_and_the_other_903_files_ignored(tmp_path):
    folder = tmp_path / "ssda903"
    folder.mkdir()
    files = {"header": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n7,2,01/02/2015,WBRI,,,\n",
             "episodes": "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
                         "\n7,01/05/2024,S,C2,N1,U1,PR1,,,,,,\n",
             "reviews": "CHILD,DOB,REVIEW,REVIEW_CODE\n7,01/02/2015,31/10/2024,PN1\n",
             "uasc": "CHILD,SEX,DOB,DUC\n", "oc3": "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n",
             "oc2": "CHILD,DOB,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE\n",
             "ad1": "CHILD,DOB,DATE_INT\n7,01/02/2015,nonsense\n", "missing": "anything at all\n"}
    for name, body in files.items():
        (folder / f"{name}.csv").write_text(body)
    tables, problems = read(tmp_path, CHIC)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert set(tables) == {s.name for s in CHIC.sheets if not s.optional}
    assert tables["episodes"][["child", "place"]].values.tolist() == [["7", "U1"]]
    (folder / "episodes.csv").write_text(files["episodes"].replace("U1", "ZZ"))
    _, problems = read(tmp_path, CHIC)
    assert str(problems.errors[0]).startswith('ssda903/episodes.csv › episodes › row 2 › PLACE: "ZZ"')


def test_a_year_with_both_chic_and_its_return_is_an_error_naming_both(tmp_path):
    write_903(tmp_path, child_903("A1"))
    (tmp_path / "chic").mkdir()
    _, problems = read(tmp_path, CHIC)
    assert [str(p) for p in problems.errors] == [
        "chic: and ssda903 both hold the year's chic data (expected one of them: chic.xlsx (or chic/), or the "
        "SSDA903 return in a folder ssda903/)"]


# --- CIN census -------------------------------------------------------------------------------------
def census(*children: str, year: int = 2025) -> str:
    return (f"<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>"
            f"<ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails></Header>"
            f"<Children>{''.join(children)}</Children></Message>")


def child(ident: str, details: str, born: str = "<PersonBirthDate>2015-05-01</PersonBirthDate>",
          sex: str = "<GenderCurrent>2</GenderCurrent>") -> str:
    return (f"<Child><ChildIdentifiers><LAchildID>{ident}</LAchildID>{born}{sex}</ChildIdentifiers>"
            f"<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>{details}</Child>")


def cin(inner_before: str = "", plans: str = "", factors: tuple[str, ...] = (), icpc: str = "") -> str:
    assessment = ("<Assessments><AssessmentActualStartDate>2024-04-01</AssessmentActualStartDate>"
                  "<FactorsIdentifiedAtAssessment>" + "".join(f"<AssessmentFactors>{f}</AssessmentFactors>"
                                                               for f in factors)
                  + "</FactorsIdentifiedAtAssessment></Assessments>") if factors else ""
    return (f"<CINdetails><CINreferralDate>2024-04-01</CINreferralDate><ReferralSource>1A</ReferralSource>{icpc}"
            f"{assessment}{inner_before}<ReferralNFA>false</ReferralNFA>{plans}</CINdetails>")


def s47(start: str, icpc: str = "") -> str:
    held = f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>" if icpc else ""
    return (f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>{held}"
            "<ICPCnotRequired>false</ICPCnotRequired></Section47>")


def plan(start: str, end: str = "", previous: int = 0, reviews: tuple[str, ...] = (), category: str = "NEG") -> str:
    ended = f"<CPPendDate>{end}</CPPendDate>" if end else ""
    held = ("<Reviews>" + "".join(f"<CPPreviewDate>{r}</CPPreviewDate>" for r in reviews) + "</Reviews>") if reviews \
        else ""
    return (f"<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>{ended}<InitialCategoryOfAbuse>{category}"
            f"</InitialCategoryOfAbuse><LatestCategoryOfAbuse>{category}</LatestCategoryOfAbuse>"
            f"<NumberOfPreviousCPP>{previous}</NumberOfPreviousCPP>{held}</ChildProtectionPlans>")


CONFERENCE_COLUMNS = "CHILD,CONFERENCE_DATE,PARENTS_INVITED,PARENTS_ATTENDED,CHILD_ADVOCATE"


def local(folder: Path, children: list[tuple], conferences: list[tuple] = (), plans: list[tuple] = (),
          conference_columns: str = CONFERENCE_COLUMNS) -> None:
    """cp_local as a folder of CSVs (the xlsx form is what the demo writes)."""
    (folder / "cp_local").mkdir(parents=True, exist_ok=True)
    sheets = {"children": ("CHILD,LOCALITY", children),
              "conferences": (conference_columns, conferences),
              "plans": ("CHILD,CPP_START,LOCALITY,DOMESTIC_ABUSE,PREVIOUS_CPP_END", plans)}
    for name, (head, rows) in sheets.items():
        if rows or name == "children":
            body = "\n".join(",".join(map(str, r)) for r in rows)
            (folder / "cp_local" / f"{name}.csv").write_text(f"{head}\n{body}\n")


def test_census_plans_and_conferences_as_cp_gives_them(tmp_path):
    (tmp_path / "cin_census.xml").write_text(census(
        child("A", cin(s47("2024-05-01", "2024-05-20"), plan("2024-05-20", "2025-02-10", 1, ("2024-08-15",
                                                                                             "2025-02-10")),
                       factors=("2B", "3B"))),
        child("U", cin(s47("2025-01-06", "2025-01-24")), born="<ExpectedPersonBirthDate>2025-06-01"
              "</ExpectedPersonBirthDate>", sex="<GenderCurrent>9</GenderCurrent>"),
        child("N", cin(icpc="<DateOfInitialCPC>2024-07-01</DateOfInitialCPC>",
                       plans=plan("2024-07-01", category="EMO"), factors=("1A",)))))
    local(tmp_path, [("A", "North"), ("U", "city"), ("N", "South")],
          conferences=[("A", "20/05/2024", 2, 1, "Y"), ("A", "15/08/2024", 1, 0, "N"), ("Z", "01/01/2025", 1, 1, "N")],
          plans=[("N", "01/07/2024", "", "", "2023-01-31")])
    tables, problems = read(tmp_path, CP)
    assert not problems.errors, [str(p) for p in problems.errors]
    plans = tables["plans"].set_index("child")
    assert plans.loc["A", ["sex", "dob", "locality", "cpp_start", "cpp_end", "domestic_abuse", "previous_cpp"]
                      ].tolist() == ["2", T(2015, 5, 1), "North", T(2024, 5, 20), T(2025, 2, 10), "Y", 1]
    assert plans.loc["N", ["domestic_abuse", "previous_cpp_end", "latest_category"]].tolist() == [
        "N", T(2023, 1, 31), "EMO"]
    conf = tables["conferences"]
    got = conf[["child", "conference_type", "conference_date", "s47_start", "outcome", "locality",
                "parents_invited", "child_advocate"]].astype(object).where(conf.notna(), None).values.tolist()
    assert got == [
        ["A", "RCPC", T(2024, 8, 15), None, "CONTINUE", "North", 1, "N"],
        ["A", "RCPC", T(2025, 2, 10), None, "END", "North", None, None],
        ["A", "ICPC", T(2024, 5, 20), T(2024, 5, 1), "CPP", "North", 2, "Y"],
        ["U", "ICPC", T(2025, 1, 24), T(2025, 1, 6), "NO_CPP", "City", None, None],
        ["N", "ICPC", T(2024, 7, 1), None, "CPP", "South", None, None]]
    unborn = tables["plans"]
    assert "U" not in set(unborn.child)
    assert [str(w) for w in problems.warnings] == [
        "cp_local/conferences.csv › conferences › row 4 › CONFERENCE_DATE: matches no conference of the child on "
        "that date in cin_census.xml: left out (expected the child and date of a conference in the census)"]


CHAIRS_CENSUS = (child("A", cin(s47("2024-06-03", "2024-06-24"), plan("2024-06-24", reviews=("2024-09-16",)))),
                 child("B", cin(s47("2024-06-03", "2024-06-25"), plan("2024-06-25"))),
                 child("C", cin(s47("2024-06-03", "2024-07-01"))))
CHAIRS_COLUMNS = CONFERENCE_COLUMNS + ",QUORATE,DISSENT,LATE_REASON,CHAIR_PRE_MEETING"


def census_year(folder: Path, conferences: list[tuple], columns: str = CHAIRS_COLUMNS) -> tuple[YearData, Problems]:
    """The year's indicators' data from a census of three ICPCs (A's on time, B's 16 and C's 20 working days
    after the enquiry began) and A's review, with cp_local's conferences as given."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cin_census.xml").write_text(census(*CHAIRS_CENSUS))
    local(folder, [("A", "North"), ("B", "North"), ("C", "South")], conferences, conference_columns=columns)
    tables, problems = read(folder, CP)
    typed = {f"cp.{name}": frame for name, frame in (tables or {}).items()}
    return YearData(ReportingYear(2025), typed, None, LOCALITIES, Problems()), problems


def test_a_census_year_reports_how_conferences_went_from_cp_local(tmp_path):
    data, problems = census_year(tmp_path, [
        ("A", "24/06/2024", 1, 1, "N", "Y", "N", "", "Y"),
        ("B", "25/06/2024", 2, 0, "N", "N", "Y", "Family unavailable", "N"),
        ("A", "16/09/2024", 1, 1, "N", "Y", "N", "", "NA")])  # C's ICPC is not listed: blank, not recorded
    assert not problems.errors, [str(p) for p in problems.errors]
    rows = local_rows(data, "Demoshire").set_index(["indicator", "breakdown"]).value
    assert rows["cp.quorate_pct", ""] == pytest.approx(200 / 4)  # A's two of four held; C's blank counts in
    assert rows["cp.dissent_pct", ""] == 25  # B
    assert rows["cp.chair_pre_meeting_pct", ""] == pytest.approx(100 / 3)  # A's ICPC of A, B, C; A's review NA
    assert rows["cp.icpc_late_reason_count", "Family unavailable"] == 1  # B: 16 working days
    assert rows["cp.icpc_late_reason_count", "Not recorded"] == 1  # C: 20 working days, no cp_local row


def test_a_census_year_without_them_leaves_them_out_and_a_bad_code_is_named(tmp_path):
    data, problems = census_year(tmp_path / "without", [("A", "24/06/2024", 1, 1, "N")], CONFERENCE_COLUMNS)
    assert not problems.errors, [str(p) for p in problems.errors]
    computed = set(local_rows(data, "Demoshire").indicator)
    assert {"cp.parents_attended_pct", "cp.child_advocate_pct"} <= computed  # what cp_local does hold
    assert not computed & {"cp.quorate_pct", "cp.dissent_pct", "cp.chair_pre_meeting_pct", "cp.icpc_late_reason_count"}
    _, problems = census_year(tmp_path / "bad", [("A", "24/06/2024", 1, 1, "N", "yes", "N", "", "Y")])
    assert [str(p) for p in problems.errors] == [
        'cp_local/conferences.csv › conferences › row 2 › QUORATE: "yes" is not a known code (expected one of Y, N)']


def test_previous_plan_end_comes_from_this_and_the_two_earlier_censuses(tmp_path):
    for year, body in ((2023, child("A", cin(plans=plan("2021-06-01", "2022-01-10")))),
                       (2024, child("A", cin(plans=plan("2022-09-01", "2023-03-03")))),
                       (2025, child("A", cin(plans=plan("2024-06-01", "2024-09-30") + plan("2025-01-15"))))):
        (tmp_path / str(year)).mkdir()
        (tmp_path / str(year) / "cin_census.xml").write_text(census(body, year=year))
    local(tmp_path / "2025", [("A", "North")])
    tables, problems = read(tmp_path / "2025", CP)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert tables["plans"].previous_cpp_end.tolist() == [T(2023, 3, 3), T(2024, 9, 30)]
    (tmp_path / "2024" / "cin_census.xml").unlink()
    tables, _ = read(tmp_path / "2025", CP)
    assert tables["plans"].previous_cpp_end.tolist() == [T(2022, 1, 10), T(2024, 9, 30)]


def test_census_problems_are_listed_at_once_with_child_and_element(tmp_path):
    (tmp_path / "cin_census.xml").write_text(census(
        child("A", cin(plans=plan("2024-05-20", previous=0))),
        child("B", cin(plans=plan("2024-13-01") + plan("2024-06-01", category="XXX"))),
        child("C", cin(plans=plan("2024-06-01", "2024-05-01"))),
        child("D", cin(plans=plan("2024-06-01") + plan("2024-06-01", "2024-09-01")))))
    local(tmp_path, [("A", "North"), ("C", "North"), ("D", "Nowhere")])
    _, problems = read(tmp_path, CP)
    said = sorted(str(p) for p in problems.errors)
    assert said == sorted([
        "cin_census.xml › Child 2 (LAchildID B) › CINdetails › ChildProtectionPlans 1 › CPPstartDate: "
        "'2024-13-01' is not a valid value of the atomic type 'xs:date'. (expected as DfE's CIN census schema "
        "requires)",
        "cin_census.xml › Child 2 (LAchildID B) › CINdetails › ChildProtectionPlans 2 › "
        "InitialCategoryOfAbuse: [facet 'enumeration'] The value 'XXX' is not an element of the set "
        "{'NEG', 'PHY', 'SAB', 'EMO', 'MUL'}. (expected as DfE's CIN census schema requires)",
        "cin_census.xml › Child 2 (LAchildID B) › CINdetails › ChildProtectionPlans 2 › LatestCategoryOfAbuse: "
        "[facet 'enumeration'] The value 'XXX' is not an element of the set {'NEG', 'PHY', 'SAB', 'EMO', 'MUL'}. "
        "(expected as DfE's CIN census schema requires)",
        "cin_census.xml › Child 3 (LAchildID C) › CINdetails 1 › ChildProtectionPlans 1 › CPPendDate: "
        "01/05/2024 is before CPP_START 01/06/2024 (expected on or after CPP_START)",
        "cin_census.xml › Child 4 (LAchildID D) › CINdetails 1 › ChildProtectionPlans 2 › "
        "LAchildID, CPPstartDate: duplicate of Child 4 (LAchildID D) › CINdetails 1 › ChildProtectionPlans 1 "
        "(D, 01/06/2024) (expected one row per CHILD and CPP_START)",
        'cp_local/children.csv › children › row 4 › LOCALITY: "Nowhere" is not a locality in config.yaml '
        "(expected one of North, South, City, Mid and East)"])


def test_duplicate_cp_local_rows_are_reported_once_and_break_nothing(tmp_path):
    (tmp_path / "cin_census.xml").write_text(census(child("A", cin(s47("2024-06-01", "2024-06-20"),
                                                                   plan("2024-06-20")))))
    local(tmp_path, [("A", "North")], conferences=[("A", "20/06/2024", 1, 1, "N"), ("A", "20/06/2024", 2, 2, "Y")],
          plans=[("A", "20/06/2024", "South", "", ""), ("A", "20/06/2024", "City", "", "")])
    _, problems = read(tmp_path, CP)
    assert sorted(str(p).split(":")[0] for p in problems.errors) == [
        "cp_local/conferences.csv › conferences › row 3 › CHILD, CONFERENCE_DATE",
        "cp_local/plans.csv › plans › row 3 › CHILD, CPP_START"]


def test_census_of_another_year_or_without_a_schema_is_refused(tmp_path):
    (tmp_path / "cin_census.xml").write_text(census(child("A", cin()), year=2024))
    local(tmp_path, [("A", "North")])
    _, problems = read(tmp_path, CP)
    assert [str(p) for p in problems.errors] == [
        "cin_census.xml › Header › CollectionDetails › Year: is the census for collection year 2024, in the "
        "folder of 2025 (expected data/raw/2024/cin_census.xml)"]
    _, problems = read(tmp_path, CP, year=2016)
    assert problems.errors[0].message == "no CIN census schema for collection year 2016"


def test_2025_census_may_give_sex_in_place_of_gender(tmp_path):
    (tmp_path / "cin_census.xml").write_text(census(child("A", cin(plans=plan("2024-06-01")), sex="<Sex>F</Sex>")))
    local(tmp_path, [("A", "North")])
    tables, problems = read(tmp_path, CP)
    assert not problems.errors and tables["plans"].sex.tolist() == ["2"]
    (tmp_path / "cin_census.xml").write_text(census(child("A", cin(plans=plan("2023-06-01")), sex="<Sex>F</Sex>"),
                                                    year=2024))
    _, problems = read(tmp_path, CP, year=2024)
    assert [(p.sheet, p.column) for p in problems.errors] == [("Child 1 (LAchildID A) › ChildIdentifiers", "Sex")]


def test_a_census_without_cp_local_is_one_problem(tmp_path):
    (tmp_path / "cin_census.xml").write_text(census(*(child(c, cin(plans=plan("2024-06-01"))) for c in "ABC")))
    _, problems = read(tmp_path, CP)
    assert [(p.file, p.message) for p in problems.errors] == [("cp_local.xlsx", "file is missing")]


def test_a_child_on_a_plan_needs_a_locality_in_cp_local(tmp_path):
    (tmp_path / "cin_census.xml").write_text(census(child("A", cin(plans=plan("2024-06-01"))), child("B", cin(
        s47("2024-06-01", "2024-06-20")))))
    local(tmp_path, [("X", "North")])
    _, problems = read(tmp_path, CP)
    assert [p.message for p in problems.errors] == [
        f"has no row for child {c}, who is on a plan or at an initial conference in cin_census.xml" for c in "AB"]


def test_a_later_warning_about_a_census_row_names_the_census_element(tmp_path):
    folder = tmp_path / "raw" / "2025"
    folder.mkdir(parents=True)
    (folder / "cin_census.xml").write_text(census(child("A", cin(
        icpc="<DateOfInitialCPC>2024-07-01</DateOfInitialCPC>", plans=plan("2024-07-01")))))
    local(folder, [("A", "North")])
    tables = read_year_workbook(folder, CP, 2025, LOCALITIES, Problems())
    unit = tmp_path / "extract" / "2025" / "cp"
    unit.mkdir(parents=True)
    tables[ORIGINS].to_feather(unit / f"{ORIGINS}.feather")
    row = int(tables["conferences"]._row.iloc[0])
    extracted = Extracted(tmp_path / "extract", {"2025/cp": "key", "2025/lado": "key"})
    said = extracted.located([Problem("2025/cp.xlsx", "conferences", row, "S47_START", "ICPC has no section 47"),
                              Problem("2025/lado.xlsx", "referrals", 3, "SOURCE", "odd")])
    assert [str(p) for p in said] == [
        "2025/cin_census.xml › Child 1 › CINdetails 1 › S47_START: ICPC has no section 47",
        "2025/lado.xlsx › referrals › row 3 › SOURCE: odd"]


# --- the same children give the same numbers ------------------------------------------------------
def _own_indicators(tables: dict[str, pd.DataFrame], year: int) -> pd.DataFrame:
    """Every chic, reviews, leavers and cp indicator that these tables feed, as one frame (but those that read
    the workbooks' optional columns, most of which the returns do not hold)."""
    data = YearData(ReportingYear(year), tables, 1e5, LOCALITIES, Problems())
    frames = []
    for ident, ind in sorted(REGISTRY.items()):
        if ident.split(".")[0] in ("chic", "reviews", "leavers", "cp") and set(ind.needs) <= set(tables) \
                and not ind.columns:
            frames.append(pd.DataFrame(ind.func(data)).assign(indicator=ident))
    return pd.concat(frames, ignore_index=True)


def _in_each_form(folder: Path, chic: dict, cp: dict, year: int) -> dict[str, pd.DataFrame]:
    """The indicators from the sheets written as workbooks, as the 903 XML + census, as the 903 CSVs + census."""
    out = {}
    for form in ("workbooks", "xml", "csv"):
        here = folder / form / str(year)
        here.mkdir(parents=True)
        if form == "workbooks":
            write_xlsx(here / "chic.xlsx", chic, CREATED)
            write_xlsx(here / "cp.xlsx", cp, CREATED)
        else:
            returns.write_ssda903(here, chic, form)
            returns.write_census(here, cp, year, CREATED)
        tables = {}
        for workbook in (CHIC, CP):
            typed, problems = read(here, workbook, year)
            assert not problems.errors, (form, [str(p) for p in problems.errors[:5]])
            tables.update({f"{workbook.name}.{name}": frame for name, frame in typed.items()})
        out[form] = _own_indicators(tables, year)
    return out


def _same(forms: dict[str, pd.DataFrame]) -> None:
    base = forms.pop("workbooks")
    assert len(base) > 50
    for form, frame in forms.items():
        pd.testing.assert_frame_equal(frame, base, obj=form)


@pytest.mark.slow
@pytest.mark.parametrize("year", [2023, 2025])
def test_demo_children_give_the_same_numbers_in_every_form(year, tmp_path):
    from pipeline.demo import DEMO, extracts
    from pipeline.demo.history import simulate

    history = simulate(DEMO, 2019, 2025, 2025, 1.0)
    _same(_in_each_form(tmp_path, extracts.chic(history, year), extracts.cp(history, year), year))


def test_hand_made_children_give_the_same_numbers_in_every_form(tmp_path):
    chic = {
        "header": pd.DataFrame({"CHILD": ["1", "2", "3"], "SEX": ["1", "2", "1"],
                                "DOB": [T(2010, 5, 1), T(2022, 1, 9), T(2006, 7, 30)],
                                "ETHNIC": ["WBRI", "BAFR", "MWBC"]}),
        "episodes": pd.DataFrame({"CHILD": ["1", "1", "2", "3"], "DECOM": [T(2023, 3, 1), T(2024, 8, 1), T(2024, 6, 1),
                                                                          T(2022, 1, 4)],
                                  "RNE": ["S", "P", "S", "S"], "LS": ["C2", "C2", "V2", "C2"],
                                  "CIN": ["N1", "N1", "N2", "N1"], "PLACE": ["U1", "K2", "U3", "R1"],
                                  "DEC": [T(2024, 8, 1), pd.NaT, T(2025, 1, 20), T(2024, 7, 30)],
                                  "REC": ["X1", None, "E11", "E8"]}),
        "reviews": pd.DataFrame({"CHILD": ["1", "1"], "REVIEW": [T(2024, 5, 2), T(2024, 11, 1)],
                                 "REVIEW_CODE": ["PN1", "PN0"]}),
        "oc2": pd.DataFrame({"CHILD": ["1"], "SDQ_SCORE": [18], "CONVICTED": ["0"], "HEALTH_CHECK": ["1"],
                             "IMMUNISATIONS": ["1"], "TEETH_CHECK": ["0"], "HEALTH_ASSESSMENT": ["1"],
                             "SUBSTANCE_MISUSE": ["1"], "INTERVENTION_RECEIVED": ["1"], "INTERVENTION_OFFERED": ["1"]}),
        "oc3": pd.DataFrame({"CHILD": ["3"], "DOB": [T(2006, 7, 30)], "IN_TOUCH": ["YES"], "ACTIV": ["F2"],
                             "ACCOM": ["S2"]}),
        "uasc": pd.DataFrame({"CHILD": ["3"], "SEX": ["1"], "DOB": [T(2006, 7, 30)], "DUC": [T(2024, 7, 30)]}),
    }
    cp = {
        "plans": pd.DataFrame({
            "CHILD": ["7", "7", "8", "9"], "SEX": ["1", "1", "0", "2"],
            "DOB": [T(2018, 1, 1), T(2018, 1, 1), T(2025, 5, 1), T(2012, 3, 3)], "ETHNIC": ["WBRI"] * 4,
            "LOCALITY": ["North", "South", "City", "North"],
            "CPP_START": [T(2024, 4, 10), T(2025, 1, 10), T(2025, 2, 3), T(2023, 11, 1)],
            "CPP_END": [T(2024, 10, 1), pd.NaT, pd.NaT, T(2024, 11, 20)],
            "INITIAL_CATEGORY": ["NEG", "EMO", "NEG", "SAB"],
            "LATEST_CATEGORY": ["NEG", "MUL", "NEG", "SAB"], "DOMESTIC_ABUSE": ["Y", "N", "Y", "N"],
            "PREVIOUS_CPP": [1, 2, 0, 0], "PREVIOUS_CPP_END": [T(2022, 6, 1), T(2024, 10, 1), pd.NaT, pd.NaT]}),
        "conferences": pd.DataFrame({
            "CHILD": ["7", "7", "7", "7", "8", "9", "9", "5"],
            "CONFERENCE_TYPE": ["ICPC", "RCPC", "ICPC", "ICPC", "ICPC", "RCPC", "RCPC", "ICPC"],
            "CONFERENCE_DATE": [T(2024, 4, 10), T(2024, 7, 3), T(2024, 12, 1), T(2025, 1, 10), T(2025, 2, 3),
                                T(2024, 2, 1), T(2024, 11, 20), T(2024, 9, 9)],
            "S47_START": [T(2024, 3, 20), pd.NaT, T(2024, 11, 1), pd.NaT, T(2025, 1, 13), pd.NaT, pd.NaT,
                          T(2024, 8, 1)],
            "OUTCOME": ["CPP", "CONTINUE", "NO_CPP", "CPP", "CPP", "CONTINUE", "END", "NO_CPP"],
            "LOCALITY": ["North", "North", "South", "South", "City", "North", "North", "City"],
            "PARENTS_INVITED": [2, 2, 1, 1, 1, 0, 2, 1], "PARENTS_ATTENDED": [1, 0, 1, 1, 0, 0, 2, 1],
            "CHILD_ADVOCATE": ["Y", "N", "N", "N", "N", "N", "Y", "N"]}),
    }
    _same(_in_each_form(tmp_path, chic, cp, 2025))


# --- end to end -------------------------------------------------------------------------------------
def test_demo_data_writes_returns_and_a_bad_census_stops_the_run_writing_nothing(demo_raw, tmp_path):
    config = make_project(tmp_path, demo_raw)
    assert (tmp_path / "data/raw/2023/ssda903/return.xml").is_file()
    assert (tmp_path / "data/raw/2024/ssda903/episodes.csv").is_file()
    census_file = tmp_path / "data/raw/2023/cin_census.xml"
    text = census_file.read_text()
    census_file.write_text(text.replace("<NumberOfPreviousCPP>", "<NumberOfPreviousCPP>x", 1)
                           .replace("<Ethnicity>", "<Ethnicity>Q", 1))
    result = CliRunner().invoke(main, ["report", "--config", str(config)])
    assert result.exit_code == 1, result.output
    assert "2 problem(s) stopped the run" in result.output
    lines = [line.strip() for line in result.output.splitlines()[1:]]
    assert all(line.startswith("2023/cin_census.xml › Child 1 (LAchildID ") for line in lines)
    assert any("› ChildCharacteristics › Ethnicity: [facet 'enumeration'] The value 'Q" in line for line in lines)
    assert any("› ChildProtectionPlans › NumberOfPreviousCPP: 'x" in line for line in lines)
    assert not (tmp_path / "data" / "processed").exists() and not (tmp_path / "output").exists()


def test_demo_data_format_returns_writes_every_year_as_returns(tmp_path):
    shutil.copy(Path(__file__).resolve().parents[1] / "config.yaml", tmp_path / "config.yaml")
    result = CliRunner().invoke(main, ["demo-data", "--config", str(tmp_path / "config.yaml"), "--scale", "0.05",
                                       "--format", "returns", "--quiet"])
    assert result.exit_code == 0, result.output
    raw = tmp_path / "data" / "raw"
    for year in range(2021, 2026):
        assert {p.name for p in (raw / str(year)).iterdir()} - {"commentary.docx"} == {
            "ssda903", "cin_census.xml", "cp_local.xlsx", "iru.xlsx", "lado.xlsx"}
        assert cin_census.schema(year).validate(etree.parse(str(raw / str(year) / "cin_census.xml")))


# --- the reference returns --------------------------------------------------------------------------
@needs_reference
def test_shipped_schemas_are_the_reference_schemas():
    for year in range(2017, 2025):
        shipped = Path(cin_census.SCHEMAS) / f"CIN_schema_{year}.xsd"
        assert shipped.read_bytes() == (REFERENCE / "cin_census" / f"CIN_schema_{year}.xsd").read_bytes()


@needs_reference
def test_reference_903_xml_and_csvs_are_read_record_for_record(tmp_path):
    problems = Problems()
    tables = ssda903.read_xml(REFERENCE / "ssda903" / "fake_903.xml", 2018, LOCALITIES, problems)
    dates = pd.to_datetime([e.text for e in etree.parse(REFERENCE / "ssda903" / "fake_903.xml").iter("REVIEW")],
                           format="%d/%m/%Y")
    in_year = int(((dates >= "2017-04-01") & (dates <= "2018-03-31")).sum())  # the others are other years'
    assert len(dates) == 1206 and not problems.errors
    assert len(tables.pop(ORIGINS)) == 253 + 459 + in_year + 253 + 6 + 12
    counts = {name: len(frame) for name, frame in tables.items()}
    assert counts == {"header": 253, "episodes": 459, "reviews": in_year, "oc2": 253, "oc3": 6, "uasc": 12}
    assert sum(p.column == "REVIEW" and "left out" in p.message for p in problems.warnings) == 1206 - in_year
    assert all(" › CHILD " not in p.file and p.sheet.startswith("CHILD ") for p in problems.errors)
    shutil.copytree(REFERENCE / "ssda903" / "csv", tmp_path / "ssda903")
    tables, problems = read(tmp_path, CHIC, 2018)
    header = pd.read_csv(REFERENCE / "ssda903" / "csv" / "header.csv")
    assert len(tables["header"]) == len(header) and set(tables) == {s.name for s in CHIC.sheets if not s.optional}


@needs_reference
def test_reference_census_sample_is_valid_and_mapped(tmp_path):
    shutil.copy(REFERENCE / "cin_census" / "cin-2022-sample.xml", tmp_path / "cin_census.xml")
    local(tmp_path, [("DfEX0000001", "North")])
    tables, problems = read(tmp_path, CP, 2022)
    assert not problems.errors, [str(p) for p in problems.errors]
    plans = tables["plans"]
    assert plans[["child", "cpp_start", "cpp_end", "previous_cpp", "domestic_abuse"]].values.tolist() == [
        ["DfEX0000001", T(1970, 2, 17), T(1971, 3, 14), 10, "N"]]
    conf = tables["conferences"]
    assert sorted(zip(conf.conference_type, conf.conference_date, conf.outcome)) == [
        ("ICPC", T(1970, 6, 17), "NO_CPP"), ("ICPC", T(1970, 12, 6), "NO_CPP"), ("RCPC", T(1971, 2, 15), "CONTINUE")]


def test_entities_in_a_return_are_not_expanded_or_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("CONFIDENTIAL")
    write_903(tmp_path, "").write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        "<EXPSSDA903>" + child_903("A1").replace("<ETHNIC>WBRI</ETHNIC>", "<ETHNIC>WBRI</ETHNIC><UPN>&xxe;</UPN>")
        + "</EXPSSDA903>")
    tables, problems = read(tmp_path, CHIC)  # refused whole: a return never has a DTD (test_hostile_xml.py)
    assert not tables and [p.message[:15] for p in problems.errors] == ["declares a DTD "]
    assert "CONFIDENTIAL" not in str([str(p) for p in problems.errors])
