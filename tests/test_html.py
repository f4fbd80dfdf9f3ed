"""The web edition (`iru report --html`): one valid, self-contained page with the Word report's words, order,
figures and tables; accessible as axe-core judges it in a real browser at a desktop's and a phone's width; and
showing only numbers the spreadsheet holds."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import html5lib
import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline import build as pipeline_build
from pipeline.config import load_config
from pipeline.render.figures import FIGURES
from tests.conftest import REPO, copy_project
from tests.test_commentary import PNG

HTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def web_build(config_path: Path):
    config = load_config(config_path)
    messages: list[str] = []
    pipeline_build.report(config, messages.append, html=True)
    return config, config.output_year(config.year) / "annual_report.html", messages


def parse(path: Path):
    """The page through html5lib's strict parser: any parse error (invalid HTML) raises."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), strict=True)
    return parser.parse(path.read_text(encoding="utf-8")).getroot()


def text(element) -> str:
    """An element's words, as a reader hears them: a line break as a space."""
    for br in element.iter(f"{HTML}br"):
        br.tail = " " + (br.tail or "")
    return " ".join("".join(element.itertext()).split())


@pytest.fixture(scope="module")
def demo(built_demo, tmp_path_factory):
    return web_build(copy_project(built_demo, tmp_path_factory.mktemp("web")))


def _awkward_commentary(path: Path, picture: Path) -> None:
    """A manager's commentary with what a web page must take care over: markup-like text, a link to a site, a
    link that would run a script, a picture with alt text and one without, a list, a quotation and a table."""
    doc = Document()
    doc.add_heading("Reviews", level=1)
    doc.add_paragraph("Children said <script>alert('x')</script> & \"more\": {{ v('reviews.timely_pct') }} on time.")
    for url, words in (("https://www.gov.uk/guidance", "the IRO Handbook"), ("javascript:alert(1)", "a trap")):
        paragraph = doc.add_paragraph("See ")
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), doc.part.relate_to(url, RT.HYPERLINK, is_external=True))
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = words
        run.append(t)
        link.append(run)
        paragraph._p.append(link)
    doc.add_paragraph("First", style="List Bullet")
    doc.add_paragraph("Second", style="List Number")
    doc.add_paragraph("My IRO listened.", style="Quote")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(1, 0).text, table.cell(1, 1).text = \
        "Audit", "Result", "Care plans", "Met"
    doc.add_picture(str(picture))  # python-docx gives it no alt text
    described = doc.add_picture(str(picture))
    described._inline.docPr.set("descr", "A dot")
    doc.save(str(path))


@pytest.fixture(scope="module")
def awkward(built_demo, tmp_path_factory):
    """Suppression on (DfE's symbols in the tables), FINAL yet with a commentary half written (so a DRAFT),
    known accessibility problems listed, and the awkward commentary above."""
    folder = tmp_path_factory.mktemp("awkward")
    config = copy_project(built_demo, folder, suppression={"enabled": True, "max_count": 5},
                          publication={"status": "FINAL", "accessibility_tested": dt.date(2025, 9, 1),
                                       "accessibility_issues": ["Charts in the appendix <b>lack</b> patterns."]})
    (folder / "dot.png").write_bytes(PNG)
    _awkward_commentary(folder / "data/raw/2025/commentary.docx", folder / "dot.png")
    return web_build(config)


def test_the_page_is_valid_self_contained_and_structured(demo):
    _, path, _ = demo
    root = parse(path)
    assert root.get("lang") == "en-GB"
    assert text(root.find(f"{HTML}head/{HTML}title")).startswith("Demoshire Independent Reviewing Unit annual report")
    assert len(root.findall(f".//{HTML}h1")) == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert len(root.findall(f".//{HTML}{landmark}")) == 1, landmark
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    links = [a.get("href") for a in root.iter(f"{HTML}a")]
    assert links[0] == "#main"  # the skip link, first
    assert all(h[1:] in ids for h in links if h.startswith("#")), "a link to nowhere"
    handbook = {h for h in links if h.startswith("#_handbook_")}  # the IRO Handbook's list, item by item
    assert len(handbook) == 7, "each item of the IRO Handbook's list leads to the section that covers it"
    contents = [a.get("href") for a in root.find(f".//{HTML}nav").iter(f"{HTML}a")]
    assert len(contents) > 40 and "#accessibility-statement" in contents
    # one file: no script, no style sheet or picture fetched, nothing loaded from the network
    assert not root.findall(f".//{HTML}script") and not root.findall(f".//{HTML}link")
    assert all(img.get("src").startswith("data:image/") for img in root.iter(f"{HTML}img"))
    headings = [int(el.tag[-1]) for el in root.find(f".//{HTML}main").iter() if re.fullmatch(
        rf"{re.escape(HTML)}h[1-6]", str(el.tag))]
    assert all(b <= a + 1 for a, b in zip(headings, headings[1:])), "a heading skips a level"


