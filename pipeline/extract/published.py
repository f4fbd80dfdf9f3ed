"""Readers for the published comparator files: DfE's explore-education-statistics CSVs, the LAIT
long file, ONS populations, DfE's statistical neighbours and Ofsted's inspection outcomes.

Files are read as DfE publishes them, quirks and all (a byte-order mark, column order and case that
vary, quoted names with commas, numbers stored as text, suppression symbols), and turned into one
long tidy table whose rows the transform can use without knowing where they came from. Which
published numbers are used, and under which indicator ids, is data in `published_map.py`.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.extract.archive import archive_problem
from pipeline.extract.published_files import canonical, recognise, where_to_download
from pipeline.extract.published_map import EES, EES_FILES, LAIT, LAIT_FILES, Cell, Sum, Where
from pipeline.problems import Problems

PUBLISHED_COLUMNS = ["indicator", "period", "level", "old_la_code", "new_code", "name", "region", "breakdown",
                     "value", "status", "source"]
AREA_COLUMNS = ["period", "level", "old_la_code", "new_code", "name", "region"]

EES_LEVELS = {"national": "NATIONAL", "regional": "REGION", "local authority": "LA"}
EES_REQUIRED = ("time_period", "geographic_level")
LAIT_REQUIRED = ("short desc", "years", "la and regions", "values", "la number", "region")
LAIT_ENGLAND = 970
LAIT_REGIONS = range(980, 991)  # 987/988 are Inner and Outer London
# LAIT's names for regions EES names otherwise (names are kept as published; only matching uses these)
REGION_ALIASES = {"london (inner)": "inner london", "london (outer)": "outer london"}
# DfE's symbols, normalised: "low" means rounds to zero, like k; LAIT writes "-" for not available.
SYMBOLS = {"c": "c", "x": "x", "z": "z", "k": "k", "low": "k", "u": "u", "-": "x", "": "x"}
NUMBER_OR_SYMBOL = "a number or one of the symbols c x z k low u -"
SIGNIFICANT_DIGITS = 10  # enough for any published figure, few enough to drop float noise
FIRST_DATA_ROW = 2  # spreadsheet row of a CSV's first record


# --- the whole folder ---------------------------------------------------------------------------
def read_published(folder: Path, problems: Problems) -> pd.DataFrame:
    """Read every known published file present in `folder` (EES CSVs, LAIT parquet or CSV) into one
    long tidy table with PUBLISHED_COLUMNS; a CSV whose name is not DfE's is recognised by its columns.
    Missing files are simply absent (`report_absent` warns). Unreadable or malformed files are reported
    as problems naming the file, never raised."""
    frames, claimed = [], set()
    for family, prefixes in EES_FILES.items():
        measures = [m for m in EES if m.family == family]
        for path in _find(folder, prefixes, (".csv",), problems):
            claimed.add(path)
            frames.append(_read_ees(path, measures, problems))
    for path in _find(folder, LAIT_FILES, (".parquet", ".csv"), problems):
        claimed.add(path)
        frames.append(_read_lait(path, problems))
    frames += _recognised(folder, claimed, problems)
    return _tidy([f for f in frames if f is not None and len(f)])


def _recognised(folder: Path, claimed: set[Path], problems: Problems) -> list[pd.DataFrame | None]:
    """The CSVs no DfE name matches, read as the family their columns show (`download (3).csv`), their rows'
    source the name DfE gives the file; others (the statistical neighbours, anything else) are left alone."""
    known = tuple(p for ps in (*EES_FILES.values(), LAIT_FILES) for p in ps)
    frames = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"):
        if path in claimed or path.stem.lower().startswith(known):
            continue
        raw = _read_csv(path, Problems())
        family = recognise(raw) if raw is not None and all(c in raw.columns for c in EES_REQUIRED) else None
        if family is None:
            continue
        problems.warn(f"published/{path.name}", message=f"read as {canonical(family)}, which its columns show "
                      "it is", expected=f"DfE's file name, {canonical(family)}")
        frame = _ees_rows(raw, path.name, [m for m in EES if m.family == family], problems)
        frames.append(None if frame is None else frame.assign(source=canonical(family).replace("…", "")))
    return frames


def report_absent(folder: Path, published: pd.DataFrame, problems: Problems) -> None:
    """A warning for each published file that is not in the folder (by its name, or its columns: the
    `source` of its rows in `published`), naming the figures lost with it: those no other file present gives
    (the LAIT file repeats a few of DfE's), and where to download it. And one for each file read that holds
    England's figures only (DfE's national_ file) where the authorities' file is needed."""
    names = [p.name.lower() for p in folder.iterdir() if p.is_file()] + [s.lower() for s in published.source.unique()]
    gives = {family: {m.indicator for m in EES if m.family == family} for family in EES_FILES}
    gives["lait"] = {m.indicator for m in LAIT}
    prefixes = {**EES_FILES, "lait": LAIT_FILES}
    present = {f for f, ps in prefixes.items() if any(n.startswith(p) for n in names for p in ps)}
    for family in sorted(set(prefixes) - present):
        lost = sorted(gives[family] - set().union(*(gives[f] for f in present)))
        if not lost:
            continue
        name = "bds_long_0.parquet" if family == "lait" else canonical(family)
        what = ("the population aged 0 to 17 is left out, so comparators' rates per 10,000 are empty (x)"
                if family == "population" else f"{', '.join(lost)} {'is' if len(lost) == 1 else 'are'} left out "
                "(comparators, and published figures for years without local data)")
        source = "" if family == "lait" else f": {where_to_download(family)}"
        problems.warn(f"published/{name}", message=f"is not there: {what}",
                      expected=f"the file, as downloaded, in {folder}{source}")
    _report_england_only(published, problems)


