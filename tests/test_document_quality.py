"""A document fit to publish: accessible, consistent, private, safe with any text, reproducible, and
opening cleanly in a real office suite."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

from pipeline import table
from pipeline.render.document import report_order
from pipeline.render.figures import FIGURES
from pipeline.transform.disclosure import _groups
from tests.conftest import build, copy_project, docx_text, make_project

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext) is not installed; .ci/run installs both")


# --- accessible -------------------------------------------------------------------------------------
def test_every_image_has_alt_text_with_its_numbers(built_demo):
    _, out, _ = built_demo
    doc = Document(out)
    pictures = list(doc.element.body.iter(f"{WP}docPr"))
    assert len(pictures) == len(FIGURES)
    for pic in pictures:
        assert pic.get("descr") and re.search(r"\d", pic.get("descr")), pic.get("title")
        assert pic.get("title")


def test_no_picture_is_text_and_every_one_is_inline(built_demo):
    """Word's checker flags text in images and floating objects: every picture is one of the declared charts
    (its alt text opening with its title, then the kind of chart and its values), placed in line with the text."""
    _, out, _ = built_demo
    body = Document(out).element.body
    assert not list(body.iter(f"{WP}anchor"))
    titles = {pic.get("title"): pic.get("descr") for pic in body.iter(f"{WP}docPr")}
    assert len(titles) == len(FIGURES)
    for title, descr in titles.items():
        assert re.match(re.escape(title) + r"\.? (Line|Bar) chart\. ", descr), (title, descr[:80])


def test_every_table_has_a_repeating_header_row(built_demo):
    _, out, _ = built_demo
    tables = Document(out).tables
    assert len(tables) >= 12
    for t in tables:
        first = t.rows[0]._tr
        assert first.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(cell.text.strip() for cell in t.rows[0].cells), t.rows[0].cells[0].text  # every column named
        merged = [el.tag for el in t._tbl.iter(f"{W}gridSpan", f"{W}vMerge", f"{W}hMerge")]
        assert merged == [], t.rows[0].cells[0].text
        assert not [r for r in t.rows if not "".join(c.text for c in r.cells).strip()]  # no blank rows


def test_headings_are_in_order_and_never_skip_a_level(built_demo):
    _, out, _ = built_demo
    headings = [p for p in Document(out).paragraphs if p.style.name.startswith("Heading")]
    levels = [int(p.style.name.split()[-1]) for p in headings]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    assert [p.text for p in headings if not p.text.strip()] == []  # an empty heading is an empty stop in navigation


def test_the_document_has_a_title_and_is_in_british_english(built_demo):
    _, out, _ = built_demo
    doc = Document(out)
    assert doc.core_properties.title == "Demoshire Independent Reviewing Unit annual report 2024-25"
    assert doc.core_properties.language == "en-GB"
    with zipfile.ZipFile(out) as z:
        styles = z.read("word/styles.xml").decode()
        xml = z.read("word/document.xml").decode()
    assert re.search(r'<w:docDefaults>.*<w:lang w:val="en-GB"', styles, re.S)
    assert set(re.findall(r'<w:lang w:val="([^"]+)"', xml)) <= {"en-GB"}


def _style_colour(style) -> str:
    """A style's text colour, its own or the one it is based on; black if none sets one."""
    while style is not None:
        if style.font.color is not None and style.font.color.type is not None and style.font.color.rgb:
            return str(style.font.color.rgb)
        style = style.base_style
    return "000000"


