"""Numbers a manager types as text are checked against the report's measures: a contradiction warns, is listed in
the author's checklist beside the report, and stops `--final`; a correct or unrelated number is left alone."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.demo.commentary import BLOCKS
from pipeline.render.checklist import FILE, reasons
from pipeline.starter import write_commentary
from pipeline.transform.typed_numbers import check_sentence, contradictions, texts
from tests.conftest import build, copy_project, docx_text

# the demo's values for 2024-25, unrounded as transform writes them
VALUES = {("reviews.permanence_plan_pct", ""): 87.2, ("reviews.placement_concern_pct", ""): 19.4,
          ("reviews.timely_pct", ""): 90.4, ("chic.count_31mar", ""): 684.0, ("lado.referrals", ""): 600.0,
          ("reviews.participation_pct", "participated"): 86.3, ("esc.resolved_within_20wd_pct", ""): 63.0,
          ("iru.iro_caseload", ""): 61.3, ("reviews.count", ""): 1510.0, ("cp.chair_pre_meeting_pct", ""): 70.2,
          ("cp.parents_attended_pct", ""): 88.1, ("iro.allocated_5wd_pct", ""): 83.4,
          ("lado.concluded_within_pct", "1_month"): 26.3, ("lado.first_response_pct", ""): 91.0,
          ("reviews.contact_between_pct", ""): 68.0, ("reviews.midpoint_pct", ""): 71.0,
          ("chic.dolo_in_year", ""): 13.0, ("chic.dolo_31mar", ""): 4.0}

CONTRADICTIONS = [  # (sentence, the number flagged, the measure it names)
    ("80% of children had a permanence plan by their second review.", "80%", "reviews.permanence_plan_pct"),
    ("IROs had no stability concerns in 79% of reviews.", "79%", "reviews.placement_concern_pct"),  # 100-19.4
    ("IROs raised stability concerns in 25% of reviews.", "25%", "reviews.placement_concern_pct"),
    ("95% of reviews were held on time.", "95%", "reviews.timely_pct"),
    ("Children took part in 70% of their reviews.", "70%", "reviews.participation_pct"),
    ("Only 40% of escalations were resolved within 20 working days.", "40%", "esc.resolved_within_20wd_pct"),
    ("There were 650 children in care at 31 March.", "650", "chic.count_31mar"),
    ("The LADO received 450 referrals.", "450", "lado.referrals"),
    ("Each IRO had an average caseload of 70 children.", "70", "iru.iro_caseload"),
    ("Over 90% of children had a permanence plan by their second review.", "90%", "reviews.permanence_plan_pct"),
    # the demo once gave the parents' attendance (88%) as the chairs' pre-meetings (70%)
    ("Chairs met parents before 88% of conferences.", "88%", "cp.chair_pre_meeting_pct"),
    ("95% of children had an IRO allocated within 5 working days.", "95%", "iro.allocated_5wd_pct"),
    ("Half of cases were concluded within a month: 50% of them.", "50%", "lado.concluded_within_pct"),
    ("The LADO responded to 99% of contacts within 1 working day.", "99%", "lado.first_response_pct"),
    ("The IRO saw or spoke with the child between reviews in 90% of cases.", "90%", "reviews.contact_between_pct"),
    ("9 children were subject to a deprivation of liberty order during the year.", "9", "chic.dolo_in_year"),
    ("At 31 March 6 children were subject to a deprivation of liberty order.", "6", "chic.dolo_31mar"),
]

AGREEMENTS = [  # a manager's correct, hedged, tagged or unrelated sentences: never a warning
    "87% of children had a permanence plan by their second review.",  # 87.2 as printed
    "Over 80% of children had a permanence plan by their second review.",  # a true lower bound
    "Nearly 90% of reviews were held on time.",
    "Fewer than 1 in 5 reviews raised stability concerns.",
    "IROs had no stability concerns in 81% of reviews.",
    "{{ v('reviews.timely_pct') }} of reviews were held on time.",  # a tag is never checked
    "There were 684 children in care at 31 March.",
    "There were about 700 children in care at 31 March.",
    "There were 680 children in care at 31 March.",  # typed to the nearest ten
    "12 children in care were placed at a distance.",  # a subgroup
    "IROs audited 120 reviews against the unit's standards during the year.",  # no measure of the report
    "The permanence plan rose from 80% to 87% by the second review.",  # last year's number too
    "90% of reviews were held on time, against 85% last year.",
    "Timeliness was 84% in 2023-24.",  # another year
    "95% of reviews in timescale by 31 March 2026.",  # a target
    "Guidance is in place; 61% of eligible reviews were chaired or co-chaired, short of the target.",
    "England's figure was 80% of reviews held on time.",  # a comparator
    "Young people aged 16 took part in 70% of their reviews.",  # a subgroup
    "Reviews were held within 20 working days of a placement move in 45% of cases.",  # no one measure
    "Each IRO had a caseload of 61.3 children.",
    "The LADO received 600 referrals from 12 sectors.",  # two plain numbers: which is which?
    "Chairs met parents before 70% of the conferences they were invited to.",
    "The IRO checked progress midway between reviews for 71% of reviews.",  # the midway check, not contact
    "26% of cases were concluded within a month.",
    "The LADO responded to 91% of contacts within 1 working day.",
    "13 children were subject to a deprivation of liberty order during the year.",
]


@pytest.mark.parametrize("sentence, typed, indicator", CONTRADICTIONS)
def test_a_typed_number_that_disagrees_with_the_measure_its_words_name_is_found(sentence, typed, indicator):
    found = check_sentence(sentence, VALUES)
    assert [(f["typed"], f["indicator"]) for f in found] == [(typed, indicator)]


@pytest.mark.parametrize("sentence", AGREEMENTS)
def test_a_correct_hedged_tagged_or_unrelated_number_is_left_alone(sentence):
    assert check_sentence(sentence, VALUES) == []


def test_each_contradiction_names_where_it_is_quotes_it_and_gives_the_tag():
    slots = pd.DataFrame([{"title": "Reviews", "status": "filled", "xml": (
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:r><w:t>Reviews are '
        'steady. 80% of children had a permanence plan by their second review.</w:t></w:r></w:p>')}])
    tables = {"actions": pd.DataFrame({"outcome": ["IROs had no stability concerns in 79% of reviews.", "Done."]})}
    indicators = pd.DataFrame([
        {"indicator": i, "breakdown": b, "value": v, "area_type": "LA", "period": "2025",
         "unit": "percent" if i.endswith("pct") else "count"} for (i, b), v in VALUES.items()])
    found = reasons(contradictions(indicators, texts(slots, tables), 2025), 2025)
    assert [str(p) for p in found] == [
        "2025/commentary.docx › Reviews: \u201c80% of children had a permanence plan by their second review.\u201d "
        "types 80%, but the report gives 87% for 'Permanence plan by the second review' (expected the tag "
        "{{ v('reviews.permanence_plan_pct') }}, which always prints the report's figure)",
        "2025/iru.xlsx › actions › OUTCOME: \u201cIROs had no stability concerns in 79% of reviews.\u201d types 79%, "
        "but the report gives 19% for 'Reviews raising placement stability concerns', so 81% without (expected "
        "the figure the report gives, {{ v('reviews.placement_concern_pct') }}, with the sentence turned round)"]


def test_the_demo_types_its_figures_as_tags_and_contradicts_nothing(built_demo):
    config, out, messages = built_demo
    checklist = (out.parent / FILE).read_text()
    assert "None: every typed number" in checklist and "- [ ]" not in checklist
    assert not [m for m in messages if "types" in m and "but the report gives" in m]


@pytest.fixture(scope="module")
def mistyped(built_demo, tmp_path_factory):
    """The demo with a permanence figure typed from memory in the Reviews commentary."""
    folder = tmp_path_factory.mktemp("mistyped")
    config = copy_project(built_demo, folder)
    wrong = [("Normal", "Permanence planning improved: 80% of children had a permanence plan by their second "
                        "review.")]
    write_commentary(folder / "data/raw/2025/commentary.docx", 2025, "Commentary", {**BLOCKS, "reviews": wrong})
    return config, *build(config)[1:]


def test_a_mistyped_number_warns_and_is_on_the_checklist_beside_the_report(mistyped):
    config, out, messages = mistyped
    line = ("2025/commentary.docx › Reviews: \u201cPermanence planning improved: 80% of children had a permanence "
            "plan by their second review.\u201d types 80%, but the report gives")
    assert any(m.startswith(f"warning: {line}") and "{{ v('reviews.permanence_plan_pct') }}" in m for m in messages)
    checklist = (out.parent / FILE).read_text()
    assert f"- [ ] {line}" in checklist
    assert "Author's checklist" in checklist and "Author's checklist" not in docx_text(out)  # beside, not in it


def test_final_refuses_while_a_typed_number_contradicts_the_report(mistyped):
    config, out, _ = mistyped
    before = out.read_bytes()
    result = CliRunner().invoke(main, ["report", "--config", str(config), "--final", "--quiet"])
    assert result.exit_code == 1
    assert "2025/commentary.docx › Reviews: \u201cPermanence planning improved: 80%" in result.output
    assert out.read_bytes() == before


def test_draft_or_final_is_decided_once_a_run_and_every_edition_reads_it(mistyped, tmp_path, monkeypatch):
    """The typed numbers are checked once a run, after transform, and the verdict is written beside the processed
    tables; the document, the spreadsheet and the checklist print what it says and never decide it again."""
    import shutil
    import zipfile

    from openpyxl import load_workbook

    from pipeline import final, manifest
    from pipeline.config import load_config
    from pipeline.problems import Problem
    from pipeline.render import report
    from pipeline.transform import typed_numbers

    config_path, _, _ = mistyped
    decided = final.read(load_config(config_path).processed_year(2025))
    assert decided.status == "DRAFT" and len(decided.typed) == 1 and "types 80%" in decided.typed[0].message
    assert decided.reasons == [Problem("config.yaml", column="publication.status", message="is DRAFT",
                                       expected="publication.status: FINAL once the report is signed off"),
                               *decided.typed]

    project = tmp_path / "project"  # a copy, the manager's mistyped number corrected
    shutil.copytree(config_path.parent, project)
    write_commentary(project / "data/raw/2025/commentary.docx", 2025, "Commentary", BLOCKS)
    checked = []
    check = typed_numbers.check
    monkeypatch.setattr(typed_numbers, "check", lambda *args: checked.append(args) or check(*args))
    fixed, out, messages = build(project / "config.yaml")
    assert len(checked) == 1  # once a run (it was three times: the warnings, --final's reasons, render's status)
    folder = fixed.processed_year(2025)
    assert final.read(folder) == final.Decided("DRAFT", decided.reasons[:1], [])  # the config still says DRAFT
    assert "None: every typed number" in (out.parent / FILE).read_text()

    # render reads the verdict: told FINAL, every edition says FINAL, though the config (still DRAFT) would not
    final.write(folder, final.Decided("FINAL", [], []))
    report.render(fixed, 2025, manifest.read(folder / "manifest.json")["data"])
    assert len(checked) == 1
    with zipfile.ZipFile(out) as z:
        headers = " ".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert "Demonstration data" in headers and "DRAFT" not in headers and "DRAFT" not in docx_text(out)
    cover = " ".join(str(c.value) for row in load_workbook(out.parent / "tables.xlsx")["Cover"].iter_rows()
                     for c in row if c.value)
    assert "Status: FINAL" in cover