def _report_england_only(published: pd.DataFrame, problems: Problems) -> None:
    """A warning for each family read only from a file of England's figures (DfE's national_ file), naming the
    figures that so have no region, statistical neighbour or 'Good' comparators (those no other file gives by
    authority) and the authorities' file that has them."""
    by_authority = set(published.indicator[published.level == "LA"])
    source = published.source.str.lower()
    for family, prefixes in EES_FILES.items():
        rows = published[source.str.startswith(prefixes)]
        if rows.empty or (rows.level == "LA").any():
            continue
        lost = sorted({m.indicator for m in EES if m.family == family} - by_authority)
        if lost:
            verb = "has" if len(lost) == 1 else "have"
            problems.warn(f"published/{', '.join(sorted(rows.source.unique()))}",
                          message=f"holds England's figures only: {', '.join(lost)} {verb} no region, statistical "
                          "neighbour or 'Good' comparators, and no published figure for years without local data",
                          expected=f"the authorities' file, {where_to_download(family)}")


def _find(folder: Path, prefixes: tuple[str, ...], suffixes: tuple[str, ...], problems: Problems) -> list[Path]:
    """One file per prefix; when several match (last year's download left beside this year's), the
    latest name wins, a parquet over a CSV of the same name, and the others are named in a warning."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    found = []
    for prefix in prefixes:
        matches = sorted((p for p in files if p.stem.lower().startswith(prefix)),
                         key=lambda p: (p.stem.lower(), p.suffix.lower() == ".parquet"))
        if not matches:
            continue
        found.append(matches[-1])
        for other in matches[:-1]:
            problems.warn(other.name, message=f"not read: {matches[-1].name} is the same publication",
                          expected=f"one file named {prefix}…")
    return found


def _tidy(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One table; where EES and LAIT (or an la_ and a national_ file) give the same figure, the
    first read (EES) is kept."""
    if not frames:
        return _typed(pd.DataFrame(columns=PUBLISHED_COLUMNS))
    out = pd.concat(frames, ignore_index=True)
    out = out.loc[~out.assign(area=_area_key(out)).duplicated(["indicator", "period", "breakdown", "area"])]
    out = out.sort_values(["indicator", "period", "level", "old_la_code", "name", "breakdown"], kind="stable")
    return _typed(out[PUBLISHED_COLUMNS].reset_index(drop=True))


def _area_key(frame: pd.DataFrame) -> pd.Series:
    """The same area in every source: an LA by its old code, a region by its name in any case."""
    la = frame.old_la_code.astype("string").fillna(frame.new_code.astype("string"))
    name = frame.name.astype("string").str.casefold().replace(REGION_ALIASES)
    return ("LA|" + la.fillna(name)).where(frame.level == "LA", frame.level + "|" + name.where(
        frame.level == "REGION", ""))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    types = {c: "str" for c in PUBLISHED_COLUMNS} | {"old_la_code": "Int64", "value": "float64"}
    return frame.astype(types)


