"""Entities and odd XML are input problems, not internal errors: a DTD in a return, in the commentary's
document.xml or in a workbook's part is one line naming the file and the part or element, and nothing in it
is read; a field given twice in a return's element is an error naming the child and element."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from docx import Document

from pipeline.extract.archive import archive_problem
from pipeline.extract.commentary import read_commentary
from pipeline.extract.schema import CHIC, CP
from pipeline.problems import Problems
from tests.test_returns import EPISODE, census, child, child_903, cin, local, plan, read, write_903

ENTITY = '<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def test_an_entity_in_the_cin_census_is_one_problem_naming_the_file(tmp_path):
    text = census(child("A", cin(plans=plan("2024-06-01"))))
    (tmp_path / "cin_census.xml").write_text(ENTITY.format(root="Message") + text.replace("<LAchildID>A<",
                                                                                          "<LAchildID>&xxe;<"))
    local(tmp_path, [("A", "North")])
    _, problems = read(tmp_path, CP)
    assert [str(p) for p in problems.errors] == [
        "cin_census.xml: declares a DTD (<!DOCTYPE …>, perhaps with entities), which a return never has: nothing in "
        "it was read (expected the XML file as submitted to DfE)"]


def test_an_entity_in_the_903_return_is_one_problem_naming_the_file(tmp_path):
    path = write_903(tmp_path, child_903("A1"))
    path.write_text(path.read_text().replace("<EXPSSDA903>", ENTITY.format(root="EXPSSDA903") + "<EXPSSDA903>", 1)
                    .replace("<?xml version='1.0' encoding='utf-8'?>", "<?xml version='1.0' encoding='utf-8'?>\n"))
    _, problems = read(tmp_path, CHIC)
    assert [p.message.split(":")[0] for p in problems.errors] == [
        "declares a DTD (<!DOCTYPE …>, perhaps with entities), which a return never has"]


def test_a_field_given_twice_in_a_903_header_is_an_error_naming_the_child(tmp_path):
    write_903(tmp_path, child_903("A1", "<DOB>02/07/2013</DOB>", (EPISODE.format("01/04/2024", "", ""),)))
    _, problems = read(tmp_path, CHIC)
    assert [str(p) for p in problems.errors] == [
        "ssda903/return.xml › CHILD 1 (CHILDID A1) › HEADER › DOB: is given 2 times (expected one DOB in each "
        "HEADER)"]


def _with_dtd(source: Path, target: Path, part: str) -> None:
    """A copy of a zip-based file whose `part` declares an entity and uses it."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in book.infolist():
            data = book.read(info)
            if info.filename == part:
                at = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:at] + ENTITY.format(root="x").encode() + data[at:].replace(b"Caseloads", b"&xxe;", 1)
            out.writestr(info, data)


def test_an_entity_in_the_commentary_is_one_problem_and_no_internal_error(tmp_path):
    doc = Document()
    doc.add_heading("Caseloads", level=1)
    doc.add_paragraph("Caseloads fell.")
    doc.save(str(tmp_path / "plain.docx"))
    _with_dtd(tmp_path / "plain.docx", tmp_path / "commentary.docx", "word/document.xml")
    problems = Problems()
    assert read_commentary(tmp_path / "commentary.docx", problems) == {}
    assert [str(p) for p in problems.errors] == [
        "commentary.docx: part 'word/document.xml' declares a DTD (<!DOCTYPE …>, perhaps with entities), which "
        "Word, Excel and LibreOffice never write: nothing in it was read (expected the file as Excel, Word or "
        "LibreOffice saved it (no part of it over 200 MB, or compressed over 100:1))"]


def test_an_entity_in_a_workbook_part_names_the_part(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Caseloads"
    book.save(tmp_path / "plain.xlsx")
    _with_dtd(tmp_path / "plain.xlsx", tmp_path / "iru.xlsx", "xl/worksheets/sheet1.xml")
    message, _ = archive_problem(tmp_path / "iru.xlsx")
    assert message.startswith("part 'xl/worksheets/sheet1.xml' declares a DTD")
    shutil.copy(tmp_path / "plain.xlsx", tmp_path / "ok.xlsx")
    assert archive_problem(tmp_path / "ok.xlsx") is None


def test_a_formula_with_no_saved_result_says_so_instead_of_blank(tmp_path):
    """openpyxl, like other programs that do not calculate, saves a formula with no result."""
    from openpyxl import Workbook

    from pipeline.extract.schema import WORKBOOKS
    from pipeline.extract.workbook import Source, read_raw_sheets

    book = Workbook()
    sheet = book.active
    sheet.title = "referrals"
    sheet.append(["REFERRAL_ID", "DATE_RECEIVED"])
    sheet.append(["R1", "=DATE(2024,5,1)"])
    sheet.append(["R2", "01/06/2024"])
    book.save(tmp_path / "lado.xlsx")
    problems = Problems()
    lado = next(wb for wb in WORKBOOKS if wb.name == "lado")
    read = read_raw_sheets(Source(tmp_path / "lado.xlsx", False), lado, problems)
    assert "referrals" not in read and [str(p) for p in problems.errors if p.sheet == "referrals"] == [
        "lado.xlsx › referrals: 1 cell(s) hold a formula with no saved result (B2), which would read as blank "
        "(expected the workbook opened and saved in Excel or LibreOffice, which calculates its formulas)"]
