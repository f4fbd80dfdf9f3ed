"""Wording for the unit's action plan (how last year's plan went) and next year's development plan.

Items are written in the style of Part 6 of a real IRU annual report. Each year draws a different
selection; last year's `actions` are the items of the plan written a year earlier, so the two sheets
tell one story. Every year's sheets carry an ampersand and a non-ASCII letter, to exercise escaping.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.demo.sampling import stream

OWNER = "Zoë Marsh, Head of Children & Families Quality Assurance"
LEADS = ("Daniel Okafor, Operations Manager (Children in Care)", "Priya Raman, Operations Manager (Safeguarding)",
         "Tom Hartley, LADO Team Manager", "Principal Social Worker", "Participation Lead",
         "Sian Lloyd, Senior IRO (Permanence)", "Performance and Information Manager")


@dataclass(frozen=True)
class Item:
    theme: str
    objective: str
    action: str
    milestones: tuple[str, str, str]
    outcomes: dict  # RAG -> what happened, with {pct} for a percentage
    further: dict  # RAG -> further action


ITEMS = (
    Item("Voice of the child",
         "Children and young people chair or co-chair their own reviews where they wish to.",
         "IROs to offer every young person aged 12 and over the chance to chair or co-chair their review, and record "
         "the offer on the monitoring form.",
         ("Chairing guidance co-produced with the Children in Care Council by {mid}",
          "All IROs trained in supporting young chairs by {dec}",
          "At least a quarter of reviews for over-12s chaired or co-chaired by {end}"),
         {"GREEN": "{pct}% of reviews for young people aged 12 and over were chaired or co-chaired by the young "
                   "person.",
          "AMBER": "Guidance is in place; {pct}% of eligible reviews were chaired or co-chaired, short of the target.",
          "RED": "Little change: only {pct}% of eligible reviews were chaired or co-chaired."},
         {"GREEN": "Sustain through supervision and share young chairs' feedback with the corporate parenting board.",
          "AMBER": "Participation Lead to run two further workshops with the Children in Care Council.",
          "RED": "Re-launch the offer with young people and report monthly to the management team."}),
    Item("Voice of the child",
         "Every child is visited or consulted by their IRO before each review.",
         "IROs to record a pre-review contact for each child, in person where possible, ideally not on the day of "
         "the review.",
         ("Recording field added to the monitoring form by {mid}",
          "Monthly dip sample of pre-review contact from {dec}",
          "Pre-review contact recorded for 90% of reviews by {end}"),
         {"GREEN": "Pre-review contact took place before {pct}% of reviews.",
          "AMBER": "Pre-review contact rose to {pct}% of reviews; caseloads limited further progress.",
          "RED": "Pre-review contact fell to {pct}% of reviews during a period of vacancies."},
         {"GREEN": "Continue to monitor through supervision.",
          "AMBER": "Reduce IRO caseloads and monitor through supervision.",
          "RED": "Recruit to vacant IRO posts and prioritise contact for children placed at a distance."}),
    Item("Voice of the child",
         "Children and young people know who their IRO is and how to contact them.",
         "Every IRO to give each child a contact card and an age-appropriate leaflet on their rights, including "
         "advocacy and the Children in Care Council.",
         ("Leaflet refreshed with young people by {mid}", "Cards issued at every initial review from {dec}",
          "Survey of children's awareness of their IRO completed by {end}"),
         {"GREEN": "{pct}% of children surveyed knew who their IRO was and how to reach them.",
          "AMBER": "Cards and leaflets are issued at initial reviews; {pct}% of children surveyed knew their IRO.",
          "RED": "The survey was delayed; early returns suggest only {pct}% of children knew their IRO."},
         {"GREEN": "Repeat the survey annually with the Participation Team.",
          "AMBER": "Evaluate impact with the Participation Team.",
          "RED": "Complete the survey in the first quarter and agree actions with the Children in Care Council."}),
    Item("Voice of the child",
         "Parents are consulted before reviews and supported to contribute where appropriate.",
         "IROs to send the parental consultation form before every review and analyse the returns each quarter.",
         ("Revised consultation form in use by {mid}", "Quarterly analysis of returns reported from {dec}",
          "Parents consulted before 75% of reviews by {end}"),
         {"GREEN": "Parents were consulted before {pct}% of reviews where it was appropriate.",
          "AMBER": "Parental consultation increased to {pct}% of reviews; returns are not yet analysed consistently.",
          "RED": "Parental consultation remained at {pct}% of reviews."},
         {"GREEN": "Share themes from parents' feedback with locality managers.",
          "AMBER": "Feedback to be analysed for future reporting.",
          "RED": "Management team to agree a new approach with the parents' reference group."}),
    Item("Quality assurance",
         "Every child has a midway review of their plan between statutory reviews.",
         "IROs to complete and record a midpoint check for every child, escalating drift at the earliest point.",
         ("Midpoint template agreed by {mid}", "Compliance reported in the quarterly IRU report from {dec}",
          "Midpoint checks recorded for 85% of children by {end}"),
         {"GREEN": "Midpoint checks were recorded for {pct}% of children.",
          "AMBER": "{pct}% of midpoint checks were completed.",
          "RED": "Only {pct}% of midpoint checks were completed."},
         {"GREEN": "Embed in practice standards.",
          "AMBER": "All IROs now required to complete this process.",
          "RED": "Operations managers to review every overdue midpoint check monthly."}),
    Item("Quality assurance",
         "The IRU's challenge improves social work practice, and its learning reaches the wider service.",
         "Run a quarterly programme of themed audits and deep dives, with a bulletin of learning for Children & "
         "Families teams.",
         ("Audit calendar agreed with the Principal Social Worker by {mid}",
          "Two themed audits completed and reported by {dec}", "Learning bulletin published each quarter to {end}"),
         {"GREEN": "Four themed audits were completed; {pct}% of actions arising were signed off.",
          "AMBER": "Two of four planned audits were completed; {pct}% of actions arising were signed off.",
          "RED": "The audit programme stalled; {pct}% of actions from earlier audits remain open."},
         {"GREEN": "Continue the programme and add a care leavers theme.",
          "AMBER": "Re-schedule the outstanding audits with the Principal Social Worker.",
          "RED": "Agree a smaller, protected audit programme for the coming year."}),
    Item("Quality assurance",
         "Escalations are resolved quickly and their themes inform service improvement.",
         "Use the revised dispute resolution process and report escalation themes to senior managers each quarter.",
         ("Revised process launched with locality managers by {mid}",
          "Quarterly escalation report to the leadership team from {dec}",
          "80% of escalations resolved within 20 working days by {end}"),
         {"GREEN": "{pct}% of escalations were resolved within 20 working days.",
          "AMBER": "{pct}% of escalations were resolved within 20 working days; stage 3 cases took longest.",
          "RED": "Only {pct}% of escalations were resolved within 20 working days."},
         {"GREEN": "Share learning from resolved escalations in the practice bulletin.",
          "AMBER": "Escalate delays at stage 3 to the Head of Service.",
          "RED": "Director to review the process with the IRU management team."}),
    Item("Timeliness",
         "Reviews and conferences are held within statutory timescales.",
         "Monitor timeliness weekly, plan reviews at least six weeks ahead and cover absences across localities.",
         ("Weekly timeliness report in place by {mid}", "Cross-locality cover rota agreed by {dec}",
          "95% of reviews in timescale by {end}"),
         {"GREEN": "{pct}% of looked-after reviews were held within timescale.",
          "AMBER": "{pct}% of reviews were held within timescale; most delays were at the family's request.",
          "RED": "Only {pct}% of reviews were held within timescale during a period of staff absence."},
         {"GREEN": "Maintain the weekly report.",
          "AMBER": "Analyse late reviews by reason each quarter.",
          "RED": "Agree an interim cover arrangement with neighbouring teams."}),
    Item("Timeliness",
         "Initial child protection conferences are held within 15 working days of the strategy discussion.",
         "Agree a booking protocol with locality teams so that conference slots are held in reserve each week.",
         ("Booking protocol agreed by {mid}", "Reserve slots in every locality by {dec}",
          "90% of ICPCs within 15 working days by {end}"),
         {"GREEN": "{pct}% of initial conferences were held within 15 working days.",
          "AMBER": "{pct}% of initial conferences were held within 15 working days.",
          "RED": "Only {pct}% of initial conferences were held within 15 working days."},
         {"GREEN": "Keep reserve slots under review as demand changes.",
          "AMBER": "Review the reasons for delay with locality team managers.",
          "RED": "Head of Service to agree additional ISRO capacity."}),
    Item("Permanence",
         "Every child has a permanence plan by their second review.",
         "IROs to confirm the permanence plan at the second review and escalate any delay in permanence planning.",
         ("Permanence tracker shared with IROs by {mid}", "All children in care for 4 months+ reviewed by {dec}",
          "Permanence plan in place at 90% of second reviews by {end}"),
         {"GREEN": "{pct}% of children had a permanence plan by their second review.",
          "AMBER": "{pct}% of children had a permanence plan by their second review.",
          "RED": "Only {pct}% of children had a permanence plan by their second review."},
         {"GREEN": "Extend tracking to children placed with parents.",
          "AMBER": "All permanence plans to be in place before the second review.",
          "RED": "Permanence panel to review every child without a plan."}),
    Item("Permanence",
         "Section 20 arrangements are appropriate, lawful and reviewed.",
         "IRU to review every child accommodated under section 20, with legal advice sought where a child under 10 "
         "needs permanence.",
         ("All section 20 arrangements reviewed by {mid}", "Legal planning meetings held for under-10s by {dec}",
          "No child under 10 awaiting a legal plan by {end}"),
         {"GREEN": "All section 20 arrangements were reviewed; {pct}% were confirmed as appropriate.",
          "AMBER": "{pct}% of section 20 arrangements were reviewed.",
          "RED": "Only {pct}% of section 20 arrangements were reviewed."},
         {"GREEN": "IROs to quality assure section 20 at each review.",
          "AMBER": "Complete the remaining reviews in the first quarter.",
          "RED": "Head of Service to report progress monthly."}),
    Item("Permanence",
         "Placement stability is supported from the outset.",
         "IROs to record at each initial review what support the placement needs, and follow it up at the "
         "midpoint check.",
         ("Placement support section added to the review record by {mid}",
          "Stability meetings held for every child with two moves by {dec}",
          "Fewer than 10% of children with three or more placements by {end}"),
         {"GREEN": "IROs raised stability concerns in only {pct}% of reviews.",
          "AMBER": "IROs raised stability concerns in {pct}% of reviews.",
          "RED": "IROs raised stability concerns in {pct}% of reviews."},
         {"GREEN": "Share good practice with the fostering service.",
          "AMBER": "IROs to have fewer concerns about placement stability.",
          "RED": "Joint review with the placements team of every unplanned move."}),
    Item("Workforce",
         "IROs hold caseloads within the range recommended by the IRO Handbook.",
         "Recruit to vacant posts and reduce reliance on locum IROs.",
         ("Recruitment campaign launched by {mid}", "Vacancies filled by {dec}",
          "Average caseload of no more than 65 children per full-time IRO by {end}"),
         {"GREEN": "{pct}% of IROs held caseloads within the Handbook range by the year end.",
          "AMBER": "{pct}% of IROs held caseloads within the Handbook range; two posts were covered by locums.",
          "RED": "Only {pct}% of IROs held caseloads within the Handbook range."},
         {"GREEN": "Keep caseloads under monthly review.",
          "AMBER": "Reduce IRO caseload, monitor through supervision.",
          "RED": "Business case for two additional IRO posts."}),
    Item("Workforce",
         "IROs receive regular, reflective supervision and feedback on their practice.",
         "Monthly supervision for every IRO and ISRO, with an annual observation of practice by a care-experienced "
         "young person.",
         ("Supervision schedule confirmed by {mid}", "Observations by young people under way by {dec}",
          "Every IRO observed by {end}"),
         {"GREEN": "{pct}% of IROs received monthly supervision and an observation of practice.",
          "AMBER": "{pct}% of IROs received monthly supervision; observations are part-complete.",
          "RED": "Supervision was held for {pct}% of IROs."},
         {"GREEN": "Include observation feedback in appraisals.",
          "AMBER": "Monitor through supervision, practice observation and appraisal.",
          "RED": "Managers to protect supervision time in diaries."}),
    Item("Safer organisations",
         "Organisations that work with children know when and how to contact the LADO.",
         "Deliver LADO awareness workshops across the county, targeting voluntary, faith and sports organisations.",
         ("Workshop programme published by {mid}", "Six workshops delivered by {dec}",
          "Referrals from voluntary and faith groups increased by {end}"),
         {"GREEN": "Ten workshops were delivered; {pct}% of attendees rated them useful.",
          "AMBER": "Six workshops were delivered; {pct}% of attendees were from schools and few from voluntary groups.",
          "RED": "Three workshops were delivered, reaching {pct}% fewer organisations than planned."},
         {"GREEN": "Evaluate the workshops and repeat annually.",
          "AMBER": "Target voluntary and faith groups through the safeguarding partnership.",
          "RED": "Re-launch the programme with the safeguarding partnership."}),
    Item("Safer organisations",
         "Managing allegations strategy meetings are held promptly and cases concluded without delay.",
         "Hold the initial strategy meeting within five working days and review open cases monthly.",
         ("Monthly review of open cases in place by {mid}", "Police liaison protocol refreshed by {dec}",
          "90% of initial meetings within five working days by {end}"),
         {"GREEN": "{pct}% of initial strategy meetings were held within five working days.",
          "AMBER": "{pct}% of initial strategy meetings were held within five working days.",
          "RED": "Only {pct}% of initial strategy meetings were held within five working days."},
         {"GREEN": "Keep the monthly review of open cases.",
          "AMBER": "Agree dates for police attendance in advance.",
          "RED": "Raise delays with the safeguarding partnership executive."}),
)


def plan(seed: int, year: int) -> list[dict]:
    """Next year's development plan, written at the end of `year`: 8 to 10 items across 3 or 4 themes."""
    rng = stream(seed, "plan", year)
    themes = sorted({item.theme for item in ITEMS})
    chosen = rng.choice(len(themes), int(rng.integers(3, 5)), replace=False)
    pool = [i for i, item in enumerate(ITEMS) if item.theme in {themes[c] for c in chosen}]
    picked = sorted(rng.choice(pool, min(len(pool), int(rng.integers(8, 11))), replace=False))
    dates = {"mid": f"30 September {year}", "dec": f"31 December {year}", "end": f"31 March {year + 1}"}
    rows = []
    for n, i in enumerate(picked):
        item = ITEMS[i]
        rows.append({"THEME": item.theme, "OBJECTIVE": item.objective, "ACTION": item.action,
                     "LEAD": OWNER if n == 0 else LEADS[int(rng.integers(len(LEADS)))],
                     **{f"MILESTONE_{k + 1}": m.format(**dates) for k, m in enumerate(item.milestones)},
                     "RAG": str(rng.choice(["GREEN", "AMBER", "RED"], p=[0.2, 0.7, 0.1])), "ITEM": i})
    return rows


