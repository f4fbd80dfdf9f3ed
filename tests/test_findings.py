"""Findings: the one 'notable' rule, trends, comparisons, targets, and how render words them."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline import table
from pipeline.config import Target
from pipeline.transform.changes import year_on_year
from pipeline.transform.findings import findings, notable


def _rows(*rows) -> pd.DataFrame:
    """Indicator rows: (indicator, period, area_type, breakdown, value, numerator, denominator)."""
    frame = pd.DataFrame([{"indicator": i, "period": p, "area_type": a, "area": "Demoshire" if a == "LA" else a,
                           "breakdown": b, "value": v, "numerator": n, "denominator": d, "status": "", "rag": "",
                           "source": "local", "unit": {"_pct": "percent"}.get(i[-4:], "count")}
                          for i, p, a, b, v, n, d in rows])
    return table.conform(frame)


def test_the_notable_rule_by_hand():
    units = pd.Series(["percent", "percent", "percent", "count", "count", "count", "rate_per_10k", "ratio"])
    before = pd.Series([50.0, 50.0, 50.0, 16, 4, 100, 34.7, 52.9])
    after = pd.Series([55.0, 54.9, 60.0, 28, 9, 108, 35.5, 67.4])
    bases_before = pd.Series([100, 100, 10, np.nan, np.nan, np.nan, 1e5, 7])
    bases_after = pd.Series([100, 100, 10, np.nan, np.nan, np.nan, 1e5, 8])
    # 5 points on 100: yes; 4.9 points: no; 10 points on a base of 10: never (tiny base); 16 -> 28 (+75%, +12,
    # 28 >= 20): yes; 4 -> 9 (+125% but under 20 children): no; 100 -> 108 (+8%): no; a rate +2.3% : no;
    # a caseload +27% and +14.5: yes
    assert list(notable(units, before, after, bases_before, bases_after)) == [True, False, False, True, False,
                                                                              False, False, True]


def test_trend_comparison_and_target_rows():
    rows = _rows(*[("chic.count_31mar", str(y), "LA", "", v, np.nan, np.nan)
                   for y, v in zip(range(2021, 2026), (600, 640, 650, 700, 770))],
                 ("chic.count_31mar", "2024", "ENGLAND", "", 80000, np.nan, np.nan),
                 ("reviews.timely_pct", "2025", "LA", "", 90.0, 180, 200))
    rows.loc[rows.indicator == "reviews.timely_pct", "rag"] = "AMBER"
    changes = year_on_year(rows, 2025)
    found = findings(rows, changes, 2025, {
        "reviews.timely_pct": Target(True, 95, 85),
        "cp.repeat_2y_pct": Target(False, compare_to="STAT_NEIGHBOURS", amber_within_pct=10)})
    trend = found[(found.kind == "trend")].iloc[0]
    # 640 -> 650 is +1.6% (a flat step), then 650 -> 700 -> 770 rise: up, two years running
    assert (trend.direction, trend.run, trend.other, trend.value) == ("up", 2, 600, 770)
    comparison = found[found.kind == "comparison"].iloc[0]
    assert (comparison.area_type, comparison.other_period, comparison.relation) == ("ENGLAND", "2024", "lower")
    move = found[found.kind == "move"].iloc[0]
    # 700 -> 770: +10% and +70, beyond the size rule, but within chance: the score test on two Poisson counts
    # gives z = 70 / sqrt(700 + 770) = 1.83, p = 0.068, so the move is not notable: as large as a notable one,
    # it is 'within chance', never 'slight'
    assert round(move["pct_change"], 1) == 10.0 and not move.notable and move.scale == "within chance"
    targets = found[found.kind == "target"].set_index("indicator")
    assert targets.loc["reviews.timely_pct", "rag"] == "AMBER"
    assert targets.loc["cp.repeat_2y_pct", "reason"] == "no figure this year"


def test_a_first_year_adopter_is_compared_with_dfes_published_figure():
    rows = _rows(("chic.health_pct", "2025", "LA", "dental", 84.0, 420, 500),
                 ("chic.health_pct", "2024", "LA_PUBLISHED", "dental", 79.0, np.nan, np.nan))
    changes = year_on_year(rows, 2025)
    assert list(changes.before_source) == ["published"] and list(changes.before) == [79.0]

    from pipeline.render.messages import Findings

    words = Findings(findings(rows, changes, 2025, {}), 2025, "Demoshire", "South West")
    move = words.one("chic.health_pct", "dental", "move")
    assert words.move_phrase(move) == "was 84%, compared with DfE's published 2023-24 figure of 79%"


def test_a_trend_step_under_a_point_or_two_per_cent_is_flat_and_a_step_from_nothing_is_not():
    rows = _rows(*[("reviews.timely_pct", str(y), "LA", "", v, np.nan, np.nan)
                   for y, v in zip(range(2021, 2026), (70.0, 80.0, 85.0, 85.5, 85.9))],
                 *[("esc.raised", str(y), "LA", "", v, np.nan, np.nan)
                   for y, v in zip(range(2021, 2026), (200, 203, 0, 2, 6))])
    trends = findings(rows, year_on_year(rows, 2025), 2025, {}).query("kind == 'trend'").set_index("indicator")
    # 85 -> 85.5 -> 85.9: steps of half a point and 0.4 points, flat twice running; 70 -> 85.9 over the years
    assert tuple(trends.loc["reviews.timely_pct", ["direction", "run", "other", "value"]]) == ("flat", 2, 70, 85.9)
    # 200 -> 203 is 1.5% (flat); 0 -> 2 has no relative size (a step from nothing): up, as is 2 -> 6
    assert tuple(trends.loc["esc.raised", ["direction", "run", "change"]]) == ("up", 2, -194)


def test_transform_never_imports_render():
    """Data flows one way: what transform and render both need (display rounding) lives in pipeline/."""
    import ast
    from pathlib import Path

    import pipeline.transform

    imported = {(path.name, name) for path in Path(pipeline.transform.__file__).parent.glob("*.py")
                for node in ast.walk(ast.parse(path.read_text()))
                for name in ([a.name for a in node.names] if isinstance(node, ast.Import) else
                             [node.module or ""] if isinstance(node, ast.ImportFrom) else [])}
    assert [(file, name) for file, name in sorted(imported) if name.startswith("pipeline.render")] == []
    assert ("findings.py", "pipeline.formats") in imported


def test_a_small_base_percentage_comes_with_its_count():
    from pipeline.render.messages import shown

    assert shown(0.2118, "cp.age_pct", "percent", 1, 472) == "0.2% (1 of 472)"
    assert shown(43.75, "chic.substance_intervention_pct", "percent", 7, 16) == "44% (7 of 16)"
    assert shown(88.0, "reviews.timely_pct", "percent", 1760, 2000) == "88%"


def test_a_published_figure_stands_in_only_where_the_authority_has_this_year_but_not_last():
    rows = _rows(("chic.count_31mar", "2025", "LA", "", 700, np.nan, np.nan),
                 ("chic.count_31mar", "2024", "LA", "", 690, np.nan, np.nan),
                 ("chic.count_31mar", "2024", "LA_PUBLISHED", "", 688, np.nan, np.nan),
                 ("chic.sdq_mean", "2024", "LA_PUBLISHED", "", 14.0, np.nan, np.nan))
    changes = year_on_year(rows, 2025)
    # the local 2024 figure is used, not the published one; a published-only measure is no 'vanished' change
    assert list(zip(changes.indicator, changes.before, changes.before_source)) == [("chic.count_31mar", 690, "")]


def test_a_large_move_within_chance_is_told_plainly_and_said_to_be_chance():
    """23 open escalations falling to 16 is -30%: never 'fell slightly', nor a notable fall ('by 30%')."""
    from pipeline.render.messages import Findings
    from pipeline.render.summary import _direction

    rows = _rows(("esc.open_31mar", "2024", "LA", "", 23, np.nan, np.nan),
                 ("esc.open_31mar", "2025", "LA", "", 16, np.nan, np.nan))
    words = Findings(findings(rows, year_on_year(rows, 2025), 2025, {}), 2025, "Demoshire", "South West")
    move = words.one("esc.open_31mar", "", "move")
    assert words.move_phrase(move) == "fell from 23 in 2023-24 to 16 escalations, a change chance alone could explain"
    assert _direction(move, "16", "23") == "Down, within chance"