def test_the_words_and_order_are_the_word_reports(demo):
    """The same headings, the same numbered figure and table captions, in the same order, as the .docx."""
    config, path, _ = demo
    doc = Document(str(config.output_year(config.year) / "annual_report.docx"))
    styles = {"Heading 1": "h2", "Heading 2": "h3"}
    in_word = [(styles[p.style.name], p.text.strip()) for p in doc.paragraphs if p.style.name in styles]
    captions_word = [" ".join("".join(t.text or "" for t in p._p.iter(qn("w:t"))).split()) for p in doc.paragraphs
                     if p.style.name == "Caption"]  # with the numbers, which are fields
    main = parse(path).find(f".//{HTML}main")
    in_page = [(el.tag[len(HTML):], text(el)) for el in main.iter(f"{HTML}h2", f"{HTML}h3")]
    assert in_page[:len(in_word)] == [h for h in in_word if h[1] != "Contents"]
    assert [h for _, h in in_page[len(in_word):]][0] == "Accessibility statement"
    captions_page = [text(el) for el in main.iter(f"{HTML}figcaption", f"{HTML}caption")
                     if re.match(r"(Figure|Table) \d+: ", text(el))]
    assert captions_page == captions_word


def test_every_chart_is_an_svg_named_described_and_given_as_a_table(demo):
    _, path, _ = demo
    root = parse(path)
    figures = root.findall(f".//{HTML}figure")
    assert len(figures) == len(FIGURES)
    for figure in figures:
        svg = figure.find(f".//{SVG}svg")
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("role") == "img" and svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert desc.text.startswith(title.text) and re.search(r"\d", desc.text)  # the message, then the values
        table = figure.find(f"{HTML}details/{HTML}div/{HTML}table")
        assert text(table.find(f"{HTML}caption")).startswith(text(figure.find(f"{HTML}figcaption")).split(":")[0])
    assert "Demoshire: 2020-21 43, 2021-22 45, 2022-23 46, 2023-24 46, 2024-25 46." in text(
        root.find(f".//{HTML}figure").find(f".//{SVG}desc"))


def test_every_table_is_captioned_with_header_cells_and_no_merged_cells(demo):
    _, path, _ = demo
    root = parse(path)
    tables = list(root.iter(f"{HTML}table"))
    assert len(tables) > 50
    for table in tables:
        assert text(table.find(f"{HTML}caption"))
        assert all(th.get("scope") in ("col", "row") for th in table.iter(f"{HTML}th"))
        assert all(th.get("scope") == "col" for th in table.find(f"{HTML}thead").iter(f"{HTML}th"))
        assert not any(c.get("rowspan") or c.get("colspan") for c in table.iter(f"{HTML}td", f"{HTML}th"))
    regions = [el for el in root.iter(f"{HTML}div") if "table-region" in (el.get("class") or "")]
    assert len(regions) == len(tables) and all(r.get("tabindex") == "0" and r.get("role") == "region"
                                               for r in regions)
    targets = next(t for t in tables if text(t.find(f"{HTML}caption")).startswith("Table 2: Performance"))
    rags = [row.findall(f"{HTML}td")[-1] for row in targets.find(f"{HTML}tbody")]
    rated = [cell for cell in rags if not text(cell).startswith("Not rated")]
    assert rated and all(text(cell) in ("GREEN", "AMBER", "RED") and cell.find(f"{HTML}strong") is not None
                         for cell in rated)  # the word, in bold, its colour only a cue


def test_the_awkward_commentary_is_kept_safely_and_its_picture_without_alt_text_is_named(awkward):
    _, path, messages = awkward
    root = parse(path)
    page = path.read_text(encoding="utf-8")
    assert not root.findall(f".//{HTML}script")
    assert "Children said <script>alert('x')</script> & \"more\": 90% on time." in [
        text(p) for p in root.iter(f"{HTML}p")]
    hrefs = [a.get("href") for a in root.iter(f"{HTML}a")]
    assert "https://www.gov.uk/guidance" in hrefs and not any("javascript" in h for h in hrefs)
    assert root.findall(f".//{HTML}blockquote") and root.findall(f".//{HTML}ol/{HTML}li")
    assert [img.get("alt") for img in root.iter(f"{HTML}img")] == ["", "A dot"]
    assert ['warning: a picture in the commentary under "Reviews" has no alt text: in Word, right-click it, '
            "choose Edit Alt Text and say what it shows"] == [m for m in messages if "alt text" in m]
    assert "Status: DRAFT" not in page or "DRAFT" in text(root.find(f".//{HTML}header"))
    assert "DRAFT" in text(root.find(f".//{HTML}header"))  # half written: a draft, whatever the config says
    assert "Charts in the appendix <b>lack</b> patterns." in [text(li) for li in root.iter(f"{HTML}li")]
    assert "This report was last tested on 1 September 2025" in page
    symbols = [text(p) for p in root.iter(f"{HTML}p") if "symbols" in (p.get("class") or "")]
    assert any(s.startswith("c: suppressed to protect confidentiality") for s in symbols)


def _browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium), so the page is not checked in a "
                    "browser")
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (make test runs npm ci; npm: apt-get install npm)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python API is not installed")
    return sync_api


