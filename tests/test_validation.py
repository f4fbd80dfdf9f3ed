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


def test_date_outside_any_sensible_range(tmp_path):
    row = {**REFERRAL, "DATE_RECEIVED": dt.datetime(2042, 1, 1)}
    _, errors, _ = lado(tmp_path, referrals=[row])
    assert errors == ['lado.xlsx › referrals › row 2 › DATE_RECEIVED: "01/01/2042" is outside any sensible range '
                      "(1900 to 2026) (expected a date, dd/mm/yyyy)"]


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
