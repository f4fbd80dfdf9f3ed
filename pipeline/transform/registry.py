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
    columns: tuple[str, ...] = ()  # optional inputs it needs, "iru.escalations.OUTCOME" (an optional sheet's name,
    # or a config.yaml key: "config.population_by_ethnicity")

    @property
    def definition(self) -> str:
        """The docstring, and the optional inputs without which the report leaves the indicator out."""
        text = inspect.cleandoc(self.func.__doc__ or "")
        return f"{text} Needs {optional_inputs(self.columns)}." if self.columns else text

    @property
    def group(self) -> str:
        return self.id.split(".")[0]


REGISTRY: dict[str, Indicator] = {}


def indicator(id: str, unit: str, needs: tuple[str, ...], title: str, higher_is_better: bool | None = None,
              breakdowns: tuple[str, ...] = (), columns: tuple[str, ...] = ()) -> Callable:
    """Register an indicator function `f(data: YearData) -> rows`. `columns` names the optional columns (or
    an optional sheet) it reads: where the year's records leave them empty, it is not computed."""

    def register(func: Callable) -> Callable:
        if id in REGISTRY:
            raise ValueError(f"indicator {id} registered twice")
        REGISTRY[id] = Indicator(id, unit, func, tuple(needs), title, higher_is_better, tuple(breakdowns),
                                 tuple(columns))
        return func

    return register


SETTING = "config"  # an optional input that is a config.yaml key: 'config.population_by_ethnicity'


def input_name(column: str) -> str:
    """'iru.escalations.OUTCOME' as an analyst finds it: 'OUTCOME in iru.xlsx › escalations'; an optional
    sheet, 'iru.allocations': 'the allocations sheet of iru.xlsx'; a setting, 'population_by_ethnicity in
    config.yaml'."""
    workbook, sheet, *name = column.split(".")
    if workbook == SETTING:
        return f"{sheet} in config.yaml"
    return f"{name[0]} in {workbook}.xlsx › {sheet}" if name else f"the {sheet} sheet of {workbook}.xlsx"


def optional_inputs(columns: tuple[str, ...]) -> str:
    names = [input_name(c) for c in columns]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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


def median(values: pd.Series, breakdown: str = "", **extra) -> Rows:
    """The median (of working days, say), with how many values it is of; empty (status z) with none."""
    values = values.dropna().astype(float)
    if values.empty:
        return [{"breakdown": breakdown, "denominator": 0.0, "value": np.nan, "status": "z", **extra}]
    return [{"breakdown": breakdown, "denominator": float(len(values)), "value": float(values.median()), **extra}]


def ratio(numerator: float, denominator: float, breakdown: str = "", **extra) -> Rows:
    value = numerator / denominator if denominator else np.nan
    return [{"breakdown": breakdown, "numerator": float(numerator), "denominator": float(denominator),
             "value": value, "status": "" if denominator else "z", **extra}]


def stack(*parts: Rows) -> Rows:
    return [row for part in parts for row in part]
