"""The template is checked before a build: a typo in a tag, a Jinja syntax error, tracked changes and a
contents list Word has already updated each give a plain message or a correct report, never a silent `x`."""
import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml

from pipeline.render import document, template
from tests.conftest import REPO

SHIPPED = REPO / "templates" / "annual_report.docx"
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    """The shipped template with the first paragraph containing `old` given `new` in its place."""
    doc = Document(str(SHIPPED))
    paragraph = next(p for p in doc.paragraphs if old in p.text)
    text = paragraph.text.replace(old, new)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text
    path = tmp_path / "annual_report.docx"
    doc.save(str(path))
    return path


def _errors(path: Path) -> list[str]:
    return [str(p) for p in template.check(path, template.declared())[0]]


def test_the_shipped_template_has_no_problem():
    assert template.check(SHIPPED, template.declared()) == ([], [])


def test_an_unknown_indicator_quotes_the_tag_the_heading_and_the_nearest_id(tmp_path):
    path = _edited(tmp_path, "count('iru.fte', 'ISRO',", "count('iru.ftes', 'ISRO',")
    assert _errors(path) == ['annual_report.docx › under "The team": "{{ count(\'iru.ftes\', \'ISRO\', '
                             'breakdown=\'ISRO\') }}" names indicator \'iru.ftes\', which does not exist (expected a '
                             "declared indicator: did you mean 'iru.fte'?)"]


@pytest.mark.parametrize("old,new,error", [
    ("'ISRO', breakdown='ISRO'", "'ISRO', breakdown='ISROS'",
     "names breakdown 'ISROS', which iru.fte does not have (expected a declared breakdown of iru.fte: did you mean "
     "'ISRO'?)"),
    ("v('chic.legal_status_pct', 'care_order', area='ENGLAND')", "v('chic.legal_status_pct', 'care_order', "
     "area='ENGLND')", "names area 'ENGLND', which is not one (expected a declared area: did you mean 'ENGLAND'?)"),
    ("fig.cla_legal_status.image", "fig.cla_legal_statuses.image",
     "names figure 'cla_legal_statuses', which is not declared (expected a declared figure: did you mean "
     "'cla_legal_status'?)"),
    ("tab.team.table", "tab.teams.table",
     "names table 'teams', which is not declared (expected a declared table: did you mean 'team'?)"),
])
def test_unknown_breakdowns_areas_figures_and_tables(tmp_path, old, new, error):
    errors = _errors(_edited(tmp_path, old, new))
    assert len(errors) == 1 and errors[0].endswith(error), errors


def test_a_jinja_syntax_error_names_the_paragraph_and_its_heading(tmp_path):
    path = _edited(tmp_path, "{{ v('iru.iro_caseload') }} children", "{{ v('iru.iro_caseload') } children")
    errors = _errors(path)
    assert len(errors) == 1
    assert errors[0].startswith('annual_report.docx › under "Resources": the paragraph "Each full-time IRO was '
                                "responsible for {{ v('iru.iro_caseload') } children")
    assert "is not a valid template: " in errors[0]


def test_validate_checks_the_template(tmp_path, demo_raw):
    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.conftest import make_project

    config = make_project(tmp_path, demo_raw, paths={"template": "mine.docx"})
    edited = _edited(tmp_path / "..", "count('iru.fte', 'ISRO',", "count('iru.ftes', 'ISRO',")
    shutil.copy(edited, tmp_path / "mine.docx")
    result = CliRunner().invoke(main, ["validate", "--config", str(config)])
    assert result.exit_code == 1 and "names indicator 'iru.ftes'" in result.output
    assert "Traceback" not in result.output


def _tiny(tmp_path: Path, *xml: str) -> Path:
    doc = Document()
    body = doc.element.body
    for fragment in xml:
        body.insert(len(body) - 1, parse_xml(fragment.replace("<w:p>", f"<w:p {NS}>", 1)
                                             if fragment.startswith("<w:p>") else fragment))
    path = tmp_path / "tiny.docx"
    doc.save(str(path))
    return path


