"""Each indicator's definition in words, for the board report's appendix; the definition as the code follows it
(the indicator's docstring, with its column names and return codes) goes to the technical annex with its id.

Most docstrings read as words once their bracketed code lists are dropped; those whose sentences name columns
or codes are written out here. A definition that still names a code (a new indicator's) keeps only its
sentences free of codes, so the report never prints one: the annex has the rest.
"""
from __future__ import annotations

import re

from pipeline.extract.schema import WORKBOOKS
from pipeline.transform.catalogue import REGISTRY

# what a board paper must not print: ids, column names, codes, file names, config keys, a warning's location
CODE = re.compile(
    r"\b(?:chic|cp|reviews|esc|lado|iru|leavers|advocacy)\.[a-z_0-9]+\b"  # an indicator id
    r"|`[^`]*`"  # a quoted code
    r"|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"  # a column name
    r"|\b[\w-]+\.(?:xlsx|csv|xml|docx|yaml|yml|parquet|ods|md|json)\b"  # a file
    r"|\b[a-z]+(?:_[a-z0-9]+)+\b"  # a code or config key in snake case
    r"|\u203a"  # a warning's location, 'file › sheet › row'
    r"|\b[A-Z]{2,}\s*=\s*\w+"  # COLUMN = value
    r"|\b(?:[A-Z]{1,2}\d{1,2}[A-Z]?)(?:[-/][A-Z]{0,2}\d+)\b"  # a range of return codes, V3/V4, J1-J3
    r"|\b(?:PN\d|OC2|RNE|REC|[CDEFGJLPV]\d{1,2}[AB]?)\b|\([A-Z]\)"  # SSDA903 codes, a one-letter code
    r"|\bYYYY-MM\b")
WORDS_TOO = ("FTE", "RAG", "CIN")  # column names that are also the report's words (the glossary's)
COLUMNS = {c.name for wb in WORKBOOKS for s in wb.sheets for c in s.columns} - set(WORDS_TOO)


def codes(text: str) -> list[str]:
    """The ids, column names, codes, file names and config keys in a text."""
    return [m.group(0) for m in CODE.finditer(text)] + [w for w in re.findall(r"\b[A-Z][A-Z0-9_]+\b", text)
                                                        if w in COLUMNS and "_" not in w]

