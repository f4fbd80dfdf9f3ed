"""A year of real use (issue 21, items 1-6): from the first real run after the demo to next year's report,
nothing an analyst or a manager made is lost and nothing goes wrong silently."""
from __future__ import annotations

from pathlib import Path

from pipeline.extract.run import _remove_others


def test_units_no_longer_in_the_run_are_all_removed_in_one_run(tmp_path):
    extract = tmp_path / "extract"
    units = [f"{y}/{w}" for y in (2021, 2022, 2023, 2024) for w in ("chic", "cp", "iru", "lado")] + ["2025/cp"]
    for name in units:
        (extract / name).mkdir(parents=True)
        (extract / name / "key").write_text("k")
        (extract / name / "plans.parquet").write_bytes(b"x")
    _remove_others(extract, {"2025/cp", "published"})
    assert sorted(p.parent.relative_to(extract).as_posix() for p in extract.rglob("key")) == ["2025/cp"]


# --- 3. DRAFT and FINAL never disagree ---------------------------------------------------------------
def _slots(*unwritten: str):
    from pipeline.render.commentary import read
    from pipeline.slots import BY_ID

    slots = read(Path("/nonexistent"))["slots"]
    slots["status"] = ["empty" if s in unwritten else "filled" for s in slots.slot]
    assert all(s in BY_ID for s in unwritten)
    return slots


def _config(status: str):
    import dataclasses

    from pipeline.config import load_config
    from tests.conftest import REPO

    config = load_config(REPO / "config.yaml")
    return dataclasses.replace(config, publication={**config.publication, "status": status})


def test_a_report_is_final_only_when_signed_off_and_every_section_is_written():
    from pipeline import final
    from pipeline.render.report import cover

    signed_off, shipped = _config("FINAL"), _config("DRAFT")
    done = cover(signed_off, 2025, final.status(signed_off, _slots()))
    assert done["publication"]["status"] == "FINAL" and done["marks"] == ["Demonstration data"]
    for config, slots in ((signed_off, _slots("summary")), (shipped, _slots())):  # never FINAL beside DRAFT
        page = cover(config, 2025, final.status(config, slots))
        assert page["publication"]["status"] == "DRAFT" and page["marks"] == ["Demonstration data", "DRAFT"]
    assert [str(p) for p in final.draft_reasons(shipped, _slots("summary"))] == [
        "config.yaml › publication.status: is DRAFT (expected publication.status: FINAL once the report is "
        "signed off)",
        "2025/commentary.docx › 5. Summary: not yet written (expected the manager's words under this heading: "
        "a final report needs every section's commentary)"]


