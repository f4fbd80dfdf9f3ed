"""Which DfE file is which, whatever it was saved as: a file is known by the columns it has and the groups
its rows hold, not only by its name, so `download (3).csv` is read, and a file of the wrong level (DfE's
national_ file, England alone, where the la_ file is needed) is named with what it costs.

Each file family's signature is derived from the measures `published_map.py` reads from it: the columns they
filter on and take values from, and the labels they select. A file belongs to the family whose measures
select most of its rows.
"""
from __future__ import annotations

import pandas as pd

from pipeline.extract.published_map import EES, EES_FILES, Cell, Sum
from pipeline.publications import publication


def _norm(label) -> str:
    return " ".join(str(label).split()).casefold()


def _needs(measure: Cell | Sum) -> list[tuple[str, frozenset[str] | None]]:
    """The columns a measure needs, each with the labels it selects in it (None: any value)."""
    if isinstance(measure, Cell):
        return [(c, frozenset(map(_norm, labels))) for c, labels in measure.where] + [(measure.columns[0], None)]
    return [*((c, frozenset(map(_norm, labels))) for c, labels in measure.group),
            (measure.label_column, frozenset(map(_norm, measure.parts))), (measure.columns[0], None)]


def recognise(raw: pd.DataFrame) -> str | None:
    """The family of an explore-education-statistics CSV (lower-case column names) by its columns and the
    labels in them; None when no family's measures select any of its rows."""
    scores, labelled = {}, {}
    for family in EES_FILES:
        selected = pd.Series(False, index=raw.index)
        for measure in (m for m in EES if m.family == family):
            needs = _needs(measure)
            if not all(column in raw.columns for column, _ in needs):
                continue
            rows = pd.Series(True, index=raw.index)
            for column, labels in needs:
                if labels is not None:
                    if column not in labelled:
                        labelled[column] = raw[column].map(_norm)
                    rows &= labelled[column].isin(labels)
            selected |= rows
        scores[family] = int(selected.sum())
    best = max(scores, key=scores.get)
    return best if scores[best] else None


def canonical(family: str) -> str:
    """The name DfE downloads a family's authority-level file as."""
    first = EES_FILES[family][0]
    return first + ("….csv" if first.endswith("_") else ".csv")


def where_to_download(family: str) -> str:
    """`la_….csv from <the publication's page>`: what to fetch, and from where."""
    found = publication(EES_FILES[family][0])
    return f"{canonical(family)}" + (f" from {found.address}" if found else "")
