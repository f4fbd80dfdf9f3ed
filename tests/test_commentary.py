"""The manager's commentary: read from commentary.docx, kept through every re-run, marked DRAFT until written."""
from __future__ import annotations

import base64
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from pipeline.cli import main
from pipeline.render.figures import FIGURES
from pipeline.extract.commentary import read_commentary
from pipeline.problems import Problems
from pipeline.slots import SLOTS
from pipeline.starter import write_starter
from tests.conftest import build, copy_project, docx_text, make_project

# A 1x1 PNG, as a picture pasted into Word
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAAB"
                       "JRU5ErkJggg==")


def _written(path: Path, picture: Path | None = None, heading: str = "2.7 REVIEWS") -> Path:
    """A commentary as a manager writes it in Word: a numbered heading in capitals, the toolbar's lists,
    a quotation, a table, a picture and a tag typed with Word's curly quotes."""
    doc = Document()
    doc.add_heading(heading, level=1)
    p = doc.add_paragraph("Reviews were ")
    p.add_run("mostly").bold = True
    p.add_run(" on time: \u201c{{ v(\u2018reviews.timely_pct\u2019) }}\u201d.")
    doc.add_paragraph("First reason", style="List Number")
    doc.add_paragraph("Second reason", style="List Number")
    doc.add_paragraph("\u201cMy IRO listened.\u201d", style="Quote")
    table = doc.add_table(rows=2, cols=2, style="Table Grid")
    table.cell(0, 0).text, table.cell(1, 0).text = "Audit", "Met"
    if picture is not None:
        doc.add_picture(str(picture))
    doc.save(str(path))
    return path


def test_starter_has_every_slot_in_order_and_reads_back_as_unwritten(tmp_path):
    path = tmp_path / "commentary.docx"
    write_starter(path, 2025)
    headings = [p.text for p in Document(str(path)).paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.title for s in SLOTS]
    problems = Problems()
    slots = read_commentary(path, problems)["slots"]
    assert set(slots.status) == {"prompt"} and not problems.errors
    assert len(problems.warnings) == len(SLOTS)


def test_a_written_slot_keeps_its_text_lists_quote_table_and_picture(tmp_path):
    (tmp_path / "dot.png").write_bytes(PNG)
    problems = Problems()
    tables = read_commentary(_written(tmp_path / "c.docx", tmp_path / "dot.png"), problems)
    slots = tables["slots"].set_index("slot")
    assert slots.loc["reviews", "status"] == "filled" and slots.loc["summary", "status"] == "empty"
    xml = slots.loc["reviews", "xml"]
    assert "<w:b/>" in xml and 'w:val="ListNumber"' in xml and 'w:val="Quote"' in xml and "<w:tbl " in xml
    assert list(tables["links"].kind) == ["image"] and tables["links"].data.iloc[0] == PNG
    assert not problems.errors


def test_a_heading_that_names_no_slot_is_an_error_naming_the_nearest(tmp_path):
    problems = Problems()
    read_commentary(_written(tmp_path / "c.docx", heading="Resolving concerns: escalation"), problems)
    assert len(problems.errors) == 1
    assert "did you mean 'Resolving concerns: escalations'?" in str(problems.errors[0])


def test_a_tag_naming_an_unknown_indicator_is_an_error(tmp_path):
    doc = Document()
    doc.add_heading("Caseloads", level=1)
    doc.add_paragraph("Caseloads were {{ v('iru.iro_caseloads') }}.")
    doc.save(str(tmp_path / "c.docx"))
    problems = Problems()
    read_commentary(tmp_path / "c.docx", problems)
    assert [p.sheet for p in problems.errors] == ["Caseloads"]
    assert "did you mean 'iru.iro_caseload'?" in problems.errors[0].message


@pytest.fixture(scope="module")
def drafted(built_demo, tmp_path_factory):
    """The demo with a half-written commentary: Reviews written (with a picture), the rest as the starter gave."""
    folder = tmp_path_factory.mktemp("drafted")
    config = copy_project(built_demo, folder)
    (folder / "dot.png").write_bytes(PNG)
    _written(folder / "data/raw/2025/commentary.docx", folder / "dot.png")
    return config, *build(config)[1:]