def test_final_refuses_a_signed_off_looking_report_whose_config_still_says_draft(demo_raw, tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.conftest import make_project

    config = make_project(tmp_path, demo_raw)  # the demo's commentary is complete; its config says DRAFT
    result = CliRunner().invoke(main, ["report", "--final", "--quiet", "--config", str(config)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == ["  config.yaml › publication.status: is DRAFT (expected "
                                              "publication.status: FINAL once the report is signed off)"]
    assert not (tmp_path / "output").exists()


# --- 4. The commentary is found however it was saved ---------------------------------------------------
def _written(path: Path, heading: str = "Reviews", text: str = "Reviews were mostly on time.") -> Path:
    from docx import Document

    doc = Document()
    doc.add_heading(heading, level=1)
    doc.add_paragraph(text)
    doc.save(str(path))
    return path


def _raw_config(tmp_path: Path):
    import dataclasses

    return dataclasses.replace(_config("DRAFT"), raw=tmp_path / "raw")


def _read(config, year: int = 2025):
    from pipeline.extract.run import _read_commentary

    tables, problems = _read_commentary(config, year)
    status = dict(zip(tables["slots"].slot, tables["slots"].status)) if "slots" in tables else {}
    return status, [str(p) for p in problems.errors], [str(p) for p in problems.warnings]


def test_a_commentary_is_found_whatever_the_case_of_its_name(tmp_path):
    config = _raw_config(tmp_path)
    (config.raw / "2025").mkdir(parents=True)
    _written(config.raw / "2025" / "Commentary.DOCX")
    status, errors, warnings = _read(config)
    assert status["reviews"] == "filled" and not errors
    assert warnings[0].startswith("2025/Commentary.DOCX › ")  # the sections still to write name the real file


def test_no_commentary_is_one_line_naming_the_year_that_has_one(tmp_path):
    config = _raw_config(tmp_path)
    (config.raw / "2025").mkdir(parents=True)
    (config.raw / "2024").mkdir()
    _written(config.raw / "2024" / "commentary.docx")
    status, errors, warnings = _read(config)
    assert set(status.values()) == {"empty"} and not errors
    assert warnings == ["2025/commentary.docx: no commentary for 2025 (there is one for 2024 only), so every "
                        "section is empty and the report a DRAFT: `make commentary` writes a starter"]


def test_an_odt_commentary_is_refused_saying_what_to_do_without_libreoffice(tmp_path, monkeypatch):
    import shutil

    config = _raw_config(tmp_path)
    (config.raw / "2025").mkdir(parents=True)
    (config.raw / "2025" / "commentary.odt").write_bytes(b"PK an OpenDocument file")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    status, errors, _ = _read(config)
    assert errors == ["2025/commentary.odt: is a LibreOffice (OpenDocument) file, and LibreOffice, which would read "
                      "it, is not installed: open it in Word or LibreOffice and save it as Word (.docx) under the "
                      "name commentary.docx"]


def test_an_odt_commentary_is_read_through_libreoffice(tmp_path):
    import shutil
    import subprocess

    import pytest

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed: an .odt commentary is refused instead (tested above)")
    config = _raw_config(tmp_path)
    (config.raw / "2025").mkdir(parents=True)
    docx = _written(tmp_path / "commentary.docx", "Case examples", "An IRO made the difference for a child.")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "odt", "--outdir", str(config.raw / "2025"), str(docx)],
                   check=True, capture_output=True, timeout=300)
    status, errors, _ = _read(config)
    assert status["cases"] == "filled" and status["reviews"] == "empty" and not errors


def test_footnotes_are_left_out_with_a_warning(tmp_path):
    from docx.oxml import parse_xml

    path = _written(tmp_path / "commentary.docx")
    from docx import Document

    doc = Document(str(path))
    doc.paragraphs[1]._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnoteReference w:id="1"/></w:r>'))
    doc.save(str(path))
    config = _raw_config(tmp_path)
    (config.raw / "2025").mkdir(parents=True)
    path.rename(config.raw / "2025" / "commentary.docx")
    status, errors, warnings = _read(config)
    assert status["reviews"] == "filled" and not errors
    assert "2025/commentary.docx › Reviews: 1 footnote(s) or endnote(s) left out: the report carries none " \
           "(expected the note's words in the text itself, or in brackets)" in warnings


# --- 6. A year folder holding another year's records is an error -------------------------------------------
def test_last_years_files_copied_into_next_years_folder_stop_the_run(demo_raw, tmp_path):
    import shutil

    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.conftest import make_project

    config = make_project(tmp_path, demo_raw)
    shutil.copytree(tmp_path / "data/raw/2025", tmp_path / "data/raw/2026")
    result = CliRunner().invoke(main, ["validate", "--year", "2026", "--config", str(config)])
    assert result.exit_code == 1
    assert ("  2026/iru.xlsx › reviews › REVIEW_DATE: no review falls between 1 April 2025 and 31 March 2026; most "
            "fall between 1 April 2024 and 31 March 2025: is this last year's file? (expected 2026's records in the "
            "2026 folder)") in result.output.splitlines()
    stopped = {line.split(" › ")[0].strip() for line in result.output.splitlines()[1:]}
    assert stopped == {"2026/chic.xlsx", "2026/iru.xlsx", "2026/cp.xlsx", "2026/lado.xlsx"}  # the earlier years pass


def test_a_year_with_a_few_records_from_the_year_before_is_not_stopped():
    import pandas as pd

    from pipeline.extract.schema import WORKBOOKS
    from pipeline.extract.year_check import check_year
    from pipeline.problems import Problems

    lado = next(wb for wb in WORKBOOKS if wb.name == "lado")
    dates = ["2025-03-20"] * 19 + ["2025-04-02"]  # one in twenty in the year: the boundary, not stopped
    problems = Problems()
    check_year({"referrals": pd.DataFrame({"date_received": pd.to_datetime(dates)})}, lado, 2026, problems)
    assert not problems.errors
    check_year({"referrals": pd.DataFrame({"date_received": pd.to_datetime(["2025-03-20"] * 20)})}, lado, 2026,
               problems)
    assert [str(p) for p in problems.errors] == [
        "lado.xlsx › referrals › DATE_RECEIVED: no referral falls between 1 April 2025 and 31 March 2026; most fall "
        "between 1 April 2024 and 31 March 2025: is this last year's file? (expected 2026's records in the 2026 "
        "folder)"]


# --- 5. Next year starts from last year's words ---------------------------------------------------------
def test_next_years_commentary_starts_from_last_years_marked_unwritten_until_edited(demo_raw, tmp_path):
    import dataclasses
    import shutil

    from click.testing import CliRunner
    from docx import Document

    from pipeline import final
    from pipeline.cli import main
    from pipeline.extract.commentary import read_commentary
    from pipeline.problems import Problems
    from pipeline.slots import SLOTS

    raw = tmp_path / "data" / "raw"
    for year in (2025, 2026):
        (raw / str(year)).mkdir(parents=True)
    shutil.copy(demo_raw / "2025" / "commentary.docx", raw / "2025" / "commentary.docx")
    config = tmp_path / "config.yaml"
    shutil.copy(Path(__file__).resolve().parents[1] / "config.yaml", config)
    runner = CliRunner()
    assert runner.invoke(main, ["commentary", "--year", "2026", "--from", "2024", "--config", str(config)]).exit_code == 2
    result = runner.invoke(main, ["commentary", "--year", "2026", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert f"starting from 2025's commentary: {len(SLOTS)} section(s) carried over" in result.output
    new = raw / "2026" / "commentary.docx"
    problems = Problems()
    slots = read_commentary(new, problems)["slots"]
    assert set(slots.status) == {"carried"}  # every section of the demo's complete commentary, none yet edited
    reasons = final.draft_reasons(dataclasses.replace(_config("FINAL"), year=2026), slots)  # --final refuses
    assert [(p.file, p.sheet, p.message) for p in reasons] == [
        ("2026/commentary.docx", slot.title, "not yet written") for slot in SLOTS]
    assert "still holds last year's words, unedited" in problems.warnings[0].message

    doc = Document(str(new))  # the manager edits one section: the words typed under Reviews change
    heading = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Reviews")
    assert doc.paragraphs[heading + 1].text.startswith("Last year's words, from the 2024-25 commentary: update "
                                                       "them for 2025-26.")
    doc.paragraphs[heading + 2].add_run(" In 2025-26 we chaired {{ v('reviews.count') }} reviews.")
    doc.save(str(new))
    slots = read_commentary(new, Problems())["slots"].set_index("slot")
    assert slots.loc["reviews", "status"] == "filled" and slots.loc["cases", "status"] == "carried"
    assert "{{ v('reviews.count') }}" in slots.loc["reviews", "xml"] and "Last year's words" not in \
        slots.loc["reviews", "xml"]


# --- 2. Nobody's edits are destroyed without a copy -------------------------------------------------------
def _template_builder():
    import importlib.util

    from tests.conftest import REPO

    spec = importlib.util.spec_from_file_location("build_template", REPO / "templates" / "build_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_template_never_overwrites_an_edited_template_without_a_dated_copy(tmp_path):
    import datetime as dt

    import pytest
    from docx import Document

    from tests.conftest import REPO

    builder = _template_builder()
    assert builder.written_here(REPO / "templates" / "annual_report.docx")  # the shipped one is as the script wrote it
    template = builder.build(tmp_path / "annual_report.docx")
    assert builder.build(template).read_bytes() == template.read_bytes()  # its own file: rewritten, the same
    doc = Document(str(template))  # an analyst rewords the introduction in Word
    doc.paragraphs[4].text = "Our own introduction."
    doc.save(str(template))
    edited = template.read_bytes()
    with pytest.raises(SystemExit, match="has been edited since make template wrote it, so it is left as it is"):
        builder.build(template)
    assert template.read_bytes() == edited
    builder.build(template, force=True)
    backup = tmp_path / f"annual_report.backup-{dt.date.today().isoformat()}.docx"
    assert backup.read_bytes() == edited and builder.written_here(template)


# --- the README's "Using your authority's own data", walked end to end ---------------------------------------
def _real_workbooks(tmp_path: Path, year: int) -> Path:
    """A year's four workbooks as an authority keeps them: generated, then saved without the demo's marker."""
    import zipfile

    from pipeline.demo import generate

    raw = tmp_path / "generated"
    generate(raw, years=[year], seed=7, scale=0.2, published=False, returns={})
    (raw / str(year) / "commentary.docx").unlink()  # the manager has not written one yet
    for workbook in (raw / str(year)).glob("*.xlsx"):
        with zipfile.ZipFile(workbook, "a") as archive:  # as Excel saves it: no comment
            archive.comment = b""
    return raw / str(year)


def test_the_readme_path_from_the_demo_to_a_real_authority(tmp_path):
    import datetime as dt
    import shutil

    import pytest
    import yaml
    from click.testing import CliRunner
    from docx import Document

    from pipeline.cli import main
    from pipeline.synthetic import is_synthetic
    from tests.conftest import PUBLISHED, REPO

    if not PUBLISHED.is_dir():
        pytest.skip(f"the real published files are not at {PUBLISHED} (as on a user's machine)")
    shutil.copy(REPO / "config.yaml", tmp_path / "config.yaml")
    config = str(tmp_path / "config.yaml")
    runner = CliRunner()

    def iru(*args: str) -> str:
        result = runner.invoke(main, [*args, "--config", config])
        assert result.exit_code == 0, result.output
        return result.output

    iru("demo-data", "--scale", "0.2")  # a fresh demo build: make report
    iru("report")
    iru("demo-data", "--remove")  # make remove-demo-data
    raw = tmp_path / "data" / "raw"
    assert not [p for p in raw.rglob("*") if p.is_file()]

    shutil.copytree(_real_workbooks(tmp_path, 2025), raw / "2025")  # 1. each year in its own folder
    (raw / "published").mkdir()  # 2. DfE's, ONS's and Ofsted's files as downloaded
    for source in [p for folder in ("ees", "lait", "reference") for p in (PUBLISHED / folder).iterdir()]:
        (raw / "published" / source.name).symlink_to(source)
    settings = yaml.safe_load((tmp_path / "config.yaml").read_text())  # 3. the authority's own config
    settings["authority"] = {"name": "Devon", "old_la_code": 878, "new_la_code": "E10000008", "region": "South West"}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(settings))
    assert not [p for p in raw.rglob("*") if p.is_file() and is_synthetic(p)]

    assert "The input is valid." in iru("validate")  # 4. the first run after the demo's removal works
    said = iru("report").splitlines()
    assert [line for line in said if "commentary" in line] == [  # one line, not one per section
        "commentary: 2025/commentary.docx: no commentary for 2025, so every section is empty and the report a DRAFT: "
        "`make commentary` writes a starter"]
    report = tmp_path / "output" / "2025" / "annual_report.docx"
    assert "Devon" in Document(str(report)).paragraphs[1].text

    doc = Document(str(report))  # someone types into the generated report; the next run keeps a copy
    doc.add_paragraph("Words typed into the report itself.")
    doc.save(str(report))
    edited = report.read_bytes()
    said = iru("report")
    copy = report.with_name(f"annual_report.edited-{dt.date.today().isoformat()}.docx")
    assert copy.read_bytes() == edited and f"kept as {copy.name}" in said and "commentary.docx" in said
    assert "Words typed into the report itself." not in " ".join(p.text for p in Document(str(report)).paragraphs)


def test_a_section_renamed_in_the_template_is_matched_by_the_title_the_report_shows(tmp_path):
    import dataclasses

    from docx import Document

    from pipeline import build
    from pipeline.extract.shown_titles import shown_titles
    from tests.conftest import REPO

    template = Document(str(REPO / "templates" / "annual_report.docx"))  # an analyst renames a heading in Word
    next(p for p in template.paragraphs if p.text == "The team").text = "Our IROs and ISROs"
    template.save(str(tmp_path / "annual_report.docx"))
    shown = shown_titles(tmp_path / "annual_report.docx")
    assert shown["team"] == "Our IROs and ISROs" and shown["reviews"] == "Reviews" and shown["summary"] == "5. Summary"

    config = dataclasses.replace(_raw_config(tmp_path), template=tmp_path / "annual_report.docx")
    (config.raw / "2025").mkdir(parents=True)
    _written(config.raw / "2025" / "commentary.docx", "Our IROs and ISROs", "Two IROs joined in the autumn.")
    status, errors, warnings = _read(config)
    assert status["team"] == "filled" and not errors
    assert "2025/commentary.docx › Reviews: the commentary is empty" in " ".join(warnings)

    (config.raw / "2025" / "commentary.docx").unlink()  # a starter is written with the headings the report shows
    starter = build.commentary(config, lambda message: None)
    headings = [p.text for p in Document(str(starter)).paragraphs if p.style.name == "Heading 1"]
    assert "Our IROs and ISROs" in headings and "The team" not in headings
