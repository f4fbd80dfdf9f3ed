"""The render stage: read what transform wrote, draw the figures, fill the Word template."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from jinja2 import TemplateError

from pipeline import final, manifest, parallel, publications
from pipeline import table as indicator_table
from pipeline.config import COVERING, COVERING_PURPOSE, Config
from pipeline.files import memo
from pipeline.problems import InputError, Problem
from pipeline.render import diff as render_diff
from pipeline.render import annex, checklist, commentary, document, drawing, labels, messages, query, summary
from pipeline.render.recorded import Recorded
from pipeline.render.representation import Represented
from pipeline.transform.representation import POPULATION as ETHNIC_POPULATION
from pipeline.render.figures import (FIGURES, LANDSCAPE_TABLES, SUMMARY_SOURCES, SUMMARY_TABLES, TABLES, TEXT_TABLES,
                                     Figure, Table)
from pipeline.render.formats import NOT_AVAILABLE, number
from pipeline.render.labels import year_label
from pipeline.render.messages import SMALL_BASE
from pipeline.render.narrative import Values
from pipeline.render.query import Selection
from pipeline.render.reproducible import fixed_time
from pipeline.synthetic import is_demo_authority
from pipeline.transform.catalogue import REGISTRY
from pipeline.transform.findings import rule_text

TITLES = {ind.id: ind.title for ind in REGISTRY.values()}
MANY = 12  # items to select before it is worth sharing them among the workers


def caption(item: Figure | Table, frame: pd.DataFrame, authority: str, sizes: dict[str, int]) -> str:
    """Title, period and sources (named as publications), naming the year of every comparator and any
    published fallback, and flagging a group mean built from few of its members."""
    if frame.empty:
        return f"{item.title}. No data."
    own = frame[frame.area_type.isin(["LA", "LOCALITY"])]
    fallback = frame[frame.area_type == "LA_PUBLISHED"]
    comps = frame[frame.area_type.isin(query.COMPARATORS)]
    sources = []
    if len(own):
        sources.append(f"{authority} records, {labels.span(own.period)}")
    if len(fallback):
        sources.append(f"{authority} {labels.span(fallback.period)}: DfE published figures "
                       "(no local data for those years)")
    if len(comps):
        names = ", ".join(dict.fromkeys(query.area_label(t, a) for t, a in zip(comps.area_type, comps.area)))
        files = sorted({s for src in comps.source for s in src.split("; ") if s})
        sources.append(f"{names}: {'; '.join(dict.fromkeys(publications.short(f) for f in files))}, "
                       f"{labels.span(comps.period)}")
    note = thin_means(comps, sizes)
    rates = own[own.unit == "rate_per_10k"]
    if len(rates):  # DfE's denominator for year Y: ONS's estimate for mid-(Y-1)
        latest = max(indicator_table.year_of(p) for p in rates.period)
        note += (f" Rates use ONS mid-year estimates of the population aged under 18 (mid-{latest - 1} for "
                 f"{labels.year_label(str(latest))}).")
    if (own.indicator == ETHNIC_POPULATION).any():  # config.yaml's counts, documented as the 2021 Census's
        note += " The area's children by ethnic group are counts from the 2021 Census."
    return f"{item.title}, {labels.span(frame.period)}. Source: {'; '.join(sources)}.{note}"


THIN = 3  # a group mean from fewer members than this, or than half the group, is flagged


def thin_means(comps: pd.DataFrame, sizes: dict[str, int]) -> str:
    """' Note: statistical neighbours: mean of 3 of 10.' where a group's mean rests on fewer than half its
    members (or fewer than 3), the members that published a figure being the row's denominator."""
    parts = []
    for area_type in ("STAT_NEIGHBOURS", "GOOD_LAS"):
        rows = comps[(comps.area_type == area_type) & comps.value.notna()]
        size = sizes.get(area_type, 0)
        used = rows.denominator.dropna()
        thin = used[(used < THIN) | (used < size / 2)]
        if thin.empty:
            continue
        low, high = int(thin.min()), int(thin.max())
        count = f"{low}" if low == high else f"{low} to {high}"
        some = "" if len(thin) == len(used) else " for some values"
        parts.append(f"{messages.comparator_name(area_type, '')}: mean of {count} of {size}{some}")
    return f" Note: {'; '.join(parts)} (the members that published a figure)." if parts else ""