IN_WORDS = {
    "cp.icpc_conversion_pct": "Percentage of initial child protection conferences held in the year that decided "
                              "the child needed a child protection plan.",
    "cp.icpc_timely_pct": "Percentage of initial child protection conferences held in the year within 15 working "
                          "days of the start of the section 47 enquiry. Conferences without the enquiry's start "
                          "date are left out.",
    "cp.rcpc_timely_pct": "Percentage of review child protection conferences held in the year on time: the first "
                          "within 3 calendar months of the initial conference, later ones within 6 calendar "
                          "months of the previous conference.",
    "cp.category_count": "Children on plans at 31 March by the plan's latest category of abuse; also those whose "
                         "plan records domestic abuse.",
    "cp.category_pct": "Percentage of children on plans at 31 March by the plan's latest category of abuse; also "
                       "the percentage whose plan records domestic abuse.",
    "cp.gender_pct": "Percentage of children on plans at 31 March by sex (not known: mostly unborn children).",
    "cp.duration_ended_pct": "Plans ended in the year by how long they lasted: 3 months or less; more than 3 and "
                             "up to 6 months; more than 6 months and less than 1 year; 1 year to less than 2 "
                             "years; 2 years or more.",
    "chic.count_31mar": "Children looked after at 31 March, leaving out those looked after only for short breaks.",
    "chic.starts": "Children who started to be looked after in the year, leaving out short breaks.",
    "chic.ceased": "Children who stopped being looked after in the year, leaving out the end of a short break.",
    "chic.legal_status_pct": "Percentage of children looked after at 31 March by the legal basis of their care: a "
                             "care order, a placement order, section 20, youth justice or an emergency order.",
    "chic.gender_pct": "Percentage of children looked after at 31 March by sex.",
    "chic.uasc_count": "Children looked after at 31 March who are unaccompanied asylum-seeking children.",
    "chic.ceased_reason_pct": "Percentage of children who stopped being looked after in the year, by why their "
                              "care ended: adoption, a special guardianship order, a child arrangements order, a "
                              "return home, independent living, staying put, custody, or another reason.",
    "chic.health_pct": "Percentage of children looked after continuously for 12 months at 31 March whose "
                       "immunisations were up to date, whose teeth were checked by a dentist and who had an "
                       "annual health assessment; and of those aged under 5, whose development assessment was "
                       "up to date.",
    "chic.substance_misuse_pct": "Percentage of children looked after continuously for 12 months at 31 March who "
                                 "were identified as having a substance misuse problem.",
    "chic.substance_intervention_pct": "Of the children looked after for 12 months identified as having a "
                                       "substance misuse problem: the percentage who received an intervention, "
                                       "who refused one, and who were not offered one.",
    "chic.sdq_concern_pct": "Percentage of children aged 5 to 16 looked after continuously for 12 months at 31 "
                            "March with a Strengths and Difficulties Questionnaire score of 17 or more (a cause "
                            "for concern).",
    "chic.sdq_mean": "Average Strengths and Difficulties Questionnaire score of children aged 5 to 16 looked after "
                     "continuously for 12 months at 31 March.",
    "leavers.activity_pct": "Care leavers aged 19 to 21 by what they were doing around their birthday in the "
                            "year: in education, employment or training, not, or not known.",
    "lado.referral_outcome_pct": "Percentage of referrals received in the year by their outcome: no further "
                                 "action, advice, a words of advice meeting, a managing allegations strategy "
                                 "meeting, or still being considered.",
    "lado.allegation_type_pct": "Percentage of referrals received in the year by the type of allegation.",
    "lado.final_outcome_count": "Referrals concluded in the year, whenever received, by their final outcome.",
    "lado.meeting_timely_pct": "Of referrals received in the year that led to a strategy meeting, the percentage "
                               "whose first meeting was within 5 working days of the referral.",
    "reviews.participation_pct": "Percentage of reviews of children aged 4 and over held in the year in which the "
                                 "child took part, in any of the six ways DfE's return records, and in which the "
                                 "child did not; also each of those ways.",
    "reviews.chaired_pct": "Percentage of reviews held in the year chaired or co-chaired by the child.",
    "reviews.pre_review_contact_pct": "Percentage of reviews held in the year for which the IRO was in contact "
                                      "with the child beforehand.",
    "reviews.consulted_pct": "Percentage of reviews held in the year for which the child was consulted on the "
                             "arrangements.",
    "reviews.parent_consulted_pct": "Percentage of reviews held in the year for which a parent was consulted "
                                    "beforehand, where consulting a parent applied.",
    "reviews.midpoint_pct": "Percentage of reviews held in the year followed by the IRO's mid-point check of the "
                            "plan, where one applied.",
    "reviews.permanence_plan_pct": "Percentage of reviews held in the year at which the child had a permanence "
                                   "plan by their second review, where this applied.",
    "reviews.placement_concern_pct": "Percentage of reviews held in the year at which the IRO raised a concern "
                                     "about the stability of the child's placement.",
    "reviews.care_plan_implemented_pct": "Percentage of reviews held in the year at which the IRO found the care "
                                         "plan had been implemented.",
    "esc.raised": "Escalations (formal dispute resolution) raised in the year: the total and by what they were "
                  "about.",
    "advocacy.requests_pct": "Percentage of advocacy requests received in the year by their purpose.",
    "iru.staff_gender_pct": "Percentage of people in post at 31 March by sex.",
    # issue 23's measures, each from an optional column: the technical annex names the column
    "cp.quorate_pct": "Percentage of conferences held in the year that were quorate (one per child discussed).",
    "cp.dissent_pct": "Percentage of conferences held in the year at which a member recorded dissent from the "
                      "decision.",
    "cp.chair_pre_meeting_pct": "Percentage of conferences held in the year, where parents were invited, at which "
                                "the chair met the parents beforehand.",
    "cp.icpc_late_reason_count": "Initial conferences held more than 15 working days after the section 47 enquiry "
                                 "began, by the reason recorded for the delay.",
    "esc.median_working_days": "The middle number of working days from an escalation being raised to its "
                               "resolution, for escalations resolved in the year (a median, so that a few very long "
                               "disputes do not distort the typical case).",
    "esc.median_days_to_actions": "The middle number of working days from an escalation being raised to new actions "
                                  "for the child being agreed: how long a child waited for the plan to change.",
    "lado.concluded_within_pct": "Of the cases concluded in the year, the percentage concluded within 1, 3 and 12 "
                                 "months of the referral. Earlier statutory guidance expected 80%, 90% and all but "
                                 "the most exceptional; the unit's targets rate them.",
    "lado.concluded_median_wd": "The middle number of working days from a referral being received to the case "
                                "being concluded, for cases concluded in the year.",
    "lado.over_12_months": "Cases concluded in the year more than 12 months after the referral: the exceptional "
                           "cases, usually waiting for a criminal trial or a regulator.",
    "lado.contact_type_pct": "Contacts received in the year, by whether they were referrals meeting the harm "
                             "threshold or consultations for advice only.",
    "lado.first_response_pct": "Percentage of contacts received in the year that the LADO first responded to within "
                               "1 working day; one with no response recorded counts as late.",
    "lado.police_involved_pct": "Percentage of contacts received in the year in which the police were involved.",
    "lado.non_recent_pct": "Percentage of contacts received in the year about an allegation of harm in the past "
                           "(non-recent).",
    "lado.subject_phase_count": "Contacts received in the year about someone working in education or early years, "
                                "by phase: early years, primary, secondary, special, further education or "
                                "independent school.",
    "reviews.format_pct": "Reviews held in the year, by how they were held: in person, virtual or hybrid.",
    "reviews.record_issued_pct": "Percentage of reviews held in the year whose written record was issued within the "
                                 "unit's timescale (20 working days unless the unit sets another); one with no issue "
                                 "date counts as late.",
    "reviews.sw_report_shared_pct": "Percentage of reviews held in the year for which the social worker's report "
                                    "was shared with the IRO beforehand.",
    "reviews.contact_between_pct": "Percentage of reviews held in the year where the IRO saw or spoke with the child "
                                   "between reviews (where that applied).",
}


def in_words(indicator: str) -> str:
    """The definition a councillor reads: written out above, else the docstring without its bracketed codes and
    without any sentence that still names one."""
    if indicator in IN_WORDS:
        return IN_WORDS[indicator]
    text = " ".join(REGISTRY[indicator].definition.split())
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\s*\(([^()]*)\)", lambda m: "" if codes(m.group(1)) else m.group(0), text)
    return " ".join(s for s in re.split(r"(?<=\.)\s+", text) if s and not codes(s))
