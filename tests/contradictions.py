"""A contradiction checker: reads a built report (the .docx as a reader gets it) beside the indicator table it was
built from, and lists what a careful reader would mark as saying two things or something unsupported.

- verdicts: one indicator and comparator described two ways ("higher than England (80%)" and "in line with
  England (80%)" for one value of ours, in one section or one sentence);
- numbers: a number in a figure's or table's sentence, or a chart's title, that no row of that item's
  indicators gives (its values, counts, bases or change since last year, as printed);
- largest: two different "largest change" or "largest group" claims under one figure or table;
- years: a chart title or caption naming a year the chart does not draw;
- codes: an internal id, column name, code, file name, config key or a warning's location in the body.

Shared by test_contradictions.py; usable on any built report: `check(docx, indicators, changes, year)`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from docx import Document
from docx.oxml.ns import qn

from pipeline.render import labels
from pipeline.render.definitions import codes
from pipeline.render.figures import FIGURES, TABLES
from pipeline.render.formats import number
from pipeline.render.messages import ABOUT
from pipeline.render.report import TITLES, frames_for

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
YEAR_LABEL = re.compile(r"\b(20\d\d)-(\d\d)\b")
NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)(?![\w/])")
DATE = re.compile(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|"
                  r"December)(?: \d{4})?\b|\bmid-\d{4}\b|\b(?:19|20)\d\d(?:-\d\d)?\b|\b(?:Figure|Table|Stage) \d+\b")
VERDICT = re.compile(r"\b(higher than|lower than|in line with|the same as|similar to|above|below)\b")
COMPARATOR = re.compile(r"(\bEngland|\bthe [A-Z][\w ]+?|\b(?:our )?statistical neighbours|['\u2018]Good['\u2019] "
                        r"authorities)"
                        r"(?:'s)?\s*\(?(\d[\d,.]*%?)\)?")
LARGEST = re.compile(r"\b[Tt]he largest (change|group) was (?:for )?"
                     r"(?:[\u201c\"]([^\u201d\"]+)[\u201d\"]|(.+?)(?:,|\.| which))"
                     r"|[\u201c\"]([^\u201d\"]+)[\u201d\"] is the largest (group|change)")


@dataclass(frozen=True)
class Finding:
    kind: str  # verdicts, numbers, largest, years, codes
    where: str  # 'Figure 12', 'Table 3' or the section's heading
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.text}"


@dataclass
class Item:
    """A figure or table as the reader meets it: its number, the declared item, its chart title, caption and the
    sentence that says what it shows."""
    label: str
    section: str
    caption: str
    declared: object = None
    title: str = ""
    says: str = ""


@dataclass
class Report:
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (section, text), tables' cells included
    items: list[Item] = field(default_factory=list)
    alt_texts: list[str] = field(default_factory=list)


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _declared(caption: str):
    """The figure or table a caption belongs to: the longest declared title it begins with."""
    body = caption.split(": ", 1)[-1]
    found = [i for i in (*FIGURES, *TABLES) if body.startswith(i.title)]
    return max(found, key=lambda i: len(i.title)) if found else None


def read(path: Path) -> Report:
    """The body in reading order: each paragraph under its heading; each figure or table with its chart title
    (the picture's title), caption and the first paragraph after it (its sentence)."""
    doc = Document(str(path))
    report, section, title, pending = Report(), "", "", None
    for element in doc.element.body:
        if element.tag == qn("w:tbl"):
            report.paragraphs += [(section, _text(p)) for p in element.iter(qn("w:p")) if _text(p)]
            continue
        if element.tag != qn("w:p"):
            continue
        style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style = "" if style is None else style.get(qn("w:val"))
        text = _text(element)
        for pr in element.iter(f"{WP}docPr"):
            title = pr.get("title", "")
            report.alt_texts.append(f"{pr.get('title', '')} {pr.get('descr', '')}")
        if style.startswith("Heading"):
            section = text
        elif style == "Caption":
            pending = Item(text.split(":")[0], section, text, _declared(text),
                           title if text.startswith("Figure") else "")
            report.items.append(pending)
            title = ""
        elif text and pending is not None:
            pending.says, pending = text, None
        if text:
            report.paragraphs.append((section, text))
    return report


# --- verdicts ------------------------------------------------------------------------------------------------
def _verdicts(sentence: str) -> list[tuple[str, str, str, str]]:
    """(our value, comparator, its value, verdict) for each comparator a sentence compares with."""
    out, verdict = [], None
    first = VERDICT.search(sentence)
    if not first:
        return []
    before = [m for m in NUMBER.finditer(sentence[:first.start()]) if not _is_date(sentence, m)
              and not sentence[:m.start()].rstrip().endswith("per")]
    ours = before[-1].group(0) if before else ""
    position = first.start()
    for m in COMPARATOR.finditer(sentence, position):
        verdicts = list(VERDICT.finditer(sentence, position, m.start()))
        verdict = verdicts[-1].group(1) if verdicts else verdict
        if verdict:
            out.append((ours, m.group(1).replace("our ", ""), m.group(2).rstrip(".,"), verdict))
        position = m.end()
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+(?=[A-Z])", text) if s]


def verdicts(report: Report) -> list[Finding]:
    """One value of ours against one comparator's printed value, described two ways in one section."""
    seen: dict[tuple, dict[str, str]] = {}
    found = []
    texts = [(s, t) for s, t in report.paragraphs] + [(i.section, i.title) for i in report.items if i.title]
    for section, text in texts:
        for sentence in _sentences(text):
            said = _verdicts(sentence)
            by_value: dict[tuple, set] = {}
            for ours, comparator, value, verdict in said:
                by_value.setdefault((ours, value), set()).add(_same(verdict))
                seen.setdefault((section, ours, comparator, value), {}).setdefault(_same(verdict), sentence)
            found += [Finding("verdicts", section, f"{sorted(v)} for {value} in one sentence: {sentence}")
                      for (ours, value), v in by_value.items() if len(v) > 1 and ours]
    for (section, ours, comparator, value), said in seen.items():
        if len(said) > 1 and ours:
            found.append(Finding("verdicts", section, f"at {ours}, {comparator} ({value}) is "
                                 + " and ".join(f"'{v}' ({s})" for v, s in said.items())))
    return found


def _same(verdict: str) -> str:
    return {"above": "higher than", "below": "lower than", "the same as": "in line with",
            "similar to": "in line with"}.get(verdict, verdict)


# --- numbers -------------------------------------------------------------------------------------------------
def _is_date(text: str, m: re.Match) -> bool:
    return any(d.start() <= m.start() < d.end() for d in DATE.finditer(text))


def _printed(rows: pd.DataFrame, changes: pd.DataFrame) -> set[str]:
    """Every number an item's rows can put in a sentence, as printed."""
    shown = {number(v, i, u) for v, i, u in zip(rows.value, rows.indicator, rows.unit) if pd.notna(v)}
    shown |= {number(v) for col in ("numerator", "denominator") for v in rows[col] if pd.notna(v)}
    moved = changes[changes.indicator.isin(set(rows.indicator))]
    shown |= {number(abs(v), unit="percent") for v in moved["pct_change"] if pd.notna(v)}
    shown |= {number(abs(v), i, u) for v, i, u in zip(moved.change, moved.indicator, moved.unit) if pd.notna(v)}
    return shown


def _named(item) -> set[str]:
    """Numbers the item's own words carry: '15 working days', 'aged 19 to 21', '10 to 15', 'per 10,000'."""
    words = [item.title, *(TITLES[i] for i in item.query.indicators)]
    return {m.group(0) for w in words for m in NUMBER.finditer(w)} | {"10,000"}


def numbers(report: Report, indicators: pd.DataFrame, changes: pd.DataFrame) -> list[Finding]:
    """A number in an item's sentence or chart title that none of its indicators' rows gives."""
    found = []
    breakdown_words = {m.group(0) for b in indicators.breakdown.unique() for m in NUMBER.finditer(labels.breakdown(b))}
    for item in report.items:
        if item.declared is None:
            continue
        about = {*item.declared.query.indicators, *([ABOUT[item.declared.id]] if item.declared.id in ABOUT else [])}
        rows = indicators[indicators.indicator.isin(about)]  # a chart of months speaks of the year's total too
        allowed = _printed(rows, changes) | _named(item.declared) | breakdown_words
        for text in (item.title, item.says):
            for m in NUMBER.finditer(text):
                if not _is_date(text, m) and m.group(0) not in allowed:
                    found.append(Finding("numbers", item.label, f"{m.group(0)} in \u201c{text}\u201d"))
    return found


# --- largest -------------------------------------------------------------------------------------------------
def largest(report: Report) -> list[Finding]:
    """Two different 'largest change' (or 'largest group') claims under one figure or table."""
    found = []
    for item in report.items:
        claims: dict[str, set] = {}
        for m in LARGEST.finditer(f"{item.title}. {item.says}"):
            kind, what = (m.group(1), m.group(2) or m.group(3)) if m.group(1) else (m.group(5), m.group(4))
            claims.setdefault(kind, set()).add(what.strip().lower())
        found += [Finding("largest", item.label, f"largest {kind}: {sorted(whats)}")
                  for kind, whats in claims.items() if len(whats) > 1]
    return found


# --- years ---------------------------------------------------------------------------------------------------
def _drawn_years(frame: pd.DataFrame) -> set[str]:
    out = set()
    for period in frame.period:
        year = int(period[:4]) + (1 if len(period) > 4 and int(period[5:7]) >= 4 else 0)
        out.add(labels.year_label(str(year if len(period) > 4 else int(period))))
    return out


def years(report: Report, indicators: pd.DataFrame, year: int) -> list[Finding]:
    """A chart title or caption naming a year the chart does not draw."""
    found = []
    figures = [i for i in report.items if i.declared is not None and i.label.startswith("Figure")]
    frames = frames_for([i.declared for i in figures], indicators, year)
    for item in figures:
        drawn = _drawn_years(frames[item.declared.id])
        caption = item.caption.split(" Rates use ONS")[0]
        for where, text in (("title", item.title), ("caption", caption)):
            named = {m.group(0) for m in YEAR_LABEL.finditer(text)}
            if named - drawn:
                found.append(Finding("years", item.label, f"the {where} names {sorted(named - drawn)}, the chart "
                                     f"draws {sorted(drawn)}: \u201c{text}\u201d"))
    return found


# --- codes ---------------------------------------------------------------------------------------------------
def internal_codes(report: Report) -> list[Finding]:
    """An id, column name, code, file or config key anywhere a reader can see it (alt text included)."""
    texts = [(s, t) for s, t in report.paragraphs] + [("alt text", t) for t in report.alt_texts]
    return [Finding("codes", section, f"{found} in \u201c{text[:160]}\u201d") for section, text in texts
            if (found := codes(text))]


def check(path: Path, indicators: pd.DataFrame, changes: pd.DataFrame, year: int) -> list[Finding]:
    """Every contradiction the checker can see in a built report."""
    report = read(path)
    return [*verdicts(report), *numbers(report, indicators, changes), *largest(report),
            *years(report, indicators, year), *internal_codes(report)]
