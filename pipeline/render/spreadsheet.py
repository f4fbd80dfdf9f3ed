"""The accessible spreadsheet, output/<year>/tables.xlsx: every chart's and table's data, one per sheet.

It follows the Analysis Function guidance "releasing statistics in spreadsheets" through gptables: a
cover, a contents sheet and a notes sheet, then one tidy table per sheet, in the report's order and named
as the report numbers them ("Table 1", "Figure 3"), the executive summary's tables among them, and the changes
since last year last.
Numbers stay numbers, unrounded, shown to the report's decimal places by their cell format; each percentage
of the authority's own has its numerator and denominator beside it; where a value is missing the cell
holds its DfE symbol as text.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Sequence

import gptables as gpt
import pandas as pd
from gptables.core.gptable import FormatList

from pipeline.files import memo, write_atomically
from pipeline.formats import decimals
from pipeline.manifest import text_hash
from pipeline.render import query
from pipeline.render.formats import NOT_AVAILABLE
from pipeline.render.figures import KIND_WORDS, SUMMARY_TABLES, TEXT_TABLES, Figure, Table
from pipeline.render.labels import year_label
from pipeline.render.reproducible import fixed_time

NOT_RECORDED = "Not recorded"
RESERVED = ("Cover", "Contents", "Notes", "Comparisons", "Changes")
UNIT_WORDS = {"percent": "%", "rate_per_10k": "per 10,000", "days": "days", "working_days": "working days"}
NUMBER_FORMATS = {0: "#,##0", 1: "#,##0.0"}
NOTES = {  # reference: (the line on a sheet that refers to the note, the note)
    "rounding": ("Numbers are shown rounded as the report shows them",
                 "Numbers are stored unrounded and shown rounded, as the report prints them: whole numbers for "
                 "counts, percentages and children in care rates per 10,000; one decimal place for child "
                 "protection rates per 10,000, full-time equivalents, scores, ratios and days. Percentages and "
                 "rates are calculated from unrounded numbers, so rounded figures may not add up exactly."),
    "counts": ("Each percentage has its numerator and denominator beside it",
               "Columns headed 'number' and 'out of' give the count of children (or reviews, plans, referrals) a "
               "percentage is of and the count it is taken from. A percentage of fewer than 20 moves a long "
               "way with one child more or fewer."),
    "symbols": ("A letter in place of a number is a DfE symbol",
                "Symbols used in place of a number: c = suppressed to protect confidentiality; x = not available; "
                "z = not applicable; k = a value that rounds to zero; u = low reliability."),
    "comparators": ("Comparators are DfE's published figures for their latest year",
                    "England and region figures are as DfE published them. Statistical neighbours and 'Good' "
                    "authorities are the unweighted means of their member authorities' published values. Each "
                    "comparator shows DfE's latest published year up to the report's year, which may be a year "
                    "behind the authority's own figures."),
    "published": ("Some years show DfE's published figure for the authority",
                  "For trend years without local data, the authority's figure is the one DfE published for it."),
}
NOTE_REFERENCE = re.compile(r"\$\$(.+?)\$\$")


def write(path: Path, items: Sequence[Figure | Table], chosen: dict[str, query.Selection],
          texts: dict[str, pd.DataFrame], authority: str, year: int, cache: Path, numbers: dict[str, str] | None = None,
          publication: dict | None = None, summary: dict[str, pd.DataFrame] | None = None) -> None:
    """The accessible spreadsheet: cover, contents, notes, then one sheet per figure and table in the report's
    order (`numbers`: id -> 'Figure 3', from the template), the executive summary's tables (`summary`) and the
    unit's text tables among them, then the changes since last year.
    Each item's sheet is laid out again only when its data or caption changed (the layouts are kept in
    `cache`); gptables then writes the whole workbook."""
    numbers, summary = numbers or {}, summary or {}
    text_names = [name for name in TEXT_TABLES if name in texts]
    summary_names = [name for name in SUMMARY_TABLES if name in summary]
    ids = [*summary_names, *(item.id for item in items), *text_names]
    ids = sorted(ids, key=lambda i: (i not in numbers, list(numbers).index(i) if i in numbers else ids.index(i)))
    names = sheet_names(ids, numbers)
    by_id = {item.id: item for item in items}
    keys = {id_: text_hash(pd.__version__, chosen[id_].hash, chosen[id_].caption, names[id_]) for id_ in by_id}
    layouts = memo(cache, keys, lambda todo: {i: _item_layout(by_id[i], chosen[i], names[i]) for i in todo})
    sheets = {}
    for id_ in ids:
        if id_ in by_id:
            layout = layouts[id_]
        elif id_ in summary_names:
            layout = _summary_layout(id_, summary[id_], names[id_], year)
        else:
            layout = _text_layout(id_, texts[id_], authority, names[id_])
        sheets[names[id_]] = _sheet(names[id_], *layout)
    if "comparisons" in summary:
        sheets["Comparisons"] = _sheet("Comparisons", *_summary_layout("comparisons", summary["comparisons"]))
    if "changes" in summary:
        sheets["Changes"] = _sheet("Changes", *_summary_layout("changes", summary["changes"]))
    title = f"{authority} Independent Reviewing Unit annual report {year_label(str(year))}: tables"
    cover = _cover(title, authority, year, {names[n]: TEXT_TABLES[n][0] for n in text_names}, "changes" in summary,
                   publication or {})
    write_atomically(path, lambda tmp: _write_workbook(tmp, sheets, cover, title, authority, year))


def sheet_names(ids: Sequence[str], numbers: dict[str, str] | None = None) -> dict[str, str]:
    """Valid, unique sheet names: the report's number for an item it numbers ('Figure 3'), else from the id in
    letters, digits and underscores; at most 31 characters, none equal to another or to a reserved sheet
    (Excel compares sheet names ignoring case)."""
    taken, names = {r.lower() for r in RESERVED}, {}
    for id_ in ids:
        base = (numbers or {}).get(id_) or re.sub(r"[^A-Za-z0-9_]", "_", id_)[:31] or "sheet"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base[:31 - len(str(n)) - 1]}_{n}"
        taken.add(name.lower())
        names[id_] = name
    return names


def _cells(frame: pd.DataFrame) -> list:
    """Each value unrounded (its cell format rounds it as the report prints it), or its DfE symbol when there
    is none."""
    return [float(v) if pd.notna(v) else s or NOT_AVAILABLE for v, s in zip(frame.value, frame.status)]


def _with_counts(frame: pd.DataFrame, cells: pd.DataFrame) -> tuple[pd.DataFrame, list[int], list[int]]:
    """Beside each column of the authority's percentages, its numerators and denominators ('number', 'out of').
    Returns the table and, for each column, where the value columns and the count columns now are."""
    counted = frame[(frame.unit == "percent") & frame.area_type.isin(["LA", "LOCALITY"]) & frame.numerator.notna()]
    with_counts = set(counted.series)
    numerators = query.grid(frame, "numerator").reindex(index=cells.index, columns=cells.columns)
    denominators = query.grid(frame, "denominator").reindex(index=cells.index, columns=cells.columns)
    columns, values, counts = {}, [], []
    for series in cells.columns:
        values.append(len(columns))
        columns[series] = cells[series]
        if series in with_counts:
            counts += [len(columns), len(columns) + 1]
            columns[f"{series}: number"] = numerators[series].map(lambda v: float(v) if pd.notna(v) else NOT_AVAILABLE)
            columns[f"{series}: out of"] = denominators[series].map(
                lambda v: float(v) if pd.notna(v) else NOT_AVAILABLE)
    return pd.DataFrame(columns, index=cells.index), values, counts


def _x_header(item: Figure | Table) -> str:
    if isinstance(item, Table):
        return item.first_column
    q = item.query
    if q.x == "period":
        return "Month" if q.periods in (query.MONTHS, query.MONTHS_THIS_AND_LAST) else "Year"
    if q.x == "area":
        return "Locality" if q.areas == ("LOCALITY",) else "Area"
    return {"year": "Year", "area_period": "Area and year", "breakdown": "Category"}.get(q.x, "Measure")


def _with_unit(label: str, units: Sequence[str]) -> str:
    """A label with its cells' unit, when they share one and the label does not already say it."""
    word = UNIT_WORDS.get(units[0]) if len(set(units)) == 1 else None
    return f"{label} ({word})" if word and word not in label else label