# Outcomes that quote one of the report's own figures do so by tag, as a manager would type it, so the table
# can never disagree with the report's figures (the others are the unit's own counts, in no table of the report).
QUOTED = {"Every child is visited or consulted by their IRO before each review.": "reviews.pre_review_contact_pct",
          "Parents are consulted before reviews and supported to contribute where appropriate.":
              "reviews.parent_consulted_pct",
          "Every child has a midway review of their plan between statutory reviews.": "reviews.midpoint_pct",
          "Escalations are resolved quickly and their themes inform service improvement.":
              "esc.resolved_within_20wd_pct",
          "Reviews and conferences are held within statutory timescales.": "reviews.timely_pct",
          "Initial child protection conferences are held within 15 working days of the strategy discussion.":
              "cp.icpc_timely_pct",
          "Every child has a permanence plan by their second review.": "reviews.permanence_plan_pct",
          "Placement stability is supported from the outset.": "reviews.placement_concern_pct",
          "Managing allegations strategy meetings are held promptly and cases concluded without delay.":
              "lado.meeting_timely_pct"}


def _outcome(item, rag: str, pct: int) -> str:
    if item.objective in QUOTED:
        return item.outcomes[rag].replace("{pct}%", "{{ v('%s') }}" % QUOTED[item.objective])
    return item.outcomes[rag].format(pct=pct)


