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
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.render.figures import SUMMARY_TABLES, TEXT_TABLES  # noqa: E402  (declared once, in the pipeline)
from pipeline.slots import BY_ID  # noqa: E402

NO_FINDINGS = (*TEXT_TABLES, *SUMMARY_TABLES)  # typed or summary tables: no sentence under them

OUT = Path(__file__).with_name("annual_report.docx")
FONT = "Arial"
DARK = RGBColor(0x0B, 0x0C, 0x0C)

# The report, in order: (style, text). "fig:<id>" and "tab:<id>" expand to a figure or a table.
CONTENT = [
    ("Cover mark", "{{ marks | unique | join(' · ') }}"),
    ("Title", "{{ authority }}"),
    ("Title", "{{ publication.title }} {{ year_label }}"),
    ("Subtitle", "{{ publication.period }}"),
    ("Normal", "Reports from the Independent Reviewing Officers (IROs), Independent Safeguarding Reviewing Officers "
               "(ISROs) and Local Authority Designated Officers (LADOs)."),
    ("Cover detail", "Published: {{ publication.published }}"),
    ("Cover detail", "Author: {{ publication.author }}"),
    ("Cover detail", "Contact: {{ publication.contact }}"),
    ("Cover detail", "Status: {{ publication.status }}, version {{ publication.version }}"),
    ("toc", ""),
    # Executive summary ---------------------------------------------------------------------------
    ("Heading 1", "Executive summary"),
    ("Normal", "The year at a glance for the corporate parenting board: the key numbers, the notable changes, "
               "performance against every target, the unit's resources and the risks to the service."),
    ("tab", "key_numbers"),
    ("Heading 2", "Key messages"),
    ("Normal", "{%p if key_messages %}"),
    ("List Bullet", "{%p for m in key_messages %}"),
    ("List Bullet", "{{ m }}"),
    ("List Bullet", "{%p endfor %}"),
    ("Normal", "{%p else %}"),
    ("Normal", "No figure moved notably since {{ last_year_label }}."),
    ("Normal", "{%p endif %}"),
    ("Heading 2", "Performance against targets"),
    ("tab", "targets"),
    ("Heading 2", "Resources"),
    ("Normal", "Each full-time IRO was responsible for {{ v('iru.iro_caseload') }} children in care at 31 March"
               "{{ rag('iru.iro_caseload') }}, against the unit's target of {{ team.iro_caseload_target }}: "
               "{{ within(raw('iru.iro_caseload'), team.iro_handbook_range[0], team.iro_handbook_range[1]) }} the IRO "
               "Handbook's range of {{ team.iro_handbook_range[0] }} to {{ team.iro_handbook_range[1] }}. Each "
               "full-time ISRO was responsible for {{ v('iru.isro_caseload') }} children on child protection plans"
               "{{ rag('iru.isro_caseload') }}, against the unit's target of {{ team.isro_caseload_target }}."),
    ("Heading 2", "Risks"),
    ("Normal", "{%p if risks %}"),
    ("Normal", "Every target rated red, and every amber rating that worsened since {{ last_year_label }}:"),
    ("List Bullet", "{%p for r in risks %}"),
    ("List Bullet", "{{ r }}"),
    ("List Bullet", "{%p endfor %}"),
    ("Normal", "{%p else %}"),
    ("Normal", "No target is rated red, and no amber rating worsened since {{ last_year_label }}."),
    ("Normal", "{%p endif %}"),
    ("Normal", "The risks the manager sees for the service are set out under Resources and risks to the service "
               "in part 1."),
    # 1 -----------------------------------------------------------------------------------------
    ("Heading 1", "1. The service"),
    ("Heading 2", "Introduction and purpose of the report"),
    ("Normal", "This report sets out the work of the Independent Reviewing Unit (IRU) in {{ year_label }}. The IRO "
               "Handbook requires the manager of the IRO service to produce an annual report for the corporate "
               "parenting board; this report also covers the unit's work with children subject to child protection "
               "plans and the management of allegations against people who work with children. Every number in it is "
               "drawn from the unit's records and the Department for Education's published statistics, and each "
               "figure names its source."),
    ("slot", "context"),
    ("Heading 2", "The team"),
    ("Normal", "At 31 March {{ year }} the unit had "
               "{{ count('iru.fte', 'full-time equivalent IRO', breakdown='IRO') }}, "
               "{{ count('iru.fte', 'ISRO', breakdown='ISRO') }} and {{ count('iru.fte', 'LADO', breakdown='LADO') }}, "
               "with {{ count('iru.fte', 'manager', breakdown='MANAGER') }}; {{ v('iru.locum_count') }} of the team "
               "{{ verb('iru.locum_count', 'was a locum', 'were locums') }}. "
               "{{ v('iru.staff_gender_pct', 'female') }} of the team were women, and "
               "{{ v('iru.staff_ethnicity_pct', 'white') }} were of white ethnicity, against "
               "{{ v('chic.ethnicity_pct', 'white') }} of the children in care."),
    ("tab", "team"),
    ("slot", "team"),
    ("Heading 2", "Caseloads"),
    ("Normal", "Each full-time IRO was responsible for {{ v('iru.iro_caseload') }} children in care at 31 March"
               "{{ rag('iru.iro_caseload') }}, against the unit's target of {{ team.iro_caseload_target }} and the IRO "
               "Handbook's range of {{ team.iro_handbook_range[0] }} to {{ team.iro_handbook_range[1] }}. Each "
               "full-time ISRO was responsible for {{ v('iru.isro_caseload') }} children on child protection plans."),
    ("tab", "caseloads"),
    ("slot", "caseloads"),
    ("slot", "developments"),
    ("slot", "resources"),
    # 2 -----------------------------------------------------------------------------------------
    ("Heading 1", "2. Children in care"),
    ("Heading 2", "Last year's actions"),
    ("Normal", "The table below sets out the actions the unit committed to in {{ last_year_label }} and how far each "
               "was achieved, rated green, amber or red."),
    ("tab", "actions"),
    ("slot", "actions"),
    ("Heading 2", "Numbers and rate of children in care"),
    ("Normal", "At 31 March {{ year }} there were {{ v('chic.count_31mar') }} children in care in {{ authority }}: the "
               "number {{ change('chic.count_31mar') }} since 31 March {{ year - 1 }}. That is "
               "{{ v('chic.rate_per_10k') }} children in care per 10,000 children, {{ against('chic.rate_per_10k', "
               "'ENGLAND') }} England ({{ v('chic.rate_per_10k', area='ENGLAND') }}), {{ against('chic.rate_per_10k', "
               "'REGION') }} the {{ region }} ({{ v('chic.rate_per_10k', area='REGION') }}) and "
               "{{ against('chic.rate_per_10k', 'STAT_NEIGHBOURS') }} our statistical neighbours "
               "({{ v('chic.rate_per_10k', area='STAT_NEIGHBOURS') }}) in {{ year_of('chic.rate_per_10k', "
               "area='ENGLAND') }}, the latest year published."),
    ("fig", "cla_rate_trend"),
    ("fig", "cla_count_trend"),
    ("Normal", "During the year {{ v('chic.starts') }} children started to be looked after (the number "
               "{{ change('chic.starts') }}) and {{ v('chic.ceased') }} ceased to be looked after (the number "
               "{{ change('chic.ceased') }})."),
    ("fig", "cla_starts_ceased_trend"),
    ("Heading 2", "Legal status"),
    ("Normal", "{{ v('chic.legal_status_pct', 'care_order') }} of children in care at 31 March were on care orders "
               "(England {{ v('chic.legal_status_pct', 'care_order', area='ENGLAND') }}), "
               "{{ v('chic.legal_status_pct', 'placement_order') }} on placement orders and "
               "{{ v('chic.legal_status_pct', 's20') }} accommodated by agreement under section 20 of the Children "
               "Act 1989."),
    ("fig", "cla_legal_status"),
    ("Heading 2", "Who the children are"),
    ("Normal", "{{ v('chic.age_pct', '10_15') }} of children in care were aged 10 to 15 and "
               "{{ v('chic.age_pct', '16_plus') }} were 16 or over. {{ v('chic.gender_pct', 'male') }} were boys "
               "(England {{ v('chic.gender_pct', 'male', area='ENGLAND') }}). {{ v('chic.uasc_count') }} were "
               "unaccompanied asylum-seeking children."),
    ("fig", "cla_age"),
    ("fig", "cla_starts_age"),
    ("fig", "cla_ethnicity"),
    ("Heading 2", "Leaving care"),
    ("Normal", "Of the children who ceased to be looked after, {{ v('chic.ceased_reason_pct', 'returned_home') }} "
               "returned home, {{ v('chic.ceased_reason_pct', 'adopted') }} were adopted and "
               "{{ v('chic.ceased_reason_pct', 'special_guardianship') }} left on a special guardianship order."),
    ("fig", "cla_ceased_reasons"),
    ("fig", "cla_ceased_reasons_comparators"),
    ("Heading 2", "Health"),
    ("Normal", "Of children looked after for 12 months or more, {{ v('chic.health_pct', 'immunisations') }} had "
               "their immunisations up to date, {{ v('chic.health_pct', 'dental') }} had seen a dentist and "
               "{{ v('chic.health_pct', 'health_assessment') }} had their annual health assessment. IROs check each "
               "child's health plan at every review."),
    ("tab", "health"),
    ("Normal", "{{ v('chic.substance_misuse_pct') }} of these children were identified as having a substance misuse "
               "problem ({{ against('chic.substance_misuse_pct', 'ENGLAND') }} England's "
               "{{ v('chic.substance_misuse_pct', area='ENGLAND') }}); of them, "
               "{{ v('chic.substance_intervention_pct', 'received') }} received an intervention."),
    ("fig", "cla_substance_misuse"),
    ("fig", "cla_substance_interventions"),
    ("Normal", "{{ v('chic.sdq_concern_pct') }} of children aged 5 to 16 with a Strengths and Difficulties "
               "Questionnaire had a score that is a cause for concern (17 or more); the average score was "
               "{{ v('chic.sdq_mean') }}."),
    ("fig", "cla_sdq_concern"),
    ("tab", "sdq"),
    ("Heading 2", "Care leavers"),
    ("Normal", "Of care leavers aged 19 to 21, {{ v('leavers.activity_pct', 'eet') }} were in education, "
               "employment or training (England {{ v('leavers.activity_pct', 'eet', area='ENGLAND') }}) and the "
               "authority was in touch with {{ v('leavers.in_touch_pct') }}."),
    ("fig", "leavers_activity"),
    ("Heading 2", "Reviews"),
    ("Normal", "IROs chaired {{ v('reviews.count') }} reviews in {{ year_label }}; {{ v('reviews.timely_pct') }} "
               "were held on time{{ rag('reviews.timely_pct') }}. The reasons recorded for the reviews held late "
               "are below."),
    ("fig", "reviews_timely_trend"),
    ("tab", "late_reasons"),
    ("tab", "review_quality"),
    ("slot", "reviews"),
    ("slot", "quality"),
    ("Heading 2", "Participation: the voice of the child"),
    ("Normal", "Children took part in {{ v('reviews.participation_pct', 'participated') }} of their reviews (leaving "
               "out children under 4). {{ v('reviews.chaired_pct') }} of reviews were chaired or co-chaired by the "
               "child, and the IRO spoke with the child before {{ v('reviews.pre_review_contact_pct') }} of reviews."),
    ("fig", "reviews_participation"),
    ("fig", "reviews_voice"),
    ("slot", "participation"),
    ("slot", "voice"),
    ("Heading 2", "Resolving concerns: escalations"),
    ("Normal", "IROs raised {{ v('esc.raised') }} formal escalations in {{ year_label }} (the number "
               "{{ change('esc.raised') }}). {{ v('esc.resolved_within_20wd_pct') }} of those resolved in the year "
               "were resolved within 20 working days, taking {{ v('esc.mean_working_days') }} working days on "
               "average; {{ v('esc.open_31mar') }} were still open at 31 March."),
    ("fig", "escalations_category"),
    ("fig", "escalations_stage"),
    ("fig", "escalations_month"),
    ("tab", "escalation_resolution"),
    ("slot", "escalations"),
    ("Heading 2", "Advocacy"),
    ("Normal", "The advocacy service received {{ v('advocacy.requests') }} requests, "
               "{{ v('advocacy.requests_pct', 'CLA_REVIEW') }} of them for support at a review."),
    ("fig", "advocacy_purpose"),
    ("slot", "cases"),
    # 3 -----------------------------------------------------------------------------------------
    ("Heading 1", "3. Child protection"),
    ("Heading 2", "Children subject to a plan"),
    ("Normal", "At 31 March {{ year }}, {{ v('cp.count_31mar') }} children were subject to a child protection plan: "
               "the number {{ change('cp.count_31mar') }}. That is {{ v('cp.rate_per_10k') }} per 10,000 children, "
               "{{ against('cp.rate_per_10k', 'ENGLAND') }} England ({{ v('cp.rate_per_10k', area='ENGLAND') }}) and "
               "{{ against('cp.rate_per_10k', 'STAT_NEIGHBOURS') }} our statistical neighbours "
               "({{ v('cp.rate_per_10k', area='STAT_NEIGHBOURS') }}) in {{ year_of('cp.rate_per_10k', "
               "area='ENGLAND') }}."),
    ("fig", "cp_month_end"),
    ("fig", "cp_count_trend"),
    ("fig", "cp_rate_trend"),
    ("slot", "cp_plans"),
    ("Heading 2", "Initial and review conferences"),
    ("Normal", "{{ v('cp.icpc_count') }} initial child protection conferences were held; "
               "{{ v('cp.icpc_conversion_pct') }} resulted in a plan. {{ v('cp.icpc_timely_pct') }} were held "
               "within 15 working days of the strategy discussion{{ rag('cp.icpc_timely_pct') }} (England "
               "{{ v('cp.icpc_timely_pct', area='ENGLAND') }}). {{ v('cp.rcpc_timely_pct') }} of review conferences "
               "were held on time{{ rag('cp.rcpc_timely_pct') }}."),
    ("tab", "icpc"),
    ("fig", "cp_icpc_timely_trend"),
    ("fig", "cp_rcpc_timely_trend"),
    ("Heading 2", "New plans by locality"),
    ("Normal", "{{ v('cp.starts') }} plans started during the year (the number {{ change('cp.starts') }})."),
    ("fig", "cp_starts_locality"),
    ("fig", "cp_starts_locality_rate"),
    ("fig", "cp_starts_month_locality"),
    ("Heading 2", "The children"),
    ("Normal", "{{ v('cp.age_pct', 'unborn') }} of children on plans at 31 March were unborn and "
               "{{ v('cp.age_pct', 'under_1') }} were under a year old."),
    ("fig", "cp_age"),
    ("tab", "cp_gender"),
    ("Heading 2", "Category of abuse"),
    ("Normal", "Neglect was the category for {{ v('cp.category_pct', 'NEG') }} of children on plans at 31 March and "
               "emotional abuse for {{ v('cp.category_pct', 'EMO') }}; domestic abuse featured in "
               "{{ v('cp.category_pct', 'domestic_abuse') }} of plans."),
    ("fig", "cp_category_trend"),
    ("tab", "cp_category_rate"),
    ("Heading 2", "Length of plans and repeat plans"),
    ("Normal", "{{ v('cp.ended') }} plans ended in the year; {{ v('cp.ended_2y_plus_pct') }} had lasted two years or "
               "more. {{ v('cp.repeat_ever_pct') }} of new plans were a second or subsequent plan, and "
               "{{ v('cp.repeat_2y_pct') }} started within two years of the last one ended"
               "{{ rag('cp.repeat_2y_pct') }}."),
    ("fig", "cp_duration_ended"),
    ("fig", "cp_2y_plus_trend"),
    ("fig", "cp_repeat_trend"),
    ("tab", "cp_repeat"),
    ("Heading 2", "Participation of parents and children"),
    ("Normal", "At least one parent attended {{ v('cp.parents_attended_pct') }} of conferences to which parents were "
               "invited; the child had an advocate at {{ v('cp.child_advocate_pct') }} of conferences."),
    ("tab", "cp_parents"),
    ("slot", "cp_participation"),
    # 4 -----------------------------------------------------------------------------------------
    ("Heading 1", "4. Allegations against people who work with children (LADO)"),
    ("Normal", "The LADO gives advice and guidance to employers and others who have concerns about the behaviour of an "
               "adult who works with children, and manages allegations against them."),
    ("Heading 2", "Referrals"),
    ("Normal", "The LADO service received {{ v('lado.referrals') }} referrals in {{ year_label }}: the number "
               "{{ change('lado.referrals') }} on {{ last_year_label }}."),
    ("fig", "lado_referrals_by_month"),
    ("fig", "lado_outcome"),
    ("Heading 2", "Nature of allegations, source and subject"),
    ("fig", "lado_allegation_type"),
    ("fig", "lado_source"),
    ("fig", "lado_subject_sector"),
    ("Heading 2", "Outcomes and timeliness"),
    ("Normal", "{{ v('lado.meeting_timely_pct') }} of strategy meetings were held within 5 working days of the "
               "referral{{ rag('lado.meeting_timely_pct') }}."),
    ("fig", "lado_final_outcome"),
    ("tab", "lado_timeliness"),
    ("fig", "lado_attendance"),
    ("slot", "lado_training"),
    ("slot", "lado_complex"),
    # 5 -----------------------------------------------------------------------------------------
    ("Heading 1", "5. Summary"),
    ("Normal", "In {{ year_label }} the unit reviewed the care of {{ v('chic.count_31mar') }} children in care at the "
               "year end, chaired the conferences of {{ v('cp.count_31mar') }} children on child protection plans, and "
               "received {{ v('lado.referrals') }} LADO referrals."),
    ("Heading 2", "What improved most"),
    ("Normal", "{%p if improved %}"),
    ("List Bullet", "{%p for m in improved %}"),
    ("List Bullet", "{{ m.title }}: from {{ m.before }} to {{ m.after }}."),
    ("List Bullet", "{%p endfor %}"),
    ("Normal", "{%p else %}"),
    ("Normal", "No indicator with a known direction improved since last year."),
    ("Normal", "{%p endif %}"),
    ("Heading 2", "What worsened most"),
    ("Normal", "{%p if worsened %}"),
    ("List Bullet", "{%p for m in worsened %}"),
    ("List Bullet", "{{ m.title }}: from {{ m.before }} to {{ m.after }}."),
    ("List Bullet", "{%p endfor %}"),
    ("Normal", "{%p else %}"),
    ("Normal", "No indicator with a known direction worsened since last year."),
    ("Normal", "{%p endif %}"),
    ("Heading 2", "Ratings against targets"),
    ("List Bullet", "{%p for r in rags %}"),
    ("List Bullet", "{{ r.title }}: {{ r.value }} {{ r.word }}"),
    ("List Bullet", "{%p endfor %}"),
    ("slot", "summary"),
    # 6 -----------------------------------------------------------------------------------------
    ("landscape", ""),  # the plan's six columns need the width of a landscape page
    ("Heading 1", "6. Development plan for {{ next_year_label }}"),
    ("tab", "plan"),
    ("portrait", ""),
    # Appendix ----------------------------------------------------------------------------------
    ("Heading 1", "Appendix: data sources, definitions and data quality"),
    ("Heading 2", "Glossary"),
    ("Normal", "{%p for g in glossary %}"),
    ("Normal", "**{{ g.term }}**: {{ g.meaning }}"),
    ("Normal", "{%p endfor %}"),
    ("Heading 2", "Comparator groups"),
    ("Normal", "The figures for statistical neighbours and 'Good' authorities are the unweighted means of their "
               "members' published values (DfE's local authority interactive tool does the same); a member with no "
               "published value, or a suppressed one, is left out of that mean."),
    ("Normal", "{%p for g in groups %}"),
    ("Normal", "{{ g.name }} ({{ g.count }}): {{ g.members if g.members else 'none configured' }}."),
    ("Normal", "{%p if g.fewer %}"),
    ("Normal", "Means that used fewer than all {{ g.count }} members: {{ g.fewer | join('; ') }}."),
    ("Normal", "{%p else %}"),
    ("Normal", "Every mean used all {{ g.count }} members."),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p endfor %}"),
    ("Heading 2", "Data sources"),
    ("List Bullet", "{%p for s in sources %}"),
    ("List Bullet", "{{ s.source }}: {{ s.periods }}"),
    ("List Bullet", "{%p endfor %}"),
    ("Heading 2", "Symbols in tables and charts"),
    ("Normal", "Where a number cannot be shown, tables and charts show the symbol DfE uses in its statistics: "
               "c, suppressed to protect confidentiality; x, not available (not collected or not published); "
               "z, not applicable (no children to take a percentage of); k, a value that rounds to zero. "
               "A percentage of fewer than 20 children is followed in tables by its counts, such as "
               "\"40% (2 of 5)\", since one child more or fewer moves it a long way."),
    ("Heading 2", "Changes since last year"),
    ("Normal", "{%p if changes %}"),
    ("Normal", "The notable moves in the authority's own figures since {{ last_year_label }}, largest first. A move is "
               "notable when {{ notable_rule }}; smaller moves are in the change list that comes with the report."),
    ("List Bullet", "{%p for m in changes %}"),
    ("List Bullet", "{{ m.title }}: {{ m.before }} to {{ m.after }}"),
    ("List Bullet", "{%p endfor %}"),
    ("Normal", "{%p else %}"),
    ("Normal", "No figure moved notably since {{ last_year_label }}."),
    ("Normal", "{%p endif %}"),
    ("Heading 2", "Definitions"),
    ("Normal", "{%p for d in definitions %}"),
    ("Normal", "{{ d.title }}. {{ d.words }}"),  # in words: the ids and codes are in the technical annex
    ("Normal", "{%p endfor %}"),
    ("Heading 2", "Data quality"),
    ("Normal", "{{ data_quality }}"),
]


