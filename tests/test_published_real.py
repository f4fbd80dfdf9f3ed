"""The readers on the real DfE, ONS and Ofsted files in ../shared (never copied into this repository)."""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.extract import published_map as pmap
from pipeline.extract.published import (PUBLISHED_COLUMNS, area_lookup, read_good_authorities, read_published,
                                        read_statistical_neighbours)
from pipeline.problems import Problems

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "published"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the real published files are not at {SHARED} "
                                "(they sit in ../shared beside the checkout and are never committed)")
DEVON, BARNET = 878, "E09000003"
NEIGHBOURS_2021 = SHARED / "reference" / "New_Statistical_Neighbour_Groupings_April_2021.csv"
OFSTED = SHARED / "reference" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> tuple[pd.DataFrame, Problems, float]:
    """The EES and LAIT files in one flat folder, as data/raw/published/ holds them; read once."""
    folder = tmp_path_factory.mktemp("published")
    for source in [*(SHARED / "ees").iterdir(), *(SHARED / "lait").iterdir()]:
        (folder / source.name).symlink_to(source)
    problems = Problems()
    start = time.perf_counter()
    table = read_published(folder, problems)
    return table, problems, time.perf_counter() - start


@pytest.fixture(scope="module")
def table(real) -> pd.DataFrame:
    return real[0]


def value(table: pd.DataFrame, indicator: str, period: str, breakdown: str = "", **area) -> pd.Series:
    rows = table[(table.indicator == indicator) & (table.period == period) & (table.breakdown == breakdown)]
    for column, wanted in area.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1, f"{len(rows)} rows for {indicator} {period} {area}"
    return rows.iloc[0]


def test_reads_cleanly_and_quickly(real):
    table, problems, seconds = real
    assert not problems.errors and not problems.warnings
    assert list(table.columns) == PUBLISHED_COLUMNS
    assert seconds < 10  # about 1.5 s; the whole test set must stay fast


def test_devon_children_looked_after_2025(table):
    count = value(table, "chic.count_31mar", "2025", old_la_code=DEVON)
    assert (count.value, count["name"], count.new_code, count.region) == (849, "Devon", "E10000008", "South West")
    assert count.source == "cla_number_and_rate_per_10k_children.csv"
    assert value(table, "chic.rate_per_10k", "2025", old_la_code=DEVON).value == 57


def test_population_keeps_the_mid_year(table):
    population = value(table, "population.under_18", "2024", old_la_code=DEVON)
    assert population.value == 148164
    assert population.source.startswith("ons_mid-year_population_estimates_")
    assert "2025" not in set(table[table.indicator == "population.under_18"].period)


def test_lait_child_protection(table):
    assert value(table, "cp.rate_per_10k", "2017", old_la_code=DEVON).value == 31.1
    assert value(table, "cp.rate_per_10k", "2025", old_la_code=DEVON).value == 39.0
    icpc = value(table, "cp.icpc_timely_pct", "2017", old_la_code=DEVON)
    assert (icpc.value, icpc.source, icpc.level) == (85.4, "bds_long_0.parquet", "LA")
    assert value(table, "cp.rate_per_10k", "2025", level="NATIONAL").value == 40.6


def test_repeat_plans_come_from_ees_where_published(table):
    repeat = value(table, "cp.repeat_ever_pct", "2025", old_la_code=DEVON)
    assert (repeat.value, repeat.source) == (30.1, "d3_cpps_subsequent_plan_2013_to_2025.csv")


def test_england_and_region(table):
    england = value(table, "chic.count_31mar", "2025", level="NATIONAL")
    assert (england.value, england["name"], england.new_code, england.region) == (81770, "England", "E92000001", "")
    south_west = value(table, "chic.count_31mar", "2025", level="REGION", name="South West")
    assert south_west.region == "South West" and south_west.value > 0
    lait_region = value(table, "cp.rate_per_10k", "2025", level="REGION", name="South West")
    assert lait_region.source == "bds_long_0.parquet"


def test_ees_wins_over_lait(table):
    keys = table.assign(area=table.old_la_code.astype("string").fillna(table.name.str.casefold()))
    assert not keys.duplicated(["indicator", "period", "level", "area", "breakdown"]).any()
    eet = table[(table.indicator == "leavers.activity_pct") & (table.breakdown == "eet")]
    sources = eet[eet.value.notna()].groupby("period").source.agg(set)
    # LAIT has 2025 too, and is dropped (bar its empty rows for Bournemouth, Poole and Dorset before 2019)
    assert sources["2025"] == {"la_care_leavers_activity.csv"}
    assert sources["2019"] == {"bds_long_0.parquet"}  # only LAIT goes back before 2021
    # LAIT's Inner London ("London (Inner)") is EES's "Inner London": one row, EES's
    inner = table[(table.indicator == "chic.rate_per_10k") & (table.period == "2025")
                  & table.name.isin(["Inner London", "London (Inner)"])]
    assert inner.source.tolist() == ["cla_number_and_rate_per_10k_children.csv"]


