"""A year of real use (issue 21, items 7-13): what an analyst adopting the tool meets first, each as a
capability: every problem at once and in a natural order, returns as authorities have them, DfE files
recognised by their columns, two sources for one figure, locality populations from ONS, diffs at the
report's precision and a spreadsheet whose sheets are named as the report numbers them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline import table
from pipeline.config import load_config
from pipeline.extract import ssda903
from pipeline.extract.published import read_published, report_absent
from pipeline.extract.schema import CHIC
from pipeline.extract.workbook import read_workbook
from pipeline.problems import InputError, Problem, Problems
from pipeline.render.diff import markdown, rows, visible
from pipeline.render.summary import tables as summary_tables
from pipeline.transform.overlaps import disagreements
from tests.conftest import LOCALITIES, SHARED
from tests.test_validation import write_book

REPO = Path(__file__).resolve().parents[1]
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
    sheet = summary_tables(changes, {"reviews.timely_pct": object()})["changes"]
    assert sheet[["indicator", "before_rag", "after_rag"]].values.tolist() == [
        ["chic.count_31mar", "no target", "no target"], ["reviews.timely_pct", "AMBER", "GREEN"]]


# --- item 9: returns as authorities really have them ------------------------------------------------
REFERENCE = SHARED / "reference" / "returns" / "ssda903"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(),
                                     reason=f"DfE's example 903 returns are not at {REFERENCE}")


@needs_reference
@pytest.mark.parametrize("year", [2018, 2019, 2020])
def test_dfes_example_903_xml_builds_other_years_records_left_out_with_a_warning(year):
    problems = Problems()
    tables = ssda903.read_xml(REFERENCE / "fake_903.xml", year, LOCALITIES, problems)
    assert not problems.errors, [str(p) for p in problems.errors[:5]]
    reviews = tables["reviews"].review
    assert reviews.between(pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)).all()
    left_out = [p for p in problems.warnings if p.column == "REVIEW"]
    assert len(left_out) + len(reviews) == 1206
    assert left_out[0].sheet.startswith("CHILD ") and " › AREVIEW " in left_out[0].sheet  # child and element


@needs_reference
def test_dfes_example_903_csvs_build_but_two_codes_for_one_review_in_the_year_still_block(tmp_path):
    shutil.copytree(REFERENCE / "csv", tmp_path / "ssda903")
    problems = Problems()
    tables = ssda903.read(tmp_path, 2020, LOCALITIES, problems)
    assert not problems.errors and len(tables["header"]) == 2675
    # the one row repeated exactly within 2019-20 (sort | uniq -d): child 844067's review of 28/01/2020
    assert [str(p) for p in problems.warnings if "the same in every column" in p.message] == [
        "ssda903/reviews.csv › reviews › row 9826 › CHILD, REVIEW: duplicate of row 9825, the same in every "
        "column: left out (expected one row per CHILD and REVIEW)"]
    # 11/06/2018: child 281722's review is recorded twice, PN2 and PN5: either could change participation
    problems = Problems()
    ssda903.read(tmp_path, 2019, LOCALITIES, problems)
    assert [(p.row, p.message) for p in problems.errors][0] == (4321, "duplicate of row 4320 (281722, 11/06/2018)")


def test_a_review_repeated_exactly_in_a_903_return_is_a_warning_naming_child_and_element(tmp_path):
    review = "<AREVIEW><REVIEW>{}</REVIEW><REVIEW_CODE>{}</REVIEW_CODE></AREVIEW>"
    (tmp_path / "ssda903").mkdir()
    (tmp_path / "ssda903" / "return.xml").write_text(
        "<EXPSSDA903><CHILD><HEADER><CHILDID>7</CHILDID><SEX>1</SEX><DOB>01/06/2012</DOB><ETHNIC>WBRI</ETHNIC>"
        + review.format("01/06/2024", "PN1") * 2 + review.format("02/07/2024", "PN1")
        + review.format("02/07/2024", "PN7") + "</HEADER></CHILD></EXPSSDA903>")
    problems = Problems()
    tables = ssda903.read(tmp_path, 2025, LOCALITIES, problems)
    assert [str(p) for p in problems.warnings] == [
        "ssda903/return.xml › CHILD 1 › HEADER › AREVIEW 2 › CHILDID, REVIEW: duplicate of CHILD 1 › HEADER › "
        "AREVIEW 1, the same in every column: left out (expected one row per CHILD and REVIEW)"]
    assert [str(p) for p in problems.errors] == [
        "ssda903/return.xml › CHILD 1 (CHILDID 7) › HEADER › AREVIEW 4 › CHILDID, REVIEW: duplicate of CHILD 1 "
        "(CHILDID 7) › HEADER › AREVIEW 3 (7, 02/07/2024) (expected one row per CHILD and REVIEW)"]
    assert len(tables["reviews"]) == 3


def test_iso_8601_dates_as_exports_write_them_are_read_in_csvs(tmp_path):
    folder = tmp_path / "chic"
    folder.mkdir()
    pd.DataFrame([{**EPISODE, "DECOM": "2024-06-01 00:00:00", "DEC": "2024-09-30"}]).to_csv(
        folder / "episodes.csv", index=False)
    problems = Problems()
    tables = read_workbook(tmp_path, CHIC, 2025, LOCALITIES, problems)
    assert not [p for p in problems.errors if p.sheet == "episodes"]
    episode = tables["episodes"].iloc[0]
    assert (episode.decom, episode.dec) == (pd.Timestamp(2024, 6, 1), pd.Timestamp(2024, 9, 30))


# --- item 7: comparators lost are never silent --------------------------------------------------------
EES_FILES_REAL = SHARED / "data" / "published" / "ees"
needs_published = pytest.mark.skipif(not EES_FILES_REAL.is_dir(), reason=f"DfE's files are not at {EES_FILES_REAL}")
CLA_PAGE = "https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-" \
           "including-adoptions"


def _published(folder, *names: str) -> tuple[pd.DataFrame, list[str]]:
    """The table read from `folder` and every warning about it (reading, then what is absent or thin)."""
    problems = Problems()
    table = read_published(folder, problems)
    report_absent(folder, table, problems)
    return table, [str(p) for p in problems.warnings]


@needs_published
def test_the_national_file_in_place_of_the_la_file_names_the_comparators_lost_and_where_to_download(tmp_path):
    shutil.copy(EES_FILES_REAL / "national_cla_on_31_march_by_characteristics.csv", tmp_path)
    table, warnings = _published(tmp_path)
    assert set(table.level) == {"NATIONAL"} and "chic.age_pct" in set(table.indicator)  # England's are used
    thin = [w for w in warnings if "England's figures only" in w]
    assert thin == [
        "published/national_cla_on_31_march_by_characteristics.csv: holds England's figures only: chic.age_count, "
        "chic.age_pct, chic.ethnicity_count, chic.ethnicity_pct, chic.gender_count, chic.gender_pct, "
        "chic.legal_status_count, chic.legal_status_pct have no region, statistical neighbour or 'Good' "
        "comparators, and no published figure for years without local data (expected the authorities' file, "
        f"la_cla_on_31_march_by_characteristics.csv from {CLA_PAGE})"]
    assert not any(w.startswith("published/la_cla_on_31_march") for w in warnings)  # one warning, not two


@needs_published
def test_a_real_file_saved_under_another_name_is_recognised_by_its_columns(tmp_path):
    shutil.copy(EES_FILES_REAL / "la_children_who_ceased_during_the_year.csv", tmp_path / "download (3).csv")
    shutil.copy(EES_FILES_REAL / "national_children_who_ceased_to_be_looked_after_during_the_year.csv", tmp_path)
    table, warnings = _published(tmp_path)
    assert "published/download (3).csv: read as la_children_who_ceased_during_the_year.csv, which its columns " \
           "show it is (expected DfE's file name, la_children_who_ceased_during_the_year.csv)" in warnings
    ceased = table[table.indicator == "chic.ceased_reason_pct"]
    assert {"NATIONAL", "REGION", "LA"} <= set(ceased.level)  # either file is accepted; the la_ one has all
    assert not [w for w in warnings if w.startswith(("published/la_children_who_ceased",
                                                     "published/national_children_who_ceased"))]


def test_files_sharing_columns_are_told_apart_by_the_groups_they_hold(tmp_path):
    header = "time_period,time_identifier,geographic_level,country_code,country_name,cla_group,characteristic," \
             "number,percentage"
    rows = {"ours.csv": ["2025,Financial year,National,E92000001,England,Age group,Under 1 year,3000,4",
                         "2025,Financial year,National,E92000001,England,Age group,1 to 4 years,12000,14"],
            "theirs.csv": ["2025,Financial year,National,E92000001,England,Age on starting,Under 1 year,5000,18"],
            "notes.csv": ["2025,Financial year,National,E92000001,England,Something else,Nothing,1,1"]}
    for name, lines in rows.items():
        (tmp_path / name).write_text("\n".join([header, *lines]) + "\n")
    table, warnings = _published(tmp_path)
    assert [w.split(" (")[0] for w in warnings if "read as" in w] == [
        "published/ours.csv: read as la_cla_on_31_march_by_characteristics.csv, which its columns show it is",
        "published/theirs.csv: read as la_children_who_started_to_be_looked_after_during_the_year.csv, which its "
        "columns show it is"]
    assert table.loc[table.indicator == "chic.age_count", ["breakdown", "value"]].values.tolist() == [
        ["1_4", 12000.0], ["under_1", 3000.0]]
    assert table.loc[table.indicator == "chic.starts_age_pct", "value"].tolist() == [18.0]


# --- item 10: two sources for one number agree or say why not ---------------------------------------
def test_a_month_two_years_give_differently_is_a_warning_with_both_values_and_the_one_used():
    rows = table.conform(pd.DataFrame([
        # 2024's data: its own March 2024; 2025's data: March 2024 (the March before) and its own months
        {"indicator": "cp.count_month_end", "period": "2024-03", "area_type": "LA", "area": "Demoshire",
         "breakdown": "", "unit": "count", "value": 118.0, "_year": 2024},
        {"indicator": "cp.count_month_end", "period": "2024-03", "area_type": "LA", "area": "Demoshire",
         "breakdown": "", "unit": "count", "value": 120.0, "_year": 2025},
        {"indicator": "cp.count_month_end", "period": "2024-03", "area_type": "LOCALITY", "area": "North",
         "breakdown": "", "unit": "count", "value": 30.0, "_year": 2024},
        {"indicator": "cp.count_month_end", "period": "2024-03", "area_type": "LOCALITY", "area": "North",
         "breakdown": "", "unit": "count", "value": 30.0, "_year": 2025},  # the same: nothing to say
        {"indicator": "cp.count_month_end", "period": "2024-04", "area_type": "LA", "area": "Demoshire",
         "breakdown": "", "unit": "count", "value": 121.0, "_year": 2025}])).assign(
        _year=[2024, 2025, 2024, 2025, 2025])
    assert [str(p) for p in disagreements(rows)] == [
        "2025/: cp.count_month_end for March 2024: 120 from 2025's data, 118 from 2024's; the report uses 2024's, "
        "the year March 2024 belongs to (expected the same figure from both years' data: is one of them an old or "
        "partial extract?)"]


# --- item 11: where locality populations come from ----------------------------------------------------
def _ons_config(tmp_path, ons: str, lookup: str, **extra) -> Path:
    """The shipped config with locality_populations in place of typed numbers, the files in published/."""
    published = tmp_path / "data" / "raw" / "published"
    published.mkdir(parents=True)
    (published / "sapelsoasyoa.csv").write_text(ons)
    (published / "localities.csv").write_text(lookup)
    data = yaml.safe_load((REPO / "config.yaml").read_text())
    data.pop("localities")
    data["locality_populations"] = {"file": "sapelsoasyoa.csv", "lookup": "localities.csv"}
    data.update(extra)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _ons_by_sex(*areas: tuple[str, int, int]) -> str:
    """ONS's layout since mid-2021: title lines, then LSOA code, Total, F0-F90, M0-M90. Each area: code, the
    count in each year of age 0-17 for females, and for males; 5 at every age 18 and over."""
    header = ["LAD 2021 Code", "LSOA 2021 Code", "Total", *(f"F{a}" for a in range(91)), *(f"M{a}" for a in range(91))]
    lines = ["Mid-2024 population estimates for LSOAs", "", ",".join(header)]
    for code, girls, boys in areas:
        ages = [[girls] * 18 + [5] * 73, [boys] * 18 + [5] * 73]
        lines.append(",".join(["E06000999", code, str(sum(ages[0]) + sum(ages[1])), *map(str, ages[0] + ages[1])]))
    return "\n".join(lines) + "\n"


def test_locality_populations_are_summed_from_ons_small_areas_and_a_lookup(tmp_path):
    ons = _ons_by_sex(("E01000001", 10, 11), ("E01000002", 20, 21), ("E01000003", 1, 2), ("E01000004", 100, 100))
    lookup = "AREA_CODE,LOCALITY\nE01000001,North\nE01000002,North\ne01000003,South\n"
    config = load_config(_ons_config(tmp_path, ons, lookup))
    # North: 18 ages x (10 + 11) + 18 x (20 + 21) = 378 + 738; South: 18 x 3; E01000004 is in no locality
    assert config.localities == {"North": 1116, "South": 54}


def test_an_area_the_ons_file_lacks_or_both_ways_at_once_is_refused_naming_it(tmp_path):
    ons = _ons_by_sex(("E01000001", 10, 11))
    with pytest.raises(InputError) as err:
        load_config(_ons_config(tmp_path, ons, "AREA_CODE,LOCALITY\nE01000001,North\nE01999999,South\n"))
    assert [str(p) for p in err.value.problems] == [
        'localities.csv › row 3 › AREA_CODE: "E01999999" is not an area of sapelsoasyoa.csv (expected an area code '
        "the ONS file lists (an LSOA code such as E01012345))"]
    with pytest.raises(InputError) as err:
        load_config(_ons_config(tmp_path / "both", ons, "AREA_CODE,LOCALITY\nE01000001,North\n",
                                localities={"North": 31000}))
    assert [p.column for p in err.value.problems] == ["locality_populations"]


def test_ons_persons_columns_0_to_17_in_a_workbook_are_read_too(tmp_path):
    from pipeline.extract.localities import locality_populations

    frame = pd.DataFrame([["E01000001", "Area 1", 500, *([7] * 91)], ["E01000002", "Area 2", 500, *([3] * 91)]],
                         columns=["LSOA Code", "LSOA Name", "All Ages", *range(90), "90+"])
    frame.to_excel(tmp_path / "ons.xlsx", index=False, startrow=4)
    (tmp_path / "lookup.csv").write_text("AREA_CODE,LOCALITY\nE01000001,City\nE01000002,City\n")
    assert locality_populations(tmp_path / "ons.xlsx", tmp_path / "lookup.csv") == ({"City": 180}, [])
