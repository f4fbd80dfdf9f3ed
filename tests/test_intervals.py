"""One verdict per comparison, by the authority's 95% interval (Fingertips' method), and changes beyond chance."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline import table
from pipeline.transform.changes import year_on_year
from pipeline.transform.findings import findings
from pipeline.transform.intervals import beyond_chance, bounds, verdict

NAN = np.nan


def test_intervals_by_hand():
    got = bounds(pd.Series(["percent", "count", "rate_per_10k", "score"]), pd.Series([90.0, 10.0, 40.0, 5.0]),
                 pd.Series([45.0, NAN, 400.0, 1.0]), pd.Series([50.0, NAN, 100_000.0, 1.0]))
    # Wilson, 45 of 50: 78.6% to 95.7% (Newcombe 1998's table); exact Poisson for 10: 4.80 to 18.39 (Garwood);
    # 400 children in 100,000: 36.2 to 44.1 per 10,000; a score has no interval here
    assert got.round(2).values[:3].tolist() == [[78.64, 95.65], [4.8, 18.39], [36.18, 44.12]]
    assert got.iloc[3].isna().all()


def test_similar_where_the_comparator_lies_inside_the_interval():
    value, low, high = pd.Series([90.0] * 4), pd.Series([78.6] * 4), pd.Series([95.7] * 4)
    assert list(verdict(value, low, high, pd.Series([80.0, 78.0, 96.0, NAN]))) == ["similar", "higher", "lower", ""]


def test_a_change_counts_only_beyond_chance():
    # 513 -> 586 plans: z = 73 / sqrt(1099) = 2.20, p = 0.028, beyond chance; 700 -> 770: z = 1.83, p = 0.068, not;
    # 50 of 100 -> 60 of 100: p = 0.16, not; a score (no counts): the size rule decides alone
    got = beyond_chance(pd.Series(["count", "count", "percent", "score"]), pd.Series([513.0, 700, 50, 10]),
                        pd.Series([586.0, 770, 60, 14]), pd.Series([NAN, NAN, 50, NAN]), pd.Series([NAN, NAN, 60, NAN]),
                        pd.Series([NAN, NAN, 100, NAN]), pd.Series([NAN, NAN, 100, NAN]))
    assert list(got) == [True, False, False, True]


def _rows(*rows) -> pd.DataFrame:
    return table.conform(pd.DataFrame([{"indicator": i, "period": p, "area_type": a, "area": a, "breakdown": "",
                                        "value": v, "numerator": n, "denominator": d, "source": "local",
                                        "unit": "percent" if i.endswith("_pct") else "count"}
                                       for i, p, a, v, n, d in rows]))


def test_one_printed_comparator_value_gets_one_verdict_and_the_bounds_are_in_the_findings():
    # 'higher than England (80%) and in line with 'Good' authorities (80%)' can no longer happen: 84 of 100 is
    # 75.6% to 89.9%, and both 80.4% and 79.6% lie inside it
    rows = _rows(("reviews.timely_pct", "2025", "LA", 84.0, 84, 100),
                 ("reviews.timely_pct", "2024", "ENGLAND", 80.4, NAN, NAN),
                 ("reviews.timely_pct", "2024", "GOOD_LAS", 79.6, NAN, 30),
                 ("reviews.timely_pct", "2024", "STAT_NEIGHBOURS", NAN, NAN, 4))
    found = findings(rows, year_on_year(rows, 2025), 2025, {})
    comp = found[found.kind == "comparison"].set_index("area_type")
    assert comp.relation.to_dict() == {"ENGLAND": "similar", "GOOD_LAS": "similar", "STAT_NEIGHBOURS": ""}
    assert comp.loc["ENGLAND", ["ci_low", "ci_high"]].astype(float).round(1).tolist() == [75.6, 89.9]
    assert comp.loc["STAT_NEIGHBOURS", "reason"].startswith("too few of its members published a figure")


@pytest.mark.parametrize("before,after,scale", [
    (100, 101, "slightly"), (513, 586, ""), (400, 520, "sharply"),
    (23, 16, "within chance"),  # -30%, yet z = 7 / sqrt(23 + 16) = 1.12: chance could give it
    (4, 9, "on small numbers"),  # +125%, on too few to count (under 20 in both years)
    (100, 95, "slightly")])  # -5%: below the 10% a count must move
def test_one_direction_scale(before, after, scale):
    rows = _rows(("cp.starts", "2024", "LA", before, NAN, NAN), ("cp.starts", "2025", "LA", after, NAN, NAN))
    assert year_on_year(rows, 2025).scale.iloc[0] == scale


def test_the_spreadsheet_carries_each_verdict_with_its_interval():
    from pipeline.render.summary import comparisons

    rows = _rows(("reviews.timely_pct", "2025", "LA", 84.0, 84, 100),
                 ("reviews.timely_pct", "2024", "ENGLAND", 92.0, NAN, NAN))
    sheet = comparisons(findings(rows, year_on_year(rows, 2025), 2025, {}))
    assert sheet[["comparator", "other_year", "verdict"]].values.tolist() == [["England", "2023-24", "Lower than"]]
    assert sheet[["ci_low", "ci_high"]].round(1).values.tolist() == [[75.6, 89.9]]
