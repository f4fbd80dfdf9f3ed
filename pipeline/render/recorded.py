"""What the year's records can show: a figure or table whose every indicator reads an optional input the
records lack (transform left those indicators out) is left out of the report and the spreadsheet, and the
report says in words what was not recorded and which column or sheet would add it. A lookup of which
indicators have rows, not a computation."""
from __future__ import annotations

import pandas as pd

from pipeline.render.labels import year_label
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.registry import optional_inputs


class Recorded:
    def __init__(self, indicators: pd.DataFrame, items, year: int):
        own = indicators[(indicators.area_type == "LA") & (indicators.period == str(year))]
        have = set(own.indicator)
        self.year = year
        self.missing = {i.id for i in REGISTRY.values() if i.columns and i.id not in have}
        self.items = {item.id: item for item in items}
        self.left_out = {item.id for item in items if all(i in self.missing for i in item.query.indicators)}

    def shown(self, item_id: str) -> bool:
        """Whether the report shows the item (an unknown id is shown, so the template's own error names it)."""
        return item_id not in self.left_out

    def sentence(self, item_id: str) -> str:
        """'Not recorded in 2024-25: what changed for the child when escalations were resolved (OUTCOME in
        iru.xlsx › escalations would add it).' Empty when the item's every measure was recorded."""
        gone = [REGISTRY[i] for i in self.items[item_id].query.indicators if i in self.missing]
        if not gone:
            return ""
        parts = [f"{ind.title[:1].lower() + ind.title[1:]} ({optional_inputs(ind.columns)} would add it)"
                 for ind in gone]
        listed = parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + "; and " + parts[-1]
        return f"Not recorded in {year_label(str(self.year))}: {listed}."

    def numbers(self, order: dict[str, str]) -> dict[str, str]:
        """The template's numbering ('Figure 3') with the items left out taken out, as the report numbers them."""
        counts: dict[str, int] = {}
        out = {}
        for item_id, label in order.items():
            if item_id in self.left_out:
                continue
            kind = label.split()[0]
            counts[kind] = counts.get(kind, 0) + 1
            out[item_id] = f"{kind} {counts[kind]}"
        return out
