"""Escalations followed to their effect (`esc.`): the stage at which each was resolved, what changed for the
child, and how long it took to resolve and to agree new actions against the local protocol's timescale."""
from __future__ import annotations

from pipeline.extract.schema import ESC_OUTCOME
from pipeline.transform.registry import Rows, count, counts, indicator, median, percent, stack
from pipeline.transform.reviews import ESCALATIONS, STAGES, resolved
from pipeline.transform.year_data import YearData

TIMESCALE = "escalation_timescale_days"  # config.yaml's team.<key>; the protocol's working days
DEFAULT_TIMESCALE = 20


def timescale(data: YearData) -> int:
    return int(data.settings.get(TIMESCALE, DEFAULT_TIMESCALE))


@indicator("esc.resolved_stage", "count", ESCALATIONS, "Escalations resolved, by the stage at which they were "
           "resolved", breakdowns=STAGES, columns=("iru.escalations.RESOLVED_STAGE",))
def resolved_stage(data: YearData) -> Rows:
    """Escalations resolved in the year (DATE_RESOLVED in the year) by the stage at which they were resolved
    (RESOLVED_STAGE, 1 to 5); the total is every one resolved in the year, a blank stage included. Resolved at
    stage 1, a conversation between the IRO and the team manager put it right; at 3 or beyond, it took a
    head of service or director."""
    done = resolved(data)
    return stack(count(len(done)), counts(done.resolved_stage.astype("string"), STAGES))


@indicator("esc.outcome", "count", ESCALATIONS, "What changed for the child when escalations were resolved",
           breakdowns=ESC_OUTCOME, columns=("iru.escalations.OUTCOME",))
def outcome(data: YearData) -> Rows:
    """Escalations resolved in the year by what changed (OUTCOME): the plan changed, a placement or service
    was secured, an assessment was completed, the delayed work was done in time, no change, or withdrawn; the
    total is every one resolved in the year, a blank outcome included."""
    done = resolved(data)
    return stack(count(len(done)), counts(done.outcome, ESC_OUTCOME))


@indicator("esc.median_working_days", "working_days", ESCALATIONS, "Median working days to resolve an escalation",
           higher_is_better=False)
def median_working_days(data: YearData) -> Rows:
    """Median working days from DATE_RAISED to DATE_RESOLVED, for escalations resolved in the year (a median,
    as a few escalations that run for months would pull an average far from the typical one)."""
    return median(resolved(data).working_days)


@indicator("esc.resolved_within_protocol_pct", "percent", ESCALATIONS, "Escalations resolved within the "
           "protocol's timescale", higher_is_better=True)
def resolved_within_protocol_pct(data: YearData) -> Rows:
    """Of escalations resolved in the year, the percentage resolved within the local dispute-resolution
    protocol's timescale (config.yaml team.escalation_timescale_days working days of DATE_RAISED; 20 by
    default)."""
    done = resolved(data)
    return percent((done.working_days <= timescale(data)).sum(), len(done))


def actions_agreed(data: YearData):
    """Escalations whose new actions were agreed in the year, with the working days it took."""
    esc = data["iru.escalations"]
    agreed = esc[data.year.contains(esc.date_actions_agreed)]
    return agreed.assign(working_days=data.working_days(agreed.date_raised, agreed.date_actions_agreed))


@indicator("esc.median_days_to_actions", "working_days", ESCALATIONS, "Median working days to agree new actions",
           higher_is_better=False, columns=("iru.escalations.DATE_ACTIONS_AGREED",))
def median_days_to_actions(data: YearData) -> Rows:
    """Median working days from DATE_RAISED to DATE_ACTIONS_AGREED, for escalations whose new actions were
    agreed in the year: how long a child waited between the IRO raising a dispute and new actions being in
    place."""
    return median(actions_agreed(data).working_days)


@indicator("esc.actions_within_protocol_pct", "percent", ESCALATIONS, "New actions agreed within the protocol's "
           "timescale", higher_is_better=True, columns=("iru.escalations.DATE_ACTIONS_AGREED",))
def actions_within_protocol_pct(data: YearData) -> Rows:
    """Of escalations whose new actions were agreed in the year (DATE_ACTIONS_AGREED in the year), the
    percentage agreed within the protocol's timescale (team.escalation_timescale_days working days of
    DATE_RAISED)."""
    agreed = actions_agreed(data)
    return percent((agreed.working_days <= timescale(data)).sum(), len(agreed))
