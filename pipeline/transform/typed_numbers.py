"""The numbers a person typed as text (not as a tag) in the commentary and the unit's own tables, checked
against the report's measures, so the manager's words cannot quietly contradict the tables beside them.

A number is matched to a measure by the words around it: each measure below is named by phrases whose
words must all be in the sentence, and by its unit. The matching is deliberately shy, since a false alarm
on a manager's correct sentence costs more than a miss: a sentence is left alone when it speaks of another
year, a comparator, a target, a change, a subgroup of children, or quotes two numbers of one kind; a number
matching two measures is left alone; a number is compared at the precision it was typed ("680" may be a
rounded 684, "87%" any value that rounds to it) and hedges are honoured ("over 80%" holds for 87%).
Numbers written in words ("twelve") are not read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from lxml import etree

from pipeline.transform.catalogue import REGISTRY

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COLUMNS = ["file", "section", "column", "sentence", "typed", "indicator", "breakdown", "value", "unit", "complement"]
KIND = {"percent": "percent", "rate_per_10k": "rate"}  # every other unit is typed as a plain number


@dataclass(frozen=True)
class Measure:
    indicator: str
    phrases: tuple[tuple[str, ...], ...]  # any one phrase, all of whose fragments are in the sentence
    breakdown: str = ""
    unless: tuple[str, ...] = ()  # fragments that make a sentence about something else
    noun: str = ""  # for a plain number: what the words after it must begin with ("684 children")


MEASURES = (
    Measure("reviews.timely_pct", (("review", "on time"), ("review", "timescale"), ("review", "timely")),
            unless=("conference", "late")),
    Measure("reviews.participation_pct", (("took part", "review"), ("participated", "review")), "participated",
            unless=("conference", "view")),
    Measure("reviews.chaired_pct", (("chaired", "review"),), unless=("conference",)),
    Measure("reviews.pre_review_contact_pct", (("pre-review contact",), ("visited", "before", "review"))),
    Measure("reviews.parent_consulted_pct", (("parent", "consulted", "review"), ("parental consultation",)),
            unless=("conference",)),
    Measure("reviews.midpoint_pct", (("midpoint check",), ("mid-point check",), ("midway review",))),
    Measure("reviews.permanence_plan_pct", (("permanence plan", "second review"),)),
    Measure("reviews.placement_concern_pct", (("stability concern",),)),
    Measure("reviews.care_plan_implemented_pct", (("care plan", "implemented"),)),
    Measure("esc.resolved_within_20wd_pct", (("escalation", "resolved", "20 working day"),)),
    Measure("cp.icpc_timely_pct", (("initial", "conference", "15 working day"), ("icpc", "15 working day"))),
    Measure("cp.rcpc_timely_pct", (("review conference", "on time"), ("review conference", "timescale"))),
    Measure("cp.parents_attended_pct", (("conference", "attended", "parent"),)),
    Measure("cp.repeat_2y_pct", (("repeat plan", "2 year"), ("repeat plan", "two year"))),
    Measure("lado.meeting_timely_pct", (("strategy meeting", "5 working day"),
                                        ("strategy meeting", "five working day"))),
    Measure("leavers.in_touch_pct", (("care leaver", "in touch"),)),
    Measure("leavers.activity_pct", (("care leaver", "education employment or training"),), "eet",
            unless=("not in education",)),
    Measure("chic.sdq_concern_pct", (("sdq", "concern"),)),
    Measure("chic.rate_per_10k", (("children in care", "per 10000"), ("looked after", "per 10000"))),
    Measure("cp.rate_per_10k", (("child protection plan", "per 10000"),), unless=("start",)),
    Measure("chic.count_31mar", (("children in care", "31 march"), ("looked after", "31 march")),
            noun=r"(?:looked[- ]after )?child"),
    Measure("cp.count_31mar", (("child protection plan", "31 march"), ("on plan", "31 march")), noun="child",
            unless=("start", "ended")),
    Measure("lado.referrals", (("lado",),), noun="referral"),
    Measure("reviews.count", (("chaired", "review"), ("review", "held")), noun="review",
            unless=("audit", "conference", "late")),
    Measure("esc.raised", (("escalation", "raised"),), noun="escalation"),
    Measure("iru.iro_caseload", (("caseload", "iro"),), unless=("isro",)),
    Measure("iru.isro_caseload", (("caseload", "isro"),)),
    # what inspectors look for (issue 23): conferences, the IRO's oversight, LADO timeliness
    Measure("cp.chair_pre_meeting_pct", (("chair", "met", "parent"),)),
    Measure("cp.quorate_pct", (("quorate",),)),
    Measure("cp.dissent_pct", (("dissent",),)),
    Measure("iro.allocated_5wd_pct", (("iro", "allocated", "5 working day"),)),
    Measure("iro.one_iro_pct", (("same iro",),)),
    Measure("reviews.sw_report_shared_pct", (("social worker", "report", "shared"),)),
    Measure("reviews.record_issued_pct", (("record", "issued", "20 working day"),)),
    Measure("reviews.contact_between_pct", (("saw or spoke", "between reviews"), ("contact", "between reviews")),
            unless=("midway", "mid-point", "midpoint")),
    Measure("lado.first_response_pct", (("responded", "1 working day"), ("response", "1 working day"))),
    Measure("lado.concluded_within_pct", (("concluded", "within a month"), ("concluded", "within 1 month")),
            "1_month"),
    Measure("lado.concluded_within_pct", (("concluded", "within 3 months"), ("concluded", "within three months")),
            "3_months"),
    Measure("chic.dolo_31mar", (("deprivation of liberty", "31 march"),), noun="child"),
    Measure("chic.dolo_in_year", (("deprivation of liberty",),), unless=("31 march",), noun="child"),
)

# a sentence about something other than this year's own figure
ELSEWHERE = ("last year", "previous year", "year before", "next year", "from", "compared", "higher", "lower",
             "better", "worse", "england", "national", "region", "neighbour", "good authorit", "target", "aim",
             "will", "by 31 march", "point", "aged", "placed", "locality", "of whom", "among", "those who", "boy",
             "girl", "disabled", "unaccompanied", "increase", "decrease", "rose", "fell", "up by", "down by",
             "change")
YEAR = re.compile(r"\b(?:19|20)\d\d(?:-\d\d)?\b")
NUMBER = re.compile(r"(?<![\w.,/£$-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/-])(\s*(?:%|per cent\b))?")
DURATION = re.compile(r"^\s*(?:working |calendar )?(?:day|week|month|year|hour|minute)", re.I)
PER_10K = re.compile(r"^\s*(?:children\s+)?per 10,?000", re.I)
NOT_A_NUMBER = re.compile(r"\b(?:aged|age|stage|row|section|figure|table|step|level|number|no\.)\s*$", re.I)
NEGATION = re.compile(r"\b(?:no|not|without|never)\b")
AT_LEAST = ("over", "more than", "at least", "above", "exceeding", "upwards of")
AT_MOST = ("under", "fewer than", "less than", "below", "up to", "no more than")
ABOUT = ("about", "around", "approximately", "nearly", "almost", "some", "roughly", "close to", "just over",
         "just under", "approx")
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\u201c\"(])")


def _words(text: str) -> str:
    """Lower case, punctuation dropped (except hyphens and per cent), each word without a plural 's'."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.lower())
    words = re.findall(r"[a-z0-9%]+(?:-[a-z0-9]+)*", text)
    return " " + " ".join(w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not
                          w.endswith("ss") and len(w) > 3 else w for w in words) + " "


