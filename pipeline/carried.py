"""Next year's commentary starts from last year's words (`iru commentary` when last year has a commentary,
or `--from YEAR`): each written section is carried over with its formatting, pictures, links and tags, under
a line marking it as last year's, so that it counts as unwritten (the report a DRAFT, `--final` refusing)
until the manager edits it. The tags are kept as typed, so they give the new year's numbers.
"""
from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

from pipeline.extract.commentary import carried_mark, read_commentary
from pipeline.extract.commentary_file import Unreadable, as_docx
from pipeline.problems import InputError, Problem, Problems, in_folder
from pipeline.render.commentary import _body as related  # a slot's body made part of another document
from pipeline.slots import SLOTS
from pipeline.starter import prompt_blocks, title, write_commentary


def write_carried(path: Path, year: int, source: Path, from_year: int, titles: dict[str, str]) -> list[str]:
    """Write `path` for `year` from `from_year`'s commentary at `source`: its written sections carried over and
    marked, the others as the starter gives them, under the headings the report shows (`titles`). Returns the
    titles of the sections carried over."""
    problems = Problems()
    with tempfile.TemporaryDirectory() as work:
        try:
            tables = read_commentary(as_docx(source, Path(work)), problems, titles)
        except Unreadable as exc:
            raise InputError([Problem(f"{from_year}/{source.name}", message=str(exc))]) from None
    if problems.errors:
        raise InputError(in_folder(problems.errors, str(from_year)))
    slots = tables["slots"].set_index("slot")
    links = {r.rid: (r.kind, r.target, r.data) for r in tables["links"].itertuples()}
    written = [slot for slot in SLOTS if slots.loc[slot.id, "status"] == "filled"]
    blocks = {slot.id: prompt_blocks(slot) for slot in SLOTS}
    blocks |= {slot.id: [("body", partial(_marked, slots.loc[slot.id, "xml"], links, from_year, year))]
               for slot in written}
    write_commentary(path, year, title(year), blocks, titles)
    return [titles.get(slot.id, slot.title) for slot in written]


def _marked(xml: str, links: dict, from_year: int, year: int, doc) -> list:
    """A carried section's elements in `doc`, after the line marking them as last year's (in italic)."""
    elements = related(xml, doc, links, {s.style_id for s in doc.styles})
    mark = doc.add_paragraph()
    mark.add_run(carried_mark(from_year, year, elements)).italic = True
    mark._p.getparent().remove(mark._p)
    return [mark._p, *elements]