# --- values -------------------------------------------------------------------------------------
def _per_unique(cells: pd.Series, convert) -> pd.DataFrame:
    """Apply `convert` (Series -> DataFrame) to each distinct cell once: published columns repeat
    a few hundred values over tens of thousands of rows."""
    codes, uniques = pd.factorize(cells.astype("string").fillna(""), use_na_sentinel=False)
    converted = convert(pd.Series(np.asarray(uniques, dtype=object)))
    return converted.iloc[codes].set_axis(cells.index)


def _parse(cells: pd.Series) -> pd.DataFrame:
    """Published cells as value, status and unrecognised: "1,234" and "33.700000000000003" are
    numbers; a symbol gives NaN and its status; anything else NaN, status x, and is flagged."""
    if pd.api.types.is_numeric_dtype(cells):
        value = _round(cells.astype(float))
        return pd.DataFrame({"value": value, "status": np.where(value.isna(), "x", ""), "unrecognised": False})
    return _per_unique(cells, _parse_text)


def _parse_text(text: pd.Series) -> pd.DataFrame:
    text = text.str.strip()
    number = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce").astype(float)
    number = number.where(np.isfinite(number))
    status = text.str.casefold().map(SYMBOLS).where(number.isna(), "")
    return pd.DataFrame({"value": _round(number), "status": status.fillna("x"), "unrecognised": status.isna()})


def _round(values: pd.Series) -> pd.Series:
    """Round to SIGNIFICANT_DIGITS, dividing by an exact power of ten so 33.7 comes out as 33.7."""
    v = values.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(np.abs(v)))
    shift = SIGNIFICANT_DIGITS - 1 - np.where(np.isfinite(magnitude), magnitude, 0)
    scale = 10.0 ** np.abs(shift)
    rounded = np.where(shift >= 0, np.round(v * scale) / scale, np.round(v / scale) * scale)
    return pd.Series(rounded, index=values.index)


def _warn_unrecognised(cells: pd.Series, flagged: pd.Series, file: str, column: str, problems: Problems) -> None:
    """One warning per column, at the first bad cell, so a new DfE symbol doesn't flood the log."""
    if not flagged.any():
        return
    first = flagged.idxmax()
    more = int(flagged.sum()) - 1
    message = f'"{cells[first]}" is not a number or a known symbol; read as not available'
    if more:
        message += f" ({more} more cells in this column)"
    problems.warn(file, row=int(first) + FIRST_DATA_ROW, column=column, message=message, expected=NUMBER_OR_SYMBOL)


def _label(text: pd.Series) -> pd.Series:
    """Labels compared as DfE means them: case and runs of spaces don't matter."""
    return _per_unique(text, lambda u: pd.DataFrame({"label": [_norm(x) for x in u]}))["label"]


def _norm(label) -> str:
    return " ".join(str(label).split()).casefold()