@pytest.mark.parametrize("case", ["demo", "awkward"])
def test_axe_finds_no_wcag_a_or_aa_violation_at_desktop_and_phone_widths(case, request):
    """axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules in headless Chromium, at 1280 and 320 CSS pixels: no
    violation, and nothing wider than the window (a table or chart scrolls inside its own region)."""
    sync_api = _browser()
    _, path, _ = request.getfixturevalue(case)
    found = {}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width in (1280, 320):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.route(re.compile(r"^(?!file:)"), lambda route: route.abort())  # the page fetches nothing
                page.goto(path.as_uri())
                page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
                result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                                       "resultTypes: ['violations']})", WCAG)
                found[width] = [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]])
                                for v in result["violations"]]
                assert page.evaluate("document.documentElement.scrollWidth") <= width, f"scrolls sideways at {width}"
                page.close()
        finally:
            browser.close()
    assert found == {1280: [], 320: []}


def _number(cell: str):
    """The first number a cell shows ('40% (2 of 5)' -> 40.0, 1), with its decimal places; None if it shows none."""
    match = re.match(r"^-?[\d,]+(\.\d+)?", cell.strip())
    if not match:
        return None
    return float(match.group(0).replace(",", "")), len(match.group(1) or ".") - 1


def _sheet_rows(sheet) -> list[dict[str, object]]:
    """A sheet's table's rows in order, each as {column header: value} (the table follows the notes)."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("This worksheet contains")) + 1
    header = [str(h) for h in rows[start]]
    return [dict(zip(header, r)) for r in rows[start + 1:] if r[0] is not None]


def _labelled(held: dict, label: str):
    """The sheet's entry for a row or column the page labels `label` (the sheet may add its unit: ' (%)')."""
    return next(v for k, v in held.items() if k == label or k.startswith(label + " ("))


def test_every_number_in_the_pages_tables_and_charts_is_the_spreadsheets(demo):
    """Each figure's and table's cells read back from the page and found in its sheet of tables.xlsx (by its
    number, 'Figure 3'), row by row and column by column, rounded as printed (the summary tables too: each has its
    sheet, Table 1 and Table 2)."""
    import openpyxl

    config, path, _ = demo
    workbook = openpyxl.load_workbook(config.output_year(config.year) / "tables.xlsx", read_only=True)
    root = parse(path)
    compared = 0
    for table in root.iter(f"{HTML}table"):
        caption = text(table.find(f"{HTML}caption"))
        name = re.match(r"^((?:Figure|Table) \d+)", caption)
        header = [text(th) for th in table.find(f"{HTML}thead").iter(f"{HTML}th")]
        body = [[text(c) for c in row] for row in table.find(f"{HTML}tbody")]
        if not name:  # a table typed in the commentary
            continue
        assert name.group(1) in workbook.sheetnames, caption
        sheet = _sheet_rows(workbook[name.group(1)])
        assert len(sheet) == len(body), caption
        for row, held_row in zip(body, sheet):  # the same rows in the same order, labelled alike
            assert _labelled({str(next(iter(held_row.values()))): True}, row[0]), (caption, row[0], held_row)
            for column, cell in zip(header[1:], row[1:]):
                if not any(k == column or k.startswith(column + " (") for k in held_row):  # words over numbers
                    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", cell.replace(",", ""))]
                    held_numbers = {float(n) for v in held_row.values() for n in (
                        [v] if isinstance(v, (int, float)) else re.findall(r"\d+(?:\.\d+)?", str(v)))}
                    assert all(n in held_numbers for n in numbers), \
                        (caption, row[0], column, cell, held_row)  # 'Green at 90% or more': the sheet's Green at
                    compared += 1
                    continue
                held = _labelled(held_row, column)
                shown = _number(cell)
                if held is None or isinstance(held, str):  # a symbol, or the unit's own words (a blank shows none)
                    assert cell == " ".join((held or "x").split()) or cell == "" and held in (None, "x"), \
                        (caption, row[0], column, cell, held)
                else:  # rounded half away from zero, as printed
                    assert shown is not None and abs(float(held) - shown[0]) <= 0.5 * 10 ** -shown[1] + 1e-9, \
                        (caption, row[0], column, cell, held)
                compared += 1
    assert compared > 500


def test_a_plain_build_after_the_web_edition_removes_it_and_a_web_build_keeps_the_cache(demo):
    """The web page is one of the run's outputs: a later build without --html would leave it showing old numbers,
    so it goes; asking again with nothing changed redraws nothing (the SVGs are kept like the PNGs)."""
    config, path, _ = demo
    messages: list[str] = []
    config.path.write_text(config.path.read_text() + "\n")  # a config touched: the run's key changes, so it runs
    pipeline_build.report(config, messages.append)
    assert not path.exists() and any("removed annual_report.html" in m for m in messages)
    messages.clear()
    pipeline_build.report(config, messages.append, html=True)
    assert path.exists() and "no figure's data changed: none redrawn" in messages
