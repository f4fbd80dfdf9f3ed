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
            key=("CHILD", "REVIEW"),
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
             code("PERMANENCE_PLAN", YNNA), code("PLACEMENT_STABILITY_CONCERN", YN), code("CARE_PLAN_IMPLEMENTED", YN)),
            key=("CHILD", "REVIEW_DATE"),
        ),
        Sheet(
            "escalations",
            (req("ESCALATION_ID", "id"), opt("CHILD"), req("DATE_RAISED", "date"), code("CATEGORY", ESC_CATEGORY),
             req("STAGE", "int", low=1, high=5), opt("DATE_RESOLVED", "date")),
            key=("ESCALATION_ID",),
            ordered=(("DATE_RAISED", "DATE_RESOLVED"),),
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
             code("CHILD_ADVOCATE", YN, required=False)),
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
             opt("DATE_CONCLUDED", "date")),
            key=("REFERRAL_ID",),
            ordered=(("DATE_RECEIVED", "DATE_CONCLUDED"),),
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