def test_every_id_produced_is_declared(table):
    produced = table[["indicator", "breakdown"]].drop_duplicates()
    undeclared = [tuple(r) for r in produced.itertuples(index=False)
                  if r.breakdown not in pmap.INDICATORS.get(r.indicator, ())]
    assert not undeclared
    assert set(pmap.INDICATORS) - set(table.indicator) <= {
        # only the authority-level versions of these files have them, and ../shared has the national ones
        "chic.legal_status_pct", "chic.legal_status_count", "chic.age_pct", "chic.age_count",
        "chic.gender_pct", "chic.gender_count", "chic.ethnicity_pct", "chic.ethnicity_count",
        "chic.starts_age_pct", "chic.starts_age_count"} - set(table.indicator)


def test_every_reason_ceased_is_mapped():
    """`other` is the sum of the reasons not mapped elsewhere, so every published reason must be known."""
    known = set()
    for record in pmap.EES:
        if record.family == "cla_ceased":
            labels = record.parts if isinstance(record, pmap.Sum) else dict(record.where)["characteristic"]
            known |= {label.casefold() for label in labels}
    for name in ("la_children_who_ceased_during_the_year.csv",
                 "national_children_who_ceased_to_be_looked_after_during_the_year.csv"):
        frame = pd.read_csv(SHARED / "ees" / name, dtype=str, keep_default_na=False)
        reasons = set(frame.loc[frame.cla_group == "Reason episode ceased", "characteristic"].str.casefold())
        assert reasons - known == {"total"}, name


def test_ceased_reasons_add_up_for_england(table):
    reasons = table[(table.indicator == "chic.ceased_reason_count") & (table.period == "2024")
                    & (table.level == "NATIONAL")]
    assert set(reasons.breakdown) == pmap.CEASED_REASONS
    # each published reason counted once: the sum of DfE's 17 rounded counts (its rounded total is 33,620)
    assert reasons.value.sum() == 33650
    pct = table[(table.indicator == "chic.ceased_reason_pct") & (table.period == "2024") & (table.level == "NATIONAL")]
    assert value(pct, "chic.ceased_reason_pct", "2024", "other").value == pytest.approx(100 * 5920 / 33620)


def test_health_outcomes(table):
    assert value(table, "chic.sdq_mean", "2025", old_la_code=DEVON).value == 16.8
    assert value(table, "chic.sdq_mean", "2025", level="NATIONAL").value == 14.9
    assert value(table, "chic.sdq_concern_pct", "2025", level="NATIONAL").value == 42
    assert value(table, "chic.health_pct", "2025", "development", level="NATIONAL").value == 88
    assert value(table, "chic.substance_intervention_pct", "2025", "refused", level="NATIONAL").value == 44
    suppressed = value(table, "chic.substance_misuse_pct", "2025", old_la_code=DEVON)
    assert suppressed.status == "c" and pd.isna(suppressed.value)


def test_care_leavers(table):
    activity = {b: value(table, "leavers.activity_pct", "2025", b, old_la_code=DEVON).value
                for b in ("eet", "neet", "no_information")}
    assert activity == {"eet": 47, "neet": 48, "no_information": 5}
    assert value(table, "leavers.in_touch_pct", "2022", old_la_code=DEVON).value == 88


def test_statistical_neighbours():
    assert read_statistical_neighbours(NEIGHBOURS_2021, DEVON) == [933, 893, 838, 884, 908, 916, 935, 865, 885, 926]
    model_2025 = read_statistical_neighbours(SHARED / "reference" / "sn_model_2025_wide.csv", DEVON)
    assert len(model_2025) == 10 and DEVON not in model_2025


def test_good_authorities_map_to_old_codes(table):
    good = read_good_authorities(OFSTED)
    assert BARNET in good and "E10000008" not in good  # Devon is Inadequate
    assert len(good) == 103  # 67 Good, 36 Outstanding
    lookup = area_lookup(table)
    assert lookup.old_la_code.is_unique
    assert set(good) <= set(lookup.new_code.dropna())
    assert lookup.loc[lookup.new_code == BARNET, "old_la_code"].tolist() == [302]
