"""What sections 5 and the appendix list: the biggest moves, every RAG, sources and definitions.

All values come from the indicator table and the year-on-year changes that transform wrote; this
module selects and words them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.render import labels
from pipeline.render.formats import number
from pipeline.transform.catalogue import REGISTRY

TOP = 5


@dataclass(frozen=True)
class Move:
    title: str
    before: str
    after: str
    rag: str


def _title(indicator: str, breakdown: str) -> str:
    title = REGISTRY[indicator].title if indicator in REGISTRY else indicator
    return f"{title}: {labels.breakdown(breakdown)}" if breakdown else title


def moves(changes: pd.DataFrame, better: str | None, top: int = TOP) -> list[Move]:
    """The authority's notable moves (by the one rule, see transform.findings) that improved (better='yes') or
    worsened ('no') most, totals before breakdowns, largest first; with better=None, every notable move of any
    row, whatever its direction."""
    rows = changes[(changes.area_type == "LA") & changes.notable.astype(str).eq("True")]
    if better is not None:
        rows = rows[rows.better == better].sort_values("breakdown", key=lambda b: b != "", kind="stable")
    rows = rows[rows.before.notna() & rows.after.notna()]
    moved = [Move(_title(r.indicator, r.breakdown), number(r.before, r.indicator, r.unit),
                  number(r.after, r.indicator, r.unit), r.after_rag) for r in rows.itertuples()]
    return [m for m in moved if m.before != m.after][:top]  # a move too small to show is no move


def rags(table: pd.DataFrame, year: int) -> list[dict]:
    """Every RAG of the year, as words the template prints beside their colour."""
    rows = table[(table.area_type == "LA") & (table.period == str(year)) & (table.rag != "")]
    return [{"title": _title(r.indicator, r.breakdown), "value": number(r.value, r.indicator, r.unit, r.status),
             "rag": r.rag} for r in rows.itertuples()]


def definitions() -> list[dict]:
    """The definitions the code follows, from the same docstrings (so they cannot drift)."""
    return [{"id": ind.id, "title": ind.title, "definition": " ".join(ind.definition.split())} for ind in
            sorted(REGISTRY.values(), key=lambda i: i.id)]


def sources(table: pd.DataFrame, authority: str) -> list[dict]:
    """Each source and the periods the report uses from it."""
    out = []
    local = table[table.source == "local"]
    if len(local):
        out.append({"source": f"{authority}'s own records (chic, iru, cp and lado workbooks)",
                    "periods": labels.span(local.period)})
    published = table[(table.source != "local") & (table.source != "")]
    files = sorted({f for s in published.source for f in s.split("; ")})
    for name in files:
        periods = sorted(published[published.source.str.contains(name, regex=False)].period.unique())
        out.append({"source": name, "periods": labels.span(periods)})
    return out


def warning_groups(warnings: pd.DataFrame) -> list[str]:
    """The run's data-quality warnings, one line per kind of problem in each sheet with the rows it
    affects, so a long list stays readable."""
    if warnings.empty:
        return []
    lines = []
    keys = ["file", "sheet", "column", "message"]
    for key, rows in warnings.groupby(keys, sort=True, dropna=False):
        file, sheet, column, message = key
        where = " › ".join(part for part in (file, sheet) if part) + (f" › {column}" if column else "")
        numbers = sorted(int(float(r)) for r in rows.row if str(r).strip() not in ("", "nan"))
        shown = ", ".join(map(str, numbers[:12])) + (f" and {len(numbers) - 12} more" if len(numbers) > 12 else "")
        lines.append(f"{where}: {message}" + (f" (row{'s' if len(numbers) > 1 else ''} {shown})" if numbers else ""))
    return lines