# --- explore education statistics CSVs ----------------------------------------------------------
def _read_csv(path: Path, problems: Problems) -> pd.DataFrame | None:
    """All cells as text with lower-case column names; a byte-order mark is dropped. Older DfE
    downloads are sometimes Windows-1252 rather than UTF-8."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            problems.error(path.name, message=f"cannot be read as CSV: {exc}",
                           expected="comma-separated text with a header row")
            return None
        frame.columns = [_norm(c) for c in frame.columns]
        return frame
    problems.error(path.name, message="cannot be read as text", expected="a CSV file in UTF-8")
    return None


def _read_ees(path: Path, measures: list[Cell | Sum], problems: Problems) -> pd.DataFrame | None:
    raw = _read_csv(path, problems)
    return None if raw is None else _ees_rows(raw, path.name, measures, problems)


def _ees_rows(raw: pd.DataFrame, file: str, measures: list[Cell | Sum], problems: Problems) -> pd.DataFrame | None:
    missing = [c for c in EES_REQUIRED if c not in raw.columns]
    for column in missing:
        problems.error(file, column=column, message="column is missing",
                       expected="an explore education statistics CSV (time_period, geographic_level, …)")
    if missing:
        return None
    table = _EesTable(raw, file, problems)
    pieces = [table.cell(m) if isinstance(m, Cell) else table.sum(m) for m in measures]
    pieces = [p for p in pieces if p is not None and len(p)]
    if not pieces:
        return None
    found = pd.concat(pieces, ignore_index=True)
    areas = table.areas.loc[found.pop("row"), AREA_COLUMNS].reset_index(drop=True)
    return pd.concat([areas, found], axis=1).assign(source=file)


def _ees_period(text: pd.Series) -> pd.Series:
    """`2025` stays 2025; a span such as `202425` is the year it ends in."""
    def convert(unique: pd.Series) -> pd.DataFrame:
        parts = unique.str.strip().str.extract(r"^(\d{4})(\d{2})?$")
        year = pd.to_numeric(parts[0], errors="coerce") + parts[1].notna()
        return pd.DataFrame({"period": year.dropna().astype(int).astype(str).reindex(unique.index)})
    return _per_unique(text, convert)["period"]


class _EesTable:
    """One EES file: its areas worked out once, label columns normalised and value columns parsed
    on first use, then shared by every measure read from it. A measure yields rows of
    (row, indicator, breakdown, value, status), `row` pointing at its area."""

    def __init__(self, raw: pd.DataFrame, file: str, problems: Problems):
        self.file, self.problems = file, problems
        self.areas = self._areas(raw)
        self.raw = raw.loc[self.areas.index]
        self._labels: dict[str, pd.Series] = {}
        self._values: dict[str, pd.DataFrame] = {}
        self._missing: set[str] = set()

    @staticmethod
    def _text(raw: pd.DataFrame, column: str) -> pd.Series:
        return raw[column].str.strip() if column in raw.columns else pd.Series("", index=raw.index, dtype="str")

    def _areas(self, raw: pd.DataFrame) -> pd.DataFrame:
        """Who each row is about; rows of other geographic levels are not ours and are dropped."""
        level = self._text(raw, "geographic_level").str.casefold().map(EES_LEVELS)
        period = _ees_period(raw["time_period"])
        bad = level.notna() & period.isna()
        if bad.any():
            first = bad.idxmax()
            self.problems.warn(self.file, row=int(first) + FIRST_DATA_ROW, column="time_period",
                               message=f'"{raw.at[first, "time_period"]}" is not a year; '
                                       f"{int(bad.sum())} row(s) left out", expected="a year such as 2025")
        keep = level.notna() & period.notna()
        raw, level, period = raw[keep], level[keep], period[keep]
        la, region = level == "LA", level == "REGION"

        def by_level(national: str, regional: str, local: str) -> pd.Series:
            text = self._text(raw, national).mask(region, self._text(raw, regional)).mask(la, self._text(raw, local))
            return text.where(text != "")

        areas = pd.DataFrame({
            "period": period, "level": level,
            "old_la_code": pd.to_numeric(self._text(raw, "old_la_code").where(la), errors="coerce").astype("Int64"),
            "new_code": by_level("country_code", "region_code", "new_la_code"),
            "name": by_level("country_name", "region_name", "la_name").fillna(""),
            "region": self._text(raw, "region_name").where(level != "NATIONAL", ""),
        })
        areas["key"] = (areas.level + "|" + areas.old_la_code.astype("string").fillna("") + "|"
                        + areas.new_code.fillna("") + "|" + areas.name)
        return areas

    def _column(self, names: tuple[str, ...]) -> str | None:
        """The first of `names` the file has; a missing one is reported once per file."""
        column = next((n for n in names if n in self.raw.columns), None)
        if column is None and names[0] not in self._missing:
            self._missing.add(names[0])
            self.problems.error(self.file, column=names[0], message="column is missing",
                                expected=" or ".join(names))
        return column

    def labels(self, column: str) -> pd.Series:
        if column not in self._labels:
            self._labels[column] = _label(self.raw[column])
        return self._labels[column]

    def values(self, column: str) -> pd.DataFrame:
        if column not in self._values:
            parsed = _parse(self.raw[column])
            _warn_unrecognised(self.raw[column], parsed.unrecognised, self.file, column, self.problems)
            self._values[column] = parsed
        return self._values[column]

    def select(self, where: Where) -> pd.Series | None:
        rows = pd.Series(True, index=self.raw.index)
        for name, labels in where:
            column = self._column((name,))
            if column is None:
                return None
            rows &= self.labels(column).isin({_norm(x) for x in labels})
        return rows

    def cell(self, measure: Cell) -> pd.DataFrame | None:
        rows = self.select(measure.where)
        column = self._column(measure.columns)
        if rows is None or column is None:
            return None
        found = self.values(column)[rows]
        return _piece(found.index, measure, found.value, found.status)

    def sum(self, measure: Sum) -> pd.DataFrame | None:
        group = self.select(measure.group)
        label_column = self._column((measure.label_column,))
        column = self._column(measure.columns)
        if group is None or label_column is None or column is None:
            return None
        value = self.values(column).value
        labels = self.labels(label_column)
        parts = group & labels.isin({_norm(x) for x in measure.parts})
        found = (pd.DataFrame({"period": self.areas.period, "key": self.areas.key, "value": value,
                               "row": self.areas.index})[parts]
                 .groupby(["period", "key"])
                 .agg(row=("row", "first"), value=("value", "sum"), known=("value", "count"), parts=("row", "size")))
        found = found[found.known == found.parts].assign(status="")  # any part suppressed: left out
        if measure.total is not None:
            totals = group & (labels == _norm(measure.total))
            total = value[totals].groupby([self.areas.period[totals], self.areas.key[totals]]).first()
            total = total.reindex(found.index)
            found = found.assign(value=100 * found.value / total.where(total != 0),
                                 status=np.where(total == 0, "z", ""))[total.notna()]
        return _piece(found.row.to_numpy(), measure, found.value, found.status)


def _piece(rows, measure: Cell | Sum, value: pd.Series, status: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"row": np.asarray(rows), "indicator": measure.indicator, "breakdown": measure.breakdown,
                         "value": np.asarray(value, dtype=float), "status": np.asarray(status, dtype=object)})


# --- LAIT ---------------------------------------------------------------------------------------
def _read_lait(path: Path, problems: Problems) -> pd.DataFrame | None:
    raw = _read_lait_rows(path, problems)
    if raw is None:
        return None
    missing = [c for c in LAIT_REQUIRED if c not in raw.columns]
    for column in missing:
        problems.error(path.name, column=column, message="column is missing",
                       expected="the LAIT long file: Short Desc, Data item, Years, LA and Regions, Values, "
                                "LA Number, Region")
    if missing:
        return None
    measures = {m.short_desc.casefold(): m for m in LAIT}
    code = raw["short desc"].astype("string").str.strip().str.casefold()
    years = raw["years"].astype("string").str.strip()
    raw = raw[code.isin(measures.keys()) & years.str.fullmatch(r"\d{4}").fillna(False)]
    code = code[raw.index]
    number = pd.to_numeric(raw["la number"], errors="coerce").astype("Int64")
    level = pd.Series("LA", index=raw.index).mask(number.isin(LAIT_REGIONS), "REGION").mask(
        number == LAIT_ENGLAND, "NATIONAL")
    name = raw["la and regions"].astype("string").str.strip()
    region = raw["region"].astype("string").str.strip().where(level == "LA", name.where(level == "REGION", ""))
    parsed = _parse(raw["values"])
    _warn_unrecognised(raw["values"], parsed.unrecognised, path.name, "Values", problems)
    return pd.DataFrame({
        "indicator": code.map({c: m.indicator for c, m in measures.items()}),
        "period": years[raw.index], "level": level, "old_la_code": number.where(level == "LA"),
        "new_code": pd.Series(pd.NA, index=raw.index, dtype="string"), "name": name, "region": region,
        "breakdown": code.map({c: m.breakdown for c, m in measures.items()}),
        "value": parsed.value, "status": parsed.status, "source": path.name,
    })


def _read_lait_rows(path: Path, problems: Problems) -> pd.DataFrame | None:
    """The LAIT rows for our measures only (filtered in the parquet reader: the file is large)."""
    if path.suffix.lower() == ".csv":
        return _read_csv(path, problems)
    try:
        names = pq.read_schema(path).names
        short = next((n for n in names if _norm(n) == "short desc"), None)
        filters = [(short, "in", [m.short_desc for m in LAIT])] if short else None
        frame = pq.read_table(path, filters=filters).to_pandas()
    except (pa.ArrowException, OSError) as exc:
        problems.error(path.name, message=f"cannot be read as parquet: {exc}",
                       expected="the LAIT long file bds_long_0.parquet")
        return None
    frame.columns = [_norm(c) for c in frame.columns]
    return frame


# --- comparator groups --------------------------------------------------------------------------
def read_statistical_neighbours(path: Path, old_la_code: int) -> list[int]:
    """DfE's 2021 groupings CSV (`LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, SN2, SNP, ...`)
    or the 2025 model (`sn_model_2025_wide.csv`: old_la_code, la_name, ..., SN_1, SN_1P, ...): the
    ten neighbours (old LA codes) of the given authority, in order. ValueError if it isn't there."""
    rows = _csv_rows(path)
    header = [_norm(h) for h in rows[0]] if rows else []
    code_at = next((header.index(h) for h in ("old_la_code", "la num", "la_num", "la number") if h in header), None)
    ranked = sorted((int(m.group(1)), i) for i, h in enumerate(header) if (m := re.fullmatch(r"sn_?(\d+)", h)))
    if code_at is None or not ranked:
        raise ValueError(f"{path.name}: no LA code and SN1… columns (expected a DfE statistical neighbours file)")
    for row in rows[1:]:
        if len(row) > code_at and _as_int(row[code_at]) == old_la_code:
            return [n for _, i in ranked if i < len(row) and (n := _as_int(row[i])) is not None]
    raise ValueError(f"{path.name}: authority {old_la_code} is not listed")


