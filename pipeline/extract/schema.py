"""The input data contract (`inputs.md`) as data: workbooks, sheets, columns, types and code lists.

The reader and validator in `workbook.py` interpret these declarations; nothing else in the
pipeline knows how a workbook is laid out.
"""
from __future__ import annotations

from dataclasses import dataclass, field


def _expand(*parts: str) -> tuple[str, ...]:
    """Expand ranges such as 'A3-A6' into A3 A4 A5 A6; other codes pass through."""
    out: list[str] = []
    for part in parts:
        for code in part.split():
            if "-" in code:
                first, last = code.split("-")
                prefix = first.rstrip("0123456789")
                for n in range(int(first[len(prefix):]), int(last[len(prefix):]) + 1):
                    out.append(f"{prefix}{n}")
            else:
                out.append(code)
    return tuple(out)


ETHNIC = _expand("WBRI WIRI WOTH WIRT WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT")
ETHNIC_GROUP = {
    **{c: "white" for c in ("WBRI", "WIRI", "WOTH", "WIRT", "WROM")},
    **{c: "mixed" for c in ("MWBC", "MWBA", "MWAS", "MOTH")},
    **{c: "asian" for c in ("AIND", "APKN", "ABAN", "AOTH")},
    **{c: "black" for c in ("BCRB", "BAFR", "BOTH")},
    **{c: "other" for c in ("CHNE", "OOTH")},
    **{c: "not_known" for c in ("REFU", "NOBT")},
}
RNE = _expand("S L P T B U")
LS = _expand("C1 C2 D1 E1 V2 V3 V4 J1-J3 L1-L3")
REC = _expand("X1 E11 E12 E13 E14 E15 E16 E17 E2 E3 E4A E4B E41 E43-E48 E5 E6 E7 E8 E9")
PLACE = _expand("A3-A6 H5 K1 K2 K3 P1-P3 R1 R2 R3 R5 S1 T0-T4 U1-U6 Z1")
REVIEW_CODE = _expand("PN0-PN7")
IN_TOUCH = _expand("YES NO DIED REFU NREQ RHOM")
ACTIV = _expand("F1 P1 F2 P2 F3 P3 G4 G5 G6 0")
YN = ("Y", "N")
YNNA = ("Y", "N", "NA")
FLAG = ("0", "1")
ESC_CATEGORY = _expand("PLANNING PARTICIPATION ASSESSMENT OUTCOME_DELAY PERMANENCE_DELAY")
ROLE = _expand("IRO ISRO LADO MANAGER")
ADVOCACY_PURPOSE = _expand("CP_CONFERENCE CLA_REVIEW TRANSITION CARE_LEAVER COMPLAINT SECURE_REVIEW OTHER")
RAG = _expand("GREEN AMBER RED")
CP_CATEGORY = _expand("NEG PHY EMO SAB MUL")
CP_SEX = _expand("1 2 0 9")
CONFERENCE_TYPE = ("ICPC", "RCPC")
CONFERENCE_OUTCOME = ("CPP", "NO_CPP", "CONTINUE", "END")
AGENCY = _expand(
    "EDUCATION EARLY_YEARS POLICE SOCIAL_CARE FOSTERING RESIDENTIAL HEALTH FAITH SPORT VOLUNTARY "
    "OFSTED PROBATION PUBLIC OTHER"
)
SUBJECT_SECTOR = _expand(
    "EDUCATION EARLY_YEARS FOSTER_CARER RESIDENTIAL SOCIAL_CARE HEALTH POLICE FAITH SPORT TRANSPORT VOLUNTARY OTHER"
)
ALLEGATION_TYPE = _expand("PHYSICAL SEXUAL EMOTIONAL NEGLECT CONDUCT")
REFERRAL_OUTCOME = _expand("NFA ADVICE WAM MAS WIP")
FINAL_OUTCOME = _expand("SUBSTANTIATED UNSUBSTANTIATED UNFOUNDED FALSE MALICIOUS")
MEETING_TYPE = ("INITIAL", "REVIEW")
# What changed for the child when an escalation was resolved (issue 23): the effect, not only the count.
ESC_OUTCOME = _expand("PLAN_CHANGED PLACEMENT_OR_SERVICE ASSESSMENT_COMPLETED TIMESCALE_MET NO_CHANGE WITHDRAWN")
REVIEW_FORMAT = _expand("IN_PERSON VIRTUAL HYBRID")
MIDPOINT_EFFECT = _expand("ON_TRACK ACTIONS_AGREED ESCALATED")
CONTACT_TYPE = _expand("REFERRAL CONSULTATION")
SUBJECT_PHASE = _expand("EARLY_YEARS PRIMARY SECONDARY SPECIAL FE INDEPENDENT")

