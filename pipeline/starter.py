"""Write a commentary.docx: the starter file `iru commentary` gives the manager, and the demo's filled one.

One Heading 1 per slot, in report order; under it, what the writer supplies. The starter's italic prompt
and key numbers are recognised when read back, so a slot left as the starter gave it still counts as empty.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document

from pipeline.files import write_atomically
from pipeline.render.labels import year_label
from pipeline.render.reproducible import fixed_time, normalise_zip
from pipeline.slots import SLOTS, Slot, starter_paragraphs

Block = tuple[str, object]  # (paragraph style, text), ("prompt", text) in italic, ("table", rows) or ("body", make)
INSTRUCTIONS = ("Write the year's commentary under each heading; it goes into the report at the end of the "
                "section of that name, as you format it (bold, italic, lists, quotations, small tables, pictures). "
                "Keep the headings as they are. Tags such as {{ v('reviews.timely_pct') }} are filled with the "
                "report's own figures. Until every section is written the report is marked DRAFT.")


def prompt_blocks(slot: Slot) -> list[Block]:
    return [("prompt", text) for text in starter_paragraphs(slot)]


def write_commentary(path: Path, year: int, title: str, blocks: dict[str, list[Block]],
                     titles: dict[str, str] | None = None) -> None:
    """A commentary file with every slot's heading (as `titles`, the report's, name it) and the blocks given for
    it (none: an empty section); the same bytes each time it is written for a year."""
    doc = Document()
    doc.core_properties.created = doc.core_properties.modified = fixed_time(year)
    doc.add_paragraph(title, style="Title")
    doc.add_paragraph(INSTRUCTIONS)
    for slot in SLOTS:
        doc.add_heading((titles or {}).get(slot.id, slot.title), level=1)
        for style, content in blocks.get(slot.id, []):
            if style == "table":
                rows = list(content)
                table = doc.add_table(rows=len(rows), cols=len(rows[0]), style="Table Grid")
                for cells, values in zip(table.rows, rows):
                    for cell, value in zip(cells.cells, values):
                        cell.text = str(value)
            elif style == "body":  # Word elements that `content(doc)` has made part of this document
                anchor = doc.add_paragraph()._p
                for element in content(doc):
                    anchor.addprevious(element)
                anchor.getparent().remove(anchor)
            elif style == "prompt":
                doc.add_paragraph().add_run(str(content)).italic = True
            else:
                _formatted(doc.add_paragraph(style=style), str(content))

    def save(tmp: Path) -> None:
        doc.save(str(tmp))
        normalise_zip(tmp, fixed_time(year))

    write_atomically(path, save)


def _formatted(paragraph, text: str) -> None:
    """Text with **bold** spans, as a writer would set them in Word."""
    for i, part in enumerate(text.split("**")):
        if part:
            paragraph.add_run(part).bold = i % 2 == 1


def title(year: int) -> str:
    return f"Commentary for the IRU annual report {year_label(str(year))}"


def write_starter(path: Path, year: int, titles: dict[str, str] | None = None) -> None:
    write_commentary(path, year, title(year), {slot.id: prompt_blocks(slot) for slot in SLOTS}, titles)
