"""The technical annex, output/<year>/technical_annex.docx: what the analyst keeps and the board paper leaves
out. Each indicator's id (what a tag names) and its definition as the code follows it, with the column names
and return codes; and every data-quality warning of the run, each kind with all the rows it affects.

A separate Word file rather than sheets of tables.xlsx: the spreadsheet is published with the report, and the
warnings name the authority's own files, sheets and rows, which are not for publication.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from pipeline.files import write_atomically
from pipeline.render import document, summary
from pipeline.render.labels import year_label
from pipeline.render.reproducible import fixed_time, normalise_zip
from pipeline.transform.catalogue import REGISTRY

FILE = "technical_annex.docx"


def summary_line(warnings: pd.DataFrame) -> str:
    """The report's one line on data quality: how many warnings, and where they are."""
    if warnings.empty:
        return "The run found no data-quality problem in the data."
    n = len(warnings)
    one = n == 1
    return (f"The run found {n:,} data-quality warning{'' if one else 's'} in the data, "
            f"{'not' if one else 'none'} serious enough to stop the report. {'It is' if one else 'Each is'} listed, "
            "with where to correct it at source, in the technical annex that comes with the report.")


def _table(doc, header: list[str], rows: list[list[str]], title: str) -> None:
    xml = str(document.build_table(header, rows, title)).replace("<w:tbl>", f"<w:tbl {nsdecls('w')}>", 1)
    doc.element.body.find(qn("w:sectPr")).addprevious(parse_xml(xml))


def write(path: Path, warnings: pd.DataFrame, authority: str, year: int) -> None:
    """The annex, the same bytes for the same run."""
    doc = Document()
    doc.core_properties.title = f"{authority}: IRU annual report {year_label(str(year))}, technical annex"
    doc.core_properties.created = doc.core_properties.modified = fixed_time(year)
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")
    doc.add_heading(doc.core_properties.title, level=0)
    doc.add_paragraph("For the analyst who keeps the report: what the board paper leaves out. The indicator ids "
                      "are what the report's tags name ({{ v('<id>') }}); the definitions are those the code follows, "
                      "with the column names and codes of the workbooks and DfE's returns.")
    doc.add_heading("Indicators: ids and definitions", level=1)
    _table(doc, ["Indicator", "Id", "Definition"],
           [[ind.title, ind.id, " ".join(ind.definition.split())] for ind in REGISTRY.values()],
           "Indicators: ids and definitions")
    doc.add_heading("Data-quality warnings from this run", level=1)
    lines = summary.warning_groups(warnings, shown=None)
    doc.add_paragraph("These were found in the data and did not stop the report; they are worth correcting at "
                      "source." if lines else "None.")
    for line in lines:
        doc.add_paragraph(line, style="List Bullet")

    def save(tmp: Path) -> None:
        doc.save(str(tmp))
        normalise_zip(tmp, fixed_time(year))

    write_atomically(path, save)
