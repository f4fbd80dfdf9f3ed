"""What sections 5 and the appendix list: the biggest moves, every RAG, sources and definitions.

All values come from the indicator table and the year-on-year changes that transform wrote; this
module selects and words them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline import publications
from pipeline.render import labels
from pipeline.render.definitions import in_words
from pipeline.render.diff import visible
from pipeline.render.formats import NOT_AVAILABLE, number
from pipeline.render.messages import CAVEATS, GROUP_TITLES, RELATION_WORDS, by_importance, unit_of
from pipeline.transform.catalogue import REGISTRY

TOP = 5
NO_TARGET = "no target"  # the RAG column of an indicator the config sets no target for


@dataclass(frozen=True)
class Move:
    title: str
    before: str
    after: str
    rag: str


def _title(indicator: str, breakdown: str) -> str:
    if (indicator, breakdown) in GROUP_TITLES:
        return GROUP_TITLES[(indicator, breakdown)]
    title = REGISTRY[indicator].title if indicator in REGISTRY else indicator
    return f"{title}: {labels.breakdown(breakdown)}" if breakdown else title


def moves(changes: pd.DataFrame, better: str, top: int = TOP) -> list[Move]:
    """The authority's notable moves (by the one rule, see transform.findings) that improved (better='yes') or
    worsened ('no') most: by importance (headline measures first, at most two per area of the service, totals
    before breakdowns, then largest first)."""
    rows = changes[(changes.area_type == "LA") & changes.notable.astype(str).eq("True") & (changes.better == better)]
    rows = rows[rows.before.notna() & rows.after.notna()]
    moved = [Move(_title(r.indicator, r.breakdown), number(r.before, r.indicator, r.unit),
                  number(r.after, r.indicator, r.unit), r.after_rag) for r in by_importance(list(rows.itertuples()))]
    return [m for m in moved if m.before != m.after][:top]  # a move too small to show is no move


def notable_changes(changes: pd.DataFrame) -> list[Move]:
    """Every notable move, in the order of `changes_since_*.md` (whose first part lists the same rows), each
    named with its area where it is not the authority's own total (a locality)."""
    rows = changes[changes.notable.astype(str).eq("True")]
    return [Move(_title(r.indicator, r.breakdown) + ("" if r.area_type == "LA" else f" ({r.area})"),
                 number(r.before, r.indicator, r.unit, r.before_status),
                 number(r.after, r.indicator, r.unit, r.after_status), r.after_rag) for r in rows.itertuples()]


def rags(table: pd.DataFrame, year: int) -> list[dict]:
    """Every RAG of the year, as words the template prints beside their colour."""
    rows = table[(table.area_type == "LA") & (table.period == str(year)) & (table.rag != "")]
    return [{"title": _title(r.indicator, r.breakdown), "value": number(r.value, r.indicator, r.unit, r.status),
             "rag": r.rag} for r in rows.itertuples()]


