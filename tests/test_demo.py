"""The demo data set: valid workbooks, deterministic bytes, plausible sizes, real published layouts."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.demo import DEMO, generate
from pipeline.synthetic import MARKER
from pipeline.extract.schema import CHIC, CP, LADO, WORKBOOKS
from pipeline.extract.sources import read_year_workbook
from pipeline.problems import Problems

YEARS = (2024, 2025)
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "published"
EES = ["cla_number_and_rate_per_10k_children.csv", "la_children_who_ceased_during_the_year.csv",
       "la_conviction_health_outcome_cla.csv", "la_care_leavers_activity.csv", "la_care_leavers_intouch.csv",
       "d3_cpps_subsequent_plan_2013_to_2025.csv", "d5_cpps_at31march_by_duration_2013_to_2025.csv",
       "b1_children_in_need_2013_to_2025.csv", "ons_mid-year_population_estimates_2012_to_2024.csv",
       "la_cla_on_31_march_by_characteristics.csv", "la_children_who_started_to_be_looked_after_during_the_year.csv"]
# The authority-level versions of these two are not in ../shared: their national versions are.
NATIONAL = {"la_cla_on_31_march_by_characteristics.csv": "national_cla_on_31_march_by_characteristics.csv",
            "la_children_who_started_to_be_looked_after_during_the_year.csv":
                "national_cla_started_to_be_looked_after.csv"}
LA_COLUMNS = ["region_code", "region_name", "old_la_code", "la_name", "new_la_code"]


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("raw")
    generate(folder, years=YEARS)
    return folder


@pytest.fixture(scope="module")
def tables(raw) -> dict:
    """Every workbook as the pipeline reads it, with the problems found."""
    out = {}
    for year in YEARS:
        for workbook in WORKBOOKS:
            problems = Problems()
            out[(year, workbook.name)] = (read_year_workbook(raw / str(year), workbook, year, DEMO.localities, problems),
                                          problems)
    return out


def _real(name: str) -> Path | None:
    found = sorted(REAL.rglob(name)) if REAL.is_dir() else []
    return found[0] if found else None


def _first_line(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.readline()


def _in_care_at_31_march(chic: dict) -> pd.DataFrame:
    e = chic["episodes"]
    return e[e["dec"].isna() & ~e["ls"].isin(["V3", "V4"])].drop_duplicates("child")


def test_every_workbook_passes_validation(tables):
    for (year, name), (sheets, problems) in tables.items():
        assert not problems.errors, f"{year} {name}: " + "\n".join(map(str, problems.errors[:10]))
        assert sheets and all(len(frame) for sheet, frame in sheets.items() if sheet != "uasc"), (year, name)


def test_same_seed_gives_identical_bytes(raw, tmp_path):
    generate(tmp_path, years=YEARS)
    files = sorted(p.relative_to(raw) for p in raw.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    different = [str(f) for f in files if (raw / f).read_bytes() != (tmp_path / f).read_bytes()]
    assert not different


@pytest.mark.parametrize("year", YEARS)
def test_headline_sizes_are_plausible(tables, year):
    chic, cp, lado = (tables[(year, w.name)][0] for w in (CHIC, CP, LADO))
    in_care = _in_care_at_31_march(chic)
    assert 600 <= len(in_care) <= 800
    sex = in_care["child"].map(chic["header"].set_index("child")["sex"])
    assert 0.55 <= (sex == "1").mean() <= 0.65
    assert 0.55 <= in_care["ls"].isin(["C1", "C2"]).mean() <= 0.75
    plans = cp["plans"][cp["plans"]["cpp_end"].isna()]
    assert 380 <= plans["child"].nunique() <= 520
    assert plans["latest_category"].value_counts().idxmax() == "NEG"
    received = lado["referrals"]["date_received"]
    in_year = received[(received >= pd.Timestamp(year - 1, 4, 1)) & (received <= pd.Timestamp(year, 3, 31))]
    assert 500 <= len(in_year) <= 700
    months = in_year.dt.month.value_counts()
    assert months.idxmax() == 3 and (months.drop(3) < months[3]).all()


def test_short_breaks_and_edge_dates_are_present(tables):
    chic = tables[(YEARS[-1], "chic")][0]
    e = chic["episodes"]
    assert (e["dec"].isna() & e["ls"].isin(["V3", "V4"])).any()
    assert (e["rec"] == "X1").any()
    assert len(chic["oc2"]) > 0.6 * len(_in_care_at_31_march(chic))


def test_published_files_have_the_real_header_lines(raw):
    """Exactly DfE's header, with one column added at the end to mark the file as synthetic."""
    if not REAL.is_dir():
        pytest.skip(f"real published files not found at {REAL}; only the demo's own files were checked")
    for name in EES + ["New_Statistical_Neighbour_Groupings_April_2021.csv"]:
        ours = raw / "published" / name
        assert ours.is_file(), name
        if name in NATIONAL:
            national = pd.read_csv(_real(NATIONAL[name]), nrows=0, encoding="utf-8-sig").columns.tolist()
            expected = national[:5] + LA_COLUMNS + national[5:]
            assert pd.read_csv(ours, nrows=0, encoding="utf-8-sig").columns.tolist() == [*expected, MARKER], name
        else:
            real = _first_line(_real(name)).rstrip(b"\r\n")
            marker = ("" if real.endswith(b",") else ",") + MARKER
            assert _first_line(ours).rstrip(b"\r\n") == real + marker.encode(), name
    ours = pq.read_schema(raw / "published" / "bds_long_0.parquet")
    real = pq.read_schema(_real("bds_long_0.parquet"))
    assert [(f.name, str(f.type)) for f in ours] == [(f.name, str(f.type)) for f in real]
    ods = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
    ours_ods = pd.read_excel(raw / "published" / ods, sheet_name=None, header=None, engine="odf")
    real_ods = pd.read_excel(_real(ods), sheet_name=None, header=None, engine="odf")
    assert list(ours_ods) == list(real_ods)
    for sheet in ("Inspections_as_at_31_March", "In-year_inspections", "ILACS_inspection_history"):
        assert ours_ods[sheet].iloc[2].tolist() == real_ods[sheet].iloc[2].tolist(), sheet


