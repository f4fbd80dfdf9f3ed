"""Comparators (published values and unweighted group means) and RAG ratings, by hand and on the real
published files for Devon."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pipeline import table
from pipeline.config import Authority, Target
from pipeline.extract.published import PUBLISHED_COLUMNS, read_published
from pipeline.extract.run import extract_published
from pipeline.problems import Problems
from pipeline.transform.comparators import comparator_rows
from pipeline.transform.rag import apply_rag
from tests.conftest import PUBLISHED, needs_shared

TOWN = Authority("Town", 100, "E06000100", "South West")


def published(*rows) -> pd.DataFrame:
    frame = pd.DataFrame([dict(zip(["indicator", "period", "level", "old_la_code", "name", "value", "status"], r))
                          for r in rows])
    frame["breakdown"] = ""
    frame["source"] = "file.csv"
    frame["new_code"] = None
    frame["region"] = ""
    frame["old_la_code"] = frame.old_la_code.astype("Int64")
    return frame[PUBLISHED_COLUMNS]


def test_group_means_are_unweighted_and_never_treat_suppressed_members_as_absent():
    data = published(("chic.rate_per_10k", "2024", "LA", 100, "Town", 50.0, ""),
                     ("chic.rate_per_10k", "2024", "LA", 201, "A", 40.0, ""),
                     ("chic.rate_per_10k", "2024", "LA", 202, "B", 70.0, ""),
                     ("chic.rate_per_10k", "2024", "LA", 203, "C", np.nan, "c"),
                     ("chic.rate_per_10k", "2024", "LA", 204, "D", 55.0, ""),
                     ("chic.rate_per_10k", "2024", "NATIONAL", None, "England", 67.0, ""),
                     ("chic.rate_per_10k", "2024", "REGION", None, "south west", 52.0, ""))
    rows = comparator_rows(data, TOWN, {"statistical_neighbours": [201, 202, 203, 204], "good_authorities": [202]},
                           ["2024"]).set_index("area_type")
    # 3 of 4 publish (at least half, and 3): the mean of 40, 70 and 55
    assert rows.loc["STAT_NEIGHBOURS", "value"] == 55.0 and rows.loc["STAT_NEIGHBOURS", "denominator"] == 3
    assert rows.loc["GOOD_LAS", "value"] == 70.0  # a group of one: its one member
    assert rows.loc["ENGLAND", "value"] == 67.0 and rows.loc["REGION", "value"] == 52.0  # names match in any case
    assert rows.loc["LA_PUBLISHED", "value"] == 50.0 and rows.loc["LA_PUBLISHED", "source"] == "file.csv"


def test_a_group_mean_is_withheld_when_too_few_members_publish_or_suppressed_counts_leave_it_unsure():
    custody = [("chic.ceased_reason_pct", "2024", "LA", 200 + i, f"N{i}", 0.0 if i < 4 else np.nan,
                "" if i < 4 else "c") for i in range(10)]
    counts = [("chic.uasc_count", "2024", "LA", 200 + i, f"N{i}", v, s)
              for i, (v, s) in enumerate([(10, ""), (12, ""), (14, ""), (np.nan, "c"), (20, ""), (30, ""), (8, ""),
                                          (9, ""), (11, ""), (15, "")])]
    uasc_unsure = [("chic.starts", "2024", "LA", 200 + i, f"N{i}", v, s)
                   for i, (v, s) in enumerate([(10, ""), (12, ""), (np.nan, "c"), (np.nan, "c"), (np.nan, "c"),
                                               (30, ""), (8, ""), (9, ""), (11, ""), (16, "")])]
    rows = comparator_rows(published(*custody, *counts, *uasc_unsure), TOWN,
                           {"statistical_neighbours": list(range(200, 210))}, ["2024"]).set_index("indicator")
    # 'Sentenced to custody': 4 of 10 publish 0%, the 6 suppressed had 1 to 5 children: no mean, not 0%
    assert np.isnan(rows.loc["chic.ceased_reason_pct", "value"])
    assert rows.loc["chic.ceased_reason_pct", "status"] == "x"
    # one suppressed count among 10: (129 + 1) / 10 = 13.0 and (129 + 5) / 10 = 13.4, less than a child apart
    assert rows.loc["chic.uasc_count", "value"] == 13.2
    # three suppressed: (96 + 3) / 10 = 9.9 and (96 + 15) / 10 = 11.1, more than a child apart: no mean
    assert np.isnan(rows.loc["chic.starts", "value"])


def rag_table(*rows) -> pd.DataFrame:
    cols = ["indicator", "period", "area_type", "area", "breakdown", "value", "unit"]
    return table.conform(pd.DataFrame([dict(zip(cols, r)) for r in rows]))


@pytest.mark.parametrize("value,expected", [(95, "GREEN"), (90, "GREEN"), (89.9, "AMBER"), (80, "AMBER"),
                                            (79.9, "RED")])
def test_higher_is_better_thresholds_are_inclusive(value, expected):
    rows = rag_table(("cp.icpc_timely_pct", "2025", "LA", "X", "", value, "percent"))
    out = apply_rag(rows, {"cp.icpc_timely_pct": Target(True, green_at=90, amber_at=80)})
    assert out.rag.iloc[0] == expected


@pytest.mark.parametrize("value,expected", [(55, "GREEN"), (60, "GREEN"), (65, "AMBER"), (70, "AMBER"), (71, "RED")])
def test_lower_is_better_thresholds_are_mirrored(value, expected):
    rows = rag_table(("iru.iro_caseload", "2025", "LA", "X", "", value, "ratio"))
    out = apply_rag(rows, {"iru.iro_caseload": Target(False, green_at=60, amber_at=70)})
    assert out.rag.iloc[0] == expected


@pytest.mark.parametrize("value,expected", [(12, "GREEN"), (15, "GREEN"), (16.5, "AMBER"), (17, "RED")])
def test_relative_targets_compare_with_the_comparators_latest_year(value, expected):
    rows = rag_table(("cp.repeat_2y_pct", "2025", "LA", "X", "", value, "percent"),
                     ("cp.repeat_2y_pct", "2023", "STAT_NEIGHBOURS", "SN", "", 40, "percent"),
                     ("cp.repeat_2y_pct", "2024", "STAT_NEIGHBOURS", "SN", "", 15, "percent"),
                     ("cp.repeat_2y_pct", "2025", "ENGLAND", "England", "", 1, "percent"))
    target = Target(False, compare_to="STAT_NEIGHBOURS", amber_within_pct=10)
    out = apply_rag(rows, {"cp.repeat_2y_pct": target})
    assert out[out.area_type == "LA"].rag.iloc[0] == expected  # within 10% of 15 is up to 16.5
    assert set(out[out.area_type != "LA"].rag) == {""}


def test_a_relative_target_is_met_when_the_comparator_lies_inside_the_interval():
    # 17 of 100 is 17%, worse than 15% by more than 10%; but its Wilson interval is 10.9% to 25.6%, so it is in line
    # with the comparator, as the findings say, and a RAG note cannot call it worse; 180 of 1,000 (15.7% to 20.5%)
    # is worse, by more than 10%
    rows = table.conform(pd.DataFrame([
        {"indicator": "cp.repeat_2y_pct", "period": "2025", "area_type": "LA", "area": "X", "value": n / d * 100,
         "numerator": n, "denominator": d, "unit": "percent", "breakdown": b} for n, d, b in ((17, 100, ""),
                                                                                            (180, 1000, "x"))]
        + [{"indicator": "cp.repeat_2y_pct", "period": "2024", "area_type": "STAT_NEIGHBOURS", "area": "SN",
            "value": 15.0, "unit": "percent", "breakdown": b} for b in ("", "x")]))
    target = Target(False, compare_to="STAT_NEIGHBOURS", amber_within_pct=10)
    out = apply_rag(rows, {"cp.repeat_2y_pct": target, "cp.repeat_2y_pct:x": target})
    assert list(out[out.area_type == "LA"].sort_values("breakdown").rag) == ["GREEN", "RED"]


def test_a_missing_value_or_comparator_gets_no_rag():
    rows = rag_table(("cp.repeat_2y_pct", "2025", "LA", "X", "", np.nan, "percent"),
                     ("reviews.timely_pct", "2025", "LA", "X", "", 99, "percent"))
    out = apply_rag(rows, {"cp.repeat_2y_pct": Target(False, compare_to="REGION", amber_within_pct=5),
                           "reviews.timely_pct": Target(True, compare_to="REGION", amber_within_pct=5)})
    assert list(out.rag) == ["", ""]


# --- the real files ---------------------------------------------------------------------------------
DEVON = Authority("Devon", 878, "E10000008", "South West")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    if not PUBLISHED.is_dir():
        pytest.skip(f"the real published files are not at {PUBLISHED}")
    folder = tmp_path_factory.mktemp("published")
    for sub in ("ees", "lait", "reference"):
        for path in (PUBLISHED / sub).iterdir():
            if path.suffix in (".csv", ".parquet", ".ods"):
                (folder / path.name).symlink_to(path)
    problems = Problems()
    data = read_published(folder, problems)

    class Config:  # the few settings extract_published reads
        published = folder
        authority = DEVON
        statistical_neighbours = "New_Statistical_Neighbour_Groupings_April_2021.csv"
        good_authorities = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"

    _, groups = extract_published(Config, Problems())
    rows = comparator_rows(data, DEVON, groups, ["2024", "2025"])
    return data, groups, rows


@needs_shared
@pytest.mark.parametrize("period", ["2024", "2025"])
def test_devon_comparators_equal_the_published_values_or_the_members_means(real, period):
    data, groups, rows = real
    assert groups["statistical_neighbours"] == [933, 893, 838, 884, 908, 916, 935, 865, 885, 926]
    assert 878 not in groups["good_authorities"] and len(groups["good_authorities"]) > 50
    mine = rows[(rows.indicator == "chic.rate_per_10k") & (rows.period == period) & (rows.breakdown == "")]
    mine = mine.set_index("area_type").value
    rate = data[(data.indicator == "chic.rate_per_10k") & (data.period == period) & (data.breakdown == "")]
    england = rate[rate.level == "NATIONAL"].value.iloc[0]
    south_west = rate[(rate.level == "REGION") & (rate.name.str.casefold() == "south west")].value.iloc[0]
    devon = rate[(rate.level == "LA") & (rate.old_la_code == 878)].value.iloc[0]
    members = rate[(rate.level == "LA")].set_index("old_la_code").value
    assert (mine["ENGLAND"], mine["REGION"], mine["LA_PUBLISHED"]) == (england, south_west, devon)
    sn = [members[c] for c in groups["statistical_neighbours"] if c in members and not math.isnan(members[c])]
    good = [members[c] for c in groups["good_authorities"] if c in members and not math.isnan(members[c])]
    assert mine["STAT_NEIGHBOURS"] == pytest.approx(sum(sn) / len(sn))
    assert mine["GOOD_LAS"] == pytest.approx(sum(good) / len(good))
    if period == "2025":
        assert devon == 57 and england == 67


@needs_shared
def test_devon_cp_comparators_from_lait(real):
    _, _, rows = real
    cp = rows[(rows.indicator == "cp.rate_per_10k") & (rows.period == "2025")].set_index("area_type")
    assert cp.loc["LA_PUBLISHED", "value"] == 39.0 and cp.loc["LA_PUBLISHED", "source"] == "bds_long_0.parquet"
    assert cp.loc["STAT_NEIGHBOURS", "denominator"] >= 8
