"""The publication standard: the cover, every page's furniture, the accessible PDF and the .docx valid by the
ECMA-376 schemas."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document

from pipeline import build as pipeline_build
from pipeline.render.figures import FIGURES
from tests.conftest import SHARED, build, docx_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (soffice) or poppler-utils (pdfinfo) is not installed; .ci/run installs both")


def _run(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def test_the_cover_names_the_report_and_its_status_from_the_config(built_demo):
    _, out, _ = built_demo
    cover = " | ".join(p.text for p in Document(out).paragraphs[:10])
    for expected in ("DRAFT", "Demoshire", "1 April 2024 to 31 March 2025", "Published: 30 September 2025",
                     "Contact: iru@demoshire.gov.uk", "Status: DRAFT, version 0.1"):
        assert expected in cover, expected


def test_every_section_has_a_header_with_the_marks_and_a_page_number_footer(built_demo):
    _, out, _ = built_demo
    doc = Document(out)
    assert len(doc.sections) == 3  # portrait, the landscape development plan, portrait again
    assert doc.sections[1].page_width > doc.sections[1].page_height
    for section in doc.sections:
        assert section.header.paragraphs[0].text == "Demoshire IRU annual report 2024-25 · Demonstration data · DRAFT"
        instructions = [f.get(f"{W}instr").strip() for f in section.footer._element.iter(f"{W}fldSimple")]
        shown = "".join(t.text for t in section.footer._element.iter(f"{W}t"))
        assert instructions == ["PAGE", "NUMPAGES"] and shown == "Page 1 of 1"  # results shown before updating


@needs_libreoffice
def test_the_pdf_is_tagged_titled_in_british_english_with_every_font_embedded(published):
    _, _, pdf, _ = published
    info = _run("pdfinfo", str(pdf))
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(r"Title:\s+Demoshire Independent Reviewing Unit annual report 2024-25", info)
    fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the 'emb' column

    import pikepdf

    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == "en-GB"
        assert doc.Root.MarkInfo.Marked
        assert "<pdfuaid:part>1</pdfuaid:part>" in str(doc.open_metadata())  # it claims PDF/UA-1
        with doc.open_outline() as outline:
            assert [str(i.title) for i in outline.root][:3] == ["Executive summary", "1. The service",
                                                              "2. Children in care"]
        figures = []

        def walk(node) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(str(node.get("/Alt", "")))
                if "/K" in node:
                    walk(node.K)
            elif isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)

        walk(doc.Root.StructTreeRoot)
    assert len(figures) == len(FIGURES)
    assert all(re.search(r"\. (Line|Bar) chart\. .*\d", alt) for alt in figures), figures[:3]


@needs_libreoffice
def test_the_contents_show_each_headings_page_in_the_docx_and_the_pdf(published):
    _, out, pdf, _ = published
    entries = [p for p in Document(out).paragraphs if re.fullmatch(r"TOC \d", p.style.name)]
    numbered = {p.text.split("\t")[0]: int(p.text.split("\t")[1]) for p in entries}
    assert len(numbered) == len(entries) > 20
    pages = _run("pdftotext", str(pdf), "-").split("\f")
    for heading in ("1. The service", "Health", "6. Development plan for 2025-26", "Definitions"):
        page = numbered[heading]
        assert heading in pages[page - 1].splitlines(), (heading, page)
        assert page > 2
    contents = next(page for page in pages if "Contents" in page.splitlines())  # after the covering report
    assert re.search(r"^Health\.{5,}\d+$", contents, re.M)  # a dotted leader to the number


MARGIN = 20 / 25.4 * 72  # the template's 20 mm margins, in points
PART = re.compile(r"^(Covering report|Contents|Executive summary|\d+\. |Appendix)")


def page_fill(pdf) -> list[tuple[float, str]]:
    """Each page: how far down its text area the lowest line of text reaches (0 to 1; a figure's caption is below
    it, a table's last row is text), and its first line of text."""
    html = _run("pdftotext", "-bbox", str(pdf), "-")
    out = []
    for page in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.S):
        height = float(page[1])
        words = [(float(top), float(bottom), text) for top, bottom, text in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page[2])]
        body = [w for w in words if w[0] > MARGIN - 2 and w[1] < height - MARGIN + 2]  # not header or footer
        lowest = max((w[1] for w in body), default=MARGIN)
        first = " ".join(w[2] for w in body if abs(w[0] - body[0][0]) < 3) if body else ""
        out.append(((lowest - MARGIN) / (height - 2 * MARGIN), first))
    return out