def _has(words: str, fragment: str) -> bool:
    return f" {_words(fragment).strip()} " in words


def sentences(text: str) -> list[str]:
    """A paragraph's sentences, tags left in (a tag is a number kept right, so it is never checked)."""
    return [s.strip() for s in SENTENCE.split(" ".join(text.split())) if s.strip()]


@dataclass(frozen=True)
class Typed:
    value: float
    places: int  # decimal places as typed
    kind: str  # percent, rate or plain
    text: str  # as typed
    before: str  # the sentence's words before it
    after: str  # and after it


def _typed(sentence: str) -> list[Typed]:
    """The numbers typed in a sentence, outside tags. Years, dates, durations and numbers that name things
    (a stage, a section) are not measures."""
    text = TAG.sub(" ", sentence)
    found = []
    for m in NUMBER.finditer(text):
        before, after = text[:m.start()], text[m.end():]
        digits = m.group(1).replace(",", "")
        if YEAR.fullmatch(m.group(0).strip()) or NOT_A_NUMBER.search(before) or DURATION.match(after) or \
                re.match(r"^\s*(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\b", after):
            continue
        kind = "percent" if m.group(3) else "rate" if PER_10K.match(after) else "plain"
        places = len(m.group(2)) - 1 if m.group(2) else 0
        found.append(Typed(float(digits + (m.group(2) or "")), places, kind, m.group(0).strip(), before, after))
    return found


def _measures(sentence: str, kind: str) -> list[Measure]:
    words = _words(TAG.sub(" ", sentence))
    return [m for m in MEASURES if KIND.get(REGISTRY[m.indicator].unit, "plain") == kind
            and any(all(_has(words, f) for f in phrase) for phrase in m.phrases)
            and not any(_has(words, f) for f in m.unless)]


