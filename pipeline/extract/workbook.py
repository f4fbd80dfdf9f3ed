"""Read one workbook (xlsx or a folder of CSVs) and validate it against the contract in `schema.py`.

Returns typed tables (lower-case column names; dates as datetime64, counts as Int64, codes upper
case) and every problem found, each naming file, sheet, spreadsheet row and column.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.extract.extent import too_far, uncalculated
from pipeline.extract.schema import EVENT, LOCALITY, Column, Sheet, Workbook
from pipeline.extract.sniff import decode_csv, workbook_problem
from pipeline.problems import Problems

FIRST_DATA_ROW = 2  # spreadsheet row of the first record: row 1 holds the column names
EARLIEST = pd.Timestamp("1900-01-01")


@dataclass(frozen=True)
class Source:
    """Where a workbook was found: an xlsx file or a folder of CSVs named after its sheets."""

    path: Path
    is_csv_folder: bool

    def label(self, sheet: str) -> tuple[str, str]:
        if self.is_csv_folder:
            return f"{self.path.name}/{sheet}.csv", sheet
        return self.path.name, sheet


def find_source(folder: Path, workbook: Workbook) -> Source | None:
    xlsx = folder / workbook.filename
    if xlsx.is_file():
        return Source(xlsx, False)
    csvs = folder / workbook.name
    if csvs.is_dir():
        return Source(csvs, True)
    return None


CSV_EXPECTED = "comma-separated text with a header row"


def read_raw_sheets(source: Source, workbook: Workbook, problems: Problems) -> dict[str, pd.DataFrame]:
    """Read each declared sheet as it stands in the file, reporting sheets that are missing (but for optional
    ones, whose measures are then left out)."""
    wanted = [s.name for s in workbook.sheets]
    optional = {s.name for s in workbook.sheets if s.optional}
    out: dict[str, pd.DataFrame] = {}
    if source.is_csv_folder:
        files = {p.stem.strip().lower(): p for p in source.path.glob("*.csv")}
        for name in wanted:
            path = files.get(name)
            if path is None and name in optional:
                continue
            if path is None:
                problems.error(f"{source.path.name}/{name}.csv", name, message="file is missing",
                               expected=f"a CSV file for each sheet: {', '.join(s + '.csv' for s in wanted)}")
                continue
            label = f"{source.path.name}/{name}.csv"
            try:
                text, encoding = decode_csv(path)
            except (UnicodeDecodeError, OSError) as exc:
                problems.error(label, name, **_csv_problem(exc), expected=CSV_EXPECTED)
                continue
            if encoding == "Windows-1252":
                problems.warn(label, name, message="is not UTF-8: read as Windows-1252, as Excel's \"CSV (Comma "
                              "delimited)\" saves it", expected="UTF-8; check that £, é and quotes read correctly")
            if not text.strip():
                problems.error(label, name, message="is empty", expected="a header row naming the columns")
                continue
            try:
                out[name] = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
            except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
                problems.error(label, name, **_csv_problem(exc), expected=CSV_EXPECTED)
                continue
            if misread := _misread_csv(out[name]):
                del out[name]
                problems.error(label, name, **misread, expected=CSV_EXPECTED)
        return out
    unopenable = workbook_problem(source.path)
    if unopenable:
        problems.error(source.path.name, message=unopenable[0], expected=unopenable[1])
        return out
    try:
        book = pd.ExcelFile(source.path, engine="calamine")
    except Exception as exc:  # calamine raises its own error types for corrupt files
        problems.error(source.path.name, message=f"cannot be opened as a workbook: {exc}",
                       expected="an .xlsx file saved by Excel or LibreOffice")
        return out
    sheets = {s.strip().lower(): s for s in book.sheet_names}
    stray = too_far(source.path, [sheets[name] for name in wanted if name in sheets])
    formulas = uncalculated(source.path, [sheets[name] for name in wanted if name in sheets])
    for name in wanted:
        if name not in sheets and name in optional:
            continue
        if name not in sheets:
            problems.error(source.path.name, name, message="sheet is missing",
                           expected=f"sheets {', '.join(wanted)}; found {', '.join(book.sheet_names) or 'none'}")
            continue
        if sheets[name] in stray:
            problems.error(source.path.name, name, message=stray[sheets[name]])
            continue
        if sheets[name] in formulas:
            cells = formulas[sheets[name]]
            problems.error(source.path.name, name, message=f"{len(cells):,} cell(s) hold a formula with no saved "
                           f"result ({', '.join(cells[:5])}{', …' if len(cells) > 5 else ''}), which would read as "
                           "blank", expected="the workbook opened and saved in Excel or LibreOffice, which "
                           "calculates its formulas")
            continue
        try:
            frame = pd.read_excel(book, sheet_name=sheets[name], keep_default_na=False, na_values=[""])
        except Exception as exc:
            problems.error(source.path.name, name, message=f"cannot be read: {exc}")
            continue
        out[name] = frame
    return out


RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _csv_problem(exc: Exception) -> dict:
    """What stopped pandas reading a CSV, as one problem (a ragged row named by its row)."""
    if ragged := RAGGED.search(str(exc)):
        fields, line, saw = ragged.groups()
        return {"row": int(line), "message": f"has {saw} values where the header row has {fields}"}
    if isinstance(exc, OSError) and not isinstance(exc, UnicodeError):
        return {"message": f"cannot be read: {exc.strerror or exc}"}
    return {"message": f"cannot be read as CSV: {exc}"}


def _misread_csv(frame: pd.DataFrame) -> dict:
    """A CSV pandas read without complaint but wrongly, as one problem: saved with another separator than
    commas (one wide column), or a first record with one value more than the header (taken as row names)."""
    if not isinstance(frame.index, pd.RangeIndex):
        return {"row": FIRST_DATA_ROW, "message": f"has {len(frame.columns) + 1} values where the header row has "
                                                  f"{len(frame.columns)}"}
    separator = next((sep for sep in (";", "\t", "|") if sep in str(frame.columns[0])), "") if len(
        frame.columns) == 1 else ""
    return {"row": 1, "message": f"the columns are separated by {separator!r}, not by commas"} if separator else {}


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(values) and values.dtype != object


def _blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty: missing, or text that is only spaces."""
    isna = values.isna()
    if _is_text(values):
        return isna | (values.str.strip() == "")
    if values.dtype == object:
        return isna | values.map(lambda v: isinstance(v, str) and not v.strip())
    return isna