@needs_libreoffice
def test_no_page_is_more_than_half_empty_except_before_a_part(published):
    _, _, pdf, _ = published
    pages = page_fill(pdf)
    assert len(pages) > 25
    empty = [(n, round(fill, 2)) for n, ((fill, _), (_, following)) in enumerate(zip(pages, pages[1:]), 1)
             if fill < 0.5 and not PART.match(following)]
    assert empty == []


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _keeps(paragraph) -> bool:
    """Whether a paragraph keeps with the next, set on it or by its style."""
    return bool(paragraph.paragraph_format.keep_with_next or paragraph.style.paragraph_format.keep_with_next)


def _charts_and_leads(doc) -> list[tuple[str, object, object, object]]:
    """Each chart: (its caption's text, the paragraph before its picture, the picture's, the caption's). The
    paragraph before is the sentence that leads into it, or what the chart or table before it shows."""
    paragraphs = doc.paragraphs
    return [(paragraphs[i + 1].text, paragraphs[i - 1], p, paragraphs[i + 1]) for i, p in enumerate(paragraphs)
            if list(p._p.iter(f"{WP}docPr"))]


def _own_tables(doc) -> list[tuple[str, object]]:
    """The report's own tables, each under its caption (not those the manager typed in the commentary):
    (caption, table)."""
    return [("".join(el.text or "" for el in t._tbl.getprevious().iter(f"{W}t")), t) for t in doc.tables
            if _is_caption(t._tbl.getprevious())]


def _short_tables(doc) -> list[tuple[str, object]]:
    """The report's own tables of fewer than 10 rows with no cell longer than 60 characters: short by any
    measure."""
    return [(caption, t) for caption, t in _own_tables(doc)
            if len(t.rows) < 10 and all(len(c.text) <= 60 for r in t.rows for c in r.cells)]


def test_a_chart_keeps_with_its_lead_sentence_and_a_short_table_with_itself(built_demo):
    """The lead sentence, the picture and its caption each keep with what follows, so that the chart is never
    on a page apart from the sentence that leads into it or from what it shows; every row of a short table
    keeps with the next (but the last, which would tie the table to the text after it), a long table's rows
    do not (the development plan would leave its heading alone on a page), and no row splits."""
    doc = Document(built_demo[1])
    charts = _charts_and_leads(doc)
    assert len(charts) == len(FIGURES)
    for caption, lead, picture, captioned in charts:
        assert _keeps(picture) and _keeps(captioned), caption
    leads = [lead for _, lead, _, _ in charts if not _says_what_is_above(lead)]
    assert len(leads) >= 20 and [lead.text[:40] for lead in leads if not _keeps(lead)] == []
    short = _short_tables(doc)
    assert len(short) >= 8
    for _, t in short:
        keeps = [all(p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs) for r in t.rows]
        assert keeps == [True] * (len(t.rows) - 1) + [False], t.rows[0].cells[0].text
    for caption, t in _own_tables(doc):
        assert all(r._tr.find(f"{W}trPr/{W}cantSplit") is not None for r in t.rows), caption
    plan = next(t for _, t in _own_tables(doc) if t.rows[0].cells[0].text == "Theme")
    assert not any(p.paragraph_format.keep_with_next for r in plan.rows[1:] for c in r.cells for p in c.paragraphs)


def _is_caption(element) -> bool:
    return element is not None and element.find(f"{W}pPr/{W}pStyle[@{W}val='Caption']") is not None


def _says_what_is_above(paragraph) -> bool:
    """Whether a paragraph is what the chart or table above it shows (it follows a caption or a table) rather
    than a sentence leading into what comes next."""
    before = paragraph._p.getprevious()
    return before.tag == f"{W}tbl" or _is_caption(before)


def _pages(pdf) -> list[str]:
    """Each page's text, its white space made single spaces."""
    return [" ".join(page.split()) for page in _run("pdftotext", str(pdf), "-").split("\f")]


@needs_libreoffice
def test_in_the_pdf_each_chart_is_on_its_lead_sentences_page_and_no_short_table_is_split(published):
    """Found by their words (the first of a caption; the last of a lead sentence, a table's last row), as
    LibreOffice lays the report out."""
    _, out, pdf, _ = published
    doc, pages = Document(out), _pages(pdf)

    def page_of(text: str, start: int = 0) -> int:
        return next(n for n, page in enumerate(pages[start:], start) if " ".join(text.split()) in page)

    def caption_page(caption: str, number: int | None = None) -> int:
        """Found by the caption's own words with its number, not by a table's row that names the same measure
        (Table 2's 'LADO cases concluded within 1, 3 and 12 months: Within 1 month' is not Figure 48). A table's
        number is in its text; a figure's is a field python-docx does not show: its place among the figures."""
        label, words = caption.split(": ", 1)
        label = f"{label.strip()} {number}" if number else label
        return page_of(f"{label}: " + " ".join(words.split()[:8]))

    apart = [caption[:50] for n, (caption, lead, _, _) in enumerate(_charts_and_leads(doc), 1)
             if not _says_what_is_above(lead)
             and " ".join(lead.text.split()[-6:]) not in pages[caption_page(caption, n)]]
    assert apart == []
    split = []
    for caption, t in _short_tables(doc):
        at = caption_page(caption)
        if page_of(t.rows[-1].cells[0].text, at) != at:
            split.append(caption[:50])
    assert split == []


