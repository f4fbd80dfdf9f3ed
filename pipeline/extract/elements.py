"""Records read from a return's XML, validated by the same code as a workbook's rows, with every problem
named by the element it came from (`ssda903/return.xml › CHILD 14 (CHILDID 907440) › EPISODE 2 › DECOM`)
instead of a spreadsheet row."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pandas as pd
from lxml import etree

from pipeline.extract.schema import Sheet
from pipeline.extract.workbook import FIRST_DATA_ROW, validate_sheet
from pipeline.problems import Problem, Problems

DUPLICATE_OF = re.compile(r"duplicate of row (\d+)")
IDENTIFIER = re.compile(r"^((?:CHILD|Child) \d+) \((?:CHILDID|LAchildID) .*?\)(?= ›|$)")
SAFE = {"resolve_entities": False, "no_network": True}  # a return declares no entities: expand none, fetch nothing


def records(rows: list[list[str]], sheet: Sheet) -> pd.DataFrame:
    """Rows of text in the order of the sheet's columns, as a frame of text (as a CSV reads)."""
    return pd.DataFrame(rows, columns=[c.name for c in sheet.columns], dtype=str)


def validate_records(frame: pd.DataFrame, sheet: Sheet, file: str, where: list[str], elements: dict[str, str],
                     year: int, localities: dict[str, int], problems: Problems) -> pd.DataFrame | None:
    """`validate_sheet` on records whose i-th row came from the element at `where[i]`, leniently, as a return
    (see validate_sheet); `elements` names the element a column came from where the two differ (PLACE is the
    XML's PL)."""
    mine = Problems()
    typed = validate_sheet(frame, sheet, file, pd.Timestamp(year, 3, 31), localities, mine, lenient=True)
    problems.errors.extend(_located(p, where, elements) for p in mine.errors)
    problems.warnings.extend(_located(p, where, elements, anonymous) for p in mine.warnings)
    return typed


def anonymous(location: str) -> str:
    """A location without the child's identifier (`CHILD 14 › EPISODE 2`): warnings are printed in the report,
    which names no child; errors stop the run, so they may say which child."""
    return IDENTIFIER.sub(r"\1", location)


def origins(tables: dict[str, pd.DataFrame], file: str | dict[str, str], where: dict[str, list[str]] | None = None
            ) -> pd.DataFrame:
    """Where each typed row came from (sheet, _row -> file, and the element, or '' to keep sheet and row), so that
    a later warning about a row names the return's file and element instead of the workbook's (but no child)."""
    frames = [pd.DataFrame({"sheet": name, "_row": typed["_row"].to_numpy(),
                            "file": file if isinstance(file, str) else file[name],
                            "at": [anonymous(where[name][r - FIRST_DATA_ROW]) for r in typed["_row"]] if where else ""})
              for name, typed in tables.items()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["sheet", "_row", "file", "at"])


def _located(p: Problem, where: list[str], elements: dict[str, str], shown=str) -> Problem:
    column = ", ".join(elements.get(c, c) for c in p.column.split(", ")) if p.column else ""
    if p.row is None:
        return replace(p, column=column)
    message = DUPLICATE_OF.sub(lambda m: f"duplicate of {shown(where[int(m[1]) - FIRST_DATA_ROW])}", p.message)
    return replace(p, sheet=shown(where[p.row - FIRST_DATA_ROW]), row=None, column=column, message=message)


def leaves(node) -> dict[str, str]:
    """An element's child elements as {tag: stripped text} ('' for an empty element, or one holding elements:
    no record has a field named like a group)."""
    return {el.tag: (el.text or "").strip() for el in node.iterchildren(etree.Element)}


def once(node, file: str, location: str, problems: Problems) -> dict[str, str]:
    """`leaves`, with each field given more than once (two DOBs in a HEADER) an error naming the element:
    a dict would silently keep the last."""
    counts = Counter(el.tag for el in node.iterchildren(etree.Element) if len(el) == 0)
    for tag, n in counts.items():
        if n > 1:
            problems.error(file, location, column=str(tag)[:60], message=f"is given {n} times",
                           expected=f"one {str(tag)[:60]} in each {etree.QName(node).localname}")
    return leaves(node)


def root_tag(path: Path) -> str:
    """The tag of a file's root element (reading no further than it); XMLSyntaxError if there is none."""
    with open(path, "rb") as f:
        for _, element in etree.iterparse(f, events=("start",), **SAFE):
            if element.getroottree().docinfo.doctype:
                raise DeclaresDTD()
            return etree.QName(element).localname
    raise etree.XMLSyntaxError("the file has no root element", None, 0, 0)


class DeclaresDTD(etree.XMLSyntaxError):
    """A return with a DTD (`<!DOCTYPE …>`): DfE's never have one, and its entities are neither expanded nor
    trusted (defusedxml's rule: no DTD at all), so the file is refused before any element is read."""

    def __init__(self):
        super().__init__("declares a DTD (<!DOCTYPE …>, perhaps with entities), which a return never has: "
                         "nothing in it was read", None, 0, 0)


def iterate(path: Path, tag: str):
    """Each `tag` element of a file, whole, in document order; each is freed once the caller moves on, so a
    national-size return is read in little memory."""
    with open(path, "rb") as f:
        for _, element in etree.iterparse(f, events=("end",), tag=tag, **SAFE):
            yield element
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]


def not_xml(problems: Problems, file: str, exc: Exception) -> None:
    problems.error(file, message=exc.msg if isinstance(exc, DeclaresDTD) else f"is not well-formed XML: {exc}",
                   expected="the XML file as submitted to DfE")
