"""Broken workbooks: every problem listed as file › sheet › row N › COLUMN: problem (expected …)."""
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract.schema import LADO, CHIC
from pipeline.extract.workbook import read_workbook
from pipeline.problems import Problems
from tests.conftest import LOCALITIES

REFERRAL = {"REFERRAL_ID": "R1", "DATE_RECEIVED": dt.datetime(2024, 5, 1), "SOURCE": "POLICE",
            "SUBJECT_SECTOR": "EDUCATION", "ALLEGATION_TYPE": "PHYSICAL", "REFERRAL_OUTCOME": "MAS",
            "FINAL_OUTCOME": "", "DATE_CONCLUDED": None}
MEETING = {"REFERRAL_ID": "R1", "MEETING_DATE": dt.datetime(2024, 5, 3), "MEETING_TYPE": "INITIAL"}
ATTENDANCE = {"REFERRAL_ID": "R1", "MEETING_DATE": dt.datetime(2024, 5, 3), "AGENCY": "POLICE", "INVITED": "Y",
              "ATTENDED": "Y"}


def write_book(folder: Path, name: str, sheets: dict[str, list[dict]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.xlsx"
    with pd.ExcelWriter(path, engine="xlsxwriter") as xl:
        for sheet, rows in sheets.items():
            pd.DataFrame(rows).to_excel(xl, sheet_name=sheet, index=False)
    return path


def lado(tmp_path, referrals=None, meetings=None, attendance=None, drop_sheet=None):
    sheets = {"referrals": referrals or [REFERRAL], "meetings": meetings or [MEETING],
              "attendance": attendance or [ATTENDANCE]}
    if drop_sheet:
        del sheets[drop_sheet]
    write_book(tmp_path, "lado", sheets)
    problems = Problems()
    tables = read_workbook(tmp_path, LADO, 2025, LOCALITIES, problems)
    return tables, [str(p) for p in problems.errors], [str(p) for p in problems.warnings]


def test_a_valid_workbook_is_typed(tmp_path):
    tables, errors, _ = lado(tmp_path)
    assert errors == []
    refs = tables["referrals"]
    assert refs.date_received.iloc[0] == pd.Timestamp("2024-05-01") and refs._row.iloc[0] == 2


def test_missing_file(tmp_path):
    problems = Problems()
    read_workbook(tmp_path, LADO, 2025, LOCALITIES, problems)
    assert len(problems.errors) == 1 and str(problems.errors[0]).startswith("lado.xlsx: file is missing (expected ")


def test_missing_sheet(tmp_path):
    _, errors, _ = lado(tmp_path, drop_sheet="meetings")
    assert errors == ["lado.xlsx › meetings: sheet is missing (expected sheets referrals, meetings, attendance; "
                      "found referrals, attendance)"]


def test_missing_column(tmp_path):
    row = {k: v for k, v in REFERRAL.items() if k != "SOURCE"}
    _, errors, _ = lado(tmp_path, referrals=[row])
    assert len(errors) == 1 and errors[0].startswith("lado.xlsx › referrals › SOURCE: column is missing (expected ")


def test_column_names_match_whatever_their_case_and_spaces(tmp_path):
    row = {(" source " if k == "SOURCE" else k): v for k, v in REFERRAL.items()}
    _, errors, _ = lado(tmp_path, referrals=[row])
    assert errors == []


def test_bad_date_names_row_and_column(tmp_path):
    second = {**REFERRAL, "REFERRAL_ID": "R2", "DATE_RECEIVED": "31/02/2025"}
    _, errors, _ = lado(tmp_path, referrals=[REFERRAL, second])
    assert errors == ['lado.xlsx › referrals › row 3 › DATE_RECEIVED: "31/02/2025" is not a date '
                      "(expected a date, dd/mm/yyyy)"]


def test_text_dates_in_the_dfe_format_are_accepted(tmp_path):
    row = {**REFERRAL, "DATE_RECEIVED": "01/05/2024"}
    tables, errors, _ = lado(tmp_path, referrals=[row])
    assert errors == [] and tables["referrals"].date_received.iloc[0] == pd.Timestamp("2024-05-01")


def test_unknown_code_in_any_case(tmp_path):
    ok = {**REFERRAL, "SOURCE": "police"}
    bad = {**REFERRAL, "REFERRAL_ID": "R2", "SOURCE": "Postman"}
    tables, errors, _ = lado(tmp_path, referrals=[ok, bad])
    assert errors == ['lado.xlsx › referrals › row 3 › SOURCE: "Postman" is not a known code '
                      "(expected one of EDUCATION, EARLY_YEARS, POLICE, SOCIAL_CARE, FOSTERING, RESIDENTIAL, HEALTH, "
                      "FAITH, SPORT, VOLUNTARY, OFSTED, PROBATION, …)"]


def test_duplicate_key(tmp_path):
    _, errors, _ = lado(tmp_path, referrals=[REFERRAL, {**REFERRAL, "SOURCE": "HEALTH"}])
    assert errors == ["lado.xlsx › referrals › row 3 › REFERRAL_ID: duplicate of row 2 (R1) "
                      "(expected one row per REFERRAL_ID)"]


def test_end_before_start(tmp_path):
    row = {**REFERRAL, "FINAL_OUTCOME": "UNFOUNDED", "DATE_CONCLUDED": dt.datetime(2024, 4, 1)}
    _, errors, _ = lado(tmp_path, referrals=[row])
    assert errors == ["lado.xlsx › referrals › row 2 › DATE_CONCLUDED: 01/04/2024 is before DATE_RECEIVED "
                      "01/05/2024 (expected on or after DATE_RECEIVED)"]


def test_an_event_long_after_the_year_names_the_latest_date_allowed(tmp_path):
    row = {**REFERRAL, "DATE_RECEIVED": dt.datetime(2042, 1, 1)}
    _, errors, _ = lado(tmp_path, referrals=[row])
    assert errors == ["lado.xlsx › referrals › row 2 › DATE_RECEIVED: 01/01/2042 is after 31/03/2026, the latest "
                      "this column allows (expected a date no later than a year after the reporting year ends)"]


def test_a_date_before_1900_names_the_earliest_date_allowed(tmp_path):
    row = {**REFERRAL, "DATE_RECEIVED": "01/01/1899"}
    _, errors, _ = lado(tmp_path, referrals=[row])
    assert errors == ['lado.xlsx › referrals › row 2 › DATE_RECEIVED: "01/01/1899" is before 01/01/1900, the '
                      "earliest this column allows (expected a date, dd/mm/yyyy)"]


def _uasc(tmp_path, rows):
    header = [{"CHILD": r["CHILD"], "SEX": "1", "DOB": r["DOB"], "ETHNIC": "BAFR"} for r in rows]
    sheets = {"header": header, "episodes": [], "reviews": [], "oc2": [], "oc3": [], "uasc": rows}
    for name, sheet_rows in sheets.items():
        folder = tmp_path / "chic"
        folder.mkdir(exist_ok=True)
        columns = [c.name for c in next(s for s in CHIC.sheets if s.name == name).columns]
        pd.DataFrame(sheet_rows, columns=columns).to_csv(folder / f"{name}.csv", index=False)
    problems = Problems()
    tables = read_workbook(tmp_path, CHIC, 2025, LOCALITIES, problems)
    return tables, [str(p) for p in problems.errors if "uasc" in str(p)]


def test_uasc_status_may_cease_years_ahead_up_to_the_18th_birthday(tmp_path):
    """DfE's own synthetic uasc.csv has DUCs in 2028-2030: a DUC is normally the 18th birthday (rule 304)."""
    tables, errors = _uasc(tmp_path, [{"CHILD": "1", "SEX": "1", "DOB": "01/10/2010", "DUC": "01/10/2028"},
                                      {"CHILD": "2", "SEX": "1", "DOB": "15/06/2012", "DUC": "16/06/2030"}])
    assert errors == ["chic/uasc.csv › uasc › row 3 › DUC: 16/06/2030 is after 15/06/2030, the latest this "
                      "column "
                      "allows (expected on or before the child's 18th birthday (SSDA903 rule 304))"]


def test_dfe_synthetic_uasc_return_is_accepted(tmp_path):
    from tests.conftest import SHARED

    path = SHARED / "reference" / "returns" / "ssda903" / "csv" / "uasc.csv"
    if not path.exists():
        pytest.skip(f"DfE's synthetic return is not at {path}")
    rows = pd.read_csv(path, dtype=str).to_dict("records")
    _, errors = _uasc(tmp_path, [{"CHILD": r["CHILD"], "SEX": r["SEX"], "DOB": r["DOB"], "DUC": r["DUC"]}
                                 for r in rows])
    assert errors == []


def test_a_review_may_fall_due_after_the_year_end_and_an_unborn_child_be_on_a_plan(tmp_path):
    from pipeline.extract.schema import CP, IRU
    from pipeline.extract.workbook import validate_sheet

    problems = Problems()
    reviews = next(s for s in IRU.sheets if s.name == "reviews")
    plans = next(s for s in CP.sheets if s.name == "plans")
    review = {"CHILD": "1", "REVIEW_DATE": "20/03/2025", "DUE_DATE": "20/09/2025", "CHILD_CHAIRED": "N",
              **{c: "Y" for c in ("PRE_REVIEW_CONTACT", "CONSULTED_ON_ARRANGEMENTS", "PARENT_CONSULTED",
                                  "MIDPOINT_CHECK", "PERMANENCE_PLAN", "PLACEMENT_STABILITY_CONCERN",
                                  "CARE_PLAN_IMPLEMENTED")}}
    plan = {"CHILD": "2", "SEX": "9", "DOB": "30/06/2025", "LOCALITY": "North", "CPP_START": "01/03/2025",
            "INITIAL_CATEGORY": "NEG", "LATEST_CATEGORY": "NEG", "DOMESTIC_ABUSE": "N", "PREVIOUS_CPP": "0"}
    end = pd.Timestamp(2025, 3, 31)
    validate_sheet(pd.DataFrame([review], dtype=object), reviews, "iru.xlsx", end, LOCALITIES, problems)
    validate_sheet(pd.DataFrame([plan], dtype=object), plans, "cp.xlsx", end, LOCALITIES, problems)
    born_late = {**plan, "DOB": "01/03/2026"}
    validate_sheet(pd.DataFrame([born_late], dtype=object), plans, "cp.xlsx", end, LOCALITIES, problems)
    assert [str(p) for p in problems.errors] == [
        "cp.xlsx › plans › row 2 › DOB: 01/03/2026 is after 31/01/2026, the latest this column allows "
        "(expected a "
        "date of birth, or an unborn child's expected one, within 10 months of the year's end)"]


def test_blank_required_value(tmp_path):
    row = {**REFERRAL, "ALLEGATION_TYPE": "  "}
    _, errors, _ = lado(tmp_path, referrals=[row])
    assert errors == ["lado.xlsx › referrals › row 2 › ALLEGATION_TYPE: is blank (expected one of PHYSICAL, SEXUAL, "
                      "EMOTIONAL, NEGLECT, CONDUCT)"]


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    rows = [{**REFERRAL, "REFERRAL_ID": f"R{i}", "SOURCE": "NOBODY"} for i in range(5)]
    _, errors, _ = lado(tmp_path, referrals=rows)
    assert [e.split(" › ")[2] for e in errors] == ["row 2", "row 3", "row 4", "row 5", "row 6"]


def test_csv_folder_instead_of_workbook(tmp_path):
    folder = tmp_path / "lado"
    folder.mkdir()
    pd.DataFrame([{**REFERRAL, "DATE_RECEIVED": "01/05/2024", "DATE_CONCLUDED": ""}]).to_csv(
        folder / "referrals.csv", index=False)
    pd.DataFrame([{**MEETING, "MEETING_DATE": "03/05/2024"}]).to_csv(folder / "meetings.csv", index=False)
    pd.DataFrame([{**ATTENDANCE, "MEETING_DATE": "3/5/2024", "AGENCY": "NOWHERE"}]).to_csv(
        folder / "attendance.csv", index=False)
    problems = Problems()
    tables = read_workbook(tmp_path, LADO, 2025, LOCALITIES, problems)
    assert tables["meetings"].meeting_date.iloc[0] == pd.Timestamp("2024-05-03")
    assert [str(p) for p in problems.errors] == [
        'lado/attendance.csv › attendance › row 2 › AGENCY: "NOWHERE" is not a known code (expected one of '
        "EDUCATION, EARLY_YEARS, POLICE, SOCIAL_CARE, FOSTERING, RESIDENTIAL, HEALTH, FAITH, SPORT, VOLUNTARY, "
        "OFSTED, PROBATION, …)"]


def test_a_file_that_is_not_a_workbook(tmp_path):
    (tmp_path / "chic.xlsx").write_bytes(b"this is not a zip file")
    problems = Problems()
    read_workbook(tmp_path, CHIC, 2025, LOCALITIES, problems)
    assert len(problems.errors) == 1
    assert str(problems.errors[0]).startswith("chic.xlsx: cannot be opened as a workbook")


@pytest.mark.parametrize("value,message", [("1.5", '"1.5" is not a whole number'), ("six", '"six" is not a number'),
                                           ("9", '"9" is out of range')])
def test_numbers(tmp_path, value, message):
    from tests.conftest import SHEETS
    from pipeline.extract.workbook import validate_sheet

    raw = pd.DataFrame([{"ESCALATION_ID": "E1", "DATE_RAISED": "01/05/2024", "CATEGORY": "PLANNING",
                         "STAGE": value}])
    problems = Problems()
    validate_sheet(raw, SHEETS["iru.escalations"], "iru.xlsx", pd.Timestamp("2025-03-31"), {}, problems)
    assert [str(p) for p in problems.errors] == [f"iru.xlsx › escalations › row 2 › STAGE: {message} "
                                                 "(expected a whole number from 1 to 5)"]


# --- files as analysts have them ----------------------------------------------------------------------
def _lado_csvs(tmp_path, encoding: str, bom: bool = False) -> Path:
    folder = tmp_path / "lado"
    folder.mkdir()
    referral = "R1,01/05/2024,POLICE,EDUCATION,PHYSICAL,MAS,,,"
    texts = {"referrals": "REFERRAL_ID,DATE_RECEIVED,SOURCE,SUBJECT_SECTOR,ALLEGATION_TYPE,REFERRAL_OUTCOME,"
                          f"FINAL_OUTCOME,DATE_CONCLUDED,NOTE\n{referral}\u201c£50 caf\u00e9\u201d\n",
             "meetings": "REFERRAL_ID,MEETING_DATE,MEETING_TYPE\nR1,03/05/2024,INITIAL\n",
             "attendance": "REFERRAL_ID,MEETING_DATE,AGENCY,INVITED,ATTENDED\nR1,03/05/2024,POLICE,Y,Y\n"}
    for name, text in texts.items():
        (folder / f"{name}.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return folder


@pytest.mark.parametrize("encoding,bom,warned", [("utf-8", False, False), ("utf-8", True, False),
                                                 ("cp1252", False, True)])
def test_csv_in_each_encoding_excel_saves(tmp_path, encoding, bom, warned):
    import pipeline.extract.workbook as wb

    _lado_csvs(tmp_path, encoding, bom)
    problems = Problems()
    raw = wb.read_raw_sheets(wb.find_source(tmp_path, LADO), LADO, problems)
    assert problems.errors == []
    assert raw["referrals"].NOTE.iloc[0] == "\u201c£50 caf\u00e9\u201d"
    assert list(raw["referrals"].columns)[0] == "REFERRAL_ID"
    warned_text = ("lado/referrals.csv › referrals: is not UTF-8: read as Windows-1252, as Excel's \"CSV (Comma "
                   "delimited)\" saves it (expected UTF-8; check that £, é and quotes read correctly)")
    assert [str(p) for p in problems.warnings] == ([warned_text] if warned else [])


def _book_error(tmp_path, data: bytes) -> list[str]:
    (tmp_path / "lado.xlsx").write_bytes(data)
    problems = Problems()
    read_workbook(tmp_path, LADO, 2025, LOCALITIES, problems)
    return [str(p) for p in problems.errors]


def test_a_zero_byte_workbook(tmp_path):
    assert _book_error(tmp_path, b"") == [
        "lado.xlsx: is empty (0 bytes) (expected the workbook saved again from Excel, or copied again)"]


def test_a_truncated_workbook(tmp_path):
    whole = write_book(tmp_path / "whole", "lado", {"referrals": [REFERRAL]}).read_bytes()
    assert _book_error(tmp_path, whole[:2000]) == [
        "lado.xlsx: is incomplete: it ends after 2,000 bytes, part way through (expected the whole file: save or "
        "copy it again)"]


def test_a_password_protected_workbook(tmp_path):
    # An encrypted .xlsx is a compound document holding an EncryptedPackage stream (MS-OFFCRYPTO 2.3.4).
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0")
    assert _book_error(tmp_path, header + entry + bytes(1024)) == [
        "lado.xlsx: is protected with a password (expected a copy saved without one (File › Info › Protect "
        "Workbook))"]


def test_an_empty_csv(tmp_path):
    folder = _lado_csvs(tmp_path, "utf-8")
    (folder / "meetings.csv").write_bytes(b"")
    problems = Problems()
    read_workbook(tmp_path, LADO, 2025, LOCALITIES, problems)
    assert [str(p) for p in problems.errors] == [
        "lado/meetings.csv › meetings: is empty (expected a header row naming the columns)"]