def test_without_libreoffice_the_run_says_so_and_keeps_the_docx(built_demo, monkeypatch):
    config, out, _ = built_demo
    before = out.read_bytes()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    messages: list[str] = []
    assert pipeline_build.pdf(config, messages.append) is None
    assert "LibreOffice (soffice) is not installed, so no PDF was written" in messages[0]
    assert out.read_bytes() == before and "Children in care" in docx_text(out)


# --- valid by the standard ----------------------------------------------------------------------
XSD = SHARED / "reference" / "ooxml-xsd"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
KNOWN = [re.compile(r"\}zoom': The attribute '\{[^}]+\}percent' is required")]  # Word's own quirk (see the README)


def _namespaces_known(schema_dir) -> set[str]:
    from lxml import etree

    known = {"http://www.w3.org/XML/1998/namespace"}
    for xsd in schema_dir.glob("*.xsd"):
        target = etree.parse(str(xsd)).getroot().get("targetNamespace")
        if target:
            known.add(target)
    return known


def _as_word_reads_it(root, known: set[str]):
    """Markup compatibility resolved as Word resolves it (keep mc:Fallback, drop the other choices), then
    every element and attribute in a namespace the schemas do not define removed."""
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        fallback = alternate.find(f"{{{MC}}}Fallback")
        parent = alternate.getparent()
        for child in list(fallback) if fallback is not None else []:
            alternate.addprevious(child)
        parent.remove(alternate)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        namespace = el.tag[1:].split("}")[0] if el.tag.startswith("{") else ""
        if namespace not in known and el.getparent() is not None:
            el.getparent().remove(el)
            continue
        for name in list(el.attrib):
            if name.startswith("{") and name[1:].split("}")[0] not in known:
                del el.attrib[name]
    return root