def _text_colours(doc) -> dict[tuple[str, str], str]:
    """Every colour of text in the document, its headers and footers, on the fill behind it (a run's, its
    paragraph's or its table cell's shading, else the white page): (text colour, fill) -> a sample of the text.
    Word's 'automatic' colour is black on a light fill."""
    styles = {s.style_id: s for s in doc.styles}
    parts = [doc.element.body] + [part._element for s in doc.sections for part in (s.header, s.footer)]
    found = {}
    for part in parts:
        for run in part.iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t")).strip()
            if not text:
                continue
            paragraph = next(run.iterancestors(f"{W}p"))
            colour = run.find(f"{W}rPr/{W}color")
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            inherited = _style_colour(styles.get(style.get(f"{W}val")) if style is not None else doc.styles["Normal"])
            value = colour.get(f"{W}val") if colour is not None else "auto"
            fills = [el.find(path) for el, path in ((run, f"{W}rPr/{W}shd"), (paragraph, f"{W}pPr/{W}shd"),
                                                    *((tc, f"{W}tcPr/{W}shd") for tc in run.iterancestors(f"{W}tc")))]
            fill = next((f.get(f"{W}fill") for f in fills if f is not None and f.get(f"{W}fill") not in (None, "auto")),
                        "FFFFFF")
            found.setdefault((inherited if value == "auto" else value, fill), text)
    return found


def test_every_text_colour_reads_at_4_5_to_1_on_its_fill(built_demo):
    """WCAG 2.1 AA (1.4.3), as Word's checker flags 'hard to read text contrast': the RAG cells (the word on
    its colour), the coloured RAG words in sentences, headings, the cover and the page furniture."""
    from pipeline.render.contrast import ratio
    from pipeline.render.document import RAG_FILL, RAG_TEXT, rag_word

    for rag in ("GREEN", "AMBER", "RED"):  # every rating, whether or not the demo year has one
        assert ratio(RAG_TEXT[rag], RAG_FILL[rag]) >= 4.5, rag
        assert ratio(re.search(r'w:color w:val="(\w+)"', rag_word(rag))[1]) >= 4.5, rag
    _, out, _ = built_demo
    colours = _text_colours(Document(out))
    assert {text for (_, fill), text in colours.items() if fill != "FFFFFF"} >= {"GREEN", "AMBER"}
    assert len({colour for colour, _ in colours}) >= 4
    poor = {f"{text!r}: {colour} on {fill}, {ratio(colour, fill):.2f}:1" for (colour, fill), text in colours.items()
            if ratio(colour, fill) < 4.5}
    assert poor == set()


def test_captions_are_numbered_fields_in_order_and_contents_are_filled(built_demo):
    _, out, _ = built_demo
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
        settings = z.read("word/settings.xml").decode()
    figures = re.findall(r'SEQ Figure \\\* ARABIC "><w:r><w:t>(\d+)</w:t>', xml)
    tables = re.findall(r'SEQ Table \\\* ARABIC "><w:r><w:t>(\d+)</w:t>', xml)
    assert figures == [str(i) for i in range(1, len(FIGURES) + 1)]
    assert tables == [str(i) for i in range(1, len(tables) + 1)] and len(tables) >= 12
    assert 'TOC \\o "1-2"' in xml and 'w:pStyle w:val="TOC1"' in xml
    assert "updateFields" in settings


def test_a_rag_is_always_written_as_a_word(built_demo):
    _, out, _ = built_demo
    doc = Document(out)
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                if cell._tc.find(f"{W}tcPr/{W}shd") is not None:
                    assert cell.text in ("GREEN", "AMBER", "RED")
    coloured = [r.text for p in doc.paragraphs for r in p.runs if r.font.color is not None and r.font.color.rgb]
    assert coloured and all(text in ("GREEN", "AMBER", "RED") for text in coloured)


def test_charts_use_the_analysis_function_palette():
    from afcharts.af_colours import get_af_colours

    from pipeline.render import charts

    assert charts.PALETTE == get_af_colours("categorical", number_of_colours=6)
    assert len(set(charts.MARKERS)) == len(charts.MARKERS) and len(set(charts.HATCHES)) == len(charts.HATCHES)


