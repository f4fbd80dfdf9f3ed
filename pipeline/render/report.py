"""The render stage: read what transform wrote, draw the figures, fill the Word template."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import table as indicator_table
from pipeline.config import Config
from pipeline.render import charts, document, query
from pipeline.render.figures import FIGURES, Figure
from pipeline.render.labels import year_label
from pipeline.render.narrative import Values
from pipeline.transform.catalogue import REGISTRY

TITLES = {ind.id: ind.title for ind in REGISTRY.values()}
TEXT_TABLES = ("actions", "plan")


def _span(periods: pd.Series) -> str:
    years = sorted({p for p in periods if len(p) == 4})
    if not years:
        months = sorted(periods)
        return f"{year_label(months[0])} to {year_label(months[-1])}" if months else ""
    return year_label(years[0]) if len(years) == 1 else f"{year_label(years[0])} to {year_label(years[-1])}"


def caption(figure: Figure, frame: pd.DataFrame, authority: str) -> str:
    """Title, period and sources, naming the year of every comparator and any published fallback."""
    if frame.empty:
        return f"{figure.title}. No data."
    own = frame[frame.area_type.isin(["LA", "LOCALITY"])]
    fallback = frame[frame.area_type == "LA_PUBLISHED"]
    comps = frame[frame.area_type.isin(query.COMPARATORS)]
    sources = []
    if len(own):
        sources.append(f"{authority} records, {_span(own.period)}")
    if len(fallback):
        sources.append(f"{authority} {_span(fallback.period)}: DfE published figures (no local data for those years)")
    if len(comps):
        names = list(dict.fromkeys(frame.loc[comps.index, "series"].str.replace(r" \d{4}-\d{2}$", "", regex=True)))
        files = sorted({s for src in comps.source for s in src.split("; ")})
        sources.append(f"{', '.join(names)}: DfE, {_span(comps.period)} ({', '.join(files)})")
    return f"{figure.title}, {_span(frame.period)}. Source: {'; '.join(sources)}."


def read_processed(folder: Path) -> dict:
    return {
        "indicators": indicator_table.read(folder / "indicators.csv"),
        "changes": pd.read_csv(folder / "changes.csv", keep_default_na=False, na_values={"before": [""], "after": [""], "change": [""], "pct_change": [""], "size": [""]}),
        "warnings": pd.read_csv(folder / "warnings.csv", dtype=str, keep_default_na=False),
        **{name: pd.read_csv(folder / "text" / f"{name}.csv", dtype=str, keep_default_na=False)
           for name in TEXT_TABLES},
    }


def figure_frames(indicators: pd.DataFrame, year: int) -> dict[str, pd.DataFrame]:
    return {f.id: query.frame(indicators, f.query, year, TITLES) for f in FIGURES}


def draw_figures(frames: dict[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    paths = {}
    for figure in FIGURES:
        path = folder / f"{figure.id}.png"
        charts.draw(figure, frames[figure.id], path)
        paths[figure.id] = path
    return paths


def _text_table(tpl, frame: pd.DataFrame, columns: dict[str, str]):
    header = list(columns.values())
    rows = [[str(r[c]) for c in columns] for _, r in frame.iterrows()]
    rag = list(columns).index("rag") if "rag" in columns else None
    return document.build_table(tpl, header, rows, rag_column=rag)


def context(tpl, config: Config, year: int, processed: dict, frames: dict, paths: dict) -> dict:
    values = Values(processed["indicators"], processed["changes"], year, config.authority.name)
    figures_counter, tables_counter = document.Counter("Figure"), document.Counter("Table")
    fig = document.Registry("figure", {
        f.id: document.Captioned(
            f.id, figures_counter, caption(f, frames[f.id], config.authority.name),
            (lambda f=f: document.DescribedImage(tpl, paths[f.id], f.alt_text(frames[f.id]), f.title)))
        for f in FIGURES
    })
    tab = document.Registry("table", {
        "actions": document.Captioned(
            "actions", tables_counter, f"Last year's actions and how they went ({year_label(str(year - 1))})",
            lambda: _text_table(tpl, processed["actions"], {"action": "Action", "outcome_sought": "Outcome sought",
                                                            "outcome": "Outcome", "rag": "RAG"})),
        "plan": document.Captioned(
            "plan", tables_counter, f"Development plan for {year_label(str(year + 1))}",
            lambda: _text_table(tpl, processed["plan"], {"theme": "Theme", "objective": "Objective",
                                                         "action": "Action", "lead": "Lead", "rag": "RAG"})),
    })
    return {
        "authority": config.authority.name,
        "region": config.authority.region,
        "year": year,
        "year_label": year_label(str(year)),
        "last_year_label": year_label(str(year - 1)),
        "next_year_label": year_label(str(year + 1)),
        "v": values,
        "raw": values.raw,
        "year_of": values.year_of,
        "change": values.change,
        "fig": fig,
        "tab": tab,
        "warnings": list(processed["warnings"]["text"]),
    }


def render(config: Config, year: int) -> Path:
    processed = read_processed(config.processed_year(year))
    frames = figure_frames(processed["indicators"], year)
    paths = draw_figures(frames, config.figures / str(year))
    out = config.output / str(year) / "annual_report.docx"
    document.render(config.template, lambda tpl: context(tpl, config, year, processed, frames, paths), out)
    return out
