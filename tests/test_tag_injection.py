"""Tags are data, never a program: known template-injection payloads, typed into the commentary, into the
unit's workbook and into the template, are each refused with the tag quoted, and none runs (each would
create a marker file; it never appears), through validate, the build, and the sandbox behind them."""
from __future__ import annotations

import datetime as dt
import shutil
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from jinja2 import TemplateError
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.extract.commentary import read_commentary
from pipeline.extract.tags import tag_problems
from pipeline.problems import InputError, Problems
from pipeline.render import document, template
from pipeline.tag_language import COMMENTARY_FUNCTIONS
from tests.conftest import REPO

RUN = "__import__('os').system('touch MARKER')"
PAYLOADS = [
    "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "{{ lipsum.__globals__.os.system('touch MARKER') }}",
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ joiner.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ namespace.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ v.__class__.__init__.__globals__['__builtins__']." + RUN + " }}",
    "{{ v|attr('__class__')|attr('__init__')|attr('__globals__') }}",
    "{{ request.application.__globals__.__builtins__." + RUN + " }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(v) }}",
    "{{ '%s' % v.__class__ }}",
    "{{ config.__class__.__init__.__globals__['os'].system('touch MARKER') }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ raw.__self__.__class__ }}",
    "{{ v('chic.count_31mar', area=lipsum.__globals__.os.system('touch MARKER')) }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{% set x = lipsum %}{{ x }}",
    "{% import 'os' as os %}",
]


def _payloads(marker: Path) -> list[str]:
    return [p.replace("MARKER", str(marker)) for p in PAYLOADS]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_is_refused_in_typed_text_quoting_the_tag(payload):
    for functions in ({}, COMMENTARY_FUNCTIONS):
        messages = tag_problems(f"Reviews were on time {payload}.", *([functions] if functions else []))
        assert messages and all(m.startswith("the tag \"{") for m in messages), messages
        assert payload[:20] in messages[0]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_sandbox_behind_the_check_runs_none_of_them(payload, tmp_path):
    """The second wall: filled without the check, each payload fails instead of running."""
    marker = tmp_path / "ran"
    fill = document.tag_filler({"v": lambda *a, **k: "1", "raw": lambda *a, **k: 1, "year": 2025})
    with pytest.raises((TemplateError, TypeError)):  # a security error, an undefined name, no loader to import
        fill(payload.replace("MARKER", str(marker)))
    assert not marker.exists()


def test_the_documented_tags_still_fill():
    fill = document.tag_filler({"v": lambda i, breakdown="", area="LA": f"{i}/{area}", "year_label": "2024-25"})
    filled = fill("{{ v('chic.count_31mar', area='ENGLAND') }} in {{ year_label }}")
    assert filled == "chic.count_31mar/ENGLAND in 2024-25"


def _commentary(path: Path, paragraphs: list[str], heading: str = "Caseloads") -> Path:
    doc = Document()
    doc.add_heading(heading, level=1)
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_every_payload_in_the_commentary_is_an_error_naming_the_section(tmp_path):
    problems = Problems()
    read_commentary(_commentary(tmp_path / "commentary.docx", PAYLOADS), problems)
    assert {p.sheet for p in problems.errors} == {"Caseloads"}
    for payload in PAYLOADS:
        first = payload[:payload.index("}") + 1 if payload.startswith("{%") else len(payload)]
        assert any(first[:60] in p.message for p in problems.errors), payload


def test_a_tag_hidden_in_the_commentary_s_xml_attributes_is_found_too(tmp_path):
    """docxtpl fills the whole XML, attributes included: a tag Word never shows is checked as well."""
    doc = Document()
    doc.add_heading("Caseloads", level=1)
    paragraph = doc.add_paragraph("Plain words.")
    paragraph.runs[0]._r.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rsidR",
                             "{{ lipsum.__globals__ }}")
    doc.save(str(tmp_path / "commentary.docx"))
    problems = Problems()
    read_commentary(tmp_path / "commentary.docx", problems)
    assert [p.sheet for p in problems.errors] == ["Caseloads"]
    assert '"{{ lipsum.__globals__ }}"' in problems.errors[0].message


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_in_the_template_is_an_error_quoting_it_under_its_heading(payload, tmp_path):
    doc = Document()
    doc.add_heading("Introduction", level=1)
    doc.add_paragraph(f"Written for {payload}.")
    doc.save(str(tmp_path / "annual_report.docx"))
    errors = [str(p) for p in template.check(tmp_path / "annual_report.docx", template.declared())[0]]
    assert errors and all(e.startswith('annual_report.docx › under "Introduction": ') for e in errors), errors


