"""What each figure and table says, in words, from the findings transform computed (no number is worked out
here): the sentence under it, the message its chart is titled with, and the executive summary's key messages.
"""
from __future__ import annotations

import math

import pandas as pd

from pipeline.render import labels
from pipeline.render.formats import number
from pipeline.render.query import COMPARATORS, TREND
from pipeline.transform.catalogue import REGISTRY

ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}
# Figures of months or localities speak through the authority's annual total they break down.
ABOUT = {"cp_month_end": "cp.count_31mar", "escalations_month": "esc.raised", "cp_starts_month_locality": "cp.starts",
         "cp_starts_locality": "cp.starts", "cp_starts_locality_rate": "cp.starts_rate_per_10k",
         "lado_referrals_by_month": "lado.referrals"}
SMALL_BASE = 20  # a percentage of fewer than this many comes with its count


def comparator_name(area_type: str, region: str) -> str:
    return {"ENGLAND": "England", "REGION": f"the {region}", "STAT_NEIGHBOURS": "statistical neighbours",
            "GOOD_LAS": "'Good' authorities"}[area_type]


def shown(value: float, indicator: str, unit: str, numerator: float = math.nan, base: float = math.nan) -> str:
    """A value as printed; a percentage of a small base, or one that would round to 0% though some children
    are in it, with its count ('0.2% (1 of 472)')."""
    text = number(value, indicator, unit)
    if unit != "percent" or pd.isna(base) or pd.isna(numerator):
        return text
    if text == "0%" and numerator > 0:
        text = f"{value:.1f}%"
    if base < SMALL_BASE or (0 < numerator < 5):
        text += f" ({number(numerator)} of {number(base)})"
    return text


def unit_of(indicator: str) -> str:
    return REGISTRY[indicator].unit if indicator in REGISTRY else "count"


def _lower_first(text: str) -> str:
    """'Care order' -> 'care order'; 'IROs', 'LADO referrals' keep their capitals."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


LEADS = {"count": "The number of", "percent": "The percentage of", "rate_per_10k": "The rate of"}
SUBJECTS = {"reviews.pre_review_contact_pct": "The percentage of reviews where the IRO spoke with the child beforehand",
            "chic.sdq_concern_pct": "The percentage of children whose SDQ score was a cause for concern",
            "iru.iro_caseload": "The caseload per full-time IRO",
            "iru.isro_caseload": "The caseload per full-time ISRO"}


def subject(indicator: str, breakdown: str = "") -> str:
    """An indicator as the subject of a sentence, agreeing with 'was': 'The number of children in care at 31
    March', 'The percentage of reviews held on time'; a breakdown after it, in brackets."""
    title = REGISTRY[indicator].title if indicator in REGISTRY else indicator
    lead = LEADS.get(unit_of(indicator))
    text = SUBJECTS.get(indicator) or (f"{lead} {_lower_first(title)}" if lead and not title.lower().startswith(
        ("average", "mean")) else title)
    return f"{text} ({_lower_first(labels.breakdown(breakdown))})" if breakdown else text