def _labelled(frame: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """Put the unit in the column headers when each column has one; otherwise in the row labels, as a
    table of mixed measures (a percentage and a mean score) has one unit per row."""
    by_series = frame.groupby("series", sort=False).unit.unique()
    if all(len(u) == 1 for u in by_series):
        return cells.rename(columns={s: _with_unit(s, list(u)) for s, u in by_series.items()})
    by_x = frame.groupby("x", sort=False).unit.unique()
    return cells.rename(index={x: _with_unit(x, list(u)) for x, u in by_x.items()})


def _number_formats(frame: pd.DataFrame, cells: pd.DataFrame, at: list[int], counts: list[int]) -> list[dict]:
    """Every data column right-aligned and each number shown to the report's decimal places: one entry for
    all the columns whose numbers share the same places (the usual case), then one per cell of a column
    that mixes them, since gptables applies a multi-cell entry to its last cell only. `at`: where each of
    `cells`' columns is in the sheet's table; `counts`: the count columns, whole numbers."""
    places = query.grid(frame.assign(places=[decimals(i, u) for i, u in zip(frame.indicator, frame.unit)]), "places")
    by_places: dict[int | None, list[int]] = {}  # None: a column of symbols only, or of mixed places
    mixed = []
    for c in range(cells.shape[1]):
        numeric = [r for r in range(cells.shape[0]) if isinstance(cells.iat[r, c], float)]
        shared = {int(places.iat[r, c]) for r in numeric}
        by_places.setdefault(next(iter(shared)) if len(shared) == 1 else None, []).append(at[c] + 1)
        if len(shared) > 1:
            mixed += [{"cell": {"cells": [(r + 1, at[c] + 1)],
                                "format": {"num_format": NUMBER_FORMATS[int(places.iat[r, c])]}}} for r in numeric]
    if counts:
        by_places.setdefault(0, []).extend(c + 1 for c in counts)
    columns = [{"column": {"columns": columns, "include_names": True, "format": {
        "align": "right", **({"num_format": NUMBER_FORMATS[n]} if n is not None else {})}}}
        for n, columns in by_places.items()]
    return columns + mixed


def _notes_lines(refs: Sequence[str]) -> list[str]:
    return [f"{NOTES[ref][0]} $${ref}$$" for ref in refs]


Layout = tuple[str, list[str], pd.DataFrame, dict]  # a sheet's title, subtitles, table and gptables options


def _title(number: str, caption: str) -> tuple[str, str]:
    """The sheet's title, as the report captions it ('Figure 3: Legal status ..., 2023-24 to 2024-25'), and the
    rest of the caption (its sources and notes)."""
    head, _, rest = caption.partition(". Source: ")
    return f"{number}: {head}" if number else head, f"Source: {rest}" if rest else ""


def _item_layout(item: Figure | Table, selection: query.Selection, number: str = "") -> Layout:
    """One figure's or table's data: x down, series across, as the report's chart or table lays it out."""
    frame = selection.frame
    title, source = _title(number if number != item.id else "", selection.caption)
    about = (f"The data behind the report's {KIND_WORDS[item.kind].lower()} of {item.y_label[:1].lower()}"
             f"{item.y_label[1:]}." if isinstance(item, Figure) else "The report's table.")
    lines = [line for line in (source, about) if line]
    if frame.empty:
        return (title, [*lines, *_notes_lines(["symbols"])],
                pd.DataFrame({_x_header(item): ["No data for this year"], "Value": [NOT_AVAILABLE]}), {})
    cells = query.grid(frame.assign(cell=_cells(frame)), "cell").astype(object).fillna(NOT_AVAILABLE)
    table, at, counts = _with_counts(frame, cells)
    formats = _number_formats(frame, cells, at, counts)
    table = _labelled(frame, table)
    refs = [ref for ref, used in (
        ("rounding", cells.map(lambda v: isinstance(v, float)).values.any()),
        ("counts", bool(counts)),
        ("symbols", table.map(lambda v: isinstance(v, str)).values.any()),
        ("comparators", frame.area_type.isin(query.COMPARATORS).any()),
        ("published", (frame.area_type == "LA_PUBLISHED").any()),
    ) if used]
    table = table.rename_axis(_x_header(item)).reset_index()
    table.columns = [str(c) for c in table.columns]
    return title, [*lines, *_notes_lines(refs)], table, {"additional_formatting": formats}


def _text_cell(value: object) -> FormatList:
    """Text exactly as typed. A FormatList is written as it stands, where a plain string would be read
    by gptables as a markdown link ('[a](b)') or refused for holding no ASCII letter or digit ('-', 'é').
    An empty cell says so in words: the guidance wants no blank cells, and a symbol reads as a RAG letter."""
    text = "" if pd.isna(value) else str(value)
    return FormatList([{}, text if text.strip() else NOT_RECORDED])


def _text_layout(name: str, frame: pd.DataFrame, authority: str, number: str = "") -> Layout:
    """One of the unit's text tables (last year's actions, the development plan), as the report prints it."""
    title, columns = TEXT_TABLES[name]
    title = f"{number}: {title}" if number and number != name else title
    table = frame.reindex(columns=list(columns)).rename(columns=columns)
    if table.empty:
        table = pd.DataFrame([[""] * len(columns)], columns=table.columns)
    table = table.map(_text_cell).reset_index(drop=True)
    # No index column: gptables would read '$$...$$' in an index cell as a note reference.
    return title, [f"Source: {authority} IRU records."], table, {"index_columns": {}}


SUMMARY = {  # the executive summary's tables and the appendix's changes: (title, intro, {column: header})
    "key_numbers": (SUMMARY_TABLES["key_numbers"], "The executive summary's numbers at a glance: this year, last "
                    "year and the direction of the move (by the report's rule for a notable move).",
                    {"title": "Measure", "after": "This year", "before": "Last year", "direction": "Direction"}),
    "targets": (SUMMARY_TABLES["targets"], "Every indicator with a target in the "
                "config, its thresholds, this year's result and its RAG rating (as the executive summary shows).",
                {"title": "Indicator", "green_at": "Green at", "amber_at": "Amber at", "value": "Result",
                 "rag": "RAG"}),
    "comparisons": ("Comparisons: one verdict for each comparison", "This year's figure of the authority's own "
                    "against each comparator's latest published year, with the figure's 95% confidence interval: "
                    "higher or lower where the comparator lies outside the interval, in line with it where it lies "
                    "inside (the method of OHID's Fingertips profiles). Every sentence of the report that compares "
                    "reads this verdict. A group with no fair mean has no verdict, and the reason.",
                    {"title": "Indicator", "comparator": "Comparator", "value": "This year", "ci_low":
                     "95% interval from", "ci_high": "95% interval to", "other": "Comparator's figure",
                     "other_year": "Comparator's year", "verdict": "Verdict", "reason": "Why no verdict"}),
    "changes": ("Changes since last year", "Every figure of the authority's own that moved since last year, "
                "largest moves first (as the report's appendix lists them).",
                {"title": "Indicator", "before": "Last year", "after": "This year", "before_rag": "RAG last year",
                 "after_rag": "RAG this year"}),
}


def _summary_layout(name: str, frame: pd.DataFrame, number: str = "", year: int | None = None) -> Layout:
    """The key numbers, the targets or the changes, one row each, as given (numbers as numbers, words as typed),
    titled with the number the report gives the table; 'this year' and 'last year' headed with the years, as the
    report heads them."""
    title, intro, columns = SUMMARY[name]
    if year is not None:
        years = {"after": year_label(str(year)), "before": year_label(str(year - 1))}
        columns = {key: years.get(key, heading) for key, heading in columns.items()}
    title = f"{number}: {title}" if number and number != name else title
    table = frame.reindex(columns=list(columns)).rename(columns=columns)
    if table.empty:
        table = pd.DataFrame([[NOT_AVAILABLE] * len(columns)], columns=table.columns)
    table = table.map(lambda v: float(v) if isinstance(v, (int, float)) and pd.notna(v) else _text_cell(
        NOT_AVAILABLE if isinstance(v, float) else v))
    return title, [intro], table.reset_index(drop=True), {"index_columns": {}}


def _sheet(name: str, title: str, subtitles: list[str], table: pd.DataFrame, options: dict) -> gpt.GPTable:
    # Excel table names: unique, never a cell reference ('cla1'), never starting with a digit.
    return gpt.GPTable(table=table, table_name=f"table_{name.replace(' ', '_')}", title=title, subtitles=subtitles,
                       **options)


def _cover(title: str, authority: str, year: int, text_tables: dict[str, str], changes: bool,
           publication: dict) -> gpt.Cover:
    """The cover; it says where the unit's text tables and the changes are, by their sheets' names."""
    label = year_label(str(year))
    intro = [
        f"This workbook holds the data behind the {authority} Independent Reviewing Unit (IRU) annual report for "
        f"{label}, the year ending 31 March {year}.",
        "Every chart and table in the report has its own worksheet here, in the order they appear in the report, "
        "with its data, title, period and sources. The contents sheet links to each worksheet."
        + (" The unit's own text tables are " + _listed([f"{sheet} ({what.lower()})" for sheet, what in
                                                           text_tables.items()]) + "." if text_tables else "")
        + (" The last worksheet, Changes, lists every figure of the authority's own that moved since last year."
           if changes else ""),
        "Each worksheet holds one table, named as the report numbers it (Figure 1, Table 3) and titled with its "
        "caption. Numbers are stored as numbers, unrounded, and shown rounded as the report shows them.",
        *([f"Published: {publication['published']}. Status: {publication['status']}, version "
           f"{publication['version']}."] if publication else []),
    ]
    about = [
        f"Sources: {authority}'s own case records (children in care, child protection, LADO and the IRU's "
        "records) and statistics published by the Department for Education (DfE).",
        "Comparators: England, the region, statistical neighbours and 'Good' authorities, from DfE's latest "
        "published year. Statistical neighbours and 'Good' authorities are unweighted means of their members.",
        "Rounding: whole numbers for counts, percentages and children in care rates; one decimal place for child "
        "protection rates, scores, ratios and days; halves are rounded away from zero, as DfE rounds.",
        "Symbols: c suppressed to protect confidentiality, x not available, z not applicable, k rounds to zero. "
        "The notes sheet explains these and the notes each worksheet refers to.",
    ]
    contact = [publication.get("author") or f"{authority} Independent Reviewing Unit",
               publication.get("contact") or "[contact to be added]"]
    return gpt.Cover(title=title, intro=intro, about=about, contact=contact)


def _listed(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _notes_table(sheets: dict[str, gpt.GPTable]) -> pd.DataFrame:
    """The notes the sheets refer to, in the order they first do: the order gptables numbers them in."""
    refs = dict.fromkeys(ref for t in sheets.values() for line in t.subtitles for ref in NOTE_REFERENCE.findall(line))
    return pd.DataFrame({"Note reference": list(refs), "Note text": [NOTES[r][1] for r in refs]})


def _write_workbook(path: Path, sheets: dict[str, gpt.GPTable], cover: gpt.Cover, title: str, authority: str,
                    year: int) -> None:
    """Write with a fixed creation date (xlsxwriter already gives every zip entry a fixed 1980 date), so the
    same inputs give the same bytes. Strings stay strings: never formulas ('=...') or links ('http...').
    gptables 2.0.2 calls pandas APIs that pandas 3 deprecates; those warnings are its own, not ours."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"gptables\.")
        workbook = gpt.produce_workbook(
            filename=str(path), sheets=sheets, cover=cover, notes_table=_notes_table(sheets),
            workbook_options={"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True})
    workbook.set_properties({"title": title, "author": f"{authority} Independent Reviewing Unit",
                             "created": fixed_time(year)})
    workbook.close()
