"""The published-file readers on small inline files that carry the real files' quirks."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract import published_map as pmap
from pipeline.extract.published import (PUBLISHED_COLUMNS, area_lookup, read_good_authorities, read_published,
                                        read_statistical_neighbours)
from pipeline.problems import Problems

EES_AREA = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
            "old_la_code,la_name,new_la_code")
ENGLAND = "2025,Reporting year,National,E92000001,England,,,,,"
SOUTH_WEST = "2025,Reporting year,Regional,E92000001,England,E12000009,South West,,,"
DEVON = "2025,Reporting year,Local authority,E92000001,England,E12000009,South West,878,Devon,E10000008"
BCP = ('2025,Reporting year,Local authority,E92000001,England,E12000009,South West,839,'
       '"Bournemouth, Christchurch and Poole",E06000058')
LOOKED_AFTER = "Children looked after on 31 March each year"
LAIT_HEADER = "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region"
NATIONAL_HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,"
                   "cla_group,characteristic,number,percentage")
NATIONAL = "2024,Reporting year,National,E92000001,England"


def write(folder: Path, name: str, *lines: str, bom: bool = False) -> Path:
    path = folder / name
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def read(folder: Path) -> tuple[pd.DataFrame, Problems]:
    problems = Problems()
    return read_published(folder, problems), problems


def one(table: pd.DataFrame, **where) -> pd.Series:
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0]


def d3(folder: Path, *values: str, name: str = "d3_cpps_subsequent_plan_2013_to_2025.csv") -> Path:
    """A d3 file whose LA rows (old codes 801, 802, …) carry the given CPP_subsequent_percent cells."""
    rows = [f'2025,Reporting year,Local authority,E92000001,England,E12000009,South West,{801 + i},LA {i},'
            f'E0600{i:04d},"Plans",100,30,"{v}"' for i, v in enumerate(values)]
    return write(folder, name, f"{EES_AREA},category,CPP_start,CPP_subsequent,CPP_subsequent_percent", *rows)


# --- EES quirks ---------------------------------------------------------------------------------
def test_bom_quoted_comma_text_numbers_and_old_count_name(tmp_path):
    write(tmp_path, "cla_number_and_rate_per_10k_children.csv",
          f"{EES_AREA},population_type,population_estimate,number,rate_per_10000",
          f'{ENGLAND},{LOOKED_AFTER},12183016,"81,770",67',
          f"{SOUTH_WEST},{LOOKED_AFTER},1,5000,33.700000000000003",
          f"{BCP},{LOOKED_AFTER},1,c,x",
          f"{DEVON},Children starting to be looked after each year,1,335,z",
          bom=True)
    table, problems = read(tmp_path)
    assert not problems.errors and not problems.warnings
    assert list(table.columns) == PUBLISHED_COLUMNS
    england = one(table, indicator="chic.count_31mar", level="NATIONAL")
    assert (england.value, england.status, england.new_code, england["name"], england.region) == (
        81770, "", "E92000001", "England", "")
    assert pd.isna(england.old_la_code)
    region = one(table, indicator="chic.rate_per_10k", level="REGION")
    assert region.value == 33.7 and region["name"] == region.region == "South West"
    bcp = one(table, indicator="chic.count_31mar", level="LA")
    assert bcp["name"] == "Bournemouth, Christchurch and Poole"
    assert (bcp.old_la_code, bcp.new_code, bcp.region) == (839, "E06000058", "South West")
    assert math.isnan(bcp.value) and bcp.status == "c"
    assert one(table, indicator="chic.rate_per_10k", level="LA", old_la_code=839).status == "x"
    assert one(table, indicator="chic.starts", old_la_code=878).value == 335
    assert table.source.unique().tolist() == ["cla_number_and_rate_per_10k_children.csv"]
    assert table.old_la_code.dtype == "Int64" and table.value.dtype == "float64"
    assert set(table.period) == {"2025"}


@pytest.mark.parametrize("order", ["la_name,new_la_code", "new_la_code,la_name"])
def test_column_order_and_case_do_not_matter(tmp_path, order):
    header = EES_AREA.replace("la_name,new_la_code", order).upper()
    devon = DEVON if order.startswith("la_name") else DEVON.replace("Devon,E10000008", "E10000008,Devon")
    write(tmp_path, "d3_cpps_subsequent_plan_2013_to_2025.csv",
          f"{header},category,CPP_start,CPP_subsequent,CPP_SUBSEQUENT_PERCENT",
          f"{devon},Plans,806,243,30.1")
    table, problems = read(tmp_path)
    assert not problems.errors
    row = one(table, indicator="cp.repeat_ever_pct")
    assert (row["name"], row.new_code, row.old_la_code, row.value) == ("Devon", "E10000008", 878, 30.1)
    assert one(table, indicator="cp.starts").value == 806


def test_empty_quoted_codes_are_null(tmp_path):
    write(tmp_path, "d3_cpps_subsequent_plan_2013_to_2025.csv",
          f"{EES_AREA},category,CPP_start,CPP_subsequent,CPP_subsequent_percent",
          '2025,Reporting year,Regional,E92000001,England,E12000001,North East,,"","",Plans,4540,1240,27.2')
    table, _ = read(tmp_path)
    row = one(table, indicator="cp.repeat_ever_pct")
    assert (row.level, row.new_code, row["name"], row.region) == ("REGION", "E12000001", "North East", "North East")


def test_suppression_symbols(tmp_path):
    d3(tmp_path, "c", "x", "z", "k", "low", "u", "-", "", " 12 ", "1,234.5")
    table, problems = read(tmp_path)
    assert not problems.warnings
    rows = table[table.indicator == "cp.repeat_ever_pct"].sort_values("old_la_code")
    assert rows.status.tolist() == ["c", "x", "z", "k", "k", "u", "x", "x", "", ""]
    assert rows.value.isna().tolist() == [True] * 8 + [False, False]
    assert rows.value.tolist()[-2:] == [12, 1234.5]


def test_unrecognised_cell_is_one_warning_with_row_and_column(tmp_path):
    d3(tmp_path, "30.1", "abc", "n/a", "abc")
    table, problems = read(tmp_path)
    assert not problems.errors
    assert [str(w) for w in problems.warnings] == [
        'd3_cpps_subsequent_plan_2013_to_2025.csv › row 3 › cpp_subsequent_percent: "abc" is not a number or a '
        "known symbol; read as not available (2 more cells in this column) "
        "(expected a number or one of the symbols c x z k low u -)"]
    assert table[table.indicator == "cp.repeat_ever_pct"].status.tolist() == ["", "x", "x", "x"]


def test_float_noise_is_rounded_away(tmp_path):
    d3(tmp_path, "33.700000000000003", "16.899999999999999", "2.2000000000000002", "0.1")
    values = read(tmp_path)[0].query("indicator == 'cp.repeat_ever_pct'").value.tolist()
    assert values == [33.7, 16.9, 2.2, 0.1]


def test_span_period_is_the_year_it_ends(tmp_path):
    write(tmp_path, "ons_mid-year_population_estimates_2012_to_2024.csv",
          f"{EES_AREA},age_group,population_estimate",
          "202425" + DEVON[4:] + ",Children aged 0 to 17 years,148164",
          "2024" + DEVON[4:] + ",Children aged 0 to 17 years,148164",
          "2024" + DEVON[4:] + ",Children aged 0 to 4 years,30000")
    table, _ = read(tmp_path)
    assert sorted(table.period) == ["2024", "2025"]
    assert set(table.indicator) == {"population.under_18"}


def test_characteristics_national_file_and_label_case(tmp_path):
    write(tmp_path, "national_cla_on_31_march_by_characteristics.csv", NATIONAL_HEADER,
          f"{NATIONAL},Legal status,Care orders,65000,78",
          f"{NATIONAL},Legal status,VOLUNTARY AGREEMENTS UNDER  S20 CA 1989,11000,13",
          f"{NATIONAL},Age group,16 years and over,21000,26",
          f"{NATIONAL},Placement,Foster placements,56000,68",
          bom=True)
    table, problems = read(tmp_path)
    assert not problems.errors
    assert one(table, indicator="chic.legal_status_pct", breakdown="care_order").value == 78
    assert one(table, indicator="chic.legal_status_count", breakdown="care_order").value == 65000
    assert one(table, indicator="chic.legal_status_pct", breakdown="s20").value == 13
    assert one(table, indicator="chic.age_pct", breakdown="16_plus").level == "NATIONAL"
    assert len(table) == 6  # the placement row is not mapped


def test_authority_level_characteristics_beside_the_national_file(tmp_path):
    header = f"{EES_AREA},cla_group,characteristic,number,percentage"
    write(tmp_path, "la_cla_on_31_march_by_characteristics.csv", header,
          f"{ENGLAND},Gender,Male,45000,56", f"{DEVON},Gender,Male,480,57", f"{BCP},Gender,Female,c,c")
    write(tmp_path, "national_cla_on_31_march_by_characteristics.csv", NATIONAL_HEADER,
          f"{NATIONAL.replace('2024', '2025')},Gender,Male,45000,56")
    write(tmp_path, "la_children_who_started_to_be_looked_after_during_the_year.csv", header,
          f"{DEVON},Age on starting,Under 1 year,60,18", f"{DEVON},Age on starting,Total children,335,100")
    table, problems = read(tmp_path)
    assert not problems.errors
    male = table[(table.indicator == "chic.gender_pct") & (table.breakdown == "male")]
    assert sorted(male.level) == ["LA", "NATIONAL"]  # England once, from either file
    assert one(male, old_la_code=878).value == 57
    assert one(table, indicator="chic.gender_count", old_la_code=839).status == "c"
    assert one(table, indicator="chic.starts_age_pct", old_la_code=878).breakdown == "under_1"


CEASED_HEADER = f"{EES_AREA},cla_group,characteristic,number,percentage"


def ceased(area: str, **numbers) -> list[str]:
    labels = {"total": "Total", "died": "Died", "abroad": "Child moved abroad",
              "remand": "Accommodation on remand ended",
              "e4a": "Returned home to live with parents or other person with parental responsibility which was "
                     "part of the care planning process",
              "sgo": "Special guardianship order"}
    return [f'{area},Reason episode ceased,"{labels[k]}",{v},1' for k, v in numbers.items()]


def test_ceased_other_is_the_sum_of_the_remaining_reasons(tmp_path):
    write(tmp_path, "la_children_who_ceased_during_the_year.csv", CEASED_HEADER,
          *ceased(ENGLAND, total=200, died=6, abroad=14, remand=30, e4a=50, sgo=20),
          *ceased(DEVON, total=40, died="c", abroad=3, remand=0, e4a=10, sgo="c"),
          *ceased(BCP, total=0, died=0, abroad=0, remand=0))
    table, problems = read(tmp_path)
    assert not problems.errors
    other = table[table.breakdown == "other"]
    assert one(other, indicator="chic.ceased_reason_count", level="NATIONAL").value == 50
    assert one(other, indicator="chic.ceased_reason_pct", level="NATIONAL").value == 25
    assert 878 not in other.old_la_code.dropna().tolist()  # a part is suppressed: left out
    empty = one(other, indicator="chic.ceased_reason_pct", old_la_code=839)
    assert math.isnan(empty.value) and empty.status == "z"
    # a single published category keeps its published percentage (the national file's spelling)
    assert one(table, indicator="chic.ceased_reason_pct", breakdown="special_guardianship", level="NATIONAL").value == 1
    assert one(table, indicator="chic.ceased_reason_pct", breakdown="returned_home", level="NATIONAL").value == 25


def test_la_and_national_files_give_one_england_row(tmp_path):
    write(tmp_path, "la_children_who_ceased_during_the_year.csv", CEASED_HEADER,
          *ceased(ENGLAND, total=200, sgo=20))
    write(tmp_path, "national_children_who_ceased_to_be_looked_after_during_the_year.csv", NATIONAL_HEADER,
          *ceased(NATIONAL.replace("2024", "2025"), total=200, sgo=20))
    table, _ = read(tmp_path)
    assert one(table, indicator="chic.ceased_reason_count", breakdown="special_guardianship").value == 20


def test_latest_of_two_releases_is_read_and_the_other_named(tmp_path):
    d3(tmp_path, "10", name="d3_cpps_subsequent_plan_2013_to_2025.csv")
    d3(tmp_path, "20", name="d3_cpps_subsequent_plan_2013_to_2026.csv")
    table, problems = read(tmp_path)
    assert one(table, indicator="cp.repeat_ever_pct").value == 20
    assert [w.file for w in problems.warnings] == ["d3_cpps_subsequent_plan_2013_to_2025.csv"]


def test_unknown_files_are_ignored(tmp_path):
    write(tmp_path, "c1_children_in_need_referrals_2013_to_2025.csv", "anything,at,all", "1,2,3")
    table, problems = read(tmp_path)
    assert table.empty and list(table.columns) == PUBLISHED_COLUMNS
    assert not problems.errors and not problems.warnings


# --- malformed files: a problem naming the file, not a traceback ----------------------------------
def test_binary_junk_is_a_problem_naming_the_file(tmp_path):
    (tmp_path / "d3_cpps_subsequent_plan_2013_to_2025.csv").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "bds_long_0.parquet").write_bytes(b"PAR1 not really" + bytes(range(256)))
    d3(tmp_path, "5", name="d5_cpps_at31march_by_duration_2013_to_2025.csv")  # wrong columns for d5
    table, problems = read(tmp_path)
    files = {p.file for p in problems.errors}
    assert files == {"d3_cpps_subsequent_plan_2013_to_2025.csv", "bds_long_0.parquet",
                     "d5_cpps_at31march_by_duration_2013_to_2025.csv"}
    assert table.empty


def test_missing_required_column_names_file_and_column(tmp_path):
    write(tmp_path, "ons_mid-year_population_estimates_2012_to_2024.csv", "geographic_level,population_estimate",
          "National,1")
    _, problems = read(tmp_path)
    assert [str(p) for p in problems.errors] == [
        "ons_mid-year_population_estimates_2012_to_2024.csv › time_period: column is missing "
        "(expected an explore education statistics CSV (time_period, geographic_level, …))"]


def test_missing_value_column_loses_only_its_measures(tmp_path):
    write(tmp_path, "cla_number_and_rate_per_10k_children.csv",
          f"{EES_AREA},population_type,rate_per_10000", f"{DEVON},{LOOKED_AFTER},57")
    table, problems = read(tmp_path)
    assert [str(p) for p in problems.errors] == [
        "cla_number_and_rate_per_10k_children.csv › children_count: column is missing "
        "(expected children_count or number)"]
    assert table.indicator.tolist() == ["chic.rate_per_10k"]


def test_empty_file_is_a_problem(tmp_path):
    (tmp_path / "la_care_leavers_intouch.csv").write_text("")
    _, problems = read(tmp_path)
    assert [p.file for p in problems.errors] == ["la_care_leavers_intouch.csv"]


# --- LAIT ---------------------------------------------------------------------------------------
LAIT_ROWS = [
    "CPP_rate,Rate of children who were the subject of a child protection plan,2017,Devon,31.1,878,South West",
    "CPP_rate,,2025,Devon,39,878,South West",
    "CPP_rate,,2025,England,40.6,970,NA",
    "CPP_rate,,2025,Yorkshire and the Humber,38.30000000000000,982,NA",
    "CPP_rate,,2025,London (Inner),-,987,NA",
    'CPP_rate,,2025,"Bournemouth, Christchurch and Poole",,839,South West',
    "CPP_rate,,2014-16,Devon,12,878,South West",
    "RTA,Killed or seriously injured,2025,Devon,12,878,South West",
    "CareLeaverEET,,2025,Devon,47,878,South West",
]


def check_lait(table: pd.DataFrame, source: str) -> None:
    cp = table[table.indicator == "cp.rate_per_10k"]
    assert one(cp, old_la_code=878, period="2017").value == 31.1
    devon = one(cp, old_la_code=878, period="2025")
    assert (devon.level, devon["name"], devon.region, devon.source) == ("LA", "Devon", "South West", source)
    assert pd.isna(devon.new_code)
    england = one(cp, level="NATIONAL")
    assert (england.value, england["name"], england.region) == (40.6, "England", "")
    yorkshire = one(cp, level="REGION", name="Yorkshire and the Humber")
    assert (yorkshire.value, yorkshire.region) == (38.3, "Yorkshire and the Humber")
    inner = one(cp, name="London (Inner)")
    assert (inner.level, inner.status) == ("REGION", "x") and math.isnan(inner.value)
    assert one(cp, old_la_code=839).status == "x"
    assert len(cp) == 6  # the 2014-16 row is not a single year
    assert one(table, indicator="leavers.activity_pct", breakdown="eet").value == 47
    assert set(table.indicator) == {"cp.rate_per_10k", "leavers.activity_pct"}


def test_lait_csv(tmp_path):
    write(tmp_path, "bds_long_0.csv", LAIT_HEADER, *LAIT_ROWS, bom=True)
    table, problems = read(tmp_path)
    assert not problems.errors and not problems.warnings
    check_lait(table, "bds_long_0.csv")


def test_lait_parquet(tmp_path):
    csv = write(tmp_path / "..", "lait_source.csv", LAIT_HEADER, *LAIT_ROWS)
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    frame["LA Number"] = frame["LA Number"].astype(float)  # as in the real file
    frame.to_parquet(tmp_path / "bds_long_0.parquet", index=False)
    table, problems = read(tmp_path)
    assert not problems.errors
    check_lait(table, "bds_long_0.parquet")


def test_ees_wins_over_lait(tmp_path):
    write(tmp_path, "bds_long_0.csv", LAIT_HEADER,
          "PrevRegCPR,,2025,Devon,99,878,South West",
          "PrevRegCPR,,2016,Devon,22.4,878,South West",
          "PrevRegCPR,,2025,Yorkshire and the Humber,98,982,NA",
          "PrevRegCPR,,2025,England,97,970,NA")
    write(tmp_path, "d3_cpps_subsequent_plan_2013_to_2025.csv",
          f"{EES_AREA},category,CPP_start,CPP_subsequent,CPP_subsequent_percent",
          f"{DEVON},Plans,806,243,30.1",
          f"{ENGLAND},Plans,61840,15130,24.5",
          "2025,Reporting year,Regional,E92000001,England,E12000003,Yorkshire and The Humber,,,,Plans,1,1,27")
    table, _ = read(tmp_path)
    repeat = table[table.indicator == "cp.repeat_ever_pct"]
    assert one(repeat, old_la_code=878, period="2025").value == 30.1
    assert one(repeat, old_la_code=878, period="2016").source == "bds_long_0.csv"
    assert one(repeat, level="REGION")["name"] == "Yorkshire and The Humber"
    assert one(repeat, level="NATIONAL").value == 24.5


# --- comparator groups --------------------------------------------------------------------------
def test_statistical_neighbours_2021_layout(tmp_path):
    path = write(tmp_path, "groupings.csv",
                 "LA num,LA Name,LA number,GOInd,GOReg," + ",".join(f"SN{i},SNP" for i in range(1, 11)) + ",",
                 '839,"Bournemouth, Christchurch & Poole",839,7,South West,'
                 + ",".join(f"{900 + i},Very Close" for i in range(10)) + ",",
                 "878,Devon,878,7,South West," + ",".join(f"{800 + i},Close" for i in (5, 3, 1, 2, 4, 6, 7, 8, 9, 0))
                 + ",", bom=True)
    assert read_statistical_neighbours(path, 878) == [805, 803, 801, 802, 804, 806, 807, 808, 809, 800]
    assert read_statistical_neighbours(path, 839)[:2] == [900, 901]
    with pytest.raises(ValueError, match="999 is not listed"):
        read_statistical_neighbours(path, 999)


def test_statistical_neighbours_2025_layout(tmp_path):
    columns = ",".join(f"SN_{i},SN_{i}P" for i in range(1, 11))
    path = write(tmp_path, "sn_model_2025_wide.csv", f"old_la_code,la_name,region_ind,region_name,{columns}",
                 "878,Devon,7,South West," + ",".join(f"{n},Close " for n in range(850, 860)), bom=True)
    assert read_statistical_neighbours(path, 878) == list(range(850, 860))


def test_statistical_neighbours_wrong_file(tmp_path):
    path = write(tmp_path, "x.csv", "a,b", "1,2")
    with pytest.raises(ValueError, match="x.csv"):
        read_statistical_neighbours(path, 878)


def ofsted(path: Path, header_row: int = 2) -> Path:
    notes = [["Local authority inspection judgements as at 31 March 2025", "", "", "", ""],
             ["This worksheet contains one table.", "", "", "", ""]]
    rows = notes[:header_row] + [
        ["Web link", "Local authority area code", "Local authority name", "Ofsted region", "Overall effectiveness"],
        ["link", "E09000003", "Barnet", "London", "Good"],
        ["link", "E10000008", "Devon", "South West", "Inadequate"],
        ["link", "E06000014", "York", "North East", " outstanding "],
        ["link", "E09000002", "Barking and Dagenham", "London", "Requires improvement to be good"],
    ]
    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame(rows).to_excel(writer, sheet_name="Cover", header=False, index=False)
        pd.DataFrame(rows).to_excel(writer, sheet_name="Inspections_as_at_31_March", header=False, index=False)
    return path


@pytest.mark.parametrize("header_row", [2, 1])
def test_good_authorities(tmp_path, header_row):
    path = ofsted(tmp_path / "LA_Inspection_Outcomes_as_at_31_March_2025.ods", header_row)
    assert read_good_authorities(path) == ["E09000003", "E06000014"]


def test_good_authorities_not_a_spreadsheet(tmp_path):
    path = tmp_path / "outcomes.ods"
    path.write_bytes(b"junk")
    with pytest.raises(ValueError, match="outcomes.ods"):
        read_good_authorities(path)


def test_area_lookup_takes_the_latest_ons_code(tmp_path):
    table = pd.DataFrame({
        "indicator": "x", "period": ["2021", "2025", "2025", "2025"], "level": ["LA", "LA", "LA", "NATIONAL"],
        "old_la_code": pd.array([815, 815, 878, None], dtype="Int64"),
        "new_code": ["E10000023", "E06000065", None, "E92000001"],
        "name": ["North Yorkshire", "North Yorkshire", "Devon", "England"],
        "region": ["Yorkshire and The Humber"] * 2 + ["South West", ""],
        "breakdown": "", "value": 1.0, "status": "", "source": "f"})
    lookup = area_lookup(table)
    assert lookup.columns.tolist() == ["old_la_code", "new_code", "name", "region"]
    assert lookup.old_la_code.tolist() == [815, 878]
    assert lookup.new_code.tolist()[0] == "E06000065"


# --- the map itself -----------------------------------------------------------------------------
def test_every_mapped_id_and_breakdown_is_declared():
    records = [*pmap.EES, *pmap.LAIT]
    undeclared = [(r.indicator, r.breakdown) for r in records
                  if r.breakdown not in pmap.INDICATORS.get(r.indicator, ())]
    assert not undeclared
    assert {r.family for r in pmap.EES} <= set(pmap.EES_FILES)


def test_no_two_records_claim_the_same_figure():
    keys = [(r.family, r.indicator, r.breakdown) for r in pmap.EES] + [(r.indicator, r.breakdown) for r in pmap.LAIT]
    assert len(keys) == len(set(keys))