def test_the_build_checks_what_it_fills_though_the_checks_before_it_were_passed(tmp_path):
    """A payload put into the document after every check (as if one had a gap) stops the fill: nothing runs,
    nothing is written."""
    marker = tmp_path / "ran"
    doc = Document()
    doc.add_paragraph("For {{ authority }}.")
    doc.save(str(tmp_path / "tpl.docx"))

    def smuggle(docx) -> None:
        for payload in _payloads(marker):
            docx.add_paragraph(payload)

    with pytest.raises(InputError) as caught:
        document.render(tmp_path / "tpl.docx", lambda tpl: {"authority": "Demoshire"}, tmp_path / "out.docx",
                        dt.datetime(2025, 4, 1), smuggle)
    assert caught.value.problems and not marker.exists() and not (tmp_path / "out.docx").exists()


def test_a_kept_compiled_part_stands_for_its_very_text_alone(tmp_path, monkeypatch):
    """A re-run reuses the checked, compiled template only for the same text: the text with a payload in it
    (the same part, the same folder of kept code) is checked again and refused."""
    marker, compiled = tmp_path / "ran", tmp_path / "compiled"
    doc = Document()
    doc.add_paragraph("For {{ authority }}.")
    doc.save(str(tmp_path / "tpl.docx"))
    render = partial(document.render, tmp_path / "tpl.docx", lambda tpl: {"authority": "Demoshire"},
                     tmp_path / "out.docx", dt.datetime(2025, 4, 1), compiled=compiled)
    render()
    first = (tmp_path / "out.docx").read_bytes()
    checked = []
    check = template.outside_language
    monkeypatch.setattr(document, "outside_language", lambda *args: checked.append(args) or check(*args))
    render()  # the same text: neither checked nor compiled again, the same document
    assert checked == [] and (tmp_path / "out.docx").read_bytes() == first

    def smuggle(docx) -> None:
        for payload in _payloads(marker):
            docx.add_paragraph(payload)

    with pytest.raises(InputError) as caught:
        render(prepare=smuggle)
    assert caught.value.problems and checked and not marker.exists()


def _project(raw: Path, folder: Path, **sources: str) -> Path:
    """A small project with the payload typed into the given sources: commentary, iru (the plan's first
    objective) and template."""
    shutil.copytree(raw, folder / "data" / "raw")
    year = folder / "data" / "raw" / "2025"
    config = (REPO / "config.yaml").read_text()
    if "commentary" in sources:
        _commentary(year / "commentary.docx", [f"Caseloads were {sources['commentary']}."])
    if "iru" in sources:
        book = load_workbook(year / "iru.xlsx")
        plan = book["plan"]
        column = next(c.column_letter for c in plan[1] if c.value == "OBJECTIVE")
        plan[f"{column}2"] = f"Objective {sources['iru']}"
        book.save(year / "iru.xlsx")
    if "template" in sources:
        doc = Document(str(REPO / "templates" / "annual_report.docx"))
        doc.add_paragraph(sources["template"])
        doc.save(str(folder / "annual_report.docx"))
        config = config.replace("\npaths:\n", f"\npaths:\n  template: {folder / 'annual_report.docx'}\n", 1)
    (folder / "config.yaml").write_text(config)
    return folder / "config.yaml"


@pytest.mark.parametrize("sources,where", [
    (("commentary", "iru"), ("2025/commentary.docx › Caseloads: ", "2025/iru.xlsx › plan › row 2 › OBJECTIVE: ")),
    (("template",), ('annual_report.docx › under "',)),  # the heading above the template's last paragraph
])
def test_validate_and_report_refuse_payloads_from_each_source_and_none_runs(small_raw, tmp_path, monkeypatch,
                                                                           sources, where):
    monkeypatch.setenv("IRU_WORKERS", "1")
    marker = tmp_path / "ran"
    payload = _payloads(marker)[0]
    config = _project(small_raw, tmp_path, **{source: payload for source in sources})
    for command in ("validate", "report"):
        result = CliRunner().invoke(main, [command, "--config", str(config)])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        lines = [ln.strip() for ln in result.output.splitlines() if payload[:40] in ln]
        assert len(lines) == len(where) and all(ln.startswith(w) for ln, w in zip(lines, where)), result.output
    assert not marker.exists() and not (tmp_path / "output").exists()


def test_a_payload_in_the_template_s_document_properties_is_refused_by_validate_and_build(tmp_path):
    marker = tmp_path / "ran"
    doc = Document()
    doc.add_paragraph("For {{ authority }}.")
    doc.core_properties.title = _payloads(marker)[0]
    doc.save(str(tmp_path / "tpl.docx"))
    errors = [str(p) for p in template.check(tmp_path / "tpl.docx", template.declared())[0]]
    assert len(errors) == 1 and errors[0].startswith("tpl.docx › document property 'title': \"{{ lipsum"), errors
    with pytest.raises(InputError):
        document.render(tmp_path / "tpl.docx", lambda tpl: {"authority": "Demoshire"}, tmp_path / "out.docx",
                        dt.datetime(2025, 4, 1))
    assert not marker.exists() and not (tmp_path / "out.docx").exists()