def _csv_rows(path: Path) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            with path.open(newline="", encoding=encoding) as f:
                return list(csv.reader(f))
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path.name}: cannot be read as text")


def _as_int(text: str) -> int | None:
    try:
        return int(float(text.strip()))
    except ValueError:
        return None


def read_good_authorities(path: Path) -> list[str]:
    """Ofsted's outcomes .ods (sheet `Inspections_as_at_31_March`, header after two rows): new
    (ONS) codes of authorities whose overall effectiveness is Good or Outstanding. The header row is
    found by its `Overall effectiveness` cell, so a note row more or less doesn't matter."""
    refused = archive_problem(path)
    if refused:
        raise ValueError(f"{path.name}: {refused[0]}")
    try:
        book = pd.ExcelFile(path, engine="calamine")
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise ValueError(f"{path.name}: cannot be opened as a spreadsheet: {exc}") from exc
    sheet = next((s for s in book.sheet_names if s.strip().casefold().startswith("inspections_as_at")), None)
    if sheet is None:
        raise ValueError(f"{path.name}: no sheet Inspections_as_at_31_March (found {', '.join(book.sheet_names)})")
    cells = pd.read_excel(book, sheet_name=sheet, header=None, dtype=str).fillna("")
    cells = cells.apply(lambda col: col.str.strip())
    header_rows = cells.index[(cells.apply(lambda col: col.str.casefold()) == "overall effectiveness").any(axis=1)]
    if header_rows.empty:
        raise ValueError(f"{path.name} › {sheet}: no 'Overall effectiveness' column")
    header = cells.loc[header_rows[0]].str.casefold()
    code_columns = header.index[header.str.contains("code")]
    if code_columns.empty:
        raise ValueError(f"{path.name} › {sheet}: no local authority code column")
    body = cells.loc[header_rows[0] + 1:]
    judgement = body[header.index[header == "overall effectiveness"][0]].str.casefold()
    codes = body.loc[judgement.isin({"good", "outstanding"}), code_columns[0]].str.upper()
    return [c for c in codes if c]


def area_lookup(published: pd.DataFrame) -> pd.DataFrame:
    """One row per local authority seen in the table: old_la_code, new_code, name, region (for
    mapping Ofsted's new codes to old codes). The latest row with an ONS code describes it, so an
    authority whose ONS code changed (North Yorkshire, Somerset) carries its current code."""
    la = published[(published.level == "LA") & published.old_la_code.notna()]
    la = la.assign(has_code=la.new_code.notna()).sort_values(["has_code", "period"], kind="stable")
    out = la.drop_duplicates("old_la_code", keep="last")[["old_la_code", "new_code", "name", "region"]]
    return out.sort_values("old_la_code").reset_index(drop=True)