def _tolerance(value: float, places: int, kind: str) -> float:
    """How far the true value may be from what was typed and still be what a person would type for it."""
    if places or kind != "plain":
        return 10.0 ** -places
    zeros = len(str(int(value))) - len(str(int(value)).rstrip("0"))  # a round count is a rounded one
    return max(1.0, 10.0 ** zeros / 2)


def disagrees(typed: float, places: int, kind: str, before: str, actual: float) -> bool:
    """Whether what was typed (with its hedge, if any) cannot be a fair statement of the actual value."""
    hedge = " ".join(before.lower().split()[-2:])
    tolerance = _tolerance(typed, places, kind)
    if any(hedge.endswith(h) for h in AT_LEAST):
        return actual < typed - tolerance
    if any(hedge.endswith(h) for h in AT_MOST):
        return actual > typed + tolerance
    if any(hedge.endswith(h) for h in ABOUT):
        return abs(actual - typed) > max(5.0 if kind == "percent" else 0.0, abs(actual) * 0.1, tolerance)
    return abs(actual - typed) >= tolerance


def check_sentence(sentence: str, values: dict[tuple[str, str], float]) -> list[dict]:
    """The typed numbers in one sentence that match exactly one measure and disagree with its value."""
    words = _words(TAG.sub(" ", sentence))
    if YEAR.search(TAG.sub(" ", sentence)) or any(_has(words, cue) for cue in ELSEWHERE):
        return []
    numbers = _typed(sentence)
    out = []
    for n in numbers:
        matched = _measures(sentence, n.kind)
        if sum(other.kind == n.kind for other in numbers) > 1 or len(matched) != 1:
            continue
        measure = matched[0]
        if measure.noun and not re.match(measure.noun, _words(n.after).strip()):
            continue
        actual = values.get((measure.indicator, measure.breakdown))
        if actual is None or pd.isna(actual):
            continue
        complement = n.kind == "percent" and bool(NEGATION.search(_phrase_prefix(words, measure)))
        if disagrees(n.value, n.places, n.kind, n.before, 100 - actual if complement else actual):
            out.append({"sentence": sentence, "typed": n.text, "indicator": measure.indicator,
                        "breakdown": measure.breakdown, "value": actual, "complement": complement})
    return out


def _phrase_prefix(words: str, measure: Measure) -> str:
    """The two words before the measure's first fragment found (where 'no' makes it the complement)."""
    for phrase in measure.phrases:
        at = words.find(f" {_words(phrase[0]).strip()} ")
        if at >= 0:
            return " ".join(words[:at].split()[-2:])
    return ""


def paragraphs(xml: str) -> list[str]:
    """The text of each paragraph of a commentary slot's Word body (table cells included)."""
    if not xml:
        return []
    body = etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}">{xml}</w:body>'.encode())
    return [t for p in body.iter(f"{W}p") if (t := "".join(x.text or "" for x in p.iter(f"{W}t")).strip())]


def texts(slots: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every typed text to check: (file, section, column, text), the commentary's paragraphs and the cells of
    the unit's own tables."""
    rows = [("commentary.docx", slot.title, "", text) for slot in slots.itertuples() if slot.status == "filled"
            for text in paragraphs(slot.xml)]
    rows += [("iru.xlsx", name, column.upper(), cell) for name, frame in tables.items() for column in frame
             for cell in frame[column] if isinstance(cell, str) and any(c.isdigit() for c in TAG.sub("", cell))]
    return pd.DataFrame(rows, columns=["file", "section", "column", "text"])


def contradictions(indicators: pd.DataFrame, typed: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each typed number that matches one measure and disagrees with this year's value of it."""
    own = indicators[(indicators.area_type == "LA") & (indicators.period == str(year))]
    values = {(i, b): v for i, b, v in zip(own.indicator, own.breakdown, own.value)}
    units = dict(zip(own.indicator, own.unit))
    rows = [{"file": r.file, "section": r.section, "column": r.column, **hit,
             "unit": units.get(hit["indicator"], "")}
            for r in typed.itertuples() for sentence in sentences(r.text) for hit in check_sentence(sentence, values)]
    return pd.DataFrame(rows, columns=COLUMNS)



def check(folder: Path, year: int) -> pd.DataFrame:
    """The contradictions in what transform passed on for the year in `folder`: the indicator table, the
    commentary and the unit's own tables."""
    from pipeline import table

    slots = folder / "commentary" / "slots.parquet"
    tables = {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted((folder / "text").glob("*.csv"))}
    typed = texts(pd.read_parquet(slots) if slots.exists() else pd.DataFrame(columns=["title", "status", "xml"]),
                  tables)
    indicators = folder / "indicators.csv"
    return contradictions(table.read(indicators) if indicators.exists() else table.empty(), typed, year)
