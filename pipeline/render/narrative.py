"""What the template's sentences can ask for: a value, its year, how it moved since last year.

Functions only look up and format rows of the indicator table and of the year-on-year changes
computed in transform; the template decides the wording (`{{ v('chic.count_31mar') }}`).
"""
from __future__ import annotations

import math

import pandas as pd

from pipeline.render import labels
from pipeline.render.formats import NOT_AVAILABLE, number
from pipeline.render.messages import CAVEATS, RELATION_WORDS, shown

OWN = ("LA", "LOCALITY")


class Values:
    def __init__(self, table: pd.DataFrame, changes: pd.DataFrame, year: int, authority: str,
                 findings: pd.DataFrame | None = None):
        self.table, self.changes, self.year, self.authority = table, changes, year, authority
        self._verdicts = {} if findings is None else {
            (r.indicator, r.breakdown, r.area_type): r.relation
            for r in findings[findings.kind == "comparison"].itertuples(index=False)}
        self._rows: dict[tuple, dict] = {}
        for row in table.itertuples(index=False):
            self._rows.setdefault((row.indicator, row.area_type, row.breakdown), {}).setdefault(row.period, row)

    def row(self, indicator: str, breakdown: str = "", area: str = "LA", period: str | int | None = None):
        """The row asked for: the authority's for this year by default; a comparator's latest year."""
        rows = self._rows.get((indicator, area, breakdown), {})
        if period is None:  # the authority's own: this year; a comparator's: its latest year
            annual = [p for p in rows if len(p) == 4 and p <= str(self.year)]
            period = str(self.year) if area in OWN else max(annual, default=None)
        return rows.get(str(period))

    def __call__(self, indicator: str, breakdown: str = "", area: str = "LA", period=None) -> str:
        """The value as the report prints it ('57', '31.1', '67%'; a percentage of a small base with its count,
        '0.2% (1 of 472)'), or the DfE symbol."""
        row = self.row(indicator, breakdown, area, period)
        if row is None:
            return NOT_AVAILABLE
        if row.unit == "percent" and not math.isnan(row.value):
            return shown(row.value, indicator, row.unit, row.numerator, row.denominator)
        return number(row.value, indicator, row.unit, row.status)

    def count(self, indicator: str, singular: str, plural: str | None = None, breakdown: str = "",
              area: str = "LA") -> str:
        """The value with its noun agreeing: '1 LADO', '3 LADOs', '0.5 LADOs' ('x LADOs' when unknown)."""
        noun = self.verb(indicator, singular, plural or singular + "s", breakdown, area)
        return f"{self(indicator, breakdown, area)} {noun}"

    def verb(self, indicator: str, singular: str = "was", plural: str = "were", breakdown: str = "",
             area: str = "LA") -> str:
        """The word agreeing with the value as printed: 'was' for exactly 1, 'were' otherwise."""
        return singular if self(indicator, breakdown, area) == "1" else plural

    def raw(self, indicator: str, breakdown: str = "", area: str = "LA", period=None) -> float | None:
        """The unrounded value, for the template's choice of words ('higher'/'lower')."""
        row = self.row(indicator, breakdown, area, period)
        return None if row is None or math.isnan(row.value) else float(row.value)

    def year_of(self, indicator: str, breakdown: str = "", area: str = "LA") -> str:
        """The year a value is for, as '2023-24' (comparators are usually a year behind)."""
        rows = self._rows.get((indicator, area, breakdown), {})
        annual = [p for p in rows if len(p) == 4 and p <= str(self.year)]
        return labels.year_label(max(annual)) if annual else ""

    def change(self, indicator: str, breakdown: str = "") -> str:
        """'rose by 14% from 513 to 586' (a notable move, by the one rule), 'rose slightly from 679 to 684',
        'was unchanged at 710'; against DfE's published figure where the authority has no local one for last
        year ('was 84%, compared with DfE's published 2023-24 figure of 79%')."""
        moved = self.changes[(self.changes.indicator == indicator) & (self.changes.breakdown == breakdown)
                             & (self.changes.area_type == "LA")]
        now = self.row(indicator, breakdown)
        if now is None or math.isnan(now.value):
            return "cannot be compared with last year"
        fmt = lambda value: number(value, indicator, now.unit)  # noqa: E731
        if moved.empty:
            before = self.row(indicator, breakdown, period=self.year - 1)
            return f"was unchanged at {fmt(now.value)}" if before is not None else "cannot be compared with last year"
        m = moved.iloc[0]
        if math.isnan(m["before"]):
            return "cannot be compared with last year"
        if m["before_source"] == "published":
            return (f"was {fmt(now.value)}, compared with DfE's published {labels.year_label(str(self.year - 1))} "
                    f"figure of {fmt(m['before'])}")
        if fmt(m["before"]) == fmt(now.value):
            return f"was unchanged at {fmt(now.value)}"
        verb = "rose" if m["after"] > m["before"] else "fell"
        scale = m.get("scale", "") if isinstance(m.get("scale", ""), str) else ""
        if scale in CAVEATS:
            return f"{verb} from {fmt(m['before'])} to {fmt(now.value)}, {CAVEATS[scale]}"
        if scale == "slightly" or str(m["notable"]) != "True":
            return f"{verb} slightly from {fmt(m['before'])} to {fmt(now.value)}"
        verb += f" {scale}" if scale else ""
        if now.unit == "count" and not math.isnan(m["pct_change"]):
            by = number(abs(m["pct_change"]), unit="percent")
            return f"{verb} by {by} from {fmt(m['before'])} to {fmt(now.value)}"
        return f"{verb} from {fmt(m['before'])} to {fmt(now.value)}"

    def against(self, indicator: str, area: str, breakdown: str = "") -> str:
        """'higher than', 'lower than' or 'in line with' a comparator: the one verdict transform decided, by the
        authority's 95% interval (so a sentence never says it another way); 'not comparable with' without one."""
        return RELATION_WORDS.get(self._verdicts.get((indicator, breakdown, area), ""), "not comparable with")
