"""Every figure of the report, declared once: its id, data query, chart kind, title and axis.

The chart, its caption, its alt text, its sheet in the spreadsheet and its cache key all come from
the declaration and the frame its query selects.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.render.query import ALL_AREAS, MONTHS_THIS_AND_LAST, THIS_AND_LAST, TREND, Query

LINE, BAR, GROUPED_BAR, MONTH_LINES = "line", "bar", "grouped_bar", "month_lines"
KIND_WORDS = {LINE: "Line chart", BAR: "Bar chart", GROUPED_BAR: "Bar chart", MONTH_LINES: "Line chart"}


@dataclass(frozen=True)
class Figure:
    id: str
    section: str
    title: str
    query: Query
    kind: str
    y_label: str

    def alt_text(self, frame: pd.DataFrame) -> str:
        """What the chart shows and every number on it, series by series."""
        if frame.empty:
            return f"{KIND_WORDS[self.kind]}: {self.title}. No data for this year."
        parts = []
        for series, rows in frame.groupby("series", sort=False):
            values = ", ".join(f"{x} {d}" for x, d in zip(rows.x, rows.display))
            parts.append(f"{series}: {values}.")
        return f"{KIND_WORDS[self.kind]}: {self.title}. " + " ".join(parts)


def q(*indicators: str, periods: str = TREND, areas: tuple[str, ...] = ("LA",),
      breakdowns: tuple[str, ...] = ("",)) -> Query:
    return Query(tuple(indicators), periods, areas, breakdowns)


LEGAL = ("care_order", "placement_order", "s20", "youth_justice", "emergency")

FIGURES: tuple[Figure, ...] = (
    Figure("cla_rate_trend", "children_in_care", "Children in care per 10,000 children aged under 18",
           q("chic.rate_per_10k", areas=ALL_AREAS), LINE, "Rate per 10,000 children"),
    Figure("cla_count_trend", "children_in_care", "Children in care at 31 March",
           q("chic.count_31mar"), BAR, "Children"),
    Figure("cla_starts_ceased_trend", "children_in_care", "Children starting and ceasing to be looked after",
           q("chic.starts", "chic.ceased"), GROUPED_BAR, "Children"),
    Figure("cla_legal_status", "children_in_care", "Legal status of children in care at 31 March",
           q("chic.legal_status_pct", periods=THIS_AND_LAST, areas=ALL_AREAS, breakdowns=LEGAL), GROUPED_BAR,
           "Percentage of children in care"),
    Figure("cp_count_trend", "child_protection", "Children on child protection plans at 31 March",
           q("cp.count_31mar"), BAR, "Children"),
    Figure("cp_rate_trend", "child_protection", "Children on child protection plans per 10,000 children aged under 18",
           q("cp.rate_per_10k", areas=ALL_AREAS), LINE, "Rate per 10,000 children"),
    Figure("lado_referrals_by_month", "lado", "LADO referrals received each month, this year and last",
           q("lado.referrals", periods=MONTHS_THIS_AND_LAST), MONTH_LINES, "Referrals"),
)
BY_ID = {f.id: f for f in FIGURES}