def _invalid_parts(docx) -> tuple[list[str], dict[str, list[str]]]:
    """The WordprocessingML parts checked, and each invalid one's errors (Word's known quirk left out)."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(XSD / "wml.xsd")))
    known = _namespaces_known(XSD)
    checked, errors = [], {}
    with zipfile.ZipFile(docx) as z:
        for name in z.namelist():
            if not re.fullmatch(r"word/(document|styles|settings|numbering|fontTable|header\d*|footer\d*)\.xml", name):
                continue
            root = _as_word_reads_it(etree.fromstring(z.read(name)), known)
            if not schema.validate(root):
                found = [str(e) for e in schema.error_log if not any(k.search(e.message) for k in KNOWN)]
                if found:
                    errors[name] = found[:5]
            checked.append(name)
    return checked, errors


needs_schemas = pytest.mark.skipif(not (XSD / "wml.xsd").exists(), reason=f"the ECMA-376 schemas are not at {XSD}")


@needs_schemas
def test_every_wordprocessingml_part_validates_against_the_transitional_schemas(built_demo):
    _, out, _ = built_demo
    checked, errors = _invalid_parts(out)
    assert errors == {}
    assert {"word/document.xml", "word/styles.xml", "word/settings.xml"} <= set(checked)
    assert any(n.startswith("word/footer") for n in checked)
    Document(out)  # python-docx re-opens it


@needs_schemas
@needs_libreoffice
def test_the_docx_stays_valid_once_its_contents_carry_page_numbers(published):
    _, out, _, _ = published
    assert _invalid_parts(out)[1] == {}
    Document(out)


# --- honest statistics, tables that read well ----------------------------------------------------
def _frame(rows: list[dict]):
    import pandas as pd

    base = {"x": "", "series": "", "value": 50.0, "display": "50%", "status": "", "indicator": "chic.health_pct",
            "period": "2025", "area_type": "LA", "area": "X", "breakdown": "", "unit": "percent", "source": "local",
            "numerator": None, "denominator": None}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_a_group_mean_from_few_members_is_flagged_with_the_count_used():
    from pipeline.render.report import thin_means

    comps = _frame([{"area_type": "STAT_NEIGHBOURS", "denominator": 3.0}, {"area_type": "STAT_NEIGHBOURS",
                                                                           "denominator": 10.0},
                    {"area_type": "GOOD_LAS", "denominator": 31.0}, {"area_type": "GOOD_LAS", "denominator": 30.0}])
    assert thin_means(comps, {"STAT_NEIGHBOURS": 10, "GOOD_LAS": 62}) == (
        " Note: statistical neighbours: mean of 3 of 10 for some values; 'Good' authorities: mean of 30 of 62 for "
        "some values (the members that published a figure).")
    # 5 of 10 is half the group, and 3 of 4 is enough: nothing to flag; 2 of 3 is fewer than 3
    assert thin_means(_frame([{"area_type": "STAT_NEIGHBOURS", "denominator": 5.0}]), {"STAT_NEIGHBOURS": 10}) == ""
    assert thin_means(_frame([{"area_type": "GOOD_LAS", "denominator": 3.0}]), {"GOOD_LAS": 4}) == ""
    assert "mean of 2 of 3 (" in thin_means(_frame([{"area_type": "GOOD_LAS", "denominator": 2.0}]), {"GOOD_LAS": 3})


def test_a_percentage_of_fewer_than_20_shows_its_counts_in_tables():
    from pipeline.render.report import cells

    frame = _frame([{"numerator": 2.0, "denominator": 5.0, "display": "40%"},
                    {"numerator": 10.0, "denominator": 20.0, "display": "50%"},
                    {"area_type": "ENGLAND", "numerator": 2.0, "denominator": 5.0, "display": "40%"},
                    {"unit": "count", "numerator": 2.0, "denominator": 5.0, "display": "2"}])
    assert cells(frame) == ["40% (2 of 5)", "50%", "40%", "2"]


def test_column_widths_fit_the_longest_word_and_share_the_rest_by_content():
    from pipeline.render.document import CELL_PADDING, CHAR_TWIPS, column_widths

    widths = column_widths(["Measure", "Demoshire 2024-25", "Statistical neighbours 2023-24"],
                           [["Reviews of children in care held on time", "91%", "88%"]], 9000)
    assert sum(widths) <= 9000 and widths[0] > widths[1]
    assert widths[2] >= len("neighbours") * CHAR_TWIPS[True] + CELL_PADDING  # no header word broken
    assert column_widths(["A", "B"], [["x", "y"]], 1000) == [500, 500]


def test_late_reasons_end_with_a_bold_total_row(built_demo):
    _, out, _ = built_demo
    table = next(t for t in Document(out).tables if t.rows[0].cells[0].text == "Reason")
    last = table.rows[-1]
    assert last.cells[0].text == "Total"
    assert all(r.font.bold for p in last.cells[1].paragraphs for r in p.runs)
    counts = [int(r.cells[1].text) for r in table.rows[1:-1]]
    assert int(last.cells[1].text) == sum(counts)  # the transform's total: every late review has one reason
    assert table.rows[0].cells[1].paragraphs[0].alignment == 2  # a number column's header right-aligned


def test_sources_and_captions_name_publications_not_files(built_demo):
    _, out, _ = built_demo
    text = docx_text(out)
    assert "Children looked after in England including adoptions (DfE)" in text
    assert "Children looked after in England including adoptions, Department for Education, 2024 (https://" in text
    assert "(mid-2024 for 2024-25)" in text
    assert not re.search(r"\w+\.(csv|parquet|ods)\b", text)  # the warnings naming files are in the annex
    assert "this year and last" not in text and "over three years" not in text


def test_a_new_build_removes_the_pdf_of_the_report_before_it(built_demo, tmp_path):
    from dataclasses import replace

    from pipeline import manifest
    from pipeline.render import report

    config, out, _ = built_demo
    copy = tmp_path / "output"
    shutil.copytree(config.output, copy)
    drawn = manifest.read(config.processed_year(2025) / "manifest.json")["data"]  # no figure is redrawn
    config = replace(config, output=copy)
    pdf = copy / "2025" / "annual_report.pdf"
    pdf.write_bytes(b"%PDF-1.6 an old report")
    messages: list[str] = []
    rendered = pipeline_build.render(config, messages.append, {"data": drawn})
    assert rendered.drawn == []
    assert not pdf.exists() and any(m.startswith("removed annual_report.pdf") for m in messages)
    assert report.cover(config, 2025)["marks"] == ["Demonstration data", "DRAFT"]


def test_a_rebuild_removes_the_old_pdf_from_the_output_folder_itself(built_demo, tmp_path):
    """A run writes staged copies and moves them in: the old PDF must go from the real folder, not the copy."""
    config, _, _ = built_demo
    project = tmp_path / "project"
    shutil.copytree(config.path.parent, project, symlinks=True)
    pdf = project / "output" / "2025" / "annual_report.pdf"
    pdf.write_bytes(b"%PDF-1.6 an old report")
    with (project / "config.yaml").open("a") as f:
        f.write("# edited: the report is built again\n")
    _, document, messages = build(project / "config.yaml")
    assert document == project / "output" / "2025" / "annual_report.docx" and document.exists()
    assert not pdf.exists() and any(m.startswith("removed annual_report.pdf") for m in messages)