def tables(changes: pd.DataFrame, targets: dict, findings: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The targets (each RAG of the year with its thresholds), each comparison's verdict with its interval, and
    every move of the authority's own figures since last year, as numbers, for the spreadsheet."""
    rated = _targets(findings if findings is not None else pd.DataFrame(columns=["kind"]))
    moved = visible(changes[(changes.area_type == "LA") & changes.before.notna() & changes.after.notna()])
    no_target = ~moved.indicator.isin({key.split(":")[0] for key in targets})  # no target: no RAG to show
    out = {"targets": rated, "changes": moved.assign(
        title=[_title(i, b) for i, b in zip(moved.indicator, moved.breakdown)],
        before_rag=moved.before_rag.mask(no_target, NO_TARGET), after_rag=moved.after_rag.mask(no_target, NO_TARGET))}
    if findings is not None:
        out["comparisons"] = comparisons(findings)
    return out


def _targets(findings: pd.DataFrame) -> pd.DataFrame:
    """Every target, as the report's table lists it (the same findings rows, 'Not rated' and why included), with
    its thresholds and result as numbers."""
    def thresholds(r) -> tuple:
        if not r.compare_to:
            return r.green_at, r.amber_at
        name = labels.AREA_TYPES.get(r.compare_to, r.compare_to)
        place = "at or above" if r.higher_is_better in (True, "True") else "at or below"
        return f"{place} {name}", f"within {r.amber_within_pct:g}% of {name}"

    return pd.DataFrame([{"title": _title(r.indicator, r.breakdown), "value": r.value,
                          "rag": r.rag or f"Not rated: {r.reason}", **dict(zip(("green_at", "amber_at"), thresholds(r)))}
                         for r in findings[findings.kind == "target"].itertuples()],
                        columns=["title", "value", "rag", "green_at", "amber_at"])


def comparisons(findings: pd.DataFrame) -> pd.DataFrame:
    """Each comparison transform judged: the figure, its interval, the comparator's figure and year, the verdict
    in the report's words (or why there is none)."""
    rows = findings[findings.kind == "comparison"]
    return pd.DataFrame({
        "title": [_title(i, b) for i, b in zip(rows.indicator, rows.breakdown)],
        "comparator": rows.area_type.map(lambda a: labels.AREA_TYPES.get(a, "Region" if a == "REGION" else a)),
        "value": rows.value, "ci_low": rows.ci_low, "ci_high": rows.ci_high, "other": rows.other,
        "other_year": rows.other_period.map(labels.year_label),
        "verdict": rows.relation.map(lambda r: RELATION_WORDS.get(r, "no verdict").capitalize()),
        "reason": rows.reason.where(rows.reason != "", "—"),
    })


def definitions(items) -> list[dict]:
    """The definitions the code follows, from the same docstrings (so they cannot drift), in the order the
    report first shows each indicator (its figures and tables, part by part), then the rest."""
    parts = ("service", "children_in_care", "child_protection", "lado")
    shown = [i for item in sorted(items, key=lambda it: parts.index(it.section) if it.section in parts else 9)
             for i in item.query.indicators]
    order = {ind: n for n, ind in enumerate(dict.fromkeys(shown + list(REGISTRY)))}
    return [{"id": ind.id, "title": ind.title, "definition": " ".join(ind.definition.split()),
             "words": in_words(ind.id)} for ind in
            sorted(REGISTRY.values(), key=lambda i: order[i.id])]


GLOSSARY = (
    ("IRO", "Independent Reviewing Officer: chairs the reviews of each child in care and monitors their care plan "
            "between reviews (IRO Handbook 2010)."),
    ("ISRO", "Independent Safeguarding Reviewing Officer: chairs child protection conferences."),
    ("LADO", "Local Authority Designated Officer: manages allegations against adults who work with children."),
    ("ICPC", "Initial child protection conference: decides whether a child needs a child protection plan; due "
             "within 15 working days of the strategy discussion that started the section 47 enquiry."),
    ("RCPC", "Review child protection conference: reviews a child's plan, first within 3 months, then every 6."),
    ("Section 47", "An enquiry under section 47 of the Children Act 1989, made when there is reasonable cause to "
                   "suspect a child is suffering, or likely to suffer, significant harm."),
    ("Section 20", "Accommodation of a child by agreement with their parents, under section 20 of the Children Act "
                   "1989."),
    ("SDQ", "Strengths and Difficulties Questionnaire: a short screening of a child's emotional and behavioural "
            "health, completed by carers for children aged 5 to 16; a score of 17 or more is a cause for concern."),
    ("UASC", "Unaccompanied asylum-seeking child: a child seeking asylum in the UK without a parent or carer."),
    ("EET / NEET", "In education, employment or training / not in education, employment or training."),
    ("Rate per 10,000", "The number of children per 10,000 children aged under 18 living in the area (ONS "
                        "mid-year estimate), so that areas of different sizes can be compared."),
    ("Statistical neighbours", "The 10 authorities most like this one in the make-up of their population, chosen by "
                               "DfE's statistical neighbour model; their figure is the mean of their values."),
    ("'Good' authorities", "Authorities whose children's services were judged good or outstanding for overall "
                           "effectiveness at their latest Ofsted inspection; their figure is the mean of their "
                           "values."),
    ("RAG", "Red, amber or green: a rating of a result against the unit's target, always given as a word too."),
    ("Escalation", "A formal challenge by an IRO to the local authority about a child's plan, under the local "
                   "dispute resolution process."),
    # The outcomes of an allegation, in the words of Working Together to Safeguard Children 2023 (and Keeping
    # Children Safe in Education), which LADOs record.
    ("Substantiated", "There is sufficient evidence to prove the allegation."),
    ("Malicious", "There is sufficient evidence to disprove the allegation and there has been a deliberate act "
                  "to deceive."),
    ("False", "There is sufficient evidence to disprove the allegation."),
    ("Unsubstantiated", "There is insufficient evidence to either prove or disprove the allegation; the term "
                        "does not imply guilt or innocence."),
    ("Unfounded", "There is no evidence or proper basis which supports the allegation being made."),
    ("Consultation", "A contact with the LADO for advice, where the harm threshold for a referral is not met."),
)


def comparator_groups(groups: pd.DataFrame, table: pd.DataFrame, year: int) -> list[dict]:
    """Each comparator group: its members by name and, for each indicator's latest mean, how many members it
    used (the rest had no published value, or a suppressed one)."""
    out = []
    for area_type, group in (("STAT_NEIGHBOURS", "statistical_neighbours"), ("GOOD_LAS", "good_authorities")):
        members = sorted(groups.loc[groups.group == group, "name"]) if len(groups) else []
        rows = table[(table.area_type == area_type) & (table.breakdown == "") & (table.period.str.len() == 4)
                     & (table.period <= str(year))]
        latest = rows.sort_values("period").drop_duplicates("indicator", keep="last")
        fewer = [f"{_title(r.indicator, '')} ({labels.year_label(r.period)}): {number(r.denominator)}"
                 for r in latest.itertuples() if r.denominator == r.denominator and r.denominator < len(members)
                 and r.indicator in REGISTRY]  # a published-only measure (children in need) is in no figure
        out.append({"name": labels.AREA_TYPES[area_type], "count": len(members), "members": ", ".join(members),
                    "fewer": fewer})
    return out


def sources(table: pd.DataFrame, authority: str) -> list[dict]:
    """Each source named as a publication (title, publisher, release year, address), and the periods the
    report uses from it; the population estimates by their mid-years, and the reporting years they serve."""
    out = []
    local = table[table.source == "local"]
    if len(local):
        out.append({"source": f"{authority}'s own case records (children in care, child protection, the IRU and the "
                              "LADO)", "periods": labels.span(local.period)})
    published = table[(table.source != "local") & (table.source != "")]
    files = published.assign(file=published.source.str.split("; ")).explode("file")
    cited: dict[str, set] = {}
    for file, rows in files.groupby("file", sort=True):
        years = [int(p) for p in rows.period if len(p) == 4]
        cited.setdefault(publications.cite(file, max(years, default=None)), set()).update(rows.period)
    for citation, periods in cited.items():
        if citation.startswith(publications.POPULATION.title):
            mid = sorted(p for p in periods if len(p) == 4)
            used = labels.span(str(int(y) + 1) for y in mid)
            shown = f"mid-{mid[0]}" if len(mid) == 1 else f"mid-{mid[0]} to mid-{mid[-1]}"
            out.append({"source": citation, "periods": f"{shown} (the rates per 10,000 children for {used})"})
        else:
            out.append({"source": citation, "periods": labels.span(periods)})
    return out


def warning_groups(warnings: pd.DataFrame, shown: int | None = 12) -> list[str]:
    """The run's data-quality warnings, one line per kind of problem in each sheet with the rows it
    affects (the first `shown` of them; None: all), so a long list stays readable."""
    if warnings.empty:
        return []
    lines = []
    keys = ["file", "sheet", "column", "message"]
    for key, rows in warnings.groupby(keys, sort=True, dropna=False):
        file, sheet, column, message = key
        where = " › ".join(part for part in (file, sheet) if part) + (f" › {column}" if column else "")
        numbers = sorted(int(float(r)) for r in rows.row if str(r).strip() not in ("", "nan"))
        first = numbers[:shown]
        listed = ", ".join(map(str, first)) + (f" and {len(numbers) - len(first)} more" if first != numbers else "")
        lines.append(f"{where}: {message}" + (f" (row{'s' if len(numbers) > 1 else ''} {listed})" if numbers else ""))
    return lines


# --- the executive summary --------------------------------------------------------------------------------
KEY_NUMBERS = (  # label, indicator
    ("Children in care at 31 March", "chic.count_31mar"),
    ("Children on child protection plans at 31 March", "cp.count_31mar"),
    ("LADO referrals in the year", "lado.referrals"),
    ("Reviews of children in care chaired", "reviews.count"),
    ("Initial child protection conferences chaired", "cp.icpc_count"),
    ("Review child protection conferences chaired", "cp.rcpc_count"),
)


def key_numbers(values, words) -> list[list[str]]:
    """The numbers at a glance: this year, last year and the direction (by the notable rule)."""
    rows = []
    for label, indicator in KEY_NUMBERS:
        now, before = values.row(indicator), values.row(indicator, period=values.year - 1)
        shown = [number(r.value) if r is not None else NOT_AVAILABLE for r in (now, before)]
        rows.append([label, *shown, _direction(words.one(indicator, "", "move"), *shown)])
    return rows


def key_number_table(values, words) -> pd.DataFrame:
    """The numbers at a glance for the spreadsheet: the report's table with its numbers as numbers."""
    rows = []
    for (label, indicator), shown in zip(KEY_NUMBERS, key_numbers(values, words)):
        now, before = values.row(indicator), values.row(indicator, period=values.year - 1)
        rows.append({"title": label, **{name: r.value if r is not None else None
                                        for name, r in (("after", now), ("before", before))}, "direction": shown[3]})
    return pd.DataFrame(rows, columns=["title", "after", "before", "direction"])


def _direction(move, now: str, before: str) -> str:
    """On the one direction scale transform set: 'Up slightly' < 'Up' < 'Up sharply' (see transform.findings)."""
    if now == before or NOT_AVAILABLE in (now, before):
        return "Unchanged" if now == before else "Not compared"
    if move is None:
        return "Not assessed"
    way = "Up" if move.change > 0 else "Down"
    return f"{way}, {move.scale}" if move.scale in CAVEATS else " ".join(filter(None, (way, move.scale)))


def _threshold(row, comparator_name) -> str:
    unit = unit_of(row.indicator)
    if row.compare_to:
        return (f"Green as good as {comparator_name(row.compare_to)} or better; amber within "
                f"{number(row.amber_within_pct)}% of it")
    more = "or more" if row.higher_is_better in (True, "True") else "or less"
    return (f"Green at {number(row.green_at, row.indicator, unit)} {more}; amber at "
            f"{number(row.amber_at, row.indicator, unit)} {more}")


def target_rows(words) -> list[list[str]]:
    """Every target: indicator, threshold, result and RAG, or 'Not rated' and why (never silently left out)."""
    rows = []
    for r in (r for r in words.records if r.kind == "target"):
        unit = unit_of(r.indicator)
        result = number(r.value, r.indicator, unit) if r.value == r.value else "x"
        rows.append([_title(r.indicator, r.breakdown), _threshold(r, words.comparator), result,
                     r.rag or f"Not rated: {r.reason}"])
    return rows


def risks(words) -> list[str]:
    """Every target rated red, and every amber that worsened since last year."""
    out = []
    for r in (r for r in words.records if r.kind == "target"):
        move = words.one(r.indicator, r.breakdown, "move")
        worsened = move is not None and move.better == "no"
        if r.rag == "RED" or (r.rag == "AMBER" and worsened):
            unit = unit_of(r.indicator)
            how = f", worse than last year's {number(move.other, r.indicator, unit)}" if worsened else ""
            out.append(f"{_title(r.indicator, r.breakdown)}: {number(r.value, r.indicator, unit)}, rated {r.rag}"
                       f"{how}.")
    return out


def within(value: float | None, low: float, high: float) -> str:
    """Where a caseload stands against the IRO Handbook's range: 'below', 'within' or 'above'."""
    if value is None:
        return "not known against"
    return "below" if value < low else "above" if value > high else "within"
