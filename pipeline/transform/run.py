"""The transform stage: every indicator for the trend years, comparators, RAG and disclosure control,
into the one tidy indicator table."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import table
from pipeline.config import Config
from pipeline.extract.run import Extracted, trend_years
from pipeline.problems import Problems
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.changes import year_on_year
from pipeline.transform.comparators import comparator_rows
from pipeline.transform.dates import ReportingYear
from pipeline.transform.disclosure import suppress
from pipeline.transform.rag import apply_rag
from pipeline.transform.year_data import YearData

POPULATION = "population.under_18"


@dataclass
class Transformed:
    indicators: pd.DataFrame  # what the report shows (suppressed when disclosure control is on)
    unsuppressed: pd.DataFrame
    warnings: Problems


def population(published: pd.DataFrame, config: Config, year: int) -> float | None:
    """The ONS estimate of the authority's 0-17s at mid-(year-1): DfE's denominator for year `year`."""
    a = config.authority
    rows = published[(published.indicator == POPULATION) & (published.period == str(year - 1))
                     & (published.level == "LA")
                     & ((published.old_la_code == a.old_la_code) | (published.new_code == a.new_la_code))]
    values = rows.value.dropna()
    return float(values.iloc[0]) if len(values) else None


def local_rows(data: YearData, authority: str) -> pd.DataFrame:
    """Run every indicator whose tables the year has, completing its rows into table rows."""
    parts = []
    for ind in REGISTRY.values():
        if not data.has(*ind.needs):
            continue
        rows = ind.func(data).copy()
        rows["indicator"] = ind.id
        rows["unit"] = ind.unit
        rows["source"] = "local"
        defaults = {"period": str(data.year.year), "area_type": "LA", "area": authority, "status": "",
                    "numerator": np.nan, "denominator": np.nan}
        for col, default in defaults.items():
            rows[col] = rows[col].fillna(default) if col in rows else default
        parts.append(rows)
    return pd.concat(parts, ignore_index=True) if parts else table.empty()


def kept_rows(processed: Path, year: int) -> pd.DataFrame:
    """A year with no raw data: the authority's own rows kept from that year's run, if any."""
    path = processed / str(year) / "indicators_unsuppressed.csv"
    if not path.exists():
        return table.empty()
    old = table.read(path)
    return old[old.area_type.isin(["LA", "LOCALITY"]) & (old.period.map(table.year_of) == year)]


def transform(extracted: Extracted, config: Config) -> Transformed:
    warnings = Problems(warnings=list(extracted.problems.warnings))
    parts = []
    for year in trend_years(config.year):
        if year in extracted.tables:
            data = YearData(ReportingYear(year), extracted.tables[year],
                            population(extracted.published, config, year), config.localities, warnings)
            parts.append(local_rows(data, config.authority.name))
        else:
            parts.append(kept_rows(config.processed, year))
    periods = [str(y) for y in trend_years(config.year)]
    parts.append(comparator_rows(extracted.published, config.authority, extracted.groups, periods))
    indicators = apply_rag(table.conform(pd.concat([p for p in parts if len(p)], ignore_index=True)), config.targets)
    unsuppressed = table.conform(indicators)
    shown = suppress(unsuppressed, config.suppression_max_count) if config.suppression_enabled else unsuppressed
    return Transformed(table.conform(shown), unsuppressed, warnings)


def text_tables(extracted: Extracted, year: int) -> dict[str, pd.DataFrame]:
    """The unit's own text tables (last year's actions, next year's plan), passed through for render."""
    tables = extracted.tables.get(year, {})
    return {name.split(".")[1]: tables[name].drop(columns="_row") for name in ("iru.actions", "iru.plan")
            if name in tables}


def _atomic_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".csv.tmp")
    frame.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(path)


def write(result: Transformed, texts: dict[str, pd.DataFrame], year: int, folder: Path) -> None:
    """What render reads: the indicator table (and its unsuppressed twin), changes, warnings, texts."""
    table.write(result.indicators, folder / "indicators.csv")
    table.write(result.unsuppressed, folder / "indicators_unsuppressed.csv")
    _atomic_csv(year_on_year(result.indicators, year), folder / "changes.csv")
    rows = sorted({str(w): w for w in result.warnings.warnings}.items())
    _atomic_csv(pd.DataFrame({"text": [t for t, _ in rows], "file": [w.file for _, w in rows]},
                             columns=["text", "file"]), folder / "warnings.csv")
    for name, frame in texts.items():
        _atomic_csv(frame, folder / "text" / f"{name}.csv")
