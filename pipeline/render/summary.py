"""What sections 5 and the appendix list: the biggest moves, every RAG, sources and definitions.

All values come from the indicator table and the year-on-year changes that transform wrote; this
module selects and words them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline import publications
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
    """The authority's headline indicators (totals, not breakdowns) that improved (better='yes') or
    worsened ('no') most, largest first; with better=None, every move of any row, whatever its direction."""
    rows = changes[changes.area_type == "LA"]
    if better is not None:
        rows = rows[(rows.better == better) & (rows.breakdown == "")]
    rows = rows[rows.before.notna() & rows.after.notna()]
    moved = [Move(_title(r.indicator, r.breakdown), number(r.before, r.indicator, r.unit),
                  number(r.after, r.indicator, r.unit), r.after_rag) for r in rows.itertuples()]
    return [m for m in moved if m.before != m.after][:top]  # a move too small to show is no move


def rags(table: pd.DataFrame, year: int) -> list[dict]:
    """Every RAG of the year, as words the template prints beside their colour."""
    rows = table[(table.area_type == "LA") & (table.period == str(year)) & (table.rag != "")]
    return [{"title": _title(r.indicator, r.breakdown), "value": number(r.value, r.indicator, r.unit, r.status),
             "rag": r.rag} for r in rows.itertuples()]


def tables(table: pd.DataFrame, changes: pd.DataFrame, year: int, targets: dict) -> dict[str, pd.DataFrame]:
    """The targets (each RAG of the year with its thresholds) and every move of the authority's own figures
    since last year, as numbers, for the spreadsheet."""
    rows = table[(table.area_type == "LA") & (table.period == str(year)) & (table.rag != "")]

    def thresholds(indicator: str) -> tuple:
        t = targets.get(indicator)
        if t is None or t.green_at is not None:
            return (t.green_at, t.amber_at) if t else (None, None)
        place = "at or above" if t.higher_is_better else "at or below"
        return (f"{place} {labels.AREA_TYPES.get(t.compare_to, t.compare_to)}",
                f"within {t.amber_within_pct:g}% of {labels.AREA_TYPES.get(t.compare_to, t.compare_to)}")

    rated = pd.DataFrame([{"title": _title(r.indicator, r.breakdown), "value": r.value, "rag": r.rag,
                           **dict(zip(("green_at", "amber_at"), thresholds(r.indicator)))} for r in rows.itertuples()])
    moved = changes[(changes.area_type == "LA") & changes.before.notna() & changes.after.notna()
                    & (changes.before != changes.after)]
    return {"targets": rated, "changes": moved.assign(title=[_title(i, b) for i, b in zip(moved.indicator,
                                                                                         moved.breakdown)])}


def definitions() -> list[dict]:
    """The definitions the code follows, from the same docstrings (so they cannot drift)."""
    return [{"id": ind.id, "title": ind.title, "definition": " ".join(ind.definition.split())} for ind in
            sorted(REGISTRY.values(), key=lambda i: i.id)]


def sources(table: pd.DataFrame, authority: str) -> list[dict]:
    """Each source named as a publication (title, publisher, release year, address), and the periods the
    report uses from it; the population estimates by their mid-years, and the reporting years they serve."""
    out = []
    local = table[table.source == "local"]
    if len(local):
        out.append({"source": f"{authority}'s own records (chic, iru, cp and lado workbooks)",
                    "periods": labels.span(local.period)})
    published = table[(table.source != "local") & (table.source != "")]
    files = published.assign(file=published.source.str.split("; ")).explode("file")
    cited: dict[str, set] = {}
    for file, rows in files.groupby("file", sort=True):
        years = [int(p) for p in rows.period if len(p) == 4]
        cited.setdefault(publications.cite(file, max(years, default=None)), set()).update(rows.period)
    for citation, periods in cited.items():
        if citation.startswith(publications.POPULATION.title):
            mid = sorted(p for p in periods if len(p) == 4)
            used = labels.span(str(int(y) + 1) for y in mid)
            shown = f"mid-{mid[0]}" if len(mid) == 1 else f"mid-{mid[0]} to mid-{mid[-1]}"
            out.append({"source": citation, "periods": f"{shown} (the rates per 10,000 children for {used})"})
        else:
            out.append({"source": citation, "periods": labels.span(periods)})
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
