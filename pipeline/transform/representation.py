"""The ethnicity of children in care and on plans against the area's children (issue 23): the area's children
aged 0-17 by ethnic group, from `population_by_ethnicity` in config.yaml (the 2021 Census: ONS's mid-year
estimates have no ethnicity), and, for each group, whether it is over- or under-represented among the
children, by the one rule comparisons use (transform.intervals): the population's share is outside the 95%
interval of the children's share. The children's shares are of those whose ethnicity is known, as the
population's are."""
from __future__ import annotations

import pandas as pd

from pipeline.transform.children_in_care import ETHNIC_GROUPS
from pipeline.transform.intervals import bounds, verdict
from pipeline.transform.registry import SETTING, Rows, indicator, percent, stack
from pipeline.transform.year_data import YearData

KEY = "population_by_ethnicity"
POPULATION = "population.ethnicity_pct"
GROUPS = tuple(g for g in ETHNIC_GROUPS if g != "not_known")  # a census counts every child in a group
CHILDREN = ("cp.ethnicity_pct", "chic.ethnicity_pct")  # the shares set beside the area's children's


@indicator(POPULATION, "percent", (), "Ethnicity of the area's children aged 0 to 17", breakdowns=GROUPS,
           columns=(f"{SETTING}.{KEY}",))
def population_ethnicity_pct(data: YearData) -> Rows:
    """Percentage of the area's children aged 0 to 17 in each ethnic group, from the 2021 Census (ONS's mid-year
    estimates give no ethnicity), for the reporting year only: one census is not a series."""
    counts = data.settings[KEY]
    total = sum(counts[g] for g in GROUPS)
    return stack(*(percent(counts[g], total, g) for g in GROUPS))


def representation(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Findings of kind 'representation': each group's share of the children (ethnicity known) against its
    share of the area's children, 'higher', 'lower' or 'similar' by the children's 95% interval; no verdict
    where a figure is suppressed or missing."""
    own = table[(table.area_type == "LA") & (table.period == str(year))]
    population = own[own.indicator == POPULATION].set_index("breakdown").value
    if population.empty:
        return pd.DataFrame()
    parts = []
    for name in CHILDREN:
        rows = own[own.indicator == name].set_index("breakdown")
        if rows.empty:
            continue
        known = rows.denominator - rows.numerator.get("not_known", 0)
        shown = rows.reindex(list(GROUPS))
        base = pd.Series(known.reindex(list(GROUPS)).to_numpy(), index=shown.index)
        value = shown.numerator / base * 100
        ci = bounds(pd.Series("percent", index=shown.index), value, shown.numerator, base)
        other = population.reindex(list(GROUPS))
        parts.append(pd.DataFrame({
            "indicator": name, "breakdown": list(GROUPS), "kind": "representation", "area_type": "LA",
            "period": str(year), "value": value.to_numpy(), "other": other.to_numpy(), "base": base.to_numpy(),
            "numerator": shown.numerator.to_numpy(), "ci_low": ci.ci_low.to_numpy(), "ci_high": ci.ci_high.to_numpy(),
            "relation": verdict(value, ci.ci_low, ci.ci_high, other).to_numpy()}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
