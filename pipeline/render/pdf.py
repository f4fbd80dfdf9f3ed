"""The accessible PDF beside the .docx (`iru report --pdf`, `make pdf`), written by LibreOffice headless.

LibreOffice takes a few seconds a conversion, so the PDF is made only when asked, never in the analyst's
loop of fixes. It is tagged (PDF/UA), carries the document's title and language, embeds every font, has
bookmarks from the headings and each picture's alternative text on its Figure element. A first conversion
tells each heading's page (from the bookmarks); those pages are written into the contents of the .docx,
as the field's current result, so the contents show page numbers in any reader without updating fields;
a second conversion makes the PDF from that .docx.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.files import write_atomically
from pipeline.render.reproducible import normalise_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXPORT = {"UseTaggedPDF": True, "PDFUACompliance": True, "ExportBookmarks": True, "EmbedStandardFonts": True,
          "ExportNotes": False}
PASSES = 3  # numbering the contents could move a heading to another page; look again, a few times at most


class NoLibreOffice(RuntimeError):
    """LibreOffice is not installed: the .docx stands alone."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: Path, folder: Path, profile: Path) -> Path:
    """One LibreOffice conversion to a tagged PDF in `folder`; its own profile, so that other LibreOffice
    processes on the machine neither block nor share it."""
    program = soffice()
    if program is None:
        raise NoLibreOffice("LibreOffice (soffice) is not installed")
    options = json.dumps({k: {"type": "boolean", "value": str(v).lower()} for k, v in EXPORT.items()})
    done = subprocess.run([program, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                           "--convert-to", f"pdf:writer_pdf_Export:{options}", "--outdir", str(folder), str(docx)],
                          capture_output=True, text=True, timeout=300)
    pdf = folder / f"{docx.stem}.pdf"
    if done.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice could not convert {docx.name}: {done.stderr.strip() or done.stdout.strip()}")
    return pdf


def heading_pages(pdf: Path) -> list[tuple[str, int]]:
    """Each bookmark's title and page (from 1), in document order: the headings as LibreOffice laid them out."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        index = {page.obj.objgen: i + 1 for i, page in enumerate(doc.pages)}
        found: list[tuple[str, int]] = []

        def walk(items) -> None:
            for item in items:
                target = item.destination
                if target is None and item.action is not None:
                    target = item.action.get("/D")
                if isinstance(target, pikepdf.Array) and len(target):
                    found.append((" ".join(str(item.title).split()), index.get(target[0].objgen, 0)))
                walk(item.children)

        with doc.open_outline() as outline:
            walk(outline.root)
    return found


def _entries(doc) -> list:
    return [p for p in doc.element.body.iter(f"{W}p")
            if (s := p.find(f"{W}pPr/{W}pStyle")) is not None and s.get(f"{W}val", "").startswith("TOC")
            and s.get(f"{W}val") != "TOCHeading"]


def _text(paragraph) -> str:
    number_runs = {r for r in paragraph.iter(f"{W}r") if r.find(f"{W}tab") is not None}
    return " ".join("".join(t.text or "" for r in paragraph.iter(f"{W}r") if r not in number_runs
                            for t in r.iter(f"{W}t")).split())


def number_contents(docx: Path, pages: list[tuple[str, int]], when: dt.datetime) -> bool:
    """Write each heading's page into its contents entry (after a tab, to a dotted right tab stop); True if
    any number changed. Entries are matched to headings in order, by their text."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document(str(docx))
    remaining = list(pages)
    changed = False
    for paragraph in _entries(doc):
        title = _text(paragraph)
        while remaining and remaining[0][0] != title:
            remaining.pop(0)  # a bookmark with no entry (a heading the contents leave out)
        if not remaining:
            break
        page = str(remaining.pop(0)[1])
        old = [r for r in paragraph.iter(f"{W}r") if r.find(f"{W}tab") is not None]
        if old and "".join(t.text or "" for t in old[0].iter(f"{W}t")) == page:
            continue
        for run in old:
            run.getparent().remove(run)
        run, tab, text = OxmlElement("w:r"), OxmlElement("w:tab"), OxmlElement("w:t")
        text.text = page
        run.append(tab)
        run.append(text)
        end = f"{W}fldChar[@{qn('w:fldCharType')}='end']"
        ends = [r for r in paragraph.findall(f"{W}r") if r.find(end) is not None]
        (ends[0].addprevious if ends else paragraph.append)(run)
        changed = True
    if changed:
        doc.core_properties.modified = when

        def save(tmp: Path) -> None:
            doc.save(str(tmp))
            normalise_zip(tmp, when)

        write_atomically(docx, save)
    return changed


def publish(docx: Path, pdf: Path, profile: Path, when: dt.datetime) -> None:
    """Number the contents of `docx` by the pages LibreOffice lays it out on, then write its tagged PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(PASSES):
            made = convert(docx, Path(tmp) / str(n), profile)
            if not number_contents(docx, heading_pages(made), when):
                break
        write_atomically(pdf, lambda out: shutil.copyfile(made, out))
