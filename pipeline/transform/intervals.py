"""95% confidence intervals and tests of chance, by the methods OHID's Fingertips profiles use, so that a
comparison or a change is called only when it is more than the play of chance in small numbers.

A percentage: Wilson's score interval on its numerator and denominator. A count: the exact (Garwood)
Poisson interval. A rate per 10,000: the exact Poisson interval of its count, divided by the population.
Anything else (a score, a caseload, days) has no interval here: its bounds are empty.
A change between two years: a two-sample test on the two years' counts (two proportions, or two
Poisson counts over their populations), beyond chance at p < 0.05.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint, test_proportions_2indep
from statsmodels.stats.rates import confint_poisson, test_poisson_2indep

ALPHA = 0.05
PER = {"rate_per_10k": 10_000.0}


def _known(*columns: pd.Series) -> np.ndarray:
    return np.logical_and.reduce([np.isfinite(c.astype(float).to_numpy()) for c in columns])


def bounds(unit: pd.Series, value: pd.Series, numerator: pd.Series, denominator: pd.Series) -> pd.DataFrame:
    """The interval's low and high bounds for each row, in the row's own unit (empty where there is none)."""
    low = pd.Series(np.nan, index=value.index)
    high = low.copy()
    pct = (unit == "percent").to_numpy() & _known(numerator, denominator) & (denominator > 0).to_numpy()
    if pct.any():
        lo, hi = proportion_confint(numerator[pct], denominator[pct], alpha=ALPHA, method="wilson")
        low[pct], high[pct] = lo * 100, hi * 100
    cnt = (unit == "count").to_numpy() & _known(value) & (value >= 0).to_numpy()
    if cnt.any():
        lo, hi = confint_poisson(value[cnt].to_numpy(), 1.0, alpha=ALPHA, method="exact-c")
        low[cnt], high[cnt] = lo, hi
    rate = (unit == "rate_per_10k").to_numpy() & _known(numerator, denominator) & (denominator > 0).to_numpy()
    if rate.any():
        lo, hi = confint_poisson(numerator[rate].to_numpy(), denominator[rate].to_numpy(), alpha=ALPHA,
                                 method="exact-c")
        low[rate], high[rate] = lo * PER["rate_per_10k"], hi * PER["rate_per_10k"]
    return pd.DataFrame({"ci_low": low, "ci_high": high})


def verdict(value: pd.Series, low: pd.Series, high: pd.Series, other: pd.Series) -> pd.Series:
    """'higher', 'lower' or 'similar' against a comparator: similar where the comparator lies inside the
    authority's interval (Fingertips' rule); '' where either side is unknown or there is no interval."""
    known = _known(value, low, high, other)
    out = np.select([~known, other < low, other > high], ["", "higher", "lower"], "similar")
    return pd.Series(out, index=value.index)


def beyond_chance(unit: pd.Series, before: pd.Series, after: pd.Series, before_num: pd.Series,
                  after_num: pd.Series, before_base: pd.Series, after_base: pd.Series) -> pd.Series:
    """True where the move between two years is beyond chance, or where no test applies (the counts behind
    a figure unknown, or a measure with no count, such as a score): the size rule then decides alone."""
    rows = pd.DataFrame({"unit": unit, "before": before, "after": after, "before_num": before_num,
                         "after_num": after_num, "before_base": before_base, "after_base": after_base})
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        p = [_p_value(r) for r in rows.itertuples(index=False)]
    return pd.Series([True if v is None else bool(np.isfinite(v) and v < ALPHA) for v in p], index=before.index)


def _p_value(r) -> float | None:
    """The two-sided p-value of one move, or None where no test applies."""
    if r.unit == "percent" and np.isfinite([r.before_num, r.after_num, r.before_base, r.after_base]).all() \
            and min(r.before_base, r.after_base) > 0:
        return test_proportions_2indep(r.after_num, r.after_base, r.before_num, r.before_base, method="score").pvalue
    if r.unit == "count" and np.isfinite([r.before, r.after]).all() and r.before + r.after > 0:
        return test_poisson_2indep(r.after, 1.0, r.before, 1.0, method="score").pvalue
    if r.unit == "rate_per_10k" and np.isfinite([r.before_num, r.after_num, r.before_base, r.after_base]).all() \
            and r.before_num + r.after_num > 0 and min(r.before_base, r.after_base) > 0:
        return test_poisson_2indep(r.after_num, r.after_base, r.before_num, r.before_base, method="score").pvalue
    return None
