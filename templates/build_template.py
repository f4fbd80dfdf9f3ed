"""Build `annual_report.docx`, the Word template the report is filled into.

The .docx is the source an analyst edits in Word (wording, order, styles); this script is how the
project made its first version and how developers add sections. Jinja tags in the text:
`{{ v('chic.count_31mar') }}` a value as printed, `{{ change('…') }}` how it moved since last year,
`{{ compared('…', 'ENGLAND', …) }}` the sentence giving transform's verdict against each comparator,
`{{ year_of('…', area='ENGLAND') }}` the year a comparator is for, `{{ fig.<id>.image }}` /
`{{ fig.<id>.number }}` / `{{ fig.<id>.caption }}` a figure, `{{p tab.<id>.table }}` a table.

Run: .venv/bin/python templates/build_template.py (`make template`). It never overwrites a template edited
since it wrote it (it keeps the hash of what it wrote in the file's properties) unless given --force
(`make template FORCE=1`), and then keeps the edited one as annual_report.backup-<date>.docx.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import sys
import zipfile
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
from pipeline.edited import dated_copy  # noqa: E402
from pipeline.slots import BY_ID  # noqa: E402

NO_FINDINGS = (*TEXT_TABLES, *SUMMARY_TABLES)  # typed or summary tables: no sentence under them

OUT = Path(__file__).with_name("annual_report.docx")
CORE, BUILT = "docProps/core.xml", "made by make template, content "  # the hash of what it wrote is kept there
FONT = "Arial"
DARK = RGBColor(0x0B, 0x0C, 0x0C)

# What the IRO Handbook (2010, para 7.11) asks the annual report to cover, each with the heading that covers it:
# the covering report lists them, each linked to its section.
HANDBOOK_ITEMS = (
    ("the make-up of the team and how it reflects the identity of the children it serves", "The team"),
    ("IRO caseloads and continuity of employment", "Caseloads"),
    ("the number of reviews held on time, the number held out of time and the reasons", "Reviews"),
    ("the outcomes of quality assurance audits of the organisation, conduct and recording of reviews",
     "Quality assurance and audits"),
    ("the extent of participation of children and their parents", "Participation: the voice of the child"),
    ("the procedures for resolving concerns, including the local dispute resolution process, with an analysis of "
     "the issues raised and their outcomes", "Resolving concerns: escalations"),
    ("whether any resource issues are putting at risk the delivery of a quality service to all children in care",
     "Resources and risks to the service"),
)
LINKED = {heading: f"_handbook_{i}" for i, (_, heading) in enumerate(HANDBOOK_ITEMS)}

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
    # The covering report to the committee, as a council's committee papers open (issue 23) ----------------
    ("Covering title", "Covering report to the {{ publication.committee }}"),
    ("Normal", "**Report of**: {{ publication.report_of }}"),
    ("Normal", "**Purpose**: {{ publication.purpose }}"),
    ("Normal", "**Recommendation**: {{ publication.recommendation }}"),
    ("Normal", "**Cabinet member**: {{ publication.cabinet_member }}"),
    ("Normal", "**Electoral divisions**: {{ publication.electoral_divisions }}"),
    ("Normal", "**Contact for enquiries**: {{ publication.enquiries }}"),
    ("Normal", "**Local Government Act 1972, list of background papers**: {{ publication.background_papers }}"),
    ("Covering heading", "What the IRO Handbook asks this report to cover"),
    ("Normal", "The IRO Handbook (2010, paragraph 7.11) asks the manager of the IRO service to report on each of "
               "the following; each links to the section of this report that covers it."),
    ("handbook", ""),
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
    ("Normal", "At 31 March {{ year }} there were {{ v('chic.count_31mar') }} children in care in {{ authority }}"
               "{% if raw('chic.count_31mar', period=year - 1) is not none %}: the number "
               "{{ change('chic.count_31mar') }} since 31 March {{ year - 1 }}{% endif %}."
               "{% if raw('chic.rate_per_10k') is not none %} That is {{ v('chic.rate_per_10k') }} children in care "
               "per 10,000 children. {{ compared('chic.rate_per_10k', 'ENGLAND', 'REGION', 'STAT_NEIGHBOURS') }}"
               "{% endif %}"),
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
    ("Normal", "{%p if represented('chic.ethnicity_pct') %}"),
    ("Normal", "{{ represented('chic.ethnicity_pct') }}"),
    ("Normal", "{%p endif %}"),
    ("if", "deprivation_of_liberty"),
    ("Normal", "The High Court may authorise a deprivation of liberty order when keeping a child safe needs "
               "restrictions on their liberty that their placement could not otherwise lawfully impose. DfE collects "
               "these orders in the children looked after return from 2026-27."),
    ("tab", "deprivation_of_liberty"),
    ("endif", "deprivation_of_liberty"),
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
               "problem; of them, {{ v('chic.substance_intervention_pct', 'received') }} received an intervention."),
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
    ("Heading 2", "The IRO's oversight of each child's plan"),
    ("Normal", "The IRO Handbook asks that each child has an IRO from the start, keeps the same IRO where possible, "
               "and that the IRO monitors the plan between reviews as well as at them."
               "{% if raw('iro.allocated_5wd_pct') is not none %} {{ v('iro.allocated_5wd_pct') }} of the children "
               "who came into care in {{ year_label }} had an IRO allocated within 5 working days, and "
               "{{ v('iro.one_iro_pct') }} of those in care all year kept the same IRO throughout.{% endif %}"
               "{% if raw('reviews.contact_between_pct') is not none %} The IRO saw or spoke with the child between "
               "reviews in {{ v('reviews.contact_between_pct') }} of cases.{% endif %}"
               "{% if raw('reviews.sw_report_shared_pct') is not none %} The social worker's report reached the IRO "
               "before {{ v('reviews.sw_report_shared_pct') }} of reviews.{% endif %}"
               "{% if raw('reviews.record_issued_pct') is not none %} {{ v('reviews.record_issued_pct') }} of review "
               "records were issued within {{ team.record_issued_days }} working days.{% endif %}"),
    ("if", "iro_oversight"),
    ("tab", "iro_oversight"),
    ("endif", "iro_oversight"),
    ("if", "iro_changes"),
    ("Normal", "{{ v('iro.changes_pct', 'none') }} of children with an IRO during the year had no change of IRO, "
               "{{ v('iro.changes_pct', 'one') }} had one and {{ v('iro.changes_pct', 'two') }} two; "
               "{{ v('iro.changes_pct', 'three_or_more') }} had three or more."),
    ("fig", "iro_changes"),
    ("endif", "iro_changes"),
    ("if", "reviews_format"),
    ("Normal", "{{ v('reviews.format_pct', 'IN_PERSON') }} of reviews were held in person, "
               "{{ v('reviews.format_pct', 'HYBRID') }} were hybrid and {{ v('reviews.format_pct', 'VIRTUAL') }} were "
               "held virtually."),
    ("fig", "reviews_format"),
    ("endif", "reviews_format"),
    ("if", "reviews_midpoint_effect"),
    ("Normal", "The IRO checked progress midway between reviews for {{ v('reviews.midpoint_pct') }} of reviews. Of those "
               "checks, {{ v('reviews.midpoint_effect_pct', 'ON_TRACK') }} found the plan on track, "
               "{{ v('reviews.midpoint_effect_pct', 'ACTIONS_AGREED') }} led the IRO to agree actions with the social "
               "worker and {{ v('reviews.midpoint_effect_pct', 'ESCALATED') }} to an escalation."),
    ("fig", "reviews_midpoint_effect"),
    ("endif", "reviews_midpoint_effect"),
    ("Heading 2", "Participation: the voice of the child"),
    ("Normal", "Children took part in {{ v('reviews.participation_pct', 'participated') }} of their reviews (leaving "
               "out children under 4), and their views were conveyed in {{ v('reviews.participation_pct', "
               "'views_conveyed') }}: in their own words, through an advocate, without words or in writing. In "
               "{{ v('reviews.participation_pct', 'no_view') }} of reviews no view of the child was conveyed, "
               "{{ v('reviews.participation_pct', 'PN4') }} because the child attended but did not give their views. "
               "{{ v('reviews.chaired_pct') }} of reviews were chaired or co-chaired by the child, and the IRO spoke "
               "with the child before {{ v('reviews.pre_review_contact_pct') }} of reviews."),
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
    ("if", "escalations_resolved_stage"),
    ("Normal", "Of the {{ v('esc.resolved_stage') }} escalations resolved in {{ year_label }}, "
               "{{ v('esc.resolved_stage', '1') }} {{ verb('esc.resolved_stage', breakdown='1') }} resolved at stage 1, "
               "between the IRO and the child's team manager; {{ v('esc.resolved_stage', '2') }} at stage 2, "
               "{{ v('esc.resolved_stage', '3') }} at stage 3, with a head of service, and "
               "{{ v('esc.resolved_stage', '4') }} and {{ v('esc.resolved_stage', '5') }} at stages 4 and 5."),
    ("fig", "escalations_resolved_stage"),
    ("endif", "escalations_resolved_stage"),
    ("if", "escalations_outcome"),
    ("Normal", "What changed for the child: of the {{ v('esc.outcome') }} escalations resolved, the child's plan changed "
               "after {{ v('esc.outcome', 'PLAN_CHANGED') }}, a placement or service was secured after "
               "{{ v('esc.outcome', 'PLACEMENT_OR_SERVICE') }}, an assessment was completed after "
               "{{ v('esc.outcome', 'ASSESSMENT_COMPLETED') }} and delayed work was done after "
               "{{ v('esc.outcome', 'TIMESCALE_MET') }}; {{ v('esc.outcome', 'NO_CHANGE') }} changed nothing and "
               "{{ v('esc.outcome', 'WITHDRAWN') }} {{ verb('esc.outcome', breakdown='WITHDRAWN') }} withdrawn."),
    ("fig", "escalations_outcome"),
    ("endif", "escalations_outcome"),
    ("Normal", "The local dispute-resolution protocol expects an escalation to be resolved, and new actions agreed, "
               "within {{ team.escalation_timescale_days }} working days. {{ v('esc.resolved_within_protocol_pct') }} "
               "of the escalations resolved in {{ year_label }} were resolved within it, in a median of "
               "{{ v('esc.median_working_days') }} working days.{% if raw('esc.median_days_to_actions') is not none %} "
               "New actions were in place in a median of {{ v('esc.median_days_to_actions') }} working days after the "
               "IRO raised the dispute, within the protocol's timescale for "
               "{{ v('esc.actions_within_protocol_pct') }}.{% endif %}"),
    ("tab", "escalation_effect"),
    ("unrecorded", "escalation_effect"),
    ("slot", "escalations"),
    ("Heading 2", "Advocacy"),
    ("Normal", "The advocacy service received {{ v('advocacy.requests') }} requests, "
               "{{ v('advocacy.requests_pct', 'CLA_REVIEW') }} of them for support at a review."),
    ("fig", "advocacy_purpose"),
    ("slot", "cases"),
    # 3 -----------------------------------------------------------------------------------------
    ("Heading 1", "3. Child protection"),
    ("Heading 2", "Children subject to a plan"),
    ("Normal", "At 31 March {{ year }}, {{ v('cp.count_31mar') }} children were subject to a child protection plan"
               "{% if raw('cp.count_31mar', period=year - 1) is not none %}: the number "
               "{{ change('cp.count_31mar') }}{% endif %}.{% if raw('cp.rate_per_10k') is not none %} That is "
               "{{ v('cp.rate_per_10k') }} per 10,000 children. {{ compared('cp.rate_per_10k', 'ENGLAND', "
               "'STAT_NEIGHBOURS') }}{% endif %}"),
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
    ("if", "icpc_late_reasons"),
    ("Normal", "{{ v('cp.icpc_late_reason_count') }} initial conferences were held more than 15 working days after the "
               "strategy discussion; the reasons recorded are below."),
    ("tab", "icpc_late_reasons"),
    ("endif", "icpc_late_reasons"),
    ("if", "conference_quality"),
    ("Normal", "{% if raw('cp.quorate_pct') is not none %}{{ v('cp.quorate_pct') }} of conferences were quorate. "
               "{% endif %}{% if raw('cp.dissent_pct') is not none %}A member recorded dissent from the decision at "
               "{{ v('cp.dissent_pct') }} of conferences. {% endif %}{% if raw('cp.chair_pre_meeting_pct') is not "
               "none %}The chair met the parents before {{ v('cp.chair_pre_meeting_pct') }} of the conferences to which "
               "parents were invited.{% endif %}"),
    ("tab", "conference_quality"),
    ("endif", "conference_quality"),
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
    ("if", "cp_ethnicity"),
    ("Normal", "{% if raw('cp.ethnicity_pct', 'white') is not none %}{{ v('cp.ethnicity_pct', 'white') }} of children "
               "on plans at 31 March were of white ethnicity, against {{ v('chic.ethnicity_pct', 'white') }} of children "
               "in care; {{ v('cp.ethnicity_pct', 'mixed') }} were of mixed ethnicity (children in care "
               "{{ v('chic.ethnicity_pct', 'mixed') }}) and {{ v('cp.ethnicity_pct', 'black') }} black (children in "
               "care {{ v('chic.ethnicity_pct', 'black') }}).{% endif %}{% if represented('cp.ethnicity_pct') %} "
               "{{ represented('cp.ethnicity_pct') }}{% endif %}"),
    ("fig", "cp_ethnicity"),
    ("endif", "cp_ethnicity"),
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
    ("Normal", "{{ v('cp.duration_ended_pct', '3m_or_less') }} of the plans that ended had lasted 3 months or less: "
               "a plan that ends so soon may not have been needed, or may have ended before change was secure."),
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
    ("if", "lado_contact_type"),
    ("Normal", "Of these contacts, {{ v('lado.contact_type_pct', 'REFERRAL') }} met the threshold for a referral and "
               "{{ v('lado.contact_type_pct', 'CONSULTATION') }} were consultations, for advice only."),
    ("fig", "lado_contact_type"),
    ("endif", "lado_contact_type"),
    ("fig", "lado_outcome"),
    ("Heading 2", "Nature of allegations, source and subject"),
    ("Normal", "Of the referrals received in {{ year_label }}, {{ v('lado.allegation_type_pct', 'PHYSICAL') }} were "
               "allegations of physical harm, {{ v('lado.allegation_type_pct', 'SEXUAL') }} of sexual harm, "
               "{{ v('lado.allegation_type_pct', 'EMOTIONAL') }} of emotional harm and "
               "{{ v('lado.allegation_type_pct', 'NEGLECT') }} of neglect; "
               "{{ v('lado.allegation_type_pct', 'CONDUCT') }} were about conduct that may make the person "
               "unsuitable to work with children."),
    ("fig", "lado_allegation_type"),
    ("fig", "lado_source"),
    ("fig", "lado_subject_sector"),
    ("if", "lado_subject_phase"),
    ("Normal", "Of the contacts about people working in education or early years, "
               "{{ v('lado.subject_phase_count', 'PRIMARY') }} concerned primary schools, "
               "{{ v('lado.subject_phase_count', 'SECONDARY') }} secondary schools, "
               "{{ v('lado.subject_phase_count', 'SPECIAL') }} special schools, "
               "{{ v('lado.subject_phase_count', 'INDEPENDENT') }} independent schools, "
               "{{ v('lado.subject_phase_count', 'FE') }} further education and "
               "{{ v('lado.subject_phase_count', 'EARLY_YEARS') }} early years settings."),
    ("fig", "lado_subject_phase"),
    ("endif", "lado_subject_phase"),
    ("Heading 2", "Outcomes and timeliness"),
    ("Normal", "{{ v('lado.meeting_timely_pct') }} of strategy meetings were held within 5 working days of the "
               "referral{{ rag('lado.meeting_timely_pct') }}."),
    ("fig", "lado_final_outcome"),
    ("tab", "lado_timeliness"),
    ("Normal", "Of the cases concluded in {{ year_label }}, {{ v('lado.concluded_within_pct', '1_month') }} concluded "
               "within a month of the referral{{ rag('lado.concluded_within_pct', '1_month') }}, "
               "{{ v('lado.concluded_within_pct', '3_months') }} within 3 months"
               "{{ rag('lado.concluded_within_pct', '3_months') }} and {{ v('lado.concluded_within_pct', '12_months') }} "
               "within 12 months{{ rag('lado.concluded_within_pct', '12_months') }}, against the expectation of "
               "earlier statutory guidance, which LADO reports still use, of 80%, 90% and all but the most "
               "exceptional cases. {{ count('lado.over_12_months', 'case') }} took more than a year; the median case "
               "took {{ v('lado.concluded_median_wd') }} working days."
               "{% if raw('lado.first_response_pct') is not none %} The LADO responded to "
               "{{ v('lado.first_response_pct') }} of contacts within 1 working day.{% endif %}"),
    ("fig", "lado_concluded_within"),
    ("tab", "lado_handling"),
    ("unrecorded", "lado_handling"),
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
               "members' published values (DfE's local authority interactive tool does the same). DfE suppresses "
               "counts of 1 to 5 children (shown as c), so a group's mean is given only when at least half its "
               "members publish a figure; for a count, a suppressed member is taken as 1 and as 5, and the mean is "
               "given only when the two are less than one child apart. Otherwise the report gives no mean and says "
               "why."),
    ("Heading 2", "How the report compares"),
    ("Normal", "Each of {{ authority }}'s figures comes with a range that allows for chance (a 95% confidence "
               "interval, the method of the Office for Health Improvement and Disparities' Fingertips profiles), and it is called higher or lower than "
               "a comparator only when the comparator lies outside that range; otherwise it is in line with it. A "
               "change since last year is called notable only when it is both large enough and larger than chance "
               "would explain, so small numbers moving by a child or two are never headlines."),
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
    ("Normal", "Every notable move since {{ last_year_label }}, largest first, in the order of the change list "
               "that comes with the report. A move is notable when {{ notable_rule }}; smaller moves are in that "
               "list too."),
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


def _covering_styles(doc: Document) -> None:
    """The covering report's headings: bold, but outside the report's outline and contents (it is not a part of
    the report but the committee's cover sheet), the first on a page of its own."""
    for name, size in (("Covering title", 16), ("Covering heading", 13)):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size, style.font.bold, style.font.color.rgb = Pt(size), True, DARK
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(12)
    doc.styles["Covering title"].paragraph_format.page_break_before = True


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
    cap = doc.add_paragraph(f"Figure {{{{ fig.{fid}.number }}}}: {{{{ fig.{fid}.caption }}}}", style="Caption")
    cap.paragraph_format.keep_with_next = True  # the chart, its caption and what it shows on one page
    doc.add_paragraph(f"{{{{ fig.{fid}.says }}}}")  # what the figure shows, from the findings


def _slot(doc: Document, slot_id: str) -> None:
    """Where a slot's commentary goes (under a heading of its own if it is a section of its own)."""
    slot = BY_ID[slot_id]
    if slot.own_heading:
        _heading(doc, "Heading 2", slot.title)
    doc.add_paragraph(f"{{{{ commentary('{slot_id}') }}}}")


def _optional(doc: Document, style: str, item: str) -> None:
    """An item the year's records may not fill: ("if", id) ... ("endif", id) shows it (and its sentence) only if
    they do; "endif" and "unrecorded" then say what was not recorded and the column that would add it."""
    if style == "if":
        doc.add_paragraph(f"{{%p if shown('{item}') %}}")
        return
    if style == "endif":
        doc.add_paragraph("{%p endif %}")
    doc.add_paragraph(f"{{%p if not_recorded('{item}') %}}")
    doc.add_paragraph(f"{{{{ not_recorded('{item}') }}}}")
    doc.add_paragraph("{%p endif %}")


def _bookmark(paragraph, name: str) -> None:
    """A bookmark around a heading, for a link to it."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(list(LINKED.values()).index(name) + 1))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), start.get(qn("w:id")))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _heading(doc: Document, style: str, text: str):
    paragraph = doc.add_paragraph(text, style=style)
    if style == "Heading 2" and text in LINKED:
        _bookmark(paragraph, LINKED[text])
    return paragraph


def _handbook(doc: Document) -> None:
    """The Handbook's list, each item a bullet ending in a link to the section that covers it."""
    for item, heading in HANDBOOK_ITEMS:
        paragraph = doc.add_paragraph(f"{item[:1].upper()}{item[1:]}: see ", style="List Bullet")
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), LINKED[heading])
        link.set(qn("w:history"), "1")
        run = paragraph.add_run(heading)
        run.style = doc.styles["Hyperlink"] if "Hyperlink" in [st.name for st in doc.styles] else None
        run.font.underline = True
        link.append(run._r)
        paragraph._p.append(link)
        paragraph.add_run(".")


