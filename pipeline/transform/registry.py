"""The indicator catalogue: each indicator is one short function registered with its id and unit.

The function's docstring is its definition; the report's appendix prints it from here, so the
definition and the code cannot drift apart.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Indicator:
    id: str
    unit: str
    func: Callable
    needs: tuple[str, ...]
    title: str
    higher_is_better: bool | None = None
    breakdowns: tuple[str, ...] = ()

    @property
    def definition(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def group(self) -> str:
        return self.id.split(".")[0]


REGISTRY: dict[str, Indicator] = {}


def indicator(id: str, unit: str, needs: tuple[str, ...], title: str, higher_is_better: bool | None = None,
              breakdowns: tuple[str, ...] = ()) -> Callable:
    """Register an indicator function `f(data: YearData) -> rows`."""

    def register(func: Callable) -> Callable:
        if id in REGISTRY:
            raise ValueError(f"indicator {id} registered twice")
        REGISTRY[id] = Indicator(id, unit, func, tuple(needs), title, higher_is_better, tuple(breakdowns))
        return func

    return register


Rows = list[dict]  # what an indicator function returns: breakdown, numerator, denominator, value, ...


def count(n: float, breakdown: str = "", **extra) -> Rows:
    return [{"breakdown": breakdown, "value": float(n), **extra}]


def counts(values: pd.Series, categories: tuple[str, ...], **extra) -> Rows:
    """One count row per category, zeros included, so charts and diffs keep a stable shape."""
    tally = values.value_counts().reindex(list(categories), fill_value=0)
    return [{"breakdown": c, "value": float(n), **extra} for c, n in zip(categories, tally)]


def percent(numerator: float, denominator: float, breakdown: str = "", **extra) -> Rows:
    """A percentage with its counts; empty (status z) when the denominator is 0."""
    value = numerator / denominator * 100 if denominator else np.nan
    return [{"breakdown": breakdown, "numerator": float(numerator), "denominator": float(denominator),
             "value": value, "status": "" if denominator else "z", **extra}]


def shares(values: pd.Series, categories: tuple[str, ...], **extra) -> Rows:
    """Percentage of all values falling in each category (denominator: every value, blanks included)."""
    tally = values.value_counts().reindex(list(categories), fill_value=0)
    return stack(*(percent(n, len(values), c, **extra) for c, n in zip(categories, tally)))


def rate(n: float, population: float | None, breakdown: str = "", **extra) -> Rows:
    """Per 10,000 of the population aged 0-17; empty (status x) without a population."""
    if population is None or not np.isfinite(population) or population <= 0:
        return [{"breakdown": breakdown, "numerator": float(n), "value": np.nan, "status": "x", **extra}]
    return [{"breakdown": breakdown, "numerator": float(n), "denominator": float(population),
             "value": n / population * 10_000, **extra}]


def mean(values: pd.Series, breakdown: str = "", **extra) -> Rows:
    values = values.dropna().astype(float)
    if values.empty:
        return [{"breakdown": breakdown, "denominator": 0.0, "value": np.nan, "status": "z", **extra}]
    return [{"breakdown": breakdown, "numerator": float(values.sum()), "denominator": float(len(values)),
             "value": float(values.mean()), **extra}]


def ratio(numerator: float, denominator: float, breakdown: str = "", **extra) -> Rows:
    value = numerator / denominator if denominator else np.nan
    return [{"breakdown": breakdown, "numerator": float(numerator), "denominator": float(denominator),
             "value": value, "status": "" if denominator else "z", **extra}]


def stack(*parts: Rows) -> Rows:
    return [row for part in parts for row in part]
