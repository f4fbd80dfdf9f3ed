"""Read the manager's `commentary.docx`: for each declared slot, the Word body under its Heading 1.

The body is kept as WordprocessingML, so formatting, lists, quotations, tables and pictures reach the
report as written. What cannot travel between documents is made portable here: list numbering becomes
the report's list styles, pictures and links are carried as a table of their own (relationship id ->
bytes or address), and revisions, comments and bookmarks are resolved. Typed tags are checked like the
template's.
"""
from __future__ import annotations

import difflib
from dataclasses import replace
import hashlib
from pathlib import Path

import pandas as pd
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from pipeline.extract.archive import archive_problem
from pipeline.extract.tags import as_jinja_sees_it, tag_problems
from pipeline.tag_language import COMMENTARY_FUNCTIONS
from pipeline.problems import Problems
from pipeline.render.labels import year_label
from pipeline.slots import BY_ID, BY_TITLE, SLOTS, Slot, normalised, starter_paragraphs

FILE = "commentary.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
SLOT_COLUMNS = ["slot", "title", "status", "xml"]
LINK_COLUMNS = ["rid", "kind", "target", "data"]
DROPPED = ("del", "moveFrom", "commentRangeStart", "commentRangeEnd", "bookmarkStart", "bookmarkEnd", "proofErr",
           "permStart", "permEnd", "sectPr", "footnoteReference", "endnoteReference", "commentReference")
UNWRAPPED = ("ins", "moveTo", "smartTag", "customXml", "sdt", "sdtContent")


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def starter_texts(slot: Slot) -> set[str]:
    """The paragraphs the starter file puts under a slot: a slot holding only these is not yet written."""
    return {" ".join(text.split()) for text in starter_paragraphs(slot)}


def _text(element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(_q("w:t"))).split())


def _list_kinds(doc) -> dict[str, str]:
    """numId -> 'bullet' or 'number' (its first level's format), from the file's numbering part."""
    try:
        numbering = doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    formats = {a.get(_q("w:abstractNumId")): (a.find("w:lvl/w:numFmt", NS) is not None
                                               and a.find("w:lvl/w:numFmt", NS).get(_q("w:val")))
               for a in numbering.findall("w:abstractNum", NS)}
    kinds = {}
    for num in numbering.findall("w:num", NS):
        abstract = num.find("w:abstractNumId", NS)
        fmt = formats.get(abstract.get(_q("w:val"))) if abstract is not None else None
        kinds[num.get(_q("w:numId"))] = "bullet" if fmt in ("bullet", None, False) else "number"
    return kinds


def _portable(element, kinds: dict[str, str]) -> None:
    """Resolve what belongs to the commentary file alone: revisions, comments, bookmarks, list numbering."""
    for name in DROPPED:
        for el in list(element.iter(_q(f"w:{name}"))):
            parent = el.getparent()
            if name.endswith("Reference") and parent.tag == _q("w:r"):
                el, parent = parent, parent.getparent()
            parent.remove(el)
    for name in UNWRAPPED:
        for el in list(element.iter(_q(f"w:{name}"))):
            parent = el.getparent()
            index = parent.index(el)
            for child in list(el):
                if child.tag != _q("w:sdtPr") and child.tag != _q("w:sdtEndPr"):
                    parent.insert(index, child)
                    index += 1
            parent.remove(el)
    for num_pr in list(element.iter(_q("w:numPr"))):
        ppr = num_pr.getparent()
        level = num_pr.find("w:ilvl", NS)
        num_id = num_pr.find("w:numId", NS)
        kind = kinds.get(num_id.get(_q("w:val")) if num_id is not None else "", "bullet")
        depth = int(level.get(_q("w:val"))) if level is not None else 0
        style = ppr.find("w:pStyle", NS)
        if style is None:
            style = etree.SubElement(ppr, _q("w:pStyle"))
            ppr.insert(0, style)
        style.set(_q("w:val"), ("ListBullet" if kind == "bullet" else "ListNumber") + ("2" if depth else ""))
        ppr.remove(num_pr)


def _links(element, doc, slot: Slot, problems: Problems) -> list[dict]:
    """The pictures and links the body refers to; any other embedded object is left out, with a warning."""
    rels = doc.part.rels
    found = []
    for el in list(element.iter()):
        for attr in [a for a in el.attrib if a.startswith(f"{{{R}}}")]:
            rid = el.get(attr)
            rel = rels.get(rid)
            if rel is not None and rel.reltype == RT.IMAGE and not rel.is_external:
                found.append({"rid": rid, "kind": "image", "target": rel.target_part.partname.ext,
                              "data": rel.target_part.blob})
            elif rel is not None and rel.reltype == RT.HYPERLINK and rel.is_external:
                found.append({"rid": rid, "kind": "link", "target": rel.target_ref, "data": b""})
            else:
                run = next((a for a in el.iterancestors(_q("w:r"))), el)
                if run.getparent() is not None:
                    run.getparent().remove(run)
                problems.warn(FILE, slot.title, message="an embedded object (a chart, a linked picture or another "
                              "document) was left out", expected="pictures pasted as pictures")
                break
    return found


