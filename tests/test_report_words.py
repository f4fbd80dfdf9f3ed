"""The report reads as a manager would sign it: an executive summary at the front, a sentence under every figure
and table, charts titled with their message, plain words (no codes, files or stray spaces), a glossary."""
from __future__ import annotations

import re
import zipfile

from docx import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraphs(out):
    return [(p.style.name, p.text) for p in Document(out).paragraphs]


def _before_appendix(out) -> str:
    lines = []
    for style, text in _paragraphs(out):
        if style == "Heading 1" and text.startswith("Appendix"):
            break
        lines.append(text)
    return "\n".join(lines)


def test_executive_summary_follows_the_contents_with_key_numbers_messages_targets_resources_and_risks(built_demo):
    out = built_demo[1]
    headings = [t for s, t in _paragraphs(out) if s == "Heading 1"]
    assert headings[:2] == ["Executive summary", "1. The service"]
    paragraphs = _paragraphs(out)
    start = paragraphs.index(("Heading 1", "Executive summary"))
    end = paragraphs.index(("Heading 1", "1. The service"))
    summary = paragraphs[start:end]
    messages = [t for s, t in summary if s == "List Bullet"
                and summary.index((s, t)) < summary.index(("Heading 2", "Performance against targets"))]
    assert 5 <= len(messages) <= 8
    assert any("child protection plans started rose by 14%, from 513 in 2023-24 to 586" in m for m in messages)
    tables = Document(out).tables
    key, targets = tables[0], tables[1]
    assert [c.text for c in key.rows[1].cells] == ["Children in care at 31 March", "684", "679", "Up slightly"]
    assert "Not assessed" not in [r.cells[3].text for r in key.rows]  # every count at a glance has its direction
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in targets.rows}
    assert rows["Repeat plans within 2 years"][3] == "Not rated: no comparator figure published"
    assert rows["Children on plans per full-time ISRO"][1:] == ["Green at 60.0 or less; amber at 70.0 or less",
                                                                "67.4", "AMBER"]
    text = " ".join(t for _, t in summary)
    assert "Each full-time ISRO was responsible for 67.4 children on child protection plans (AMBER)" in text
    assert "Children on plans per full-time ISRO: 67.4, rated AMBER, worse than last year's 52.9." in text


def test_every_figure_and_table_is_followed_by_a_sentence_saying_what_it_shows(built_demo):
    body = Document(built_demo[1]).element.body
    children = list(body)
    missing = []
    for i, el in enumerate(children):
        style = el.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in el.iter(f"{W}t"))
        is_figure_caption = style is not None and style.get(f"{W}val") == "Caption" and "Figure" in text
        is_table = el.tag == f"{W}tbl"
        if not (is_figure_caption or is_table):
            continue
        after = "".join(t.text or "" for t in children[i + 1].iter(f"{W}t")) if i + 1 < len(children) else ""
        caption = "".join(t.text or "" for t in children[i - 1].iter(f"{W}t"))
        if is_table and ("actions" in caption or "Development plan" in caption or "glance" in caption
                         or "against targets" in caption or children[i - 1].tag != f"{W}p"):
            continue  # typed or summary tables, and the commentary's own tables
        if not re.search(r"[a-z].*\.$", after.strip()):
            missing.append(caption[:60])
    assert not missing


def test_chart_titles_state_their_message_and_alt_text_opens_with_it(built_demo):
    with zipfile.ZipFile(built_demo[1]) as z:
        xml = z.read("word/document.xml").decode()
    alts = re.findall(r'descr="([^"]*)"', xml)
    # 439 -> 472 is +7.5%, under the 10% a count needs: the title says so on the one direction scale
    assert any(a.startswith("Children on child protection plans at 31 March rose slightly this year. Bar chart.")
               for a in alts)
    # 13 -> 21 referrals from the public is within chance (z = 8 / sqrt(34) = 1.4), so the title names the largest
    # group of this whole; 37% -> 22% of 139 -> 116 advocacy requests is beyond it
    assert any(a.startswith("Who made the referral: “Education” is the largest group.") for a in alts)
    assert any(a.startswith("Advocacy requests by purpose: child in care review down most since last year.")
               for a in alts)


def test_reader_text_has_no_codes_file_names_backticks_or_stray_spaces(built_demo):
    text = _before_appendix(built_demo[1])
    for pattern in (r"\bPN\d\b", r"\bOC2\b", r"\bREC\b", r"\bRNE\b", r"\bV[34]\b", "`", r"\.(csv|xlsx|parquet)\b",
                    r"\w \.(\s|$)", r"\w ,"):
        assert not re.search(pattern, text), pattern
    assert "1 of the team was a locum" in text and "3.0 LADOs" in text
    assert re.search(r"largest group was “[A-Z][^”]+”, at \d", text)  # the group named as its chart names it
    assert not re.search(r"largest group was [a-z]", text)


def test_glossary_and_comparator_groups_with_members(built_demo):
    text = "\n".join(t for _, t in _paragraphs(built_demo[1]))
    for term in ("IRO:", "ISRO:", "LADO:", "ICPC:", "RCPC:", "Section 47:", "SDQ:", "UASC:", "EET / NEET:",
                 "Rate per 10,000:"):
        assert term in text
    assert re.search(r"Statistical neighbours \(10\): [A-Z][^.]+, [A-Z]", text)
    assert "Means that used fewer than all 10 members: Plans ended that lasted 2 years or more (2023-24): 9." in text


def test_a_table_cell_with_no_figure_shows_dfes_x_not_a_blank(built_demo):
    """DfE publishes no 'repeat plans within 2 years' figure, so its comparator cells say x, as the spreadsheet does."""
    rows = [[c.text for c in r.cells] for t in Document(built_demo[1]).tables for r in t.rows]
    repeat = next(r for r in rows if r[0] == "Repeat plans within 2 years" and len(r) > 4)
    assert repeat[3:] == ["x"] * len(repeat[3:])
    assert not any(cell.strip() == "" for r in rows for cell in r[1:] if len(r) > 2), "a blank cell"


def test_a_sentence_under_a_chart_of_one_year_says_nothing_of_last_year(built_demo):
    """The ethnicity of children on plans is drawn for 2024-25 alone: its sentence may not speak of last year."""
    paragraphs = _paragraphs(built_demo[1])
    at = next(i for i, (style, text) in enumerate(paragraphs)
              if style == "Caption" and "Ethnicity of children on plans and in care" in text)
    said = paragraphs[at + 1][1]
    assert said.startswith("The range ran from") and "last year" not in said.lower()