def _render(path: Path, out: Path) -> str:
    document.render(path, lambda tpl: {"authority": "Demoshire"}, out, dt.datetime(2025, 4, 1))
    with zipfile.ZipFile(out) as z:
        return z.read("word/document.xml").decode()


def test_tracked_changes_are_accepted_with_a_warning(tmp_path):
    path = _tiny(tmp_path, '<w:p><w:r><w:t xml:space="preserve">The unit in {{ authority }} </w:t></w:r>'
                           '<w:del w:id="1" w:author="A"><w:r><w:delText>grew</w:delText></w:r></w:del>'
                           '<w:ins w:id="2" w:author="A"><w:r><w:t>shrank</w:t></w:r></w:ins></w:p>')
    errors, warnings = template.check(path, template.declared())
    assert errors == [] and [str(w) for w in warnings] == [
        "tiny.docx: has 2 tracked change(s): the report shows them accepted (insertions kept, deletions dropped) "
        "(expected the changes accepted or rejected in Word (Review › Accept or Reject))"]
    xml = _render(path, tmp_path / "out.docx")
    assert "shrank" in xml and "grew" not in xml and "w:ins" not in xml
    assert Document(str(tmp_path / "out.docx")).paragraphs[0].text == "The unit in Demoshire shrank"


def _field(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def _entry(style: str, text: str, anchor: str) -> str:
    """A contents entry as Word saves it: a hyperlink holding the text and a PAGEREF field."""
    return (f'<w:hyperlink w:anchor="{anchor}"><w:r><w:t>{text}</w:t></w:r><w:r><w:tab/></w:r>{_field("begin")}'
            f'<w:r><w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>{_field("separate")}'
            f'<w:r><w:t>2</w:t></w:r>{_field("end")}</w:hyperlink>')


def test_a_contents_list_word_has_updated_gives_one_correct_list(tmp_path):
    toc = (f'<w:sdt {NS}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj>'
           '</w:sdtPr><w:sdtContent>'
           f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{_field("begin")}<w:r><w:instrText xml:space="preserve">'
           f' TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>{_field("separate")}'
           f'{_entry("TOC1", "Old part", "_Toc1")}</w:p>'
           f'<w:p><w:pPr><w:pStyle w:val="TOC2"/></w:pPr>{_entry("TOC2", "Old section", "_Toc2")}</w:p>'
           f'<w:p>{_field("end")}</w:p></w:sdtContent></w:sdt>')
    path = _tiny(tmp_path, toc, '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>1. The service</w:t>'
                 '</w:r></w:p>', '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>The team</w:t></w:r>'
                 '</w:p>', '<w:p><w:r><w:t>After the contents</w:t></w:r></w:p>')
    _render(path, tmp_path / "out.docx")
    doc = Document(str(tmp_path / "out.docx"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    texts = ["".join(t.text for t in p.iter(f"{w}t")) for p in doc.element.body.iter(f"{w}p")]
    assert texts == ["1. The service", "The team", "1. The service", "The team", "After the contents"]
    xml = doc.element.xml
    assert xml.count("TOC \\o") == 1 and xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"')


def test_a_name_the_report_does_not_offer_stops_the_build_naming_its_tag(tmp_path):
    from pipeline.problems import InputError

    path = _tiny(tmp_path, '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Intro</w:t></w:r></w:p>',
                 '<w:p><w:r><w:t xml:space="preserve">Written for {{ authorty }}.</w:t></w:r></w:p>')
    with pytest.raises(InputError) as caught:
        _render(path, tmp_path / "out.docx")
    assert [str(p) for p in caught.value.problems] == [
        'tiny.docx › under "Intro": "{{ authorty }}" names \'authorty\', which the report does not offer (expected '
        "the tags the report offers (README.md, Changing the report))"]
    assert not (tmp_path / "out.docx").exists()
