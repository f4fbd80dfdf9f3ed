"""Child protection conferences as chairs report them (`cp.`, from the conferences sheet's optional columns):
quorate, dissent recorded, the chair meeting parents beforehand, and why initial conferences were late; and
the ethnicity of the children on plans, beside that of the children in care."""
from __future__ import annotations

from pipeline.extract.schema import ETHNIC_GROUP
from pipeline.transform.child_protection import CONFERENCES, children_on_plans_at_31_march, conferences_held
from pipeline.transform.children_in_care import ETHNIC_GROUPS
from pipeline.transform.registry import Rows, count, counts, indicator, percent, shares, stack
from pipeline.transform.year_data import YearData

ICPC_WITHIN = 15  # working days from the strategy discussion (Working Together 2023)


def yes_of_held(column: str, exclude_na: bool = False):
    """Percentage of conferences held in the year answering Y in `column` (leaving out NA where it may occur)."""

    def compute(data: YearData) -> Rows:
        answers = conferences_held(data)[column]
        if exclude_na:
            answers = answers[answers != "NA"]
        return percent((answers == "Y").sum(), len(answers))

    compute.__doc__ = (f"Percentage of conferences held in the year (a row per child) with {column.upper()} = Y"
                       + (", among those not NA." if exclude_na else "."))
    return compute


# id -> (column, NA allowed, title, higher is better)
CONFERENCE_YES = {
    "cp.quorate_pct": ("quorate", False, "Conferences that were quorate", True),
    "cp.dissent_pct": ("dissent", False, "Conferences where a member recorded dissent", None),
    "cp.chair_pre_meeting_pct": ("chair_pre_meeting", True, "Conferences where the chair met the parents "
                                                             "beforehand", True),
}
for _id, (_column, _na, _title, _better) in CONFERENCE_YES.items():
    indicator(_id, "percent", CONFERENCES, _title, higher_is_better=_better,
              columns=(f"cp.conferences.{_column.upper()}",))(yes_of_held(_column, _na))


@indicator("cp.icpc_late_reason_count", "count", CONFERENCES, "Reasons initial conferences were late",
           columns=("cp.conferences.LATE_REASON",))
def icpc_late_reasons(data: YearData) -> Rows:
    """ICPCs held in the year more than 15 working days after S47_START, by the reason recorded (LATE_REASON;
    'Not recorded' if none); the total is every late ICPC."""
    icpcs = conferences_held(data, "ICPC").dropna(subset=["s47_start"])
    late = icpcs[data.working_days(icpcs.s47_start, icpcs.conference_date) > ICPC_WITHIN]
    reasons = late.late_reason.fillna("Not recorded")
    return stack(count(len(reasons)), counts(reasons, tuple(sorted(reasons.unique()))))


@indicator("cp.ethnicity_pct", "percent", ("cp.plans",), "Ethnicity of children on plans at 31 March",
           breakdowns=ETHNIC_GROUPS, columns=("cp.plans.ETHNIC",))
def ethnicity_pct(data: YearData) -> Rows:
    """Percentage of children on child protection plans at 31 March by ethnic group (ETHNIC grouped as for
    children in care; a blank or unborn child's is not known), to set beside the children in care's."""
    groups = children_on_plans_at_31_march(data).ethnic.map(ETHNIC_GROUP).fillna("not_known")
    return shares(groups, ETHNIC_GROUPS)