def actions(seed: int, year: int) -> list[dict]:
    """How last year's plan went: 6 to 8 of its items with the outcome and a RAG rating."""
    rng = stream(seed, "actions", year)
    items = [row["ITEM"] for row in plan(seed, year - 1)]
    picked = sorted(rng.choice(items, min(len(items), int(rng.integers(6, 9))), replace=False))
    rows = []
    for n, i in enumerate(picked):
        item = ITEMS[i]
        rag = str(rng.choice(["GREEN", "AMBER", "RED"], p=[0.45, 0.45, 0.1]))
        pct = int(rng.integers({"GREEN": 80, "AMBER": 60, "RED": 35}[rag], {"GREEN": 98, "AMBER": 80, "RED": 60}[rag]))
        further = item.further[rag] if n else f"{OWNER.split(',')[0]} to report progress to the Children & Families " \
                                              f"leadership team. {item.further[rag]}"
        rows.append({"ACTION": item.action, "OUTCOME_SOUGHT": item.objective,
                     "OUTCOME": _outcome(item, rag, pct), "RAG": rag, "FURTHER_ACTION": further})
    return rows


LATE_REASONS = {"Social worker unavailable": 0.22, "Child or young person unwell": 0.12,
                "Rescheduled at the young person's request": 0.14, "Parent unable to attend": 0.12,
                "IRO absence": 0.1, "Reports not available in time": 0.12, "Placement move": 0.1,
                "Administrative error": 0.08}