def read_processed(folder: Path) -> dict:
    numbers = {c: [""] for c in ("before", "after", "change", "pct_change", "size", "before_base", "after_base")}
    return {
        "indicators": indicator_table.read(folder / "indicators.csv"),
        "changes": pd.read_csv(folder / "changes.csv", keep_default_na=False, na_values=numbers),
        "warnings": pd.read_csv(folder / "warnings.csv", dtype=str, keep_default_na=False),
        **{name: pd.read_csv(path, dtype=str, keep_default_na=False)
           for name in TEXT_TABLES if (path := folder / "text" / f"{name}.csv").exists()},
        "commentary": commentary.read(folder / "commentary"),
        "status": final.read(folder),  # DRAFT or FINAL, and why: decided once, after transform
        "findings": messages.read(folder / "findings.csv"),
        "groups": pd.read_csv(folder / "comparator_groups.csv", keep_default_na=False)
        if (folder / "comparator_groups.csv").exists() else pd.DataFrame(columns=["group", "old_la_code", "name"]),
    }


GROUP_AREAS = {"statistical_neighbours": "STAT_NEIGHBOURS", "good_authorities": "GOOD_LAS"}


def group_sizes(processed: dict) -> dict[str, int]:
    """How many members each comparator group has (a row each in transform's comparator_groups.csv)."""
    counts = processed["groups"].group.value_counts()
    return {area: int(counts.get(group, 0)) for group, area in GROUP_AREAS.items()}


def titled(figures, words: messages.Findings) -> dict[str, Figure]:
    """Each figure as drawn: titled with its message, which its alt text opens with too."""
    return {f.id: dataclasses.replace(f, title=words.message(f)) for f in figures}


def frames_for(items, indicators: pd.DataFrame, year: int) -> dict[str, pd.DataFrame]:
    """Each item's frame, selecting from the rows of its own indicators only (the table is split once)."""
    by_indicator = dict(tuple(indicators.groupby("indicator", sort=False)))
    empty = indicators.iloc[0:0]

    def rows(item) -> pd.DataFrame:
        parts = [by_indicator[i] for i in item.query.indicators if i in by_indicator]
        return pd.concat(parts) if parts else empty

    return {item.id: query.frame(rows(item), item.query, year, TITLES) for item in items}


def data_hash(item: Figure | Table, frame: pd.DataFrame) -> str:
    """What a figure or table is drawn from: its declaration and its data (the cache key of its chart)."""
    return manifest.text_hash(manifest.code_version(), repr(item), frame.to_csv(index=False, lineterminator="\n"))