# Column kinds: id (non-blank text key), text, date, int, code (one of `codes`), locality
# (one of config.yaml's localities).
LOCALITY = "locality"


@dataclass(frozen=True)
class Latest:
    """The latest date a date column allows, as DfE's validators check each field: `years` and `months`
    after the reporting year's end (31 March), or after another date of the same row (`after`)."""

    years: int = 0
    months: int = 0
    after: str = ""
    expected: str = ""


# Records are often extracted some months after the year ends, so an event may be dated up to a year later.
EVENT = Latest(years=1, expected="a date no later than a year after the reporting year ends")
BORN = Latest(expected="a date of birth on or before the end of the reporting year")
UNBORN = Latest(months=10, expected="a date of birth, or an unborn child's expected one, "
                                    "within 10 months of the year's end")
NEXT_DUE = Latest(years=1, expected="a due date within a year of the reporting year's end")
CONTRACT_END = Latest(years=10, expected="an end date (a fixed-term contract's may be ahead) within 10 years")
UASC_CEASES = Latest(years=18, after="DOB", expected="on or before the child's 18th birthday (SSDA903 rule 304)")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = False  # the column must be present
    blank: str = ""  # "error", "warn" or "" (allowed); required columns default to "error"
    codes: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    latest: Latest = EVENT  # dates only

    @property
    def blank_policy(self) -> str:
        if self.blank:
            return self.blank
        return "error" if self.required else "ok"


def req(name: str, kind: str = "text", **kw) -> Column:
    return Column(name, kind, required=True, **kw)


def opt(name: str, kind: str = "text", **kw) -> Column:
    return Column(name, kind, required=False, **kw)


def code(name: str, codes: tuple[str, ...], required: bool = True, **kw) -> Column:
    return Column(name, "code", required=required, codes=codes, **kw)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    ordered: tuple[tuple[str, str], ...] = ()  # (start, end): end must not be before start
    # the date a record counts by, where only the reporting year's records count (a return's reviews): in a
    # return, which may hold other years' too, a record dated outside the year is left out with a warning
    dated: str = ""
    optional: bool = False  # the sheet may be absent (the measures it adds are then left out)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Workbook:
    name: str  # file stem: chic, iru, cp, lado
    sheets: tuple[Sheet, ...] = field(default=())

    @property
    def filename(self) -> str:
        return f"{self.name}.xlsx"