def _warn_of_notes(element, slot: Slot, problems: Problems) -> None:
    """Footnotes and endnotes are left out (the report has none of its own), and the manager is told so."""
    notes = element.findall(".//w:footnoteReference", NS) + element.findall(".//w:endnoteReference", NS)
    if notes:
        problems.warn(FILE, slot.title, message=f"{len(notes)} footnote(s) or endnote(s) left out: the report "
                      "carries none", expected="the note's words in the text itself, or in brackets")


CARRIED = "Last year's words, from the "
UNWRITTEN = {"empty": "the commentary is empty", "prompt": "the commentary still holds only its prompt",
             "carried": "the commentary still holds last year's words, unedited"}


def carried_mark(from_year: int, year: int, elements: list) -> str:
    """The line that opens a section carried over from last year's commentary: it ends with a fingerprint of
    the section's text, so the section counts as unwritten until its words are edited (and the line itself is
    never part of the report)."""
    return (f"{CARRIED}{year_label(str(from_year))} commentary: update them for {year_label(str(year))}. Until "
            f"they are edited this section counts as unwritten (the report is a DRAFT). [{_fingerprint(elements)}]")


def _fingerprint(elements: list) -> str:
    return hashlib.sha256("\n".join(_text(el) for el in elements).encode()).hexdigest()[:10]


def _slot_for(heading: str, problems: Problems, shown: dict[str, str]) -> Slot | None:
    """The slot a Heading 1 names: by the title the report shows (the template's), or the one slots.py declares;
    carrying the title the report shows."""
    titles = {**BY_TITLE, **{normalised(title): BY_ID[slot_id] for slot_id, title in shown.items()}}
    slot = titles.get(normalised(heading))
    if slot is None:
        titles = [shown.get(s.id, s.title) for s in SLOTS]
        near = difflib.get_close_matches(heading, titles, n=1, cutoff=0.3)
        problems.error(FILE, heading, message="this Heading 1 names no section of the report"
                       + (f": did you mean '{near[0]}'?" if near else ""),
                       expected="the title of a section as the report's contents show it")
    return slot and replace(slot, title=shown.get(slot.id, slot.title))


def read_commentary(path: Path, problems: Problems, shown: dict[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """The typed tables `slots` (one row per declared slot: status filled / empty / prompt / carried, and its body)
    and `links` (the pictures and hyperlinks the bodies refer to). No file: every slot empty. `shown`: each
    slot's title as the report shows it (`shown_titles` of the template), where it differs from slots.py's."""
    shown = shown or {}
    bodies: dict[str, list] = {}
    links: list[dict] = []
    if path.exists():
        refused = archive_problem(path)
        if refused:
            problems.error(FILE, message=refused[0], expected=refused[1])
            return {}
        try:
            doc = Document(str(path))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
            problems.error(FILE, message=f"cannot be opened as a Word document ({type(exc).__name__})")
            return {}
        kinds = _list_kinds(doc)
        headings = {s.style_id for s in doc.styles if s.style_id == "Heading1" or (s.name or "").lower() == "heading 1"}
        current = None
        for element in doc.element.body:
            if element.tag == _q("w:p") and _style(element) in headings:
                current = _slot_for(_text(element), problems, shown)
                if current is not None:
                    if current.id in bodies:
                        problems.error(FILE, current.title, message="this section's heading appears twice")
                    bodies.setdefault(current.id, [])
                continue
            if current is None or element.tag not in (_q("w:p"), _q("w:tbl")):
                continue
            _warn_of_notes(element, current, problems)
            _portable(element, kinds)
            links += _links(element, doc, current, problems)
            bodies[current.id].append(element)
    rows = []
    for slot in (replace(s, title=shown.get(s.id, s.title)) for s in SLOTS):
        elements = bodies.get(slot.id, [])
        starter = starter_texts(slot)
        kept = [el for el in elements if _text(el) not in starter]
        marks = [el for el in kept if _text(el).startswith(CARRIED)]
        kept = [el for el in kept if el not in marks]  # the line marking last year's words never reaches the report
        written = [el for el in kept if _text(el) or el.find(".//w:drawing", NS) is not None]
        status = "filled" if written else ("prompt" if len(kept) < len(elements) - len(marks) else "empty")
        if written and marks and _text(marks[0]).endswith(f"[{_fingerprint(kept)}]"):
            status = "carried"
        if status != "filled":
            problems.warn(FILE, slot.title, message=UNWRITTEN[status], expected="the manager's commentary "
                          "(the report is marked DRAFT until every section's commentary is written)")
        xml = "".join(etree.tostring(el, encoding="unicode") for el in kept)
        for message in tag_problems(as_jinja_sees_it(xml), COMMENTARY_FUNCTIONS):
            problems.error(FILE, slot.title, message=message)
        rows.append({"slot": slot.id, "title": slot.title, "status": status, "xml": xml if written else ""})
    return {"slots": pd.DataFrame(rows, columns=SLOT_COLUMNS),
            "links": pd.DataFrame(list({r["rid"]: r for r in links}.values()), columns=LINK_COLUMNS)}


def _style(paragraph) -> str:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return "" if style is None else style.get(_q("w:val"))