def _as_text(v) -> str:
    """One cell as the text an analyst typed: 1001.0 from Excel reads as '1001'."""
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool):
        return str(v).upper()
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return str(int(v)) if math.isfinite(v) and float(v).is_integer() and abs(v) < 1e15 else repr(float(v))
    if isinstance(v, (dt.datetime, dt.date, pd.Timestamp)):
        return pd.Timestamp(v).strftime("%d/%m/%Y")
    return str(v).strip()


def _texts(values: pd.Series) -> pd.Series:
    """A column as text, vectorised where the column has one type (the usual case); cell by cell if mixed."""
    out = pd.Series(None, index=values.index, dtype=object)
    ok = values.notna()
    if _is_text(values):
        out[ok] = values[ok].str.strip()
    elif pd.api.types.is_bool_dtype(values):
        out[ok] = values[ok].astype(str).str.upper()
    elif pd.api.types.is_integer_dtype(values):
        out[ok] = values[ok].astype(str)
    elif pd.api.types.is_float_dtype(values):
        whole = ok & (values % 1 == 0) & (values.abs() < 1e15)
        out[whole] = values[whole].astype("int64").astype(str)
        out[ok & ~whole] = values[ok & ~whole].map(lambda v: repr(float(v)))
    elif pd.api.types.is_datetime64_any_dtype(values):
        out[ok] = values[ok].dt.strftime("%d/%m/%Y")
    else:
        out[ok] = values[ok].map(_as_text)
    return out


ISO_DATES = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")  # case-management exports add a time


def _text_dates(text: pd.Series) -> pd.Series:
    """dd/mm/yyyy, or ISO 8601 (yyyy-mm-dd, with or without a time, as exports write `2025-03-07 00:00:00`):
    both are unambiguous, unlike mm/dd/yyyy, which is never guessed at."""
    dates = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    for form in ISO_DATES:
        dates = dates.fillna(pd.to_datetime(text.where(dates.isna()), format=form, errors="coerce"))
    return dates.dt.normalize()