CHIC = Workbook(
    "chic",
    (
        Sheet(
            "header",
            (req("CHILD", "id"), code("SEX", ("1", "2")), req("DOB", "date", latest=BORN),
             code("ETHNIC", ETHNIC), opt("UPN"), opt("MOTHER"), opt("MC_DOB", "date", latest=BORN)),
            key=("CHILD",),
        ),
        Sheet(
            "episodes",
            (req("CHILD", "id"), req("DECOM", "date"), code("RNE", RNE), code("LS", LS),
             opt("CIN"), code("PLACE", PLACE), opt("PLACE_PROVIDER"), opt("DEC", "date"),
             code("REC", REC, blank="ok"), opt("REASON_PLACE_CHANGE"), opt("HOME_POST"), opt("PL_POST"), opt("URN")),
            key=("CHILD", "DECOM"),
            ordered=(("DECOM", "DEC"),),
        ),
        Sheet(
            "reviews",
            (req("CHILD", "id"), opt("DOB", "date", latest=BORN), req("REVIEW", "date"),
             code("REVIEW_CODE", REVIEW_CODE)),
            key=("CHILD", "REVIEW"), dated="REVIEW",
        ),
        Sheet(
            "oc2",
            (req("CHILD", "id"), opt("DOB", "date", latest=BORN), opt("SDQ_SCORE", "int", low=0, high=40),
             opt("SDQ_REASON"),
             code("CONVICTED", FLAG, required=False), code("HEALTH_CHECK", FLAG, required=False),
             code("IMMUNISATIONS", FLAG, blank="ok"), code("TEETH_CHECK", FLAG, blank="ok"),
             code("HEALTH_ASSESSMENT", FLAG, blank="ok"), code("SUBSTANCE_MISUSE", FLAG, blank="ok"),
             code("INTERVENTION_RECEIVED", FLAG, required=False), code("INTERVENTION_OFFERED", FLAG, required=False)),
            key=("CHILD",),
        ),
        Sheet(
            "oc3",
            (req("CHILD", "id"), req("DOB", "date", latest=BORN), code("IN_TOUCH", IN_TOUCH), code("ACTIV", ACTIV),
             opt("ACCOM")),
            key=("CHILD",),
        ),
        Sheet(
            "uasc",
            (req("CHILD", "id"), code("SEX", ("1", "2"), required=False), opt("DOB", "date", latest=BORN),
             opt("DUC", "date", latest=UASC_CEASES)),
            key=("CHILD",),
        ),
        Sheet(
            "dolo",
            (req("CHILD", "id"), opt("DOB", "date", latest=BORN), req("DOLO_START", "date"), opt("DOLO_END", "date")),
            key=("CHILD", "DOLO_START"),
            ordered=(("DOLO_START", "DOLO_END"),),
            optional=True,
        ),
    ),
)

IRU = Workbook(
    "iru",
    (
        Sheet(
            "reviews",
            (req("CHILD", "id"), req("REVIEW_DATE", "date"), req("DUE_DATE", "date", latest=NEXT_DUE), opt("IRO_ID"),
             opt("LATE_REASON"),
             code("CHILD_CHAIRED", ("Y", "N", "C")), code("PRE_REVIEW_CONTACT", YN),
             code("CONSULTED_ON_ARRANGEMENTS", YN), code("PARENT_CONSULTED", YNNA), code("MIDPOINT_CHECK", YNNA),
             code("PERMANENCE_PLAN", YNNA), code("PLACEMENT_STABILITY_CONCERN", YN), code("CARE_PLAN_IMPLEMENTED", YN),
             code("MIDPOINT_EFFECT", MIDPOINT_EFFECT, required=False), code("FORMAT", REVIEW_FORMAT, required=False),
             code("SW_REPORT_SHARED", YN, required=False), opt("RECORD_ISSUED", "date"),
             code("IRO_CONTACT_BETWEEN", YNNA, required=False)),
            key=("CHILD", "REVIEW_DATE"),
            ordered=(("REVIEW_DATE", "RECORD_ISSUED"),),
        ),
        Sheet(
            "escalations",
            (req("ESCALATION_ID", "id"), opt("CHILD"), req("DATE_RAISED", "date"), code("CATEGORY", ESC_CATEGORY),
             req("STAGE", "int", low=1, high=5), opt("DATE_RESOLVED", "date"),
             opt("RESOLVED_STAGE", "int", low=1, high=5), code("OUTCOME", ESC_OUTCOME, required=False),
             opt("DATE_ACTIONS_AGREED", "date")),
            key=("ESCALATION_ID",),
            ordered=(("DATE_RAISED", "DATE_RESOLVED"), ("DATE_RAISED", "DATE_ACTIONS_AGREED")),
        ),
        Sheet(
            "allocations",
            (req("CHILD", "id"), req("IRO_ID", "id"), req("DATE_ALLOCATED", "date"), opt("DATE_ENDED", "date")),
            key=("CHILD", "DATE_ALLOCATED"),
            ordered=(("DATE_ALLOCATED", "DATE_ENDED"),),
            optional=True,
        ),
        Sheet(
            "staff",
            (req("STAFF_ID", "id"), code("ROLE", ROLE), req("FTE", "number", low=0, high=1.5),
             code("SEX", ("M", "F"), required=False), code("ETHNIC", ETHNIC, required=False), opt("LOCALITY"),
             code("LOCUM", YN), req("START_DATE", "date"),
             opt("END_DATE", "date", latest=CONTRACT_END)),
            key=("STAFF_ID",),
            ordered=(("START_DATE", "END_DATE"),),
        ),
        Sheet("advocacy", (req("REQUEST_DATE", "date"), code("PURPOSE", ADVOCACY_PURPOSE))),
        Sheet(
            "actions",
            (req("ACTION"), req("OUTCOME_SOUGHT"), req("OUTCOME"), code("RAG", RAG), opt("FURTHER_ACTION")),
        ),
        Sheet(
            "plan",
            (req("THEME"), req("OBJECTIVE"), req("ACTION"), req("LEAD"), opt("MILESTONE_1"), opt("MILESTONE_2"),
             opt("MILESTONE_3"), code("RAG", RAG, required=False)),
        ),
    ),
)

