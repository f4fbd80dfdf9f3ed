"""Build `annual_report.docx`, the Word template the report is filled into.

The .docx is the source an analyst edits in Word (wording, order, styles); this script is how the
project made its first version and how developers add sections. Jinja tags in the text:
`{{ v('chic.count_31mar') }}` a value as printed, `{{ change('…') }}` how it moved since last year,
`{{ year_of('…', area='ENGLAND') }}` the year a comparator is for, `{{ fig.<id>.image }}` /
`{{ fig.<id>.number }}` / `{{ fig.<id>.caption }}` a figure, `{{p tab.<id>.table }}` a table.

Run: .venv/bin/python templates/build_template.py
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).with_name("annual_report.docx")
FONT = "Arial"
DARK = RGBColor(0x0B, 0x0C, 0x0C)

# The report, in order: (style, text). "fig:<id>" and "tab:<id>" expand to a figure or a table.
CONTENT = [
    ("Title", "{{ authority }} Independent Reviewing Unit"),
    ("Subtitle", "Annual report {{ year_label }}: 1 April {{ year - 1 }} to 31 March {{ year }}"),
    ("Normal", "Reports from the Independent Reviewing Officers, Independent Safeguarding Reviewing Officers "
               "and Local Authority Designated Officers."),
    ("toc", ""),
    ("Heading 1", "1. The service"),
    ("Normal", "This report sets out the work of the Independent Reviewing Unit (IRU) in {{ year_label }}: the "
               "reviews of children in care, the child protection conferences for children on plans, and the "
               "management of allegations against people who work with children. Every number in it is drawn "
               "from the unit's records and the Department for Education's published statistics."),
    ("Heading 1", "2. Children in care"),
    ("tab", "actions"),
    ("Heading 2", "Numbers and rate of children in care"),
    ("Normal", "At 31 March {{ year }} there were {{ v('chic.count_31mar') }} children in care in {{ authority }}: "
               "the number {{ change('chic.count_31mar') }} since 31 March {{ year - 1 }}. That is "
               "{{ v('chic.rate_per_10k') }} children in care per 10,000 children, against "
               "{{ v('chic.rate_per_10k', area='ENGLAND') }} in England, {{ v('chic.rate_per_10k', area='REGION') }} "
               "in the {{ region }} and {{ v('chic.rate_per_10k', area='STAT_NEIGHBOURS') }} among our statistical "
               "neighbours ({{ year_of('chic.rate_per_10k', area='ENGLAND') }}, the latest published)."),
    ("fig", "cla_rate_trend"),
    ("fig", "cla_count_trend"),
    ("Normal", "During the year {{ v('chic.starts') }} children started to be looked after and "
               "{{ v('chic.ceased') }} ceased to be looked after."),
    ("fig", "cla_starts_ceased_trend"),
    ("Heading 2", "Legal status"),
    ("Normal", "{{ v('chic.legal_status_pct', 'care_order') }} of children in care at 31 March were on care orders "
               "(England {{ v('chic.legal_status_pct', 'care_order', area='ENGLAND') }}), "
               "{{ v('chic.legal_status_pct', 'placement_order') }} on placement orders and "
               "{{ v('chic.legal_status_pct', 's20') }} accommodated under section 20."),
    ("fig", "cla_legal_status"),
    ("Heading 1", "3. Child protection"),
    ("Normal", "At 31 March {{ year }}, {{ v('cp.count_31mar') }} children were subject to a child protection plan: "
               "the number {{ change('cp.count_31mar') }}. That is {{ v('cp.rate_per_10k') }} per 10,000 children, "
               "against {{ v('cp.rate_per_10k', area='ENGLAND') }} in England and "
               "{{ v('cp.rate_per_10k', area='STAT_NEIGHBOURS') }} among statistical neighbours "
               "({{ year_of('cp.rate_per_10k', area='ENGLAND') }})."),
    ("fig", "cp_count_trend"),
    ("fig", "cp_rate_trend"),
    ("Heading 1", "4. Allegations against people who work with children (LADO)"),
    ("Normal", "The LADO service received {{ v('lado.referrals') }} referrals in {{ year_label }}: the number "
               "{{ change('lado.referrals') }} on {{ last_year_label }}."),
    ("fig", "lado_referrals_by_month"),
    ("Heading 1", "5. Summary"),
    ("Normal", "In {{ year_label }} the unit reviewed the care of {{ v('chic.count_31mar') }} children in care at "
               "the year end and the plans of {{ v('cp.count_31mar') }} children subject to child protection plans, "
               "and received {{ v('lado.referrals') }} LADO referrals."),
    ("Heading 1", "6. Development plan for {{ next_year_label }}"),
    ("tab", "plan"),
    ("Heading 1", "Appendix: data sources, definitions and data quality"),
    ("Heading 2", "Data quality warnings from this run"),
    ("Normal", "{%p if warnings %}"),
    ("Normal", "The following were found in the data and did not stop the report; they are worth correcting at source."),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p for w in warnings %}"),
    ("List Bullet", "{{ w }}"),
    ("Normal", "{%p endfor %}"),
]


def _styles(doc: Document) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    normal.element.rPr.append(lang)
    for name, size in (("Title", 26), ("Subtitle", 14), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 12),
                       ("Caption", 10)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = DARK
        style.font.italic = False
    styles["Caption"].font.bold = True


def _toc(doc: Document) -> None:
    """A table of contents field; Word and LibreOffice fill it in when the document is opened."""
    doc.add_paragraph("Contents", style="TOC Heading" if "TOC Heading" in doc.styles else "Heading 1")
    run = doc.add_paragraph().add_run()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None),
                       (None, "Right-click and choose Update Field to show the contents."), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.startswith("TOC"):
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _update_fields_on_open(doc: Document) -> None:
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    doc.settings.element.append(el)


def _figure(doc: Document, fid: str) -> None:
    pic = doc.add_paragraph(f"{{{{ fig.{fid}.image }}}}")
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.paragraph_format.keep_with_next = True
    doc.add_paragraph(f"Figure {{{{ fig.{fid}.number }}}}: {{{{ fig.{fid}.caption }}}}", style="Caption")


def _table(doc: Document, tid: str) -> None:
    cap = doc.add_paragraph(f"Table {{{{ tab.{tid}.number }}}}: {{{{ tab.{tid}.caption }}}}", style="Caption")
    cap.paragraph_format.keep_with_next = True
    doc.add_paragraph(f"{{{{p tab.{tid}.table }}}}")


def build() -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    _styles(doc)
    for style, text in CONTENT:
        if style == "toc":
            _toc(doc)
        elif style == "fig":
            _figure(doc, text)
        elif style == "tab":
            _table(doc, text)
        else:
            doc.add_paragraph(text, style=style)
    _update_fields_on_open(doc)
    props = doc.core_properties
    props.title = "{{ authority }} Independent Reviewing Unit annual report {{ year_label }}"
    props.subject = "Independent Reviewing Unit annual report"
    props.author = "{{ authority }}"
    props.language = "en-GB"
    props.created = props.modified = dt.datetime(2025, 1, 1)
    props.last_modified_by = ""
    props.revision = 1
    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())
