"""Write a workbook of data frames, fast enough for England-sized extracts.

xlsxwriter lays out the package: styles, document properties (with a fixed creation date, so the
same data give the same bytes), the bold header row, frozen panes and column widths. The data rows
are then rendered a column at a time with pyarrow's string kernels and spliced into each sheet,
because writing millions of cells one call at a time takes minutes. Dates are real Excel dates
(serial numbers with a dd/mm/yyyy format); text is written as inline strings.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from pipeline.synthetic import MARKER, MARKER_TEXT

EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def write_xlsx(path: Path, sheets: dict[str, pd.DataFrame], created: dt.datetime, title: str = "") -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": created, "title": title, "keywords": MARKER, "comments": MARKER_TEXT})
    header = book.add_format({"bold": True})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, frame in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, list(frame.columns), header)
        sheet.freeze_panes(1, 0)
        for j, column in enumerate(frame.columns):
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                sheet.set_column(j, j, 11, date)
            else:
                sheet.set_column(j, j, _width(frame[column]))
    book.close()
    rows = {f"xl/worksheets/sheet{i}.xml": frame for i, frame in enumerate(sheets.values(), start=1)}
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        target.comment = MARKER_TEXT.encode()
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in rows:
                data = b"".join(_splice(data.decode("utf-8"), rows[info.filename], date.xf_index))
            target.writestr(info, data, zipfile.ZIP_DEFLATED, compresslevel=1)  # fast: sheets are large


def _width(values: pd.Series) -> float:
    """Wide enough for the header and the first rows' values, within 8 to 60 characters."""
    longest = max([len(str(values.name))] + [len(v) if isinstance(v, str) else 10 for v in values.iloc[:50].tolist()])
    return min(max(longest + 2, 8), 60)


def _splice(xml: str, frame: pd.DataFrame, date_style: int) -> tuple[bytes, memoryview, bytes]:
    """The sheet's XML in parts: xlsxwriter's up to the end of the header row, the data rows, the rest."""
    last = f"{xl_col_to_name(max(len(frame.columns) - 1, 0))}{len(frame) + 1}"
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml, count=1)
    head, tail = xml.encode("utf-8").split(b"</sheetData>", 1)
    return head, _rows(frame, date_style), b"</sheetData>" + tail


def _rows(frame: pd.DataFrame, date_style: int) -> memoryview:
    """Sheet XML for the data rows (row 2 onwards), built column by column; blank cells are left out."""
    if frame.empty:
        return memoryview(b"")
    numbers = pa.array(np.arange(2, len(frame) + 2)).cast(pa.large_string())
    cells = [_cells(frame[column], xl_col_to_name(j), numbers, date_style) for j, column in enumerate(frame.columns)]
    rows = pc.binary_join_element_wise(_text('<row r="'), numbers, _text('">'), *cells, _text("</row>"), _text(""))
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks()
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)[rows.offset: rows.offset + len(rows) + 1]
    return memoryview(rows.buffers()[2])[offsets[0]:offsets[-1]]


def _cells(values: pd.Series, letter: str, numbers: pa.Array, date_style: int) -> pa.Array:
    """Each row's cell XML for one column; empty where the value is blank."""
    values = values.reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(values):
        body = pa.array((values - EXCEL_EPOCH).dt.days, from_pandas=True).cast(pa.int64())
        opening, closing = f'" s="{date_style}"><v>', "</v></c>"
    elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        body = pa.array(values.astype(float), from_pandas=True)
        opening, closing = '"><v>', "</v></c>"
    else:
        body = pa.array(values.astype("str"), type=pa.large_string(), from_pandas=True)
        body = pc.if_else(pc.equal(body, ""), pa.scalar(None, pa.large_string()), body)
        for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            body = pc.replace_substring(body, char, entity)
        opening, closing = '" t="inlineStr"><is><t>', "</t></is></c>"
    cell = pc.binary_join_element_wise(_text(f'<c r="{letter}'), numbers, _text(opening), body.cast(pa.large_string()),
                                       _text(closing), _text(""))
    return cell.fill_null("")


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, pa.large_string())