CP = Workbook(
    "cp",
    (
        Sheet(
            "plans",
            (req("CHILD", "id"), code("SEX", CP_SEX), req("DOB", "date", latest=UNBORN),
             code("ETHNIC", ETHNIC, required=False),
             req("LOCALITY", LOCALITY), req("CPP_START", "date"), opt("CPP_END", "date"),
             code("INITIAL_CATEGORY", CP_CATEGORY, blank="warn"), code("LATEST_CATEGORY", CP_CATEGORY, blank="warn"),
             code("DOMESTIC_ABUSE", YN), req("PREVIOUS_CPP", "int", low=0, high=50), opt("PREVIOUS_CPP_END", "date")),
            key=("CHILD", "CPP_START"),
            ordered=(("CPP_START", "CPP_END"), ("PREVIOUS_CPP_END", "CPP_START")),
        ),
        Sheet(
            "conferences",
            (req("CHILD", "id"), code("CONFERENCE_TYPE", CONFERENCE_TYPE), req("CONFERENCE_DATE", "date"),
             opt("S47_START", "date"), code("OUTCOME", CONFERENCE_OUTCOME), opt("LOCALITY", LOCALITY),
             req("PARENTS_INVITED", "int", low=0, high=20), req("PARENTS_ATTENDED", "int", low=0, high=20),
             code("CHILD_ADVOCATE", YN, required=False), code("QUORATE", YN, required=False),
             code("DISSENT", YN, required=False), opt("LATE_REASON"), code("CHAIR_PRE_MEETING", YNNA, required=False)),
            key=("CHILD", "CONFERENCE_TYPE", "CONFERENCE_DATE"),
            ordered=(("S47_START", "CONFERENCE_DATE"),),
        ),
    ),
)

LADO = Workbook(
    "lado",
    (
        Sheet(
            "referrals",
            (req("REFERRAL_ID", "id"), req("DATE_RECEIVED", "date"), code("SOURCE", AGENCY),
             code("SUBJECT_SECTOR", SUBJECT_SECTOR), code("ALLEGATION_TYPE", ALLEGATION_TYPE),
             code("REFERRAL_OUTCOME", REFERRAL_OUTCOME), code("FINAL_OUTCOME", FINAL_OUTCOME, required=False),
             opt("DATE_CONCLUDED", "date"), code("CONTACT_TYPE", CONTACT_TYPE, required=False),
             code("POLICE_INVOLVED", YN, required=False), code("NON_RECENT", YN, required=False),
             opt("DATE_FIRST_RESPONSE", "date"), code("SUBJECT_PHASE", SUBJECT_PHASE, required=False)),
            key=("REFERRAL_ID",),
            ordered=(("DATE_RECEIVED", "DATE_CONCLUDED"), ("DATE_RECEIVED", "DATE_FIRST_RESPONSE")),
        ),
        Sheet(
            "meetings",
            (req("REFERRAL_ID", "id"), req("MEETING_DATE", "date"), code("MEETING_TYPE", MEETING_TYPE)),
            key=("REFERRAL_ID", "MEETING_DATE"),
        ),
        Sheet(
            "attendance",
            (req("REFERRAL_ID", "id"), req("MEETING_DATE", "date"), code("AGENCY", AGENCY), code("INVITED", YN),
             code("ATTENDED", YN)),
            key=("REFERRAL_ID", "MEETING_DATE", "AGENCY"),
        ),
    ),
)

WORKBOOKS = (CHIC, IRU, CP, LADO)