# --- consistent ---------------------------------------------------------------------------------------
def _referrals_in_january(raw: Path) -> pd.DataFrame:
    refs = pd.read_excel(raw / "2025" / "lado.xlsx", sheet_name="referrals", engine="calamine")
    return refs[(refs.DATE_RECEIVED >= "2025-01-01") & (refs.DATE_RECEIVED <= "2025-01-31")]


def _drop_referral(raw: Path, referral_id: str) -> None:
    path = raw / "2025" / "lado.xlsx"
    sheets = pd.read_excel(path, sheet_name=None, engine="calamine")
    sheets["referrals"] = sheets["referrals"][sheets["referrals"].REFERRAL_ID != referral_id]
    for name in ("meetings", "attendance"):
        sheets[name] = sheets[name][sheets[name].REFERRAL_ID != referral_id]
    with pd.ExcelWriter(path, engine="xlsxwriter") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)


def _lado_numbers(config, out: Path) -> dict:
    indicators = table.read(config.processed_year(2025) / "indicators.csv")
    la = indicators[(indicators.indicator == "lado.referrals") & (indicators.area_type == "LA")].set_index("period")
    alt = next(d.get("descr") for d in Document(out).element.body.iter(f"{WP}docPr")
               if d.get("title", "").startswith("LADO referrals received each month"))
    sheet = load_workbook(out.parent / "tables.xlsx")[report_order(config.template)["lado_referrals_by_month"]]
    header = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "Month")
    january = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "Jan")
    this_year = january[next(i for i, h in enumerate(header) if h and "2024-25" in str(h))]
    return {"total": la.value["2025"], "january": la.value["2025-01"], "alt": alt, "sheet_january": this_year,
            "text": docx_text(out)}


def test_one_input_change_moves_table_chart_alt_text_and_sentence_together(built_demo, tmp_path):
    config, out, _ = build(copy_project(built_demo, tmp_path))
    before = _lado_numbers(config, out)
    assert f"received {before['total']:,.0f} referrals" in before["text"]
    assert f"Jan {before['january']:,.0f}" in before["alt"]
    assert before["sheet_january"] == before["january"]

    dropped = _referrals_in_january(tmp_path / "data" / "raw").REFERRAL_ID.iloc[0]
    _drop_referral(tmp_path / "data" / "raw", dropped)
    config, out, messages = build(tmp_path / "config.yaml")
    after = _lado_numbers(config, out)
    assert (after["total"], after["january"]) == (before["total"] - 1, before["january"] - 1)
    assert f"received {after['total']:,.0f} referrals" in after["text"]
    this_year = after["alt"].split("2024-25:")[1]
    assert f"Jan {after['january']:,.0f}," in this_year and f"Jan {before['january']:,.0f}," not in this_year
    assert after["sheet_january"] == after["january"]
    assert any(m.startswith("read 2025/lado") for m in messages)


# --- private ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def suppressed(built_demo, tmp_path_factory):
    return build(copy_project(built_demo, tmp_path_factory.mktemp("suppressed"),
                              suppression={"enabled": True, "max_count": 5}))


def test_small_numbers_are_suppressed_and_none_can_be_recovered(suppressed):
    config, out, _ = suppressed
    shown = table.read(config.processed_year(2025) / "indicators.csv")
    hidden = shown[shown.status == "c"]
    assert len(hidden) > 20 and hidden.value.isna().all() and hidden.numerator.isna().all()
    own = shown[shown.area_type.isin(["LA", "LOCALITY"]) & ~shown.indicator.str.startswith("iru.")]
    small = own[(own.unit == "count") & own.value.between(1, 5)]
    assert small.empty, small
    lone = [list(shown.loc[g, "indicator"])[0] for g in _groups(shown) if (shown.loc[g, "status"] == "c").sum() == 1]
    assert lone == []


