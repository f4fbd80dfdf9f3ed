"""The sentence that sets the children's ethnicity against the area's children: which groups transform found
over- or under-represented (findings of kind 'representation'), in words. No verdict is made here."""
from __future__ import annotations

import pandas as pd

from pipeline.render.formats import number
from pipeline.render.messages import _join, shown
from pipeline.transform.representation import POPULATION

WHO = {"cp.ethnicity_pct": "children on plans", "chic.ethnicity_pct": "children in care"}
GROUPS = {"white": "white children", "mixed": "children of mixed ethnicity", "asian": "Asian children",
          "black": "black children", "other": "children of other ethnicity"}


class Represented:
    def __init__(self, findings: pd.DataFrame, source: str):
        self.rows = findings[findings.kind == "representation"] if "kind" in findings else findings.iloc[:0]
        self.source = source

    def __call__(self, indicator: str) -> str:
        """'Set against the area's children aged 0 to 17 (ONS, Census 2021), and counting the 468 children on plans
        whose ethnicity was recorded, black children were over-represented: 9%, against 2% of the area's children.
        …', a
        sentence a group. Empty where there is no comparison (the population not given: the report says so
        where the figure is)."""
        rows = self.rows[self.rows.indicator == indicator]
        if rows.empty:
            return ""
        who = WHO[indicator]
        recorded = rows.base.dropna()  # the children whose ethnicity was recorded, named so '3 of 468' is clear
        counted = f"the {number(recorded.iloc[0])} {who} whose ethnicity was recorded" if len(recorded) else \
            f"{who} whose ethnicity was recorded"
        opening = f"Set against the area's children aged 0 to 17 ({self.source}), and counting {counted}, "
        differ = rows[rows.relation.isin(["higher", "lower"])].sort_values("relation", kind="stable")
        said = []
        for r in differ.itertuples(index=False):
            words = "over-represented" if r.relation == "higher" else "under-represented"
            ours = shown(r.value, indicator, "percent", r.numerator, r.base)
            theirs = number(r.other, POPULATION, "percent")
            if not said:
                said.append(f"{opening}{GROUPS[r.breakdown]} were {words}: {ours}, against {theirs} of the area's "
                            "children.")
            else:
                said.append(f"{_capital(GROUPS[r.breakdown])} were {words}: {ours}, against {theirs}.")
        similar = [GROUPS[b] for b in rows.breakdown[rows.relation == "similar"]]
        if not said:
            said.append(f"{opening}no ethnic group's share differed from its share of the area's children by more "
                        "than chance allows.")
        elif similar:
            said.append(f"The shares of {_join(similar)} were in line with the area's, within what chance allows.")
        unknown = [GROUPS[b] for b in rows.breakdown[rows.relation == ""]]
        if unknown:
            said.append(f"Figures for {_join(unknown)} are too small to publish, so are not compared.")
        return " ".join(said)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