def indicator_hashes(indicators: pd.DataFrame) -> dict[str, str]:
    """A hash of each indicator's rows: what an item's frame is selected from."""
    rows = pd.util.hash_pandas_object(indicators, index=False).to_numpy()
    codes, names = pd.factorize(indicators.indicator)
    order = codes.argsort(kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    return {name: hashlib.sha256(rows[order[bounds[i]:bounds[i + 1]]].tobytes()).hexdigest()
            for i, name in enumerate(names)}


def _select(job: tuple) -> dict[str, Selection]:
    """Some items' selections (in a worker)."""
    items, indicators, year, authority, sizes = job
    frames = frames_for(items, indicators, year)
    return {i.id: Selection(frames[i.id], data_hash(i, frames[i.id]), caption(i, frames[i.id], authority, sizes))
            for i in items}


def selections(items, indicators: pd.DataFrame, year: int, authority: str, cache: Path,
               pool=None, sizes: dict[str, int] | None = None) -> dict[str, Selection]:
    """Every item's selection. Selecting and labelling 53 frames takes most of a second, so each is kept
    in `cache` under the hash of its indicators' rows, and only items whose rows changed are selected again
    (shared among `pool`'s workers when there are many, as in a first build)."""
    by_id = {item.id: item for item in items}
    hashes = indicator_hashes(indicators)
    sizes = sizes or {}
    keys = {item.id: manifest.text_hash(manifest.code_version(), pd.__version__, str(year), authority, repr(sizes),
                                        repr(item),
                                        *(hashes.get(i, "") for i in item.query.indicators)) for item in items}

    def make(ids: list[str]) -> dict[str, Selection]:
        shares = parallel.workers() if len(ids) >= MANY else 1
        jobs = [([by_id[i] for i in ids[k::shares]], indicators, year, authority, sizes) for k in range(shares)]
        return {id_: chosen for part in parallel.run_all(_select, jobs, lent=pool) for id_, chosen in part.items()}

    return memo(cache, keys, make)


def stale_figures(hashes: dict[str, str], before: dict[str, str], paths: dict[str, Path]) -> list[Figure]:
    """The figures whose data changed since they were drawn, or whose PNG is missing."""
    return [f for f in FIGURES if before.get(f.id) != hashes[f.id] or not paths[f.id].exists()]


def cells(frame: pd.DataFrame) -> list[str]:
    """Each value as a table prints it: a percentage of fewer than 20 children with its counts, '40% (2 of 5)'."""
    small = (frame.unit == "percent") & frame.area_type.isin(["LA", "LOCALITY"]) & (frame.denominator < SMALL_BASE)
    return [f"{d} ({number(n)} of {number(b)})" if s and pd.notna(n) else d
            for d, s, n, b in zip(frame.display, small, frame.numerator, frame.denominator)]


def _indicator_table(item: Table, frame: pd.DataFrame, medium: Medium):
    grid = query.grid(frame.assign(cell=cells(frame)), "cell") if len(frame) else pd.DataFrame()
    # a cell with no figure at all (DfE publishes none) shows DfE's x, as the spreadsheet and the web page do
    rows = [[str(x), *[v if isinstance(v, str) else NOT_AVAILABLE for v in grid.loc[x]]] for x in grid.index]
    return medium.table([item.first_column, *grid.columns], rows, item.title,
                        total_row=bool(rows) and rows[-1][0] == query.TOTAL)


def filled_texts(processed: dict, values: Values, year: int) -> dict[str, pd.DataFrame]:
    """The unit's own tables as the report and the spreadsheet both show them: their typed tags filled as the
    template's are, a plan grouped by theme in the order themes first appear."""
    fill = document.tag_filler(tag_functions(values, year))
    out = {}
    for name in TEXT_TABLES:
        if name not in processed:
            continue
        try:
            frame = processed[name].map(lambda text: fill(text) if isinstance(text, str) and "{" in text else text)
        except TemplateError as exc:  # what extract's check of the tags cannot see: a name no tag function has
            raise InputError([Problem(f"{year}/iru.xlsx", name, message=f"a tag cannot be filled: {exc}",
                                      expected="tags as the template writes them")]) from None
        if "theme" in frame and len(frame):
            first_seen = {theme: i for i, theme in reversed(list(enumerate(frame.theme)))}
            frame = frame.assign(_order=frame.theme.map(first_seen)).sort_values("_order", kind="stable")
        out[name] = frame
    return out


def _text_table(name: str, frame: pd.DataFrame | None, title: str, columns: dict[str, str], medium: Medium):
    """One of the unit's own tables, as `filled_texts` made it."""
    frame = frame if frame is not None else pd.DataFrame(columns=list(columns))
    rows = [[str(r.get(c, "")) for c in columns] for _, r in frame.iterrows()]
    rag = list(columns).index("rag") if "rag" in columns else None
    width = document.LANDSCAPE_WIDTH if name in LANDSCAPE_TABLES else document.TEXT_WIDTH
    return medium.table(list(columns.values()), rows, title, rag_column=rag, width=width)


@dataclass(frozen=True)
class Medium:
    """How one edition writes what the template asks for: the Word report's XML, or the web page's HTML
    (`render.html`). The words, numbers and order are the same; only these differ."""

    table: Callable  # (header, rows, title, rag_column=, width=, total_row=) -> a table
    rag_word: Callable  # (rag, brackets=, leading_space=) -> the RAG word, marked
    number: Callable[[str, int], object]  # ('Figure', 3) -> a caption's number
    picture: Callable  # (figure as drawn, frame, PNG path) -> the chart


def word(tpl) -> Medium:
    return Medium(document.build_table, document.rag_word, document.seq_field,
                  lambda figure, frame, path: document.DescribedImage(tpl, path, figure.alt_text(frame),
                                                                      figure.title))


def _image(medium: Medium, figure: Figure, frame: pd.DataFrame, path: Path, drawn: Callable[[str], None]):
    drawn(figure.id)  # wait, if its worker is still drawing it
    return medium.picture(figure, frame, path)


def findings_for(processed: dict, config: Config, year: int) -> messages.Findings:
    return messages.Findings(processed["findings"], year, config.authority.name, config.authority.region)


def tag_functions(values: Values, year: int) -> dict:
    """The tags a person may type (in the template, the commentary or the workbook's text)."""
    return {"v": values, "raw": values.raw, "year_of": values.year_of, "change": values.change,
            "against": values.against, "count": values.count, "verb": values.verb, "year": year,
            "year_label": year_label(str(year)), "last_year_label": year_label(str(year - 1)),
            "next_year_label": year_label(str(year + 1))}


def context(medium: Medium, config: Config, year: int, processed: dict, chosen: dict[str, Selection], paths: dict,
            drawn: Callable[[str], None], words: messages.Findings, drawn_as: dict[str, Figure],
            values: Values, recorded: Recorded | None = None) -> dict:
    """Everything the template may ask for, written for `medium`; a figure's image once `drawn` says its PNG
    is there."""
    authority = config.authority.name
    figures_counter = document.Counter("Figure", shown=medium.number)
    tables_counter = document.Counter("Table", shown=medium.number)
    fig = document.Registry("figure", {
        f.id: document.Captioned(f.id, figures_counter, chosen[f.id].caption,
                                 lambda f=drawn_as[f.id]: _image(medium, f, chosen[f.id].frame, paths[f.id], drawn),
                                 words.says(f))
        for f in FIGURES
    })
    tables = {t.id: document.Captioned(t.id, tables_counter, chosen[t.id].caption,
                                       lambda t=t: _indicator_table(t, chosen[t.id].frame, medium), words.says(t))
              for t in TABLES}
    summaries = {
        "key_numbers": lambda: medium.table(
            ["Measure", year_label(str(year)), year_label(str(year - 1)), "Direction"],
            summary.key_numbers(values, words), SUMMARY_TABLES["key_numbers"]),
        "targets": lambda: medium.table(
            ["Indicator", "Target", "Result", "RAG"], summary.target_rows(words), SUMMARY_TABLES["targets"],
            rag_column=3),
    }
    for name, title in SUMMARY_TABLES.items():
        tables[name] = document.Captioned(name, tables_counter, f"{title}, {year_label(str(year))}. Source: "
                                          f"{authority} {SUMMARY_SOURCES[name]}.", summaries[name])
    for name, (title, columns) in TEXT_TABLES.items():
        tables[name] = document.Captioned(name, tables_counter, f"{title}. Source: {authority} IRU records.",
                                          lambda n=name, t=title, c=columns: _text_table(
                                              n, processed.get(n), t, c, medium))
    return {
        **cover(config, year, processed["status"].status),
        "authority": authority,
        "region": config.authority.region,
        **tag_functions(values, year),
        "team": config.team,
        "rag": lambda indicator, breakdown="": medium.rag_word(  # ' (AMBER)', or nothing: no stray space
            getattr(values.row(indicator, breakdown), "rag", "") or "", leading_space=True),
        "fig": fig,
        "tab": document.Registry("table", tables),
        "changes": summary.notable_changes(processed["changes"]),
        "improved": summary.moves(processed["changes"], "yes"),
        "worsened": summary.moves(processed["changes"], "no"),
        "rags": [{**r, "word": medium.rag_word(r["rag"], brackets=False)}
                 for r in summary.rags(processed["indicators"], year)],
        "definitions": summary.definitions((*FIGURES, *TABLES)),
        "glossary": [{"term": t, "meaning": m} for t, m in summary.GLOSSARY],
        "groups": summary.comparator_groups(processed["groups"], processed["indicators"], year),
        "sources": summary.sources(processed["indicators"], authority),
        "data_quality": annex.summary_line(processed["warnings"]),
        "notable_rule": rule_text(),
        "key_messages": words.key_messages(),
        "compared": lambda indicator, *areas, breakdown="": words.comparison_sentence(indicator, breakdown, areas),
        "risks": summary.risks(words),
        "within": summary.within,
        "commentary": lambda slot_id: "",  # a slot's place, filled before the tags (see render.commentary)
        "shown": recorded.shown if recorded else lambda item_id: True,
        "not_recorded": recorded.sentence if recorded else lambda item_id: "",
        "represented": Represented(processed["findings"], (config.population_by_ethnicity or {}).get("source", "")),
    }


def cover(config: Config, year: int, status: str = final.DRAFT) -> dict:
    """The cover's lines and the marks every page header prints (a DRAFT report says so on each page), for the
    one status `pipeline.final` decides."""
    pub = config.publication
    published = pub.get("published")
    return {
        "publication": {
            "title": pub.get("title") or "Independent Reviewing Unit annual report",
            "period": f"1 April {year - 1} to 31 March {year}",
            "published": f"{published.day} {published:%B %Y}" if published else "Not yet published",
            "author": pub.get("author", ""), "contact": pub.get("contact", ""),
            "status": status, "version": pub.get("version", ""),
            **covering(pub, year),
        },
        "marks": [*(["Demonstration data"] if is_demo_authority(config.authority) else []),
                  *([final.DRAFT] if status == final.DRAFT else [])],
    }


def covering(pub: dict, year: int) -> dict:
    """The covering report's lines: config.yaml's publication keys, or what the config module says by default."""
    out = {key: pub.get(key) or default for key, default in COVERING.items()}
    return {**out, "report_of": pub.get("report_of") or pub.get("author", ""),
            "purpose": pub.get("purpose") or COVERING_PURPOSE.format(year=year_label(str(year))),
            "enquiries": pub.get("enquiries") or pub.get("contact", "")}


@dataclass
class Rendered:
    document: Path
    spreadsheet: Path
    hashes: dict[str, str]  # figure or table id -> hash of the data it was drawn from
    drawn: list[str]
    figures: list[Path]
    annex: Path  # the technical annex: ids, definitions as the code follows them, every warning
    html: Path | None = None  # the web edition, if asked for
    svg: dict[str, str] = dataclasses.field(default_factory=dict)  # figure id -> hash of the data its SVG shows
    warnings: list[str] = dataclasses.field(default_factory=list)


def statement(config: Config) -> dict:
    """The accessibility statement's facts, from the config's `publication:` keys."""
    pub, published = config.publication, config.publication.get("published")
    tested = pub.get("accessibility_tested")
    return {"contact": pub.get("accessibility_contact") or pub.get("contact", ""),
            "tested": f"{tested.day} {tested:%B %Y}" if tested else "",
            "known_issues": list(pub.get("accessibility_issues") or []),
            "prepared": f"{published.day} {published:%B %Y}" if published else "the date of this edition"}


def render(config: Config, year: int, before: dict[str, str], pool=None, html: bool = False,
           before_svg: dict[str, str] | None = None) -> Rendered:
    """Draw what changed, then fill the template and write the spreadsheet (and, if `html`, the web edition,
    its charts drawn as SVG beside the PNGs: only those whose data changed since they were drawn)."""
    folder = config.processed_year(year)
    processed = read_processed(folder)
    values = Values(processed["indicators"], processed["changes"], year, config.authority.name,
                    processed["findings"])
    processed = {**processed, **filled_texts(processed, values, year)}
    items = (*FIGURES, *TABLES)
    authority = config.authority.name
    chosen = selections(items, processed["indicators"], year, authority, folder / "selections.pickle", pool,
                        group_sizes(processed))
    words = findings_for(processed, config, year)
    drawn_as = titled(FIGURES, words)
    hashes = {id_: manifest.text_hash(s.hash, drawn_as[id_].title) if id_ in drawn_as else s.hash
              for id_, s in chosen.items()}
    paths = {f.id: config.figures_year(year) / f"{f.id}.png" for f in FIGURES}
    svg_drawn = {i: h for i, h in (before_svg or {}).items() if hashes.get(i) == h}  # SVGs still current
    svgs = {f.id: paths[f.id].with_suffix(".svg") for f in FIGURES} if html else {}
    redraw = {f.id for f in stale_figures(hashes, before, paths)} | {
        i for i, svg in svgs.items() if svg_drawn.get(i) != hashes[i] or not svg.exists()}
    stale = [drawn_as[f.id] for f in FIGURES if f.id in redraw]
    svg_drawn = {**{i: h for i, h in svg_drawn.items() if i not in redraw}, **{i: hashes[i] for i in svgs}}
    out = config.output_year(year)
    recorded = Recorded(processed["indicators"], items, year)
    warnings: list[str] = []

    write_spreadsheet = partial(drawing.write_spreadsheet, out / "tables.xlsx",
                                [i for i in items if recorded.shown(i.id)], chosen,
                                {name: processed[name] for name in TEXT_TABLES if name in processed}, authority,
                                year, folder / "sheets.pickle",
                                numbers=recorded.numbers(document.report_order(config.template)),
                                publication=cover(config, year, processed["status"].status)["publication"],
                                summary={**summary.tables(processed["changes"], config.targets, processed["findings"]),
                                         "key_numbers": summary.key_number_table(values, words)})

    def write_document(drawn: Callable[[str], None]) -> None:
        document.render(config.template,
                        lambda tpl: context(word(tpl), config, year, processed, chosen, paths, drawn, words,
                                            drawn_as, values, recorded),
                        out / "annual_report.docx", fixed_time(year),
                        lambda doc: commentary.insert(doc, processed["commentary"], config.template),
                        folder / "compiled")
        if html:
            from pipeline.render import html as web

            web_context = context(web.Medium(), config, year, processed, chosen, paths, drawn, words, drawn_as,
                                  values, recorded)
            warnings.extend(web.write(config.template, web_context, processed["commentary"], statement(config),
                                      out / "annual_report.html"))

    drawing.draw_then([(f, chosen[f.id].frame, paths[f.id], svgs.get(f.id)) for f in stale], write_spreadsheet,
                      write_document, pool)
    render_diff.write(out / f"changes_since_{year - 1}.md", processed["changes"],
                      f"{authority}: changes from {year - 1} to {year}", str(year - 1), str(year))
    annex.write(out / annex.FILE, processed["warnings"], authority, year)  # the ids and warnings the report leaves out
    checklist.write(out / checklist.FILE, processed["status"].typed, year)  # beside the report, never in it
    return Rendered(out / "annual_report.docx", out / "tables.xlsx", hashes, [f.id for f in stale],
                    [*paths.values(), *svgs.values()], out / annex.FILE, out / "annual_report.html" if html else None,
                    svg_drawn, warnings)