def _table(doc: Document, tid: str) -> None:
    cap = doc.add_paragraph(f"Table {{{{ tab.{tid}.number }}}}: {{{{ tab.{tid}.caption }}}}", style="Caption")
    cap.paragraph_format.keep_with_next = True
    doc.add_paragraph(f"{{{{p tab.{tid}.table }}}}")
    if tid not in NO_FINDINGS:  # what the table shows, from the findings
        doc.add_paragraph(f"{{{{ tab.{tid}.says }}}}").paragraph_format.space_before = Pt(6)


def content_hash(docx) -> str:
    """A hash of the template's parts but its properties (where the hash itself is kept)."""
    with zipfile.ZipFile(docx) as archive:
        return hashlib.sha256(b"".join(name.encode() + archive.read(name) for name in sorted(archive.namelist())
                                       if name != CORE)).hexdigest()


def written_here(path: Path) -> bool:
    """True if the template is as this script last wrote it (no one has edited and saved it since)."""
    try:
        return Document(str(path)).core_properties.identifier == BUILT + content_hash(path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return False


def _keep_edited(path: Path, force: bool) -> None:
    """An edited template is never overwritten without a copy: refused, or (forced) kept beside it, dated."""
    if not path.exists() or written_here(path):
        return
    if not force:
        raise SystemExit(f"{path} has been edited since make template wrote it, so it is left as it is: the "
                         "template is the source analysts edit in Word. To rebuild it from build_template.py anyway, "
                         "run make template FORCE=1 (or this script with --force), which keeps the edited one as "
                         f"{path.stem}.backup-<date>.docx")
    print(f"kept the edited template as {dated_copy(path, 'backup')}")


def build(out: Path = OUT, force: bool = False) -> Path:
    _keep_edited(out, force)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    _styles(doc)
    _covering_styles(doc)
    _furniture(section)
    for (style, text), (following, _) in zip(CONTENT, [*CONTENT[1:], ("", "")]):
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
        elif style in ("if", "endif", "unrecorded"):
            _optional(doc, style, text)
        elif style == "handbook":
            _handbook(doc)
        elif style == "Heading 2" and text in LINKED:
            _heading(doc, style, text)
        else:
            paragraph = doc.add_paragraph(style=style)
            for i, part in enumerate(text.split("**")):  # **text** is bold
                if part:
                    paragraph.add_run(part).bold = True if i % 2 else None
            if following in ("fig", "tab"):  # the sentence that leads into a chart or table stays on its page
                paragraph.paragraph_format.keep_with_next = True
    _update_fields_on_open(doc)
    props = doc.core_properties
    props.title = "{{ authority }} Independent Reviewing Unit annual report {{ year_label }}"
    props.subject = "Independent Reviewing Unit annual report"
    props.author = "{{ authority }} {{ publication.author }}"
    props.language = "en-GB"
    props.created = props.modified = dt.datetime(2025, 1, 1)
    props.last_modified_by = ""
    props.revision = 1
    first = io.BytesIO()
    doc.save(first)
    props.identifier = BUILT + content_hash(first)  # how the next `make template` knows it wrote this file
    doc.save(out)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="overwrite an edited template, keeping a dated copy")
    print(build(force=parser.parse_args().force))
