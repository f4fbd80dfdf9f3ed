"""RAG ratings from the targets in config.yaml.

An absolute target `{green_at, amber_at, higher_is_better}` is GREEN at or beyond green_at, AMBER
at or beyond amber_at, otherwise RED (thresholds inclusive; mirrored when lower is better). A relative
target `{compare_to, amber_within_pct}` is GREEN when the authority is as good as the comparator or
better (in line with it counts: the comparator lies inside the authority's 95% interval, the verdict the
findings give, see transform.intervals), AMBER when worse by no more than amber_within_pct per cent of the comparator's value, RED
otherwise; it uses the comparator's latest period up to the row's own.
"""
from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from pipeline.config import Target
from pipeline.problems import Problem
from pipeline.transform.intervals import bounds


def check_targets(targets: dict[str, Target], known: list[str], file: str) -> list[Problem]:
    """Every target must name an indicator of the catalogue (optionally `:breakdown`), or it would
    silently never apply."""
    problems = []
    for key in targets:
        indicator = key.split(":")[0]
        if indicator not in known:
            near = difflib.get_close_matches(indicator, known, n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else "see the appendix's definitions for the ids"
            problems.append(Problem(file, column=f"targets.{key}", message=f"unknown indicator ({hint})"))
    return problems


def target_key(indicator: str, breakdown: str) -> str:
    """Targets name an indicator (its total) or `indicator:breakdown`."""
    return f"{indicator}:{breakdown}" if breakdown else indicator


def _absolute(values: pd.Series, t: Target) -> pd.Series:
    sign = 1 if t.higher_is_better else -1
    v = values * sign
    rag = np.where(v >= t.green_at * sign, "GREEN", np.where(v >= t.amber_at * sign, "AMBER", "RED"))
    return pd.Series(rag, index=values.index).where(values.notna(), "")


def _relative(rows: pd.DataFrame, table: pd.DataFrame, t: Target) -> pd.Series:
    out = pd.Series("", index=rows.index, dtype=object)
    comp = table[(table.area_type == t.compare_to) & table.value.notna()]
    for idx, row in rows.iterrows():
        same = comp[(comp.indicator == row.indicator) & (comp.breakdown == row.breakdown)
                    & (comp.period <= row.period) & (comp.period.str.len() == len(row.period))]
        if same.empty or pd.isna(row.value):
            continue
        c = same.sort_values("period").value.iloc[-1]
        if _in_line(row, c):
            out[idx] = "GREEN"
            continue
        gap = (c - row.value) if t.higher_is_better else (row.value - c)  # > 0: worse than comparator
        out[idx] = "GREEN" if gap <= 0 else ("AMBER" if gap <= abs(c) * t.amber_within_pct / 100 else "RED")
    return out


def _in_line(row, comparator: float) -> bool:
    one = pd.DataFrame([row])
    ci = bounds(one.unit, one.value, one.numerator, one.denominator).iloc[0]
    return bool(ci.ci_low <= comparator <= ci.ci_high)


def apply_rag(table: pd.DataFrame, targets: dict[str, Target]) -> pd.DataFrame:
    """Set `rag` on the authority's own rows (area_type LA) that have a target."""
    table = table.copy()
    table["rag"] = table["rag"].fillna("") if "rag" in table else ""
    keys = [target_key(i, b) for i, b in zip(table.indicator, table.breakdown)]
    keyed = pd.Series(keys, index=table.index)
    for key, t in targets.items():
        rows = table[(keyed == key) & (table.area_type == "LA")]
        if rows.empty:
            continue
        table.loc[rows.index, "rag"] = _relative(rows, table, t) if t.compare_to else _absolute(rows.value, t)
    return table
