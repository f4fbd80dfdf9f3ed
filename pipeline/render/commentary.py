"""Put the manager's commentary into the report, before the template is filled, so its tags are filled
exactly as the template's own.

The template marks each slot's place with a paragraph `{{ commentary('<slot id>') }}`. A written slot's
body replaces it, with its pictures and links related to the report, its styles checked against the
report's (a heading inside commentary becomes a Heading 3, out of the contents), each table's first row its
header and each numbered list starting at 1. An unwritten slot leaves its prompt, marked as still to come.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from pipeline.problems import InputError, Problem
from pipeline.slots import BY_ID, SLOTS

PLACEHOLDER = re.compile(r"^\s*\{\{\s*commentary\(\s*'(\w+)'\s*\)\s*\}\}\s*$")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECL = f'xmlns:w="{W}" xmlns:r="{R}"'
DEMOTED = {"Heading1": "Heading3", "Heading2": "Heading3", "Title": "Heading3", "Subtitle": "Heading3"}
TO_COME = "Commentary to come. "


def read(folder: Path) -> dict[str, pd.DataFrame]:
    """The commentary tables transform passed on; none (no slot written) if there are none."""
    found = {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))} if folder.is_dir() else {}
    slots = found.get("slots", pd.DataFrame({"slot": [s.id for s in SLOTS], "title": [s.title for s in SLOTS],
                                             "status": "empty", "xml": ""}))
    return {"slots": slots, "links": found.get("links", pd.DataFrame(columns=["rid", "kind", "target", "data"]))}


def unwritten(slots: pd.DataFrame) -> list[str]:
    """The titles of the slots not yet written: while there are any, the report is a draft."""
    return list(slots.loc[slots.status != "filled", "title"])


def _text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _to_come(slot_id: str):
    """A slot not yet written: its prompt, in italic, saying so."""
    paragraph = OxmlElement("w:p")
    for text, italic in ((TO_COME, False), (BY_ID[slot_id].prompt, True)):
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        props.append(OxmlElement("w:i" if italic else "w:b"))
        run.append(props)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        paragraph.append(run)
    return [paragraph]


def _body(xml: str, doc, links: dict[str, tuple[str, str, bytes]], styles: set[str]) -> list:
    """A written slot's elements, made part of the report."""
    elements = list(parse_xml(f"<w:body {NSDECL}>{xml}</w:body>"))
    related: dict[str, str] = {}
    for element in elements:
        for el in element.iter():
            for attr in [a for a in el.attrib if a.startswith(f"{{{R}}}")]:
                rid = el.get(attr)
                if rid not in related and rid in links:
                    kind, target, data = links[rid]
                    related[rid] = (doc.part.get_or_add_image(io.BytesIO(data))[0] if kind == "image"
                                    else doc.part.relate_to(target, RT.HYPERLINK, is_external=True))
                el.set(attr, related.get(rid, ""))
            if el.tag in (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle")):
                value = DEMOTED.get(el.get(qn("w:val")), el.get(qn("w:val")))
                if value in styles:
                    el.set(qn("w:val"), value)
                else:
                    el.getparent().remove(el)
        for table in element.iter(qn("w:tbl")):
            _header_row(table)
    return elements


def _header_row(table) -> None:
    """A table's first row is its header: repeated on each page and announced as such by screen readers."""
    row = table.find(qn("w:tr"))
    if row is None or row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
        return
    props = row.find(qn("w:trPr"))
    if props is None:
        props = OxmlElement("w:trPr")
        row.insert(0 if row.find(qn("w:tblPrEx")) is None else 1, props)
    props.append(OxmlElement("w:tblHeader"))


def _restart_numbered_lists(doc, paragraphs: list) -> None:
    """Each run of 'List Number' paragraphs starts at 1 (the style's list would count on across slots)."""
    try:
        style_num = doc.styles["List Number"].element.pPr.numPr.numId.val
        numbering = doc.part.numbering_part.element
    except (KeyError, AttributeError, NotImplementedError):
        return
    abstract = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(style_num)) \
        .find(qn("w:abstractNumId")).get(qn("w:val"))
    used = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    previous_numbered = False
    num_id = None
    for paragraph in paragraphs:
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        numbered = style is not None and style.get(qn("w:val")) == "ListNumber"
        if numbered and not previous_numbered:
            num_id = max(used) + 1
            used.append(num_id)
            numbering.append(parse_xml(
                f'<w:num {NSDECL} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        if numbered:
            paragraph.find(qn("w:pPr")).append(parse_xml(
                f'<w:numPr {NSDECL}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
        previous_numbered = numbered


def insert(doc, commentary: dict[str, pd.DataFrame], template: Path) -> None:
    """Replace each slot's placeholder with its body (or its prompt, still to come). A written slot whose
    placeholder the template has lost is an error: its words would silently be missing."""
    slots = commentary["slots"].set_index("slot")
    links = {r.rid: (r.kind, r.target, r.data) for r in commentary["links"].itertuples()}
    styles = {s.style_id for s in doc.styles}
    placed, inserted = set(), []
    for paragraph in list(doc.element.body.iter(qn("w:p"))):
        match = PLACEHOLDER.match(_text(paragraph))
        if not match or match.group(1) not in slots.index:
            continue
        slot = slots.loc[match.group(1)]
        written = slot.status == "filled"
        elements = _body(slot.xml, doc, links, styles) if written else _to_come(match.group(1))
        for element in elements:
            paragraph.addprevious(element)
        paragraph.getparent().remove(paragraph)
        placed.add(match.group(1))
        inserted += [p for el in elements for p in el.iter(qn("w:p"))]
    _restart_numbered_lists(doc, inserted)
    lost = [s for s in slots.index[slots.status == "filled"] if s not in placed]
    if lost:
        raise InputError([Problem(template.name, message=f"has no place for the commentary on '{BY_ID[s].title}'",
                                  expected=f"a paragraph {{{{ commentary('{s}') }}}}") for s in lost])
