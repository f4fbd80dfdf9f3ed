"""The SSDA903 return as the authority submits it, read into exactly the typed tables `chic.xlsx` gives.

`data/raw/<year>/ssda903/` holds either the XML (root `EXPSSDA903`, one `CHILD` per child: `HEADER` with the
child's fields, `AREVIEW`s, `OC2`, the OC3 fields and `UASC`/`DUC`; and its `EPISODE`s) or DfE's CSV file set
(`header.csv`, `episodes.csv`, `reviews.csv`, `uasc.csv`, `oc2.csv`, `oc3.csv`, and `dolo.csv` where present;
other 903 files are ignored). The CSVs are the chic sheets under DfE's names; the XML is flattened the way DfE's
own validator does it, then checked by the same code as the workbook, with the codes of the year the return is
for (`ssda903_years`).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree

from pipeline.extract.elements import iterate, leaves, not_xml, once, origins, records, root_tag, validate_records
from pipeline.extract.returns_layout import ORIGINS, SSDA903
from pipeline.extract.ssda903_years import DOLO, DOLO_COLLECTED, as_chic, layout
from pipeline.extract.workbook import read_workbook
from pipeline.problems import Problems

ROOT = "EXPSSDA903"
DOLO_FIELD = "DOLO_START"  # an order is any element of a CHILD holding one (DfE's element name is not published)
ELEMENTS = {"CHILD": "CHILDID", "PLACE": "PL"}  # chic column -> XML element, where they differ
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
UASC_FLAG = ("1", "0", "")


def read(year_folder: Path, year: int, localities: dict[str, int], problems: Problems) -> dict:
    """The chic tables from the year's `ssda903/` folder (its XML, or else its CSVs)."""
    folder = year_folder / SSDA903
    xmls = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".xml")
    if len(xmls) > 1:
        problems.error(f"{SSDA903}/", message=f"holds {len(xmls)} XML files ({', '.join(p.name for p in xmls)})",
                       expected="one SSDA903 return")
        return {}
    if xmls:
        return read_xml(xmls[0], year, localities, problems)
    tables = read_workbook(year_folder, replace(layout(year), name=SSDA903), year, localities, problems,
                           lenient=True) or {}
    return {**as_chic(tables, year), ORIGINS: origins(tables, {name: f"{SSDA903}/{name}.csv" for name in tables})}


def read_xml(path: Path, year: int, localities: dict[str, int], problems: Problems) -> dict:
    """The chic tables from the XML return, each problem named by its child and element."""
    file = f"{SSDA903}/{path.name}"
    try:
        root = root_tag(path)
        if root != ROOT:
            problems.error(file, message=f"has root element {root}", expected=f"an SSDA903 return, root {ROOT}")
            return {}
        sheets = {s.name: s for s in layout(year).sheets}
        rows, where = _flatten(iterate(path, "CHILD"), sheets, file, problems)
    except etree.XMLSyntaxError as exc:
        not_xml(problems, file, exc)
        return {}
    if year < DOLO_COLLECTED and not rows[DOLO]:  # a return of a year before DfE collected orders has none
        del sheets[DOLO]
    tables = {}
    for name, sheet in sheets.items():
        typed = validate_records(records(rows[name], sheet), sheet, file, where[name], ELEMENTS, year, localities,
                                 problems)
        if typed is not None:
            tables[name] = typed
    return {**as_chic(tables, year), ORIGINS: origins(tables, file, where)}


def _flatten(children, sheets: dict, file: str, problems: Problems
             ) -> tuple[dict[str, list[list[str]]], dict[str, list[str]]]:
    """Each CHILD's records, sheet by sheet, in the chic sheets' column order, and the element each came from.
    A child is unaccompanied (a `uasc` record) when its UASC flag is 1 or it has a DUC; each element holding a
    DOLO_START is a deprivation of liberty order."""
    rows: dict[str, list[list[str]]] = {name: [] for name in sheets}
    where: dict[str, list[str]] = {name: [] for name in sheets}
    tags = {name: [ELEMENTS.get(c.name, c.name) for c in sheet.columns] for name, sheet in sheets.items()}
    blanks = {name: [""] * len(t) for name, t in tags.items()}

    def add(name: str, location: str, values: dict[str, str]) -> None:
        rows[name].append(list(map(values.get, tags[name], blanks[name])))
        where[name].append(location)

    for n, child in enumerate(children, 1):
        header_node = child.find("HEADER")
        header = {**leaves(child), **(leaves(header_node) if header_node is not None else {})}
        ident = header.get("CHILDID", "")
        at = f"CHILD {n} (CHILDID {ident})" if ident else f"CHILD {n}"
        if header_node is not None:
            once(header_node, file, f"{at} › HEADER", problems)
        person = {"CHILDID": ident, "DOB": header.get("DOB", ""), "SEX": header.get("SEX", "")}
        add("header", f"{at} › HEADER", header)
        for k, episode in enumerate(child.iter("EPISODE"), 1):
            add("episodes", f"{at} › EPISODE {k}", {**once(episode, file, f"{at} › EPISODE {k}", problems),
                                                    "CHILDID": ident})
        for k, review in enumerate(child.iter("AREVIEW"), 1):
            here = f"{at} › {_path(review, child)} {k}"
            add("reviews", here, {**once(review, file, here, problems), **person})
        for oc2 in child.iter("OC2"):
            here = f"{at} › {_path(oc2, child)}"
            add("oc2", here, {**once(oc2, file, here, problems), **person})
        if any(header.get(f) for f in OC3_FIELDS):
            add("oc3", f"{at} › HEADER", header)
        flag = header.get("UASC", "")
        if flag not in UASC_FLAG:
            problems.error(file, f"{at} › HEADER", column="UASC", message=f'"{flag[:40]}" is not a known code',
                           expected="1 (unaccompanied asylum-seeking child), 0 or empty")
        if flag == "1" or header.get("DUC"):
            add("uasc", f"{at} › HEADER", header)
        for k, order in enumerate(dict.fromkeys(f.getparent() for f in child.iter(DOLO_FIELD)), 1):
            here = f"{at} › {_path(order, child)} {k}"
            add(DOLO, here, {**once(order, file, here, problems), **person})
    return rows, where


def _path(node, child) -> str:
    """The element's path below its CHILD: `HEADER › AREVIEW`."""
    names = []
    while node is not None and node is not child:
        names.append(node.tag)
        node = node.getparent()
    return " › ".join(reversed(names))
