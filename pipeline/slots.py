"""The report's commentary slots, declared once: where the IRU manager's own words go each year.

Each slot ends one section of the report (its `title` is that section's heading, as the contents show
it) and is filled from the Heading 1 of the same title in `data/raw/<YEAR>/commentary.docx`. The prompt
says what belongs there (for the IRO Handbook's six areas, what the Handbook asks); the key numbers are
tags the starter file offers as a first draft, filled like the template's own. Standard library only:
the template builder, extract and render all read it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

HANDBOOK = "The IRO Handbook (2010, para 7.11) asks the annual report to cover "


@dataclass(frozen=True)
class Slot:
    id: str
    part: str  # the report part it belongs to: service, children_in_care, child_protection, lado, summary
    title: str  # the heading it ends, as the report's contents show it
    prompt: str
    key_numbers: tuple[str, ...] = ()  # sentences with tags, offered in the starter file
    own_heading: bool = False  # the slot is a section of its own (no generated text above it)
    level: int = 2  # its section's heading level: the template's nearest heading this high before the slot names it


SLOTS: tuple[Slot, ...] = (
    # 1. The service
    Slot("context", "service", "Introduction and purpose of the report",
         "The statutory context and the unit's roles: the IRO Handbook and the Care Planning Regulations for "
         "children in care, Working Together for child protection conferences, the LADO's duty under Working "
         "Together; what the IROs, ISROs and LADOs do for children, and the local strategies that shape the work."),
    Slot("team", "service", "The team",
         HANDBOOK + "the make-up of the team and how it reflects the identity of the children it serves. Say how "
         "the team is organised (the locality model, champions for particular groups of children), how it "
         "reflects the children, and any changes in staff during the year.",
         ("The unit had {{ v('iru.fte', 'IRO') }} full-time equivalent IROs and {{ v('iru.fte', 'ISRO') }} "
          "ISROs at 31 March {{ year }}.",
          "{{ v('iru.staff_ethnicity_pct', 'white') }} of the team were of white ethnicity, against "
          "{{ v('chic.ethnicity_pct', 'white') }} of the children in care.")),
    Slot("caseloads", "service", "Caseloads",
         HANDBOOK + "caseloads and continuity of employment. Say whether caseloads allowed IROs to meet "
         "children before each review and to monitor their plans between reviews, and how continuity of IRO "
         "was kept for children when staff changed.",
         ("Each full-time IRO was responsible for {{ v('iru.iro_caseload') }} children in care at 31 March.",
          "Each full-time ISRO was responsible for {{ v('iru.isro_caseload') }} children on plans.")),
    Slot("developments", "service", "Service developments",
         "What changed in the service this year and why: new ways of working, practice models, systems, "
         "training, and what difference they made for children.", own_heading=True),
    Slot("resources", "service", "Resources and risks to the service",
         HANDBOOK + "whether any resource issues are putting at risk the delivery of a quality service to all "
         "looked after children. Name each risk (vacancies, sickness, caseloads, systems, budget), what is being "
         "done about it and what the board is asked to do.", own_heading=True),
    # 2. Children in care
    Slot("actions", "children_in_care", "Last year's actions",
         "How last year's actions went, beyond what the table says: what made the difference, and what carries "
         "over into next year's plan."),
    Slot("reviews", "children_in_care", "Reviews",
         HANDBOOK + "the number of reviews held on time, the number held out of time and the reasons for "
         "those out of time. Explain the reasons for late reviews and what is being done about them.",
         ("IROs chaired {{ v('reviews.count') }} reviews; {{ v('reviews.timely_pct') }} were held on time.",)),
    Slot("quality", "children_in_care", "Quality assurance and audits",
         HANDBOOK + "the outcomes of quality assurance audits in relation to the organisation, conduct and "
         "recording of reviews. Summarise the audits of the year, what they found and what changed as a result.",
         own_heading=True),
    Slot("participation", "children_in_care", "Participation: the voice of the child",
         HANDBOOK + "the extent of participation of children and their parents. Say how children took part in "
         "their reviews, how IROs met them beforehand, and how parents were consulted and supported to take "
         "part.",
         ("Children took part in {{ v('reviews.participation_pct', 'participated') }} of their reviews.",
          "Parents were consulted before {{ v('reviews.parent_consulted_pct') }} of reviews.")),
    Slot("voice", "children_in_care", "The voice of children and families",
         "What children, young people and parents told the unit this year, in their own words where they agree: "
         "quotations from feedback and consultation forms (set as quotations), and what the unit did about it.",
         own_heading=True),
    Slot("escalations", "children_in_care", "Resolving concerns: escalations",
         HANDBOOK + "the procedures for resolving concerns, including the local dispute resolution process, with "
         "an analysis of the issues raised in dispute and their outcomes. Say what the escalations were about, "
         "what they achieved for children, and any themes for the service.",
         ("IROs raised {{ v('esc.raised') }} formal escalations; {{ v('esc.resolved_within_20wd_pct') }} of "
          "those resolved were resolved within 20 working days.",)),
    Slot("cases", "children_in_care", "Case examples",
         "One or two short, anonymised examples of an IRO's work making a difference for a child (no names, "
         "places or details that could identify a child).", own_heading=True),
    # 3. Child protection
    Slot("cp_plans", "child_protection", "Children subject to a plan",
         "What lies behind the number of children on plans this year: trends in referrals, thresholds, and how "
         "the ISROs quality assured plans.",
         ("{{ v('cp.count_31mar') }} children were subject to a plan at 31 March {{ year }}.",)),
    Slot("cp_participation", "child_protection", "Participation of parents and children",
         "How parents and children took part in conferences: preparation with the chair, advocacy, the "
         "conference model used, and feedback from families.",
         ("At least one parent attended {{ v('cp.parents_attended_pct') }} of conferences.",)),
    # 4. LADO
    Slot("lado_training", "lado", "Training and awareness",
         "The LADO's training and awareness work with partner agencies this year: sessions held, who attended, "
         "guidance published, and the gaps still to reach.", own_heading=True),
    Slot("lado_complex", "lado", "Complex cases and learning",
         "Complex, organised or whole-service cases the LADO dealt with (without identifying anyone), and the "
         "learning from cases that shapes next year's work.", own_heading=True),
    # 5. Summary
    Slot("summary", "summary", "5. Summary",
         "The manager's summary of the year for the corporate parenting board: what went well, what needs to "
         "improve, and the priorities for next year.", level=1),
)
BY_ID = {slot.id: slot for slot in SLOTS}
KEY_NUMBERS_LEAD = "This year's key numbers, to keep, change or delete: "


def starter_paragraphs(slot: Slot) -> list[str]:
    """What the starter file puts under a slot: its prompt, and this year's key numbers as tags."""
    return [slot.prompt, *([KEY_NUMBERS_LEAD + " ".join(slot.key_numbers)] if slot.key_numbers else [])]


def normalised(title: str) -> str:
    """A heading as matched: ignoring case, spaces, punctuation and numbering ('2.1 Reviews' = 'reviews')."""
    return re.sub(r"[\W_]+", "", re.sub(r"^\s*[\d.]+\s*", "", title)).lower()


BY_TITLE = {normalised(slot.title): slot for slot in SLOTS}