# --- what each part means: the input documentation (docs/inputs.md) is generated from these ---------------
WORKBOOK_NOTES = {
    "chic": "Children in care: the SSDA903 return's sheets and columns, so an authority can export them from "
            "its case management system or re-use the files it submits to DfE.",
    "iru": "The unit's own records: reviews chaired, escalations, staff, advocacy, last year's actions and next "
           "year's development plan.",
    "cp": "Child protection: plans and conferences (CIN census codes).",
    "lado": "Allegations against people who work with children. There is no national data standard for LADO "
            "work; this is the project's own.",
}
SHEET_NOTES = {
    "chic.header": "One row per child looked after at any time in the year.",
    "chic.episodes": "Every episode open at any time in the year (earlier episodes may be present); DEC and REC "
                     "are blank for an episode still open.",
    "chic.reviews": "Every looked-after review held in the year.",
    "chic.oc2": "Children looked after continuously for at least 12 months at 31 March. Flags are 0 or 1 (blank "
                "where not applicable).",
    "chic.oc3": "Care leavers whose 17th to 21st birthday fell in the year.",
    "chic.uasc": "Unaccompanied asylum-seeking children.",
    "chic.dolo": "Optional sheet: each deprivation of liberty order of a child looked after in the year (the SSDA903 "
                 "table DfE collects from 2026-27), DOLO_END blank while it continues. Without it the report leaves "
                 "out the children subject to an order, and says so.",
    "iru.reviews": "One row per looked-after review held in the year (the IRO monitoring form). MIDPOINT_EFFECT, "
                   "FORMAT, SW_REPORT_SHARED, RECORD_ISSUED and IRO_CONTACT_BETWEEN are optional.",
    "iru.escalations": "Each escalation (dispute resolution) the IROs raised. RESOLVED_STAGE, OUTCOME and "
                       "DATE_ACTIONS_AGREED are optional: without them the report says what it cannot show.",
    "iru.allocations": "Optional sheet: each IRO allocated to a child in care, from the allocation until it ended "
                       "(blank while it continues). Without it the report leaves out allocation within 5 working "
                       "days, continuity of IRO and changes of IRO, and says so.",
    "iru.staff": "Everyone who has worked in the unit; in post at 31 March if START_DATE is on or before it and "
                 "END_DATE is blank or on or after it.",
    "iru.advocacy": "Each request for an advocate.",
    "iru.actions": "Last year's action plan and how it went.",
    "iru.plan": "Next year's development plan.",
    "cp.plans": "Every plan open at any time in the year (earlier plans may be present), keyed by CHILD and "
                "CPP_START, since a child can have several.",
    "cp.conferences": "Every conference of those plans, including any held before the year began, and every "
                      "ICPC held in the year whatever its outcome.",
    "lado.referrals": "Every referral received in the year, and every earlier one still open or concluded in it.",
    "lado.meetings": "Each strategy meeting held about a referral.",
    "lado.attendance": "Each agency invited to a meeting, and whether it attended.",
}
MEANINGS = {
    "CHILD": "the child's identifier, the same in every sheet and workbook", "SEX": "sex",
    "DOB": "date of birth (a plan's unborn child: the expected date)", "ETHNIC": "ethnicity (SSDA903 codes)",
    "UPN": "unique pupil number", "MOTHER": "1 if the child is a mother",
    "MC_DOB": "the mother's child's date of birth",
    "DECOM": "date the episode began", "RNE": "reason for the new episode", "LS": "legal status",
    "CIN": "category of need", "PLACE": "placement type", "PLACE_PROVIDER": "placement provider",
    "DEC": "date the episode ceased", "REC": "reason the episode ceased",
    "REASON_PLACE_CHANGE": "reason for the change of placement", "HOME_POST": "home postcode",
    "PL_POST": "placement postcode", "URN": "Ofsted unique reference number of the placement",
    "REVIEW": "date of the review", "REVIEW_CODE": "how the child participated in the review",
    "SDQ_SCORE": "Strengths and Difficulties Questionnaire score, 0 to 40", "SDQ_REASON": "why there is no score",
    "CONVICTED": "convicted during the year", "HEALTH_CHECK": "annual health assessment up to date",
    "IMMUNISATIONS": "immunisations up to date", "TEETH_CHECK": "teeth checked by a dentist",
    "HEALTH_ASSESSMENT": "health assessment completed", "SUBSTANCE_MISUSE": "identified as having a substance "
    "misuse problem", "INTERVENTION_RECEIVED": "received an intervention for substance misuse",
    "INTERVENTION_OFFERED": "offered an intervention for substance misuse", "IN_TOUCH": "whether the authority is "
    "in touch with the care leaver", "ACTIV": "the care leaver's main activity", "ACCOM": "the care leaver's "
    "accommodation", "DUC": "date UASC status ceases, usually the 18th birthday",
    "DOLO_START": "date the deprivation of liberty order began", "DOLO_END": "date the order ended",
    "REVIEW_DATE": "date the review was held", "DUE_DATE": "date the review was due", "IRO_ID": "the chairing IRO",
    "LATE_REASON": "why a late review or initial conference was late", "CHILD_CHAIRED": "whether the child chaired (C: co-chaired)",
    "PRE_REVIEW_CONTACT": "the IRO saw the child before the review",
    "CONSULTED_ON_ARRANGEMENTS": "the child was consulted on the review's arrangements",
    "PARENT_CONSULTED": "the parents were consulted", "MIDPOINT_CHECK": "the IRO checked progress midway",
    "PERMANENCE_PLAN": "a permanence plan was in place", "PLACEMENT_STABILITY_CONCERN": "the IRO was concerned "
    "about the placement's stability", "CARE_PLAN_IMPLEMENTED": "the care plan was being implemented",
    "ESCALATION_ID": "the escalation's identifier", "DATE_RAISED": "date the escalation was raised",
    "CATEGORY": "what the escalation was about", "STAGE": "the highest stage reached, 1 to 5",
    "DATE_RESOLVED": "date the escalation was resolved", "STAFF_ID": "the member of staff's identifier",
    "ROLE": "role", "FTE": "full-time equivalent, 0 to 1.5", "LOCALITY": "the authority's locality (as in "
    "config.yaml)", "LOCUM": "a locum", "START_DATE": "date they started", "END_DATE": "date they left",
    "REQUEST_DATE": "date the advocate was asked for", "PURPOSE": "what the advocate was for",
    "ACTION": "the action", "OUTCOME_SOUGHT": "what the action was meant to achieve",
    "OUTCOME": "what happened (escalations: what changed for the child)",
    "RAG": "RAG rating", "FURTHER_ACTION": "what is still to do", "THEME": "the plan's theme",
    "OBJECTIVE": "what the unit means to achieve", "MIDPOINT_EFFECT": "what the midway check led to",
    "FORMAT": "how the review was held", "SW_REPORT_SHARED": "the social worker's report was shared with the IRO "
    "before the review", "RECORD_ISSUED": "date the review's record was issued",
    "IRO_CONTACT_BETWEEN": "the IRO saw or spoke with the child between reviews",
    "RESOLVED_STAGE": "the stage at which the escalation was resolved, 1 to 5",
    "DATE_ACTIONS_AGREED": "date new actions were agreed to resolve the escalation",
    "DATE_ALLOCATED": "date the IRO was allocated to the child", "DATE_ENDED": "date the allocation ended",
    "QUORATE": "the conference was quorate", "DISSENT": "a member recorded dissent from the decision",
    "CHAIR_PRE_MEETING": "the chair met the parents before the conference",
    "CONTACT_TYPE": "a referral meeting the harm threshold, or a consultation (advice only)",
    "POLICE_INVOLVED": "the police were involved", "NON_RECENT": "the allegation is about the past (non-recent)",
    "DATE_FIRST_RESPONSE": "date the LADO first responded", "SUBJECT_PHASE": "the school phase, where "
    "SUBJECT_SECTOR is EDUCATION or EARLY_YEARS", "LEAD": "who leads it", "MILESTONE_1": "first milestone",
    "MILESTONE_2": "second milestone", "MILESTONE_3": "third milestone", "CPP_START": "date the plan started",
    "CPP_END": "date the plan ended", "INITIAL_CATEGORY": "category of abuse when the plan started",
    "LATEST_CATEGORY": "latest category of abuse", "DOMESTIC_ABUSE": "domestic abuse a factor",
    "PREVIOUS_CPP": "number of earlier plans, as in the CIN census",
    "PREVIOUS_CPP_END": "end date of the child's most recent earlier plan (blank if none)",
    "CONFERENCE_TYPE": "initial (ICPC) or review (RCPC) conference", "CONFERENCE_DATE": "date of the conference",
    "S47_START": "date the section 47 enquiry began (ICPC only)", "PARENTS_INVITED": "parents invited",
    "PARENTS_ATTENDED": "parents who attended", "CHILD_ADVOCATE": "the child had an advocate",
    "REFERRAL_ID": "the referral's identifier", "DATE_RECEIVED": "date the referral was received",
    "SOURCE": "who referred", "SUBJECT_SECTOR": "where the person the allegation is about works",
    "ALLEGATION_TYPE": "kind of allegation", "REFERRAL_OUTCOME": "what was decided at referral",
    "FINAL_OUTCOME": "the allegation's outcome (blank while open)", "DATE_CONCLUDED": "date the case concluded",
    "MEETING_DATE": "date of the meeting", "MEETING_TYPE": "initial or review meeting",
    "AGENCY": "the agency invited", "INVITED": "the agency was invited", "ATTENDED": "the agency attended",
}
CODE_NOTES = {
    ETHNIC: "WBRI WIRI WOTH WIRT WROM White · MWBC MWBA MWAS MOTH Mixed · AIND APKN ABAN AOTH Asian · BCRB BAFR "
            "BOTH Black · CHNE OOTH Other · REFU NOBT not known",
    RNE: "S started to be looked after; L P T B U a change of legal status or placement (SSDA903)",
    LS: "C1 C2 care orders · D1 E1 freeing or placement order · V2 section 20 · V3 V4 short breaks · J1 J2 J3 "
        "youth justice · L1 L2 L3 emergency or police protection",
    REC: "X1 episode ends, care continues · E11 E12 adopted · E4A E4B returned home · E41 child arrangements "
         "order · E43-E48 special guardianship · E5 E6 independent living; the rest as SSDA903",
    REVIEW_CODE: "PN0 under 4 · PN1-PN6 participated in some way · PN7 did not participate",
    ACTIV: "F1 P1 higher education · F2 P2 other education · F3 P3 training or employment · G4 G5 G6 not in "
           "education, employment or training · 0 not known",
    CP_SEX: "1 male · 2 female · 0 or 9 not known", CP_CATEGORY: "NEG neglect · PHY physical · EMO emotional · "
    "SAB sexual · MUL multiple", REFERRAL_OUTCOME: "NFA no further action · ADVICE · WAM words of advice meeting · "
    "MAS managing allegations strategy meeting · WIP still being considered",
    ALLEGATION_TYPE: "CONDUCT: conduct, suitability or practice", FLAG: "0 no · 1 yes",
    PLACE: "A3-A6 placed for adoption · H5 semi-independent living · K1 secure children's home · K2 children's "
           "home · P1 with a parent · P2 independent living · P3 residential employment · R1 residential care "
           "home · R2 NHS or health trust · R3 family centre or mother and baby unit · R5 young offender "
           "institution or prison · S1 residential school · T0-T4 temporarily away · U1-U6 foster placements · "
           "Z1 other; the rest as SSDA903",
    IN_TOUCH: "YES · NO · DIED · REFU refused contact · NREQ no longer requires services · RHOM returned home",
    ("1", "2"): "1 male · 2 female", YNNA: "Y yes · N no · NA not applicable",
    CONFERENCE_OUTCOME: "CPP or NO_CPP after an ICPC; CONTINUE or END after an RCPC",
    ("Y", "N", "C"): "Y yes · N no · C co-chaired",
    ESC_OUTCOME: "PLAN_CHANGED the care plan changed · PLACEMENT_OR_SERVICE a placement or service was secured · "
                 "ASSESSMENT_COMPLETED · TIMESCALE_MET the delayed work was done · NO_CHANGE · WITHDRAWN",
    MIDPOINT_EFFECT: "ON_TRACK the plan was progressing · ACTIONS_AGREED the IRO agreed actions with the social "
                     "worker · ESCALATED the IRO raised an escalation",
    CONTACT_TYPE: "REFERRAL meets the harm threshold · CONSULTATION advice only",
    SUBJECT_PHASE: "EARLY_YEARS · PRIMARY · SECONDARY · SPECIAL · FE further education · INDEPENDENT independent "
                   "school",
}