class Findings:
    """The findings table, looked up by indicator, breakdown and kind."""

    def __init__(self, table: pd.DataFrame, year: int, authority: str, region: str):
        self.table, self.year, self.authority, self.region = table, year, authority, region
        self.records = list(table.itertuples(index=False))  # looked up as records: a frame per lookup is slow
        self._by: dict[tuple, list] = {}
        self._of: dict[tuple, list] = {}
        for r in self.records:
            self._by.setdefault((r.indicator, r.breakdown, r.kind), []).append(r)
            self._of.setdefault((r.indicator, r.kind), []).append(r)

    def of(self, indicator: str, kind: str) -> list:
        """Every row of one kind for an indicator, its breakdowns included."""
        return self._of.get((indicator, kind), [])

    def comparator(self, area_type: str) -> str:
        return comparator_name(area_type, self.region)

    def rows(self, indicator: str, breakdown: str, kind: str) -> list:
        return self._by.get((indicator, breakdown, kind), [])

    def one(self, indicator: str, breakdown: str, kind: str):
        return next(iter(self.rows(indicator, breakdown, kind)), None)

    def _v(self, r, which: str = "value") -> str:
        unit = unit_of(r.indicator)
        if which == "value":
            return shown(r.value, r.indicator, unit, r.numerator, r.base)
        return number(r.other, r.indicator, unit)

    # --- the phrases -----------------------------------------------------------------------------------------
    def trend_phrase(self, r) -> str:
        """'rose for the third year running', 'fell this year', 'broadly stable' (no verb: a title can use it)."""
        if r.direction == "flat":
            return "broadly stable" if r.run >= 2 else "broadly unchanged this year"
        verb = "rose" if r.direction == "up" else "fell"
        return f"{verb} for the {ORDINALS.get(int(r.run), f'{int(r.run)}th')} year running" if r.run >= 2 \
            else f"{verb} this year"

    def trend_sentence(self, r) -> str:
        """The trend, with this year's and last year's values where the latest step is what it says, and the
        first year's: 'rose this year, from 71% in 2023-24 to 73%; it was 78% in 2020-21'."""
        phrase, move = self.trend_phrase(r), self.one(r.indicator, r.breakdown, "move")
        first = f"{self._v(r, 'other')} in {labels.year_label(r.other_period)}"
        if r.direction == "flat":
            since = (f", {'up' if r.change > 0 else 'down'} from {first}" if r.notable else f" ({first})")
            return f"{subject(r.indicator)} was {phrase}, at {self._v(r)}{since}."
        if r.run == 1 and move is not None:
            return f"{subject(r.indicator)} {phrase}, from {self._v(move, 'other')} to {self._v(r)}; it was {first}."
        return f"{subject(r.indicator)} {phrase}, to {self._v(r)} ({first})."

    def move_phrase(self, r) -> str:
        """'rose by 14%, from 513 in 2023-24 to 586', 'rose slightly, ...', 'was unchanged at 40'."""
        before, after = self._v(r, "other"), self._v(r)
        last = labels.year_label(r.other_period)
        if r.other_source == "published":
            return f"was {after}, compared with DfE's published {last} figure of {before}"
        unit = unit_of(r.indicator)
        if before == number(r.value, r.indicator, unit):
            return f"was unchanged at {after}"
        verb = "rose" if r.change > 0 else "fell"
        if not r.notable:
            return f"{verb} slightly, from {before} in {last} to {after}"
        if unit == "count" and r.pct_change == r.pct_change:
            return f"{verb} by {number(abs(r.pct_change), unit='percent')}, from {before} in {last} to {after}"
        return f"{verb} from {before} in {last} to {after}"

    def comparison_sentence(self, indicator: str, breakdown: str, areas) -> str:
        """'At 46, Demoshire was lower than England (68) and ... (2023-24, the latest published).'"""
        order = {a: i for i, a in enumerate(COMPARATORS)}
        rows = sorted((r for r in self.rows(indicator, breakdown, "comparison") if r.area_type in areas),
                      key=lambda r: order[r.area_type])
        if not rows:
            return ""
        unit = unit_of(indicator)
        groups = []
        for relation, word in (("higher", "higher than"), ("lower", "lower than"), ("similar", "in line with")):
            names = [f"{comparator_name(r.area_type, self.region)} ({number(r.other, indicator, unit)})"
                     for r in rows if r.relation == relation]
            if names:
                groups.append(f"{word} {_join(names)}")
        first = rows[0]
        when = " and ".join(labels.year_label(p) for p in sorted({r.other_period for r in rows}))
        lead = f"For {_lower_first(labels.breakdown(breakdown))}, at" if breakdown else "At"
        return f"{lead} {self._v(first)}, {self.authority} was {_join(groups)} ({when}, the latest published)."

    # --- what an item says ----------------------------------------------------------------------------------
    def _totals(self, item) -> list[str]:
        if item.id in ABOUT:
            return [ABOUT[item.id]]
        breakdowns = item.query.breakdowns
        return [i for i in item.query.indicators if breakdowns is not None and "" in breakdowns][:3]

    def _broken_down(self, item) -> list[str]:
        breakdowns = item.query.breakdowns
        return [] if breakdowns == ("",) else list(item.query.indicators)

    def says(self, item) -> str:
        """At least one sentence: the trend (or the move since last year), the comparison with comparators,
        and the largest move within the breakdown (or, with none notable, the largest group)."""
        sentences = []
        for indicator in self._totals(item):
            trend, move = self.one(indicator, "", "trend"), self.one(indicator, "", "move")
            if trend is not None and item.query.periods == TREND and indicator not in ABOUT.values():
                sentences.append(self.trend_sentence(trend))
            elif move is not None:
                sentences.append(f"{subject(indicator)} {self.move_phrase(move)}.")
            comparators = [a for a in item.query.areas if a in COMPARATORS]
            if comparators:
                sentences.append(self.comparison_sentence(indicator, "", comparators))
        sentences += self._breakdown_sentences(item)
        sentences = [s for s in sentences if s]
        return " ".join(sentences) if sentences else f"{item.title}: no figures to compare this year."

    def _breakdown_sentences(self, item) -> list[str]:
        out = []
        for indicator in self._broken_down(item)[:1]:
            wanted = item.query.breakdowns
            moves = [r for r in self.of(indicator, "move") if r.breakdown and (wanted is None or r.breakdown in wanted)]
            notable = sorted((r for r in moves if r.notable), key=lambda r: -r.size)
            largest = [r for r in self.of(indicator, "largest") if wanted is None or r.breakdown in wanted]
            if notable:
                r = notable[0]
                out.append(f"The largest change was for {_lower_first(labels.breakdown(r.breakdown))}, which "
                           f"{self.move_phrase(r)}.")
            elif largest:
                lead = "No group changed notably since last year; the" if moves else "The"
                out.append(f"{lead} largest group was “{labels.breakdown(largest[0].breakdown)}”, at "
                           f"{self._v(largest[0])}.")
            comparators = [a for a in item.query.areas if a in COMPARATORS]
            if comparators and largest and not self._totals(item):
                out.append(self.comparison_sentence(indicator, largest[0].breakdown, comparators))
        return out

    def message(self, item) -> str:
        """The chart's title: what it shows, as a statement ('Children in care rose for the third year running')."""
        for indicator in self._totals(item):
            trend = self.one(indicator, "", "trend")
            if trend is not None and item.query.periods == TREND:
                phrase = self.trend_phrase(trend)
                if trend.direction == "flat" and trend.notable:
                    phrase += f", {'up' if trend.change > 0 else 'down'} on {labels.year_label(trend.other_period)}"
                return f"{item.title}{': ' if phrase.startswith('broadly') else ' '}{phrase}"
            move = self.one(indicator, "", "move")
            if move is not None and move.notable:
                return f"{item.title} {self.move_phrase(move)}"
        for indicator in self._broken_down(item):
            wanted = item.query.breakdowns
            moves = sorted((r for r in self.of(indicator, "move") if r.notable and r.breakdown
                            and (wanted is None or r.breakdown in wanted)), key=lambda r: -r.size)
            if moves:
                more = "up" if moves[0].change > 0 else "down"
                return f"{item.title}: {_lower_first(labels.breakdown(moves[0].breakdown))} {more} most since last year"
            top = self.of(indicator, "largest")
            if top:
                return f"{item.title}: “{labels.breakdown(top[0].breakdown)}” is the largest group"
        return item.title

    # --- the executive summary -------------------------------------------------------------------------------
    def key_messages(self, most: int = 8) -> list[str]:
        """The notable moves of the authority's totals, largest first, worded as sentences; then, to make five,
        the notable moves within breakdowns. Tiny bases never headline: the rule excludes them."""
        moves = [r for r in self.records if r.kind == "move" and r.notable and r.size == r.size
                 and r.indicator in REGISTRY]
        ranked = sorted(moves, key=lambda r: (r.breakdown != "", -r.size))
        out = []
        for r in ranked:
            if len(out) >= most or (len(out) >= 5 and r.breakdown):
                break
            out.append(f"{subject(r.indicator, r.breakdown)} {self.move_phrase(r)}"
                       + ("" if not r.better else ", an improvement" if r.better == "yes" else ", a worsening") + ".")
        return out


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def read(path) -> pd.DataFrame:
    strings = {c: str for c in ("indicator", "breakdown", "kind", "area_type", "period", "other_period", "direction",
                                "better", "scale", "relation", "other_source", "rag", "compare_to", "reason")}
    frame = pd.read_csv(path, dtype=strings, keep_default_na=False, na_values={
        c: [""] for c in ("value", "other", "base", "other_base", "numerator", "change", "pct_change", "run", "size",
                          "ci_low", "ci_high",
                          "green_at", "amber_at", "amber_within_pct")})
    frame["notable"] = frame.notable.astype(str) == "True"
    return frame
