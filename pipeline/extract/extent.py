"""How far each sheet of an xlsx workbook reaches, from the cells that hold a value, read in bounded memory.

calamine builds a sheet's whole rectangle in memory, so one stray entry at XFD1048576 asks it for 17 billion
cells, and the process dies. A sheet that reaches too far is reported, naming the stray cell, before
calamine is asked to read it."""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

MAX_CELLS = 10_000_000  # about three times the largest sheet of an authority England's size
CHUNK = 1 << 22
# A cell with a value, formula or inline string (cells holding only formatting are skipped, as calamine does).
CELL = re.compile(rb'<c [^>]*?r="([A-Z]{1,3})([0-9]{1,7})"[^>]*>\s*<[vfi]')
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def too_far(path: Path, sheets: list[str]) -> dict[str, str]:
    """The named sheets whose cells reach beyond MAX_CELLS: sheet -> what to tell the analyst. A workbook
    that cannot be scanned is left for calamine to report."""
    try:
        with zipfile.ZipFile(path) as book:
            members = _members(book)
            return {name: text for name in sheets if name in members
                    if (text := _describe(*_extent(book, members[name])))}
    except (OSError, EOFError, KeyError, ValueError, zlib.error, zipfile.BadZipFile, ElementTree.ParseError):
        return {}


def _members(book: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> its part in the zip."""
    targets = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(
        book.read("xl/_rels/workbook.xml.rels")).iter(f"{RELS}Relationship")}
    out = {}
    for sheet in ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(REL_ID), "")
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else str(
            PurePosixPath("xl") / target)
    return out


def _extent(book: zipfile.ZipFile, member: str) -> tuple[tuple[int, str], tuple[int, str]]:
    """The (row, cell) reaching furthest down and the (column, cell) reaching furthest right."""
    down, right = (0, ""), (0, "")
    tail = b""
    with book.open(member) as xml:
        while chunk := xml.read(CHUNK):
            text = tail + chunk
            cells = CELL.findall(text)
            if cells:
                rows = {digits: letters for letters, digits in cells}
                columns = {letters: digits for letters, digits in cells}
                row = max(rows, key=int)
                column = max(columns, key=column_number)
                down = max(down, (int(row), (rows[row] + row).decode()))
                right = max(right, (column_number(column), (column + columns[column]).decode()))
            tail = text[-512:]  # a cell cut by the chunk's end is found in the next
    return down, right


def _describe(down: tuple[int, str], right: tuple[int, str]) -> str:
    cells = down[0] * right[0]
    if cells <= MAX_CELLS:
        return ""
    stray = " and ".join(dict.fromkeys(ref for ref in (down[1], right[1])))
    return (f"has a value at {stray}, far outside its table (the sheet would span {cells:,} cells): delete "
            "the rows and columns beyond the table and save it again")


# A cell element with content (not self-closing): its attributes and what it holds.
CELL_BODY = re.compile(rb"<c\b((?:[^>/]|/(?!>))*)>(.*?)</c>", re.DOTALL)
REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
SAVED = re.compile(rb"<v(?: [^>]*)?>[^<]")  # a result (a formula giving "" is t="str" with <v></v>: blank)


def uncalculated(path: Path, sheets: list[str]) -> dict[str, list[str]]:
    """The named sheets' cells holding a formula with no saved result (a file written by a program that does
    not calculate): calamine reads such a cell as blank, which would be a wrong message. Sheet -> cells."""
    out: dict[str, list[str]] = {}
    try:
        with zipfile.ZipFile(path) as book:
            members = _members(book)
            for name in [s for s in sheets if s in members]:
                cells = _uncalculated(book, members[name])
                if cells:
                    out[name] = cells
    except (OSError, EOFError, KeyError, ValueError, zlib.error, zipfile.BadZipFile, ElementTree.ParseError):
        return out
    return out


def _uncalculated(book: zipfile.ZipFile, member: str) -> list[str]:
    found, tail = [], b""
    with book.open(member) as xml:
        while chunk := xml.read(CHUNK):
            text = tail + chunk
            end = text.rfind(b"</c>") + len(b"</c>") if b"</c>" in text else 0
            for cell in CELL_BODY.finditer(text, 0, end):
                if b't="str"' in cell[1]:
                    continue
                if b"<f" in cell[2] and not SAVED.search(cell[2]) and (ref := REF.search(cell[1])):
                    found.append(ref[1].decode())
            tail = text[end:]
    return found
