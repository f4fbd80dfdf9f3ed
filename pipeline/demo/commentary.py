"""Demoshire's commentary for its latest year, written as an IRU manager would: so `make report` shows the
whole workflow (a case example, children's words, lists, a small table, tags that fill with the figures)."""
from __future__ import annotations

from pathlib import Path

from pipeline.starter import write_commentary
from pipeline.synthetic import mark_zip

P, B, N, Q = "Normal", "List Bullet", "List Number", "Quote"

BLOCKS = {
    "context": [
        (P, "The Independent Reviewing Unit brings together the IROs who review the care plans of children in care, "
            "the ISROs who chair child protection conferences, and the LADO service. The IRO Handbook and the Care "
            "Planning, Placement and Case Review Regulations set out the IRO's duties; Working Together to "
            "Safeguard Children sets out those of conference chairs and the LADO."),
        (P, "Our task is to make sure that every child's plan meets their needs, that their wishes and feelings "
            "are heard, and that drift and delay are challenged. This report is presented to the corporate "
            "parenting board and to the safeguarding children partnership."),
    ],
    "team": [
        (P, "The unit works in four localities that match the social work teams, so that children and families "
            "see the same IRO or ISRO wherever they can. Each IRO is also a **champion** for a group of children:"),
        (B, "children placed at a distance from Demoshire;"),
        (B, "unaccompanied asylum-seeking children;"),
        (B, "disabled children and those with complex health needs."),
        (P, "Two long-serving IROs retired during the year. We recruited to both posts, and the number of locum "
            "staff {{ change('iru.locum_count') }}."),
    ],
    "caseloads": [
        (P, "Average caseloads of {{ v('iru.iro_caseload') }} children per full-time IRO allowed IROs to meet "
            "children before their reviews and to keep in touch between them. ISRO caseloads "
            "{{ change('iru.isro_caseload') }} as the number of children on plans {{ change('cp.count_31mar') }}; "
            "this is the main pressure on the unit."),
        (P, "Most children kept the same IRO all year: where an IRO left, children were told who their new IRO "
            "would be before their next review."),
    ],
    "developments": [
        (P, "This year we:"),
        (N, "introduced a mid-point check by the IRO between every review;"),
        (N, "moved pre-review consultation for young people to an online form they can complete on a phone;"),
        (N, "began a monthly practice forum with team managers to share learning from escalations."),
    ],
    "resources": [
        (P, "**ISRO capacity** is the unit's main risk: with {{ v('cp.count_31mar') }} children on plans, each "
            "full-time ISRO is responsible for {{ v('iru.isro_caseload') }} children. We ask the board to support "
            "a business case for one further ISRO post."),
        (P, "The case recording system's conference module is due to be replaced next year; we will need "
            "administrative time to test it before it goes live."),
    ],
    "actions": [
        (P, "Most of last year's actions were achieved. The offer to young people to chair their own reviews is "
            "now routine, and the work continues in next year's plan, led by the Children in Care Council."),
    ],
    "reviews": [
        (P, "{{ v('reviews.timely_pct') }} of reviews were held on time. We record the reason for every late "
            "review and look at them each quarter with the locality managers; where a review could not be held on "
            "time the IRO met the child and agreed a new date within ten working days."),
    ],
    "quality": [
        (P, "IROs audited 120 reviews against the unit's standards during the year, looking at how reviews were "
            "organised, conducted and recorded."),
        ("table", [["Standard", "Met", "Partly met", "Not met"],
                   ["Review record sent within 20 working days", "82%", "12%", "6%"],
                   ["Child's views recorded in their words", "74%", "20%", "6%"],
                   ["Care plan updated after the review", "88%", "9%", "3%"]]),
        (P, "As a result, review records now open with a letter to the child, written to them."),
    ],
    "participation": [
        (P, "Children took part in {{ v('reviews.participation_pct', 'participated') }} of their reviews. "
            "Younger children more often shared their views through their carers or through drawings; older "
            "young people increasingly chaired their own meetings."),
    ],
    "voice": [
        (P, "Children and young people told their IROs:"),
        (Q, "\u201cYou listened to me and you made them change the plan so I could stay at my school.\u201d "
            "\u2014 a young person aged 14"),
        (Q, "\u201cI liked that I could say what I wanted on my phone before the meeting.\u201d "
            "\u2014 a young person aged 16"),
        (P, "A parent wrote on her consultation form that the review was \u201cthe first meeting where I felt "
            "people were on my side\u201d."),
    ],
    "escalations": [
        (P, "IROs raised {{ v('esc.raised') }} formal escalations, and {{ v('esc.resolved_within_20wd_pct') }} of "
            "those resolved in the year were resolved within 20 working days. Escalations led to earlier "
            "permanence planning meetings and to two children's placements being secured by a special "
            "guardianship order."),
    ],
    "cases": [
        (P, "**Case example.** A, aged 11, had moved placement three times in a year. Her IRO met her before "
            "each review and learned that she wanted to live near her brother. The IRO escalated the delay in "
            "assessing her aunt as a carer; the assessment was completed within six weeks, and A has now lived "
            "with her aunt for eight months, at the same school as her brother."),
    ],
    "cp_plans": [
        (P, "The number of children on plans {{ change('cp.count_31mar') }} this year. ISROs reviewed every plan "
            "lasting more than 15 months with the team manager, to be sure that each one was still needed."),
    ],
    "cp_participation": [
        (P, "Feedback from families shows that parents value a plan written in plain words that they can take "
            "home at the end of the meeting; chairs now give every parent the plan before they leave."),
    ],
    "lado_training": [
        (P, "The LADO team ran twelve awareness sessions for schools, early years settings, faith groups and "
            "sports clubs, reaching about 400 staff and volunteers. The voluntary sector remains the hardest to "
            "reach, and a session with the council for voluntary service is planned for the autumn."),
    ],
    "lado_complex": [
        (P, "The LADO coordinated two complex cases involving more than one setting; neither required a whole "
            "service investigation. Learning from cases has led to clearer guidance for employers on when to "
            "refer."),
    ],
    "summary": [
        (P, "Over the year the share of reviews chaired or co-chaired by the child "
            "{{ change('reviews.chaired_pct') }}; {{ v('reviews.timely_pct') }} of reviews were held on time, and "
            "{{ v('esc.resolved_within_20wd_pct') }} of escalations were resolved within 20 working days. The "
            "pressure on ISRO caseloads is the priority for next year, together with the replacement of the "
            "conference recording system."),
    ],
}


def write_demo_commentary(path: Path, year: int) -> None:
    write_commentary(path, year, f"Demoshire IRU commentary {year - 1}-{str(year)[2:]}", BLOCKS)
    mark_zip(path)