def test_published_files_cover_demoshire_england_and_the_south_west(raw):
    for name in EES:
        frame = pd.read_csv(raw / "published" / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        assert (frame["la_name"] == DEMO.name).any(), name
        assert ((frame["geographic_level"] == "National") & (frame["country_name"] == "England")).any(), name
        assert ((frame["geographic_level"] == "Regional") & (frame["region_name"] == "South West")).any(), name
        assert frame["time_period"].astype(int).max() == YEARS[-1] - 1, name
    lait = pd.read_parquet(raw / "published" / "bds_long_0.parquet")
    assert {DEMO.name, "England", "South West"} <= set(lait["LA and Regions"])
    neighbours = pd.read_csv(raw / "published" / "New_Statistical_Neighbour_Groupings_April_2021.csv",
                             encoding="utf-8-sig", dtype=str)
    row = neighbours[neighbours["LA Name"] == DEMO.name]
    assert len(row) == 1 and row.filter(regex=r"^SN\d+$").notna().sum(axis=1).item() == 10


def test_demoshire_published_count_matches_its_workbook(raw, tables):
    year = YEARS[0]
    cla = pd.read_csv(raw / "published" / "cla_number_and_rate_per_10k_children.csv", dtype=str,
                      encoding="utf-8-sig")
    mine = cla[(cla["la_name"] == DEMO.name) & (cla["time_period"] == str(year))
               & (cla["population_type"] == "Children looked after on 31 March each year")]
    assert int(mine["children_count"].item()) == len(_in_care_at_31_march(tables[(year, "chic")][0]))
    population = pd.read_csv(raw / "published" / "ons_mid-year_population_estimates_2012_to_2024.csv", dtype=str)
    mid = population[(population["la_name"] == DEMO.name) & (population["time_period"] == str(year - 1))]
    assert abs(int(mid["population_estimate"].item()) - DEMO.population) < 0.01 * DEMO.population