def _defaults(doc: Document) -> None:
    """The document's default run: Arial, British English (a PDF's /Lang and a screen reader's voice)."""
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts, lang = defaults.find(qn("w:rFonts")), defaults.find(qn("w:lang"))
    fonts.attrib.clear()
    for side in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(side), FONT)
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "en-GB")


def _styles(doc: Document) -> None:
    _defaults(doc)
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
        fonts = style.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would win over Arial
    styles["Caption"].font.bold = True
    styles["Caption"].paragraph_format.space_before = Pt(6)  # a caption never runs into the table above it
    # Page breaks only before parts; headings and captions stay on the page of what follows them.
    styles["Heading 1"].paragraph_format.page_break_before = True
    for name in ("Heading 1", "Heading 2", "Heading 3"):  # a table's caption keeps with it too (see _table)
        styles[name].paragraph_format.keep_with_next = True
    styles["TOC Heading"].paragraph_format.page_break_before = True
    for name, size, colour in (("Cover mark", 16, RGBColor(0xD4, 0x35, 0x1C)), ("Cover detail", 12, DARK)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size, style.font.bold, style.font.color.rgb = Pt(size), name == "Cover mark", colour
        style.paragraph_format.space_after = Pt(6)
    for level in (1, 2):  # the contents' entry styles, which the default template lacks
        name = f"TOC {level}"
        style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.left_indent = Mm(6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


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


def _field(paragraph, instruction: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES) with a current result, so it shows before any update."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    props, size, text = OxmlElement("w:rPr"), OxmlElement("w:sz"), OxmlElement("w:t")
    size.set(qn("w:val"), "18")
    props.append(size)
    text.text = shown
    run.append(props)
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _furniture(section) -> None:
    """Every page: a header naming the report and its marks (DRAFT, Demonstration data), a footer 'Page n of m'."""
    header = section.header.paragraphs[0]
    header.text = ("{{ authority }} IRU annual report {{ year_label }}"
                   "{% if marks %} · {{ marks | unique | join(' · ') }}{% endif %}")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    for paragraph in (header, footer):
        for run in paragraph.runs:
            run.font.size = Pt(9)


def _orient(doc: Document, landscape: bool) -> None:
    """Start a new section (on a new page) in the given orientation; it keeps the same header and footer."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    long, short = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)


def _update_fields_on_open(doc: Document) -> None:
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    doc.settings.element.find(qn("w:compat")).addprevious(el)  # its place in the schema's sequence


def _figure(doc: Document, fid: str) -> None:
    pic = doc.add_paragraph(f"{{{{ fig.{fid}.image }}}}")
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.paragraph_format.keep_with_next = True
    doc.add_paragraph(f"Figure {{{{ fig.{fid}.number }}}}: {{{{ fig.{fid}.caption }}}}", style="Caption")
    doc.add_paragraph(f"{{{{ fig.{fid}.says }}}}")  # what the figure shows, from the findings


def _slot(doc: Document, slot_id: str) -> None:
    """Where a slot's commentary goes (under a heading of its own if it is a section of its own)."""
    slot = BY_ID[slot_id]
    if slot.own_heading:
        doc.add_paragraph(slot.title, style="Heading 2")
    doc.add_paragraph(f"{{{{ commentary('{slot_id}') }}}}")


def _table(doc: Document, tid: str) -> None:
    cap = doc.add_paragraph(f"Table {{{{ tab.{tid}.number }}}}: {{{{ tab.{tid}.caption }}}}", style="Caption")
    cap.paragraph_format.keep_with_next = True
    doc.add_paragraph(f"{{{{p tab.{tid}.table }}}}")
    if tid not in NO_FINDINGS:  # what the table shows, from the findings
        doc.add_paragraph(f"{{{{ tab.{tid}.says }}}}").paragraph_format.space_before = Pt(6)


def build() -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    _styles(doc)
    _furniture(section)
    for style, text in CONTENT:
        if style == "toc":
            _toc(doc)
        elif style in ("landscape", "portrait"):
            _orient(doc, style == "landscape")
        elif style == "fig":
            _figure(doc, text)
        elif style == "tab":
            _table(doc, text)
        elif style == "slot":
            _slot(doc, text)
        else:
            paragraph = doc.add_paragraph(style=style)
            for i, part in enumerate(text.split("**")):  # **text** is bold
                if part:
                    paragraph.add_run(part).bold = True if i % 2 else None
    _update_fields_on_open(doc)
    props = doc.core_properties
    props.title = "{{ authority }} Independent Reviewing Unit annual report {{ year_label }}"
    props.subject = "Independent Reviewing Unit annual report"
    props.author = "{{ authority }} {{ publication.author }}"
    props.language = "en-GB"
    props.created = props.modified = dt.datetime(2025, 1, 1)
    props.last_modified_by = ""
    props.revision = 1
    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())
