"""Disclosure control: small counts hidden, and no hidden cell recoverable from a visible total."""
import numpy as np
import pandas as pd

from pipeline import table
from pipeline.transform.disclosure import _groups, suppress


def rows(*specs) -> pd.DataFrame:
    cols = ["indicator", "period", "area_type", "area", "breakdown", "numerator", "denominator", "value", "unit"]
    return table.conform(pd.DataFrame([dict(zip(cols, s)) for s in specs]))


def recoverable(shown: pd.DataFrame) -> list:
    """Groups (a breakdown and its total, localities and the authority, months and the year) with exactly
    one hidden cell: that cell is the visible total minus the others."""
    return [list(shown.loc[g, "breakdown"]) for g in _groups(shown) if (shown.loc[g, "status"] == "c").sum() == 1]


ESCALATIONS = rows(
    ("esc.raised", "2025", "LA", "X", "", None, None, 40, "count"),
    ("esc.raised", "2025", "LA", "X", "PLANNING", None, None, 20, "count"),
    ("esc.raised", "2025", "LA", "X", "ASSESSMENT", None, None, 12, "count"),
    ("esc.raised", "2025", "LA", "X", "PARTICIPATION", None, None, 3, "count"),
    ("esc.raised", "2025", "LA", "X", "OUTCOME_DELAY", None, None, 5, "count"),
    ("esc.raised", "2025", "LA", "X", "PERMANENCE_DELAY", None, None, 0, "count"),
    ("esc.raised", "2025", "ENGLAND", "England", "", None, None, 4, "count"),
)


def test_small_counts_are_hidden_but_zeros_and_comparators_are_not():
    shown = suppress(ESCALATIONS, 5).set_index(["area_type", "breakdown"])
    assert shown.loc[("LA", "PARTICIPATION"), "status"] == "c" and np.isnan(shown.loc[("LA", "PARTICIPATION"), "value"])
    assert shown.loc[("LA", "OUTCOME_DELAY"), "status"] == "c"
    assert shown.loc[("LA", "PERMANENCE_DELAY"), "value"] == 0
    assert shown.loc[("ENGLAND", ""), "value"] == 4


def test_a_single_hidden_cell_takes_the_next_smallest_with_it():
    data = ESCALATIONS.copy()
    data.loc[data.breakdown == "OUTCOME_DELAY", "value"] = 9  # now only PARTICIPATION (3) is small
    shown = suppress(data, 5).set_index(["area_type", "breakdown"])
    assert shown.loc[("LA", "PARTICIPATION"), "status"] == "c"
    assert shown.loc[("LA", "OUTCOME_DELAY"), "status"] == "c"  # next smallest non-zero: 9
    assert shown.loc[("LA", "ASSESSMENT"), "status"] == ""
    assert recoverable(suppress(data, 5)) == []


def test_percentages_drawn_from_a_small_numerator_are_hidden_with_their_counts():
    data = rows(("chic.legal_status_pct", "2025", "LA", "X", "care_order", 60, 100, 60.0, "percent"),
                ("chic.legal_status_pct", "2025", "LA", "X", "placement_order", 30, 100, 30.0, "percent"),
                ("chic.legal_status_pct", "2025", "LA", "X", "s20", 8, 100, 8.0, "percent"),
                ("chic.legal_status_pct", "2025", "LA", "X", "youth_justice", 2, 100, 2.0, "percent"),
                ("chic.legal_status_pct", "2025", "LA", "X", "emergency", 0, 100, 0.0, "percent"))
    shown = suppress(data, 5).set_index("breakdown")
    assert shown.loc["youth_justice", "status"] == "c" and np.isnan(shown.loc["youth_justice", "numerator"])
    assert shown.loc["s20", "status"] == "c"  # else 100 - 60 - 30 - 8 - 0 = 2
    assert recoverable(suppress(data, 5)) == []


def test_localities_cannot_be_recovered_from_the_authority_total():
    data = rows(("cp.starts", "2025", "LA", "X", "", None, None, 30, "count"),
                ("cp.starts", "2025", "LOCALITY", "North", "", None, None, 2, "count"),
                ("cp.starts", "2025", "LOCALITY", "South", "", None, None, 10, "count"),
                ("cp.starts", "2025", "LOCALITY", "City", "", None, None, 18, "count"))
    shown = suppress(data, 5).set_index("area")
    assert shown.status.to_dict() == {"X": "", "North": "c", "South": "c", "City": ""}
    assert recoverable(suppress(data, 5)) == []


def test_staffing_is_not_suppressed():
    data = rows(("iru.fte", "2025", "LA", "X", "LADO", None, None, 3, "fte"))
    assert suppress(data, 5).value.iloc[0] == 3