def test_unsuppressed_values_never_reach_the_outputs(suppressed):
    config, out, _ = suppressed
    for path in (out, out.parent / "tables.xlsx"):
        with zipfile.ZipFile(path) as z:
            assert not [n for n in z.namelist() if n.endswith(".csv")]
            assert all(b"indicators_unsuppressed" not in z.read(n) for n in z.namelist())
    assert (config.processed_year(2025) / "indicators_unsuppressed.csv").exists()
    sheet = load_workbook(out.parent / "tables.xlsx")[report_order(config.template)["lado_source"]]
    assert "c" in [c for row in sheet.iter_rows(values_only=True) for c in row]


def test_no_child_identifier_or_date_of_birth_appears_in_any_output(built_demo, demo_raw):
    config, out, _ = built_demo
    header = pd.read_excel(demo_raw / "2025" / "chic.xlsx", sheet_name="header", engine="calamine")
    plans = pd.read_excel(demo_raw / "2025" / "cp.xlsx", sheet_name="plans", engine="calamine")
    ids = set(header.CHILD.astype(str)) | set(plans.CHILD.astype(str))
    dobs = {d.strftime(f) for d in pd.concat([header.DOB, plans.DOB]) for f in ("%d/%m/%Y", "%Y-%m-%d")}
    for path in (out, out.parent / "tables.xlsx"):
        with zipfile.ZipFile(path) as z:
            text = " ".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))
        words = set(re.findall(r"[A-Za-z0-9/-]+", text))
        assert not (ids & words), sorted(ids & words)[:5]
        assert not (dobs & words), sorted(dobs & words)[:5]


# --- safe with any text -------------------------------------------------------------------------------
AWKWARD = "Bath & North East Somerset <script>alert('x')</script> \"Zoë\""


@pytest.fixture(scope="module")
def awkward(built_demo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("awkward")
    config = copy_project(built_demo, folder, authority={"name": AWKWARD}, localities={
        "North": 31000, "South": 38500, "City": 21800, "Mid and East": 56900})
    return build(config)


def test_text_with_markup_characters_goes_through_escaped(awkward):
    _, out, _ = awkward
    doc = Document(out)  # parses: the XML is well formed
    assert any(AWKWARD in p.text for p in doc.paragraphs[:3])  # on the cover
    assert f"children in care in {AWKWARD}" in docx_text(out).replace("&amp;", "&").replace("&lt;", "<").replace(
        "&gt;", ">").replace("&quot;", '"').replace("&#39;", "'")
    with zipfile.ZipFile(out.parent / "tables.xlsx") as z:
        assert "Zoë" in z.read("docProps/core.xml").decode() or "Zoë" in " ".join(
            z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


# --- reproducible -------------------------------------------------------------------------------------
def test_two_builds_from_the_same_inputs_are_byte_identical(built_demo, demo_raw, tmp_path):
    config, out, _ = built_demo
    again, out_again, _ = build(make_project(tmp_path, demo_raw))
    for name in ("annual_report.docx", "tables.xlsx"):
        assert (out.parent / name).read_bytes() == (out_again.parent / name).read_bytes(), name
    for figure in FIGURES[:5]:
        png = f"{figure.id}.png"
        assert (config.figures / "2025" / png).read_bytes() == (again.figures / "2025" / png).read_bytes()


# --- opens in a real office suite ---------------------------------------------------------------------
def _to_pdf(docx: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   check=True, capture_output=True, timeout=240)
    return folder / (docx.stem + ".pdf")


@needs_libreoffice
def test_libreoffice_opens_the_report_and_the_text_is_there(published):
    _, _, pdf, _ = published
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 25 <= pages <= 80
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("Demoshire\nIndependent Reviewing Unit", "1. The service", "Figure 1: Children in care per 10,000",
                     "6. Development plan", "Appendix"):
        assert expected in text, expected


@needs_libreoffice
def test_libreoffice_opens_a_report_with_awkward_text(awkward, tmp_path):
    _, out, _ = awkward
    text = subprocess.run(["pdftotext", str(_to_pdf(out, tmp_path)), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Zoë" in text and "<script>" in text
