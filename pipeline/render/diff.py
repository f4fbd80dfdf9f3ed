"""Which numbers moved, as an analyst reads it: a Markdown table and a printed list, largest first."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.files import write_atomically
from pipeline.render import labels
from pipeline.render.formats import number
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.findings import rule_text


def _shown(value, indicator: str, unit: str, status: str) -> str:
    return number(value, indicator, unit, status) if status or not pd.isna(value) else "—"


def visible(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes a reader can see: a value that prints differently at the report's precision (71.2% and
    70.8% both print 71%, so that is no change), a symbol that changed, or a RAG that did."""
    seen = [_shown(r.before, r.indicator, r.unit, r.before_status) != _shown(r.after, r.indicator, r.unit,
                                                                              r.after_status)
            or r.before_rag != r.after_rag for r in changes.itertuples()]
    return changes[pd.Series(seen, index=changes.index, dtype=bool)]


def rows(changes: pd.DataFrame) -> list[list[str]]:
    out = []
    for r in changes.itertuples():
        title = REGISTRY[r.indicator].title if r.indicator in REGISTRY else r.indicator
        what = f"{title}: {labels.breakdown(r.breakdown)}" if r.breakdown else title
        where = r.area if r.area_type in ("LA", "LOCALITY", "REGION", "LA_PUBLISHED") else \
            labels.AREA_TYPES.get(r.area_type, r.area_type)
        out.append([f"{what} ({r.indicator})", where, _shown(r.before, r.indicator, r.unit, r.before_status),
                    _shown(r.after, r.indicator, r.unit, r.after_status),
                    f"{r.before_rag or '—'} → {r.after_rag or '—'}" if r.before_rag != r.after_rag else ""])
    return out


def hidden_text(changes: pd.DataFrame, shown: pd.DataFrame) -> str:
    """How many values moved by less than the report prints, so that a list of none still says what happened."""
    hidden = len(changes) - len(shown)
    return f" {hidden} more moved by less than the report's rounding shows." if hidden else ""


def markdown(changes: pd.DataFrame, title: str, before: str, after: str, hidden: str = "") -> str:
    """Notable moves first (the report's one rule), then every other value that changed; largest first in each."""
    header = ["Indicator", "Area", before, after, "RAG"]
    flagged = changes.notable.astype(str).eq("True") if "notable" in changes else pd.Series(False, changes.index)
    lines = [f"# {title}", "", f"{len(changes)} values changed; {int(flagged.sum())} of them are notable moves: "
             f"a move is notable when {rule_text()}.{hidden}", ""]
    for heading, part in (("Notable moves", changes[flagged]), ("Other changes", changes[~flagged])):
        lines += [f"## {heading}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in rows(part):
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        lines.append("")
    return "\n".join(lines)


def write(path: Path, changes: pd.DataFrame, title: str, before: str, after: str) -> None:
    """The changes visible at the report's precision, as Markdown, saying how many others moved too little."""
    shown = visible(changes)
    text = markdown(shown, title, before, after, hidden_text(changes, shown))
    write_atomically(path, lambda tmp: tmp.write_text(text))