def test_commentary_is_inserted_with_tags_filled_and_the_report_marked_draft(drafted):
    config, out, _ = drafted
    text = docx_text(out)
    assert "on time: \u201c90%\u201d." in text  # the tag (typed with curly quotes) is filled as in the template
    assert "My IRO listened." in text
    assert "Commentary to come." in text  # the unwritten slots show their prompt
    with zipfile.ZipFile(out) as z:
        document = z.read("word/document.xml").decode()
        headers = " ".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert "DRAFT" in headers and "DRAFT" in document
    assert len(media) == len(FIGURES) + 1  # every figure (the demo records all) and the commentary's picture
    assert document.index("Reviews were") > document.index("Reasons recorded for reviews held late")
    with zipfile.ZipFile(out) as z:
        numbering = z.read("word/numbering.xml").decode()
    restart = re.search(r'<w:num w:numId="(\d+)"><w:abstractNumId w:val="\d+"/><w:lvlOverride w:ilvl="0">'
                        r'<w:startOverride w:val="1"/>', numbering)
    assert restart and f'<w:numId w:val="{restart.group(1)}"/>' in document  # the list starts at 1


def test_the_demo_commentary_is_complete_so_its_report_is_not_a_draft(built_demo):
    from pipeline.render import commentary

    config, out, _ = built_demo
    text = docx_text(out)
    assert "Case example." in text and "You listened to me" in text
    assert "Commentary to come" not in text
    assert commentary.unwritten(commentary.read(config.processed_year(2025) / "commentary")["slots"]) == []
    assert text.count("DRAFT") == 2  # the shipped config's own status, on the cover and in the one page header


def test_final_refuses_while_a_slot_is_unwritten_and_a_starter_never_overwrites(drafted):
    config = drafted[0]
    runner = CliRunner()
    result = runner.invoke(main, ["report", "--config", str(config), "--final", "--quiet"])
    assert result.exit_code == 1
    assert "2025/commentary.docx › 5. Summary: not yet written" in result.output
    before = (config.parent / "data/raw/2025/commentary.docx").read_bytes()
    result = runner.invoke(main, ["commentary", "--config", str(config)])
    assert result.exit_code == 2 and "already exists" in result.output
    assert (config.parent / "data/raw/2025/commentary.docx").read_bytes() == before


def test_iru_commentary_writes_a_starter_for_the_year(demo_raw, tmp_path):
    config = make_project(tmp_path, demo_raw)
    shutil.rmtree(tmp_path / "data/raw/2024")
    (tmp_path / "data/raw/2024").mkdir()
    result = CliRunner().invoke(main, ["commentary", "--config", str(config), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data/raw/2024/commentary.docx").exists()


def test_tags_in_the_workbooks_text_are_checked_where_typed_and_filled_in_the_table(built_demo):
    import pandas as pd

    from pipeline.extract.run import tag_problems_in

    frame = pd.DataFrame({"_row": [2, 3], "outcome": ["Rose to {{ v('reviews.timely_pct') }}.",
                                                       "Fell to {{ v('reviews.timelypct') }}."],
                          "further_action": [pd.NA, "{{ v('reviews.count' }}"]})  # a blank cell is NA
    problems = Problems()
    tag_problems_in({"actions": frame}, problems)
    assert [(p.row, p.column) for p in problems.errors] == [(3, "OUTCOME"), (3, "FURTHER_ACTION")]
    assert "did you mean 'reviews.timely_pct'?" in problems.errors[0].message
    text = docx_text(built_demo[1])
    assert "{{" not in text and "v('" not in text  # the demo's outcomes quote figures by tag: all filled


def test_tags_typed_in_the_unit_s_tables_are_filled_in_the_spreadsheet_as_in_the_report(built_demo):
    import openpyxl

    config, out, _ = built_demo
    book = openpyxl.load_workbook(config.output_year(2025) / "tables.xlsx", read_only=True)
    cells = [v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
             if isinstance(v, str)]
    typed = [v for v in cells if v.startswith("Pre-review contact took place before")]
    assert typed and not any("{{" in v or "{%" in v for v in cells)
    assert typed[0] in docx_text(out)  # the same filled sentence in both


def test_final_refuses_in_a_batch_too(drafted, tmp_path):
    config = drafted[0]
    copy = tmp_path / "copy"
    shutil.copytree(config.parent, copy, symlinks=True)
    result = CliRunner().invoke(main, ["report", "--final", "--config", str(config), "--config",
                                       str(copy / "config.yaml")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    summary = lines[next(i for i, line in enumerate(lines) if line.startswith("Summary: ")):]
    assert summary[0] == "Summary: 0 of 2 authorities built"
    assert len(summary) == 3 and all("FAILED" in line and "not yet written" in line for line in summary[1:])