NANOSECOND_RANGE = (pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D"))


def _ns(dates: pd.Series) -> pd.Series:
    """Dates outside pandas' nanosecond range (01/01/0001) held at its ends, so the range check reports them."""
    return dates.clip(*NANOSECOND_RANGE).astype("datetime64[ns]")


def _parse_dates(values: pd.Series) -> pd.Series:
    """Real dates pass through; text must be dd/mm/yyyy (or ISO 8601). Unparseable -> NaT."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return _ns(pd.to_datetime(values).dt.normalize())
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if _is_text(values):
        out[:] = _ns(_text_dates(values.str.strip()))
        return out
    if values.dtype != object:  # numbers (an Excel serial that lost its format) are not dates
        return out
    is_date = values.map(lambda v: isinstance(v, (dt.datetime, dt.date, pd.Timestamp)))
    if is_date.any():
        out[is_date] = _ns(pd.to_datetime(values[is_date].map(pd.Timestamp)).dt.normalize())
    is_text = values.map(lambda v: isinstance(v, str))
    if is_text.any():
        out[is_text] = _ns(_text_dates(values[is_text].astype(str).str.strip()))
    return out


def _parse_numbers(values: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype(float)
    if _is_text(values):
        return pd.to_numeric(values.str.strip().str.replace(",", ""), errors="coerce").astype(float)
    clean = values.map(lambda v: v.strip().replace(",", "") if isinstance(v, str) else (np.nan if isinstance(
        v, (bool, dt.date)) else v))
    return pd.to_numeric(clean, errors="coerce").astype(float)


def _shown(v) -> str:
    text = _as_text(v)
    return f'"{text[:40]}"'


def validate_sheet(frame: pd.DataFrame, sheet: Sheet, file: str, year_end: pd.Timestamp,
                   localities: dict[str, int], problems: Problems, lenient: bool = False) -> pd.DataFrame | None:
    """Check one sheet against its declaration and return it typed (or None if unusable). `lenient` (a DfE
    return, as submitted): a record dated after the collection year, or one that exactly repeats another,
    cannot change a number in this year's report, so it is a warning and left out, not an error."""
    names = {str(c).strip().upper(): c for c in frame.columns}
    missing = [c for c in sheet.columns if c.required and c.name not in names]
    for col in missing:
        problems.error(file, sheet.name, column=col.name, message="column is missing",
                       expected=f"columns {', '.join(c.name for c in sheet.columns if c.required)}")
    frame = frame.dropna(how="all")  # wholly empty rows (formatting left behind) are not records
    rows = frame.index.to_numpy() + FIRST_DATA_ROW
    typed: dict[str, pd.Series] = {}
    for col in sheet.columns:
        if col.name not in names:
            typed[col.name.lower()] = _empty(col, frame.index)
            continue
        values = frame[names[col.name]]
        blank = _blank(values)
        policy = col.blank_policy
        if policy != "ok" and blank.any():
            for r in rows[blank.to_numpy()]:
                report = problems.error if policy == "error" else problems.warn
                report(file, sheet.name, int(r), col.name, "is blank", _expectation(col))
        present = ~blank
        typed[col.name.lower()] = _convert(col, values, present, rows, file, sheet, localities, problems)
    out = pd.DataFrame(typed, index=frame.index)
    if lenient and sheet.dated:
        kept = ~_outside_year(out, sheet, rows, file, year_end, problems)
        out, rows = out[kept], rows[kept.to_numpy()]
    kept = ~_check_latest(out, sheet, rows, file, year_end, problems, lenient)
    out, rows = out[kept], rows[kept.to_numpy()]
    kept = ~_check_key(out, sheet, rows, file, problems, lenient)
    out, rows = out[kept], rows[kept.to_numpy()]
    _check_order(out, sheet, rows, file, problems)
    if missing:  # every other column was still checked, so that one pass lists every problem
        return None
    return out.reset_index(drop=True).assign(_row=rows)


def _empty(col: Column, index) -> pd.Series:
    dtype = {"date": "datetime64[ns]", "int": "Int64", "number": float}.get(col.kind, object)
    return pd.Series(pd.NA if dtype in ("Int64", object) else None, index=index, dtype=dtype)


def _expectation(col: Column) -> str:
    if col.kind == "date":
        return "a date, dd/mm/yyyy"
    if col.kind == "code":
        shown = ", ".join(col.codes[:12]) + (", …" if len(col.codes) > 12 else "")
        return f"one of {shown}"
    if col.kind == "int":
        return f"a whole number from {col.low:g} to {col.high:g}" if col.low is not None else "a whole number"
    if col.kind == "number":
        return f"a number from {col.low:g} to {col.high:g}" if col.low is not None else "a number"
    if col.kind == LOCALITY:
        return "a locality listed in config.yaml"
    return "a value"


def _convert(col: Column, values: pd.Series, present: pd.Series, rows, file: str, sheet: Sheet,
             localities: dict[str, int], problems: Problems) -> pd.Series:
    def bad(mask: pd.Series, what) -> None:
        for r, v in zip(rows[mask.to_numpy()], values[mask]):
            problems.error(file, sheet.name, int(r), col.name, what(v), _expectation(col))

    if col.kind == "date":
        parsed = _parse_dates(values)
        unparsed = present & parsed.isna()
        bad(unparsed, lambda v: f"{_shown(v)} is not a date")
        early = present & parsed.notna() & (parsed < EARLIEST)
        bad(early, lambda v: f"{_shown(v)} is before {EARLIEST:%d/%m/%Y}, the earliest this column allows")
        far = present & (parsed == NANOSECOND_RANGE[1])  # beyond pandas' range: held at its end, not a real date
        bad(far, lambda v: f"{_shown(v)} is later than any date this column allows")
        return parsed.where(present & ~early & ~far)
    if col.kind in ("int", "number"):
        parsed = _parse_numbers(values)
        unparsed = present & parsed.isna()
        bad(unparsed, lambda v: f"{_shown(v)} is not a number")
        ok = present & parsed.notna()
        if col.kind == "int":
            frac = ok & (parsed.where(ok, 0) % 1 != 0)
            bad(frac, lambda v: f"{_shown(v)} is not a whole number")
        if col.low is not None:
            out_of_range = ok & ((parsed < col.low) | (parsed > col.high))
            bad(out_of_range, lambda v: f"{_shown(v)} is out of range")
            parsed = parsed.where(~out_of_range)
        if col.kind == "int":
            whole = parsed.where(ok & (parsed % 1 == 0))
            return whole.round().astype("Int64")
        return parsed.where(ok)
    text = _texts(values.where(present)).where(present, None)
    if col.kind == "code":
        upper = text.str.upper()
        unknown = present & ~upper.isin(col.codes)
        bad(unknown, lambda v: f"{_shown(v)} is not a known code")
        return upper.where(present & ~unknown, None).astype(object)
    if col.kind == LOCALITY:
        lookup = {name.strip().lower(): name for name in localities}
        mapped = text.str.lower().map(lookup)
        unknown = present & mapped.isna()
        known = ", ".join(localities) or "none configured"
        for r, v in zip(rows[unknown.to_numpy()], values[unknown]):
            problems.error(file, sheet.name, int(r), col.name, f"{_shown(v)} is not a locality in config.yaml",
                           f"one of {known}")
        return mapped.astype(object)
    return text.astype(object)


def _fmt(v) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%d/%m/%Y")
    return str(v)


def _outside_year(out: pd.DataFrame, sheet: Sheet, rows, file: str, year_end: pd.Timestamp,
                  problems: Problems) -> pd.Series:
    """The records dated outside the reporting year by the sheet's `dated` column, each a warning: no figure
    of this year's report counts them (a return may hold other years' records)."""
    start = year_end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    dates = out[sheet.dated.lower()]
    outside = dates.notna() & ((dates < start) | (dates > year_end))
    message = (f"dated outside the reporting year ({start.day} April {start.year} to 31 March {year_end.year}), "
               "which no figure of this year's report counts: left out")
    for i in np.flatnonzero(outside.to_numpy()):
        problems.warn(file, sheet.name, int(rows[i]), sheet.dated, message)
    return outside


def _check_latest(out: pd.DataFrame, sheet: Sheet, rows, file: str, year_end: pd.Timestamp,
                  problems: Problems, lenient: bool = False) -> pd.Series:
    """Each date against its own column's latest allowed date (schema.Latest): the year's end plus a
    span, or another date of the row plus a span (a UASC child's DUC: the 18th birthday). Returns the rows
    to leave out: with `lenient`, those whose every event date is too late (a record of a later year)."""
    late = {}
    for col in sheet.columns:
        if col.kind != "date":
            continue
        rule, dates = col.latest, out[col.name.lower()]
        span = pd.DateOffset(years=rule.years, months=rule.months)
        limit = pd.Series(year_end + span, index=out.index)
        if rule.after:
            limit = (out[rule.after.lower()] + span).fillna(limit)
        late[col] = (dates.notna() & (dates > limit), dates, limit)
    later = pd.Series(False, index=out.index)
    events = [c for c in late if c.latest == EVENT]
    if lenient and events:
        too_late = np.column_stack([late[c][0].to_numpy() for c in events])
        absent = np.column_stack([late[c][1].isna().to_numpy() for c in events])
        later[:] = too_late.any(axis=1) & (too_late | absent).all(axis=1)
    for col, (too_late, dates, limit) in late.items():
        for i in np.flatnonzero(too_late.to_numpy()):
            text = f"{_fmt(dates.iloc[i])} is after {_fmt(limit.iloc[i])}, the latest this column allows"
            if later.iloc[i]:
                problems.warn(file, sheet.name, int(rows[i]), col.name, f"{text}: a record of a later year, which "
                              "no figure of this year's report counts, so it is left out", col.latest.expected)
            else:
                problems.error(file, sheet.name, int(rows[i]), col.name, text, col.latest.expected)
    return later


def _check_key(out: pd.DataFrame, sheet: Sheet, rows, file: str, problems: Problems,
               lenient: bool = False) -> pd.Series:
    """One row per key. Returns the rows to leave out: with `lenient`, a row that repeats another exactly,
    every column alike (it adds nothing; a row differing in any column could change a number)."""
    repeats = _repeats(out, sheet, rows, file, problems) if lenient else pd.Series(False, index=out.index)
    if not sheet.key:
        return repeats
    cols = [k.lower() for k in sheet.key]
    keyed = out[cols].notna().all(axis=1) & ~repeats
    dup = keyed & out[keyed].duplicated(subset=cols, keep=False).reindex(out.index, fill_value=False)
    if not dup.any():
        return repeats
    first_row: dict = {}
    described = " and ".join(sheet.key)
    for idx in out.index[dup]:
        key = tuple(out.loc[idx, cols])
        r = int(rows[out.index.get_loc(idx)])
        if key not in first_row:
            first_row[key] = r
            continue
        shown = ", ".join(_fmt(v) for v in key)
        problems.error(file, sheet.name, r, ", ".join(sheet.key),
                       f"duplicate of row {first_row[key]} ({shown})", f"one row per {described}")
    return repeats


def _repeats(out: pd.DataFrame, sheet: Sheet, rows, file: str, problems: Problems) -> pd.Series:
    """Rows that repeat an earlier row in every column, each a warning naming the row it repeats."""
    whole = pd.util.hash_pandas_object(out, index=False)
    repeats = whole.duplicated()
    first = pd.Series(rows, index=out.index).groupby(whole).transform("first")
    columns = ", ".join(sheet.key or (sheet.columns[0].name,))
    for idx in out.index[repeats]:
        problems.warn(file, sheet.name, int(rows[out.index.get_loc(idx)]), columns,
                      f"duplicate of row {first[idx]}, the same in every column: left out",
                      f"one row per {' and '.join(sheet.key) or 'record'}")
    return repeats


def _check_order(out: pd.DataFrame, sheet: Sheet, rows, file: str, problems: Problems) -> None:
    for start, end in sheet.ordered:
        s, e = out[start.lower()], out[end.lower()]
        wrong = s.notna() & e.notna() & (e < s)
        for i in np.flatnonzero(wrong.to_numpy()):
            problems.error(file, sheet.name, int(rows[i]), end,
                           f"{_fmt(e.iloc[i])} is before {start} {_fmt(s.iloc[i])}", f"on or after {start}")


def read_workbook(folder: Path, workbook: Workbook, year: int, localities: dict[str, int],
                  problems: Problems, required: bool = True, lenient: bool = False) -> dict[str, pd.DataFrame] | None:
    """Read and validate one workbook of a year's folder (`lenient`: see validate_sheet). Problems go to
    `problems`."""
    source = find_source(folder, workbook)
    if source is None:
        report = problems.error if required else problems.warn
        report(workbook.filename, message="file is missing",
               expected=f"{folder / workbook.filename} or a folder {folder / workbook.name}/ of CSV files")
        return None
    raw = read_raw_sheets(source, workbook, problems)
    year_end = pd.Timestamp(year, 3, 31)
    tables = {}
    for sheet in workbook.sheets:
        if sheet.name in raw:
            file, _ = source.label(sheet.name)
            typed = validate_sheet(raw[sheet.name], sheet, file, year_end, localities, problems, lenient)
            if typed is not None:
                tables[sheet.name] = typed
    return tables
